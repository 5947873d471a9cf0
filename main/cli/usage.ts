// Usage text, generated from the command table so it cannot drift from what the parser accepts.
import type { Command } from './command';
import type { Lang } from './text';

const head = {
  en: 'Descent Lab command line\n\nUsage: npm run --silent lab -- <command> [options]\n\nCommands:',
  zh: '梯度下降实验室 命令行\n\n用法：npm run --silent lab -- <命令> [选项]\n\n命令：',
};
const tail = {
  en: 'Every option takes "--name value" or "--name=value" (use the latter for values starting with "-", e.g. --start=-1.2,1).\nRun "lab <command> --help" for its options.',
  zh: '每个选项都可写成 "--name value" 或 "--name=value"（以 "-" 开头的值用后者，如 --start=-1.2,1）。\n"lab <命令> --help" 显示该命令的选项。',
};

export function generalUsage(commands: readonly Command[], lang: Lang): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  const lines = commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary[lang]}`);
  return `${head[lang]}\n${lines.join('\n')}\n\n${tail[lang]}\n`;
}

export function commandUsage(c: Command, lang: Lang): string {
  const pos = (c.positionals ?? []).map((p) => (p.required ? p.name : `[${p.name}]`));
  const opts = Object.entries(c.options).map(([name, d]) => {
    const flag = d.kind === 'boolean' ? `--${name}` : `--${name} ${d.value ?? 'VALUE'}`;
    return d.required ? flag : `[${flag}]`;
  });
  const rows = [
    ...(c.positionals ?? []).map((p) => [p.name, p.help[lang]] as const),
    ...Object.entries(c.options).map(([name, d]) => [d.kind === 'boolean' ? `--${name}` : `--${name} ${d.value ?? 'VALUE'}`, d.help[lang]] as const),
  ];
  const width = Math.max(0, ...rows.map((r) => r[0].length));
  const prefix = lang === 'zh' ? '用法' : 'Usage';
  return `${prefix}: npm run --silent lab -- ${[c.name, ...pos, ...opts].join(' ')}\n\n${c.summary[lang]}\n\n${rows.map((r) => `  ${r[0].padEnd(width)}  ${r[1]}`).join('\n')}\n`;
}
