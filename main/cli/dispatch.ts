// `lab <command> …`: finds the command, parses its options, runs it, and turns every failure
// into one line on stderr and an exit status (2: bad command line, 1: the work failed).
import { parseArgs } from './args';
import type { CliIo } from './command';
import { commands } from './commands';
import { CommandError, text, UsageError, type Text } from './text';
import { commandUsage, generalUsage } from './usage';

const msg = {
  unknownCommand: { en: 'unknown command "{name}"; run "lab help" for the list', zh: '未知命令 "{name}"；运行 "lab help" 查看命令列表' },
  noCommand: { en: 'no command given', zh: '未指定命令' },
  internal: { en: 'internal error: {message}', zh: '内部错误：{message}' },
} satisfies Record<string, Text>;

const isHelp = (a: string) => a === '--help' || a === '-h';

/** Errors thrown by the store or elsewhere that carry a plain message worth showing as is (not found; a store notice). */
const hasNotFoundCode = (e: unknown): e is Error =>
  e instanceof Error && ((e as { code?: unknown }).code === 'not-found' || (e as { notice?: unknown }).notice !== undefined);

export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  const lang = io.lang;
  try {
    if (name === undefined) {
      io.err(generalUsage(commands, lang));
      throw new UsageError(msg.noCommand);
    }
    if (name === 'help' || isHelp(name)) {
      const target = rest[0] && commands.find((c) => c.name === rest[0]);
      if (rest[0] && !target) throw new UsageError(text(msg.unknownCommand, { name: rest[0] }));
      io.out(target ? commandUsage(target, lang) : generalUsage(commands, lang));
      return 0;
    }
    const command = commands.find((c) => c.name === name);
    if (!command) throw new UsageError(text(msg.unknownCommand, { name }));
    const dash = rest.indexOf('--');
    if (rest.slice(0, dash < 0 ? undefined : dash).some(isHelp)) {
      io.out(commandUsage(command, lang));
      return 0;
    }
    const args = parseArgs(rest, command.options, command.positionals);
    return (await command.run(args, io)) ?? 0;
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`lab${name && commands.some((c) => c.name === name) ? ' ' + name : ''}: ${e.text[lang]}\n`);
      return 2;
    }
    if (e instanceof CommandError) {
      io.err(`lab ${name}: ${e.text[lang]}\n`);
      return 1;
    }
    if (hasNotFoundCode(e)) {
      io.err(`lab ${name}: ${e.message}\n`);
      return 1;
    }
    const message = e instanceof Error ? e.message : String(e);
    io.err(`lab ${name}: ${text(msg.internal, { message })[lang]}\n`);
    if (io.env.LAB_DEBUG && e instanceof Error && e.stack) io.err(e.stack + '\n');
    return 1;
  }
}
