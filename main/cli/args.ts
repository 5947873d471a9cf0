// Command-line options: `--name value` and `--name=value` (the latter is the way to pass a value
// that starts with a dash, e.g. `--start=-1.2,1`), booleans like `--json`, and positionals.
// Every failure is a UsageError naming the option.
import { text, UsageError, type Text } from './text';

export type OptionKind = 'string' | 'integer' | 'number' | 'point' | 'json' | 'boolean';

export interface OptionDef {
  kind: OptionKind;
  required?: boolean;
  /** Placeholder shown in usage, e.g. "X,Y". */
  value?: string;
  help: Text;
}

export type OptionDefs = Record<string, OptionDef>;

type ValueOf<K extends OptionKind> = K extends 'boolean'
  ? boolean
  : K extends 'integer' | 'number'
    ? number
    : K extends 'point'
      ? [number, number]
      : K extends 'json'
        ? unknown
        : string;

export type ParsedOptions<D extends OptionDefs> = {
  [K in keyof D]: D[K]['kind'] extends 'boolean'
    ? boolean
    : D[K]['required'] extends true
      ? ValueOf<D[K]['kind']>
      : ValueOf<D[K]['kind']> | undefined;
};

export interface PositionalDef {
  name: string;
  required?: boolean;
  help: Text;
}

export interface ParsedArgs<D extends OptionDefs> {
  options: ParsedOptions<D>;
  positionals: string[];
}

const msg = {
  unknown: { en: 'unknown option {opt}; expected one of: {known}', zh: '未知选项 {opt}；可用选项：{known}' },
  unknownNone: { en: 'unknown option {opt}; this command takes no options', zh: '未知选项 {opt}；此命令不接受选项' },
  twice: { en: '{opt} given more than once', zh: '{opt} 重复出现' },
  missingValue: {
    en: '{opt} needs a value ({opt}=VALUE for a value that starts with "-")',
    zh: '{opt} 缺少取值（以 "-" 开头的值请写成 {opt}=VALUE）',
  },
  required: { en: '{opt} is required', zh: '缺少必需选项 {opt}' },
  extra: { en: 'unexpected argument "{arg}"', zh: '多余的参数 "{arg}"' },
  missingPositional: { en: 'missing argument {name}', zh: '缺少参数 {name}' },
  boolean: { en: '{opt} is a switch: write {opt} or {opt}=true|false, got "{value}"', zh: '{opt} 是开关：写 {opt} 或 {opt}=true|false，而不是 "{value}"' },
  integer: { en: '{opt}: expected a whole number, got "{value}"', zh: '{opt}：需要整数，而不是 "{value}"' },
  number: { en: '{opt}: expected a number, got "{value}"', zh: '{opt}：需要数字，而不是 "{value}"' },
  point: { en: '{opt}: expected two numbers X,Y, got "{value}"', zh: '{opt}：需要两个数 X,Y，而不是 "{value}"' },
  json: { en: '{opt}: not valid JSON ({reason})', zh: '{opt}：不是有效的 JSON（{reason}）' },
  empty: { en: '{opt}: must not be empty', zh: '{opt}：不能为空' },
} satisfies Record<string, Text>;

const fail = (t: Text, params: Record<string, string | number>): never => {
  throw new UsageError(text(t, params));
};

/** A finite decimal number; rejects "", " ", "0x10", "Infinity" that Number() would accept. */
function parseNumber(s: string): number | null {
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s.trim())) return null;
  const v = Number(s);
  return Number.isFinite(v) ? v : null;
}

function convert(opt: string, def: OptionDef, raw: string): unknown {
  switch (def.kind) {
    case 'boolean':
      if (raw === 'true') return true;
      if (raw === 'false') return false;
      return fail(msg.boolean, { opt, value: raw });
    case 'integer': {
      const v = parseNumber(raw);
      return v !== null && Number.isSafeInteger(v) ? v : fail(msg.integer, { opt, value: raw });
    }
    case 'number': {
      const v = parseNumber(raw);
      return v !== null ? v : fail(msg.number, { opt, value: raw });
    }
    case 'point': {
      const parts = raw.split(',').map(parseNumber);
      return parts.length === 2 && parts[0] !== null && parts[1] !== null ? [parts[0], parts[1]] : fail(msg.point, { opt, value: raw });
    }
    case 'json':
      try {
        return JSON.parse(raw) as unknown;
      } catch (e) {
        return fail(msg.json, { opt, reason: (e as Error).message });
      }
    case 'string':
      return raw.length ? raw : fail(msg.empty, { opt });
  }
}

export function parseArgs<D extends OptionDefs>(argv: readonly string[], defs: D, positionalDefs: readonly PositionalDef[] = []): ParsedArgs<D> {
  const options: Record<string, unknown> = {};
  const positionals: string[] = [];
  const known = Object.keys(defs).map((k) => `--${k}`);
  let onlyPositionals = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (onlyPositionals || !arg.startsWith('-') || arg === '-' || parseNumber(arg) !== null) {
      positionals.push(arg);
      continue;
    }
    if (arg === '--') {
      onlyPositionals = true;
      continue;
    }
    const eq = arg.indexOf('=');
    const opt = eq >= 0 ? arg.slice(0, eq) : arg;
    const name = opt.replace(/^--?/, '');
    const def = opt.startsWith('--') && Object.hasOwn(defs, name) ? defs[name]! : undefined;
    if (!def) fail(known.length ? msg.unknown : msg.unknownNone, { opt, known: known.join(', ') });
    if (name in options) fail(msg.twice, { opt });
    let raw: string;
    if (eq >= 0) raw = arg.slice(eq + 1);
    else if (def!.kind === 'boolean') raw = 'true';
    else {
      const next = argv[i + 1];
      // A following token that looks like an option is not taken as the value: "--start -1,2"
      // is ambiguous, "--start=-1,2" is not.
      if (next === undefined || next.startsWith('-')) fail(msg.missingValue, { opt });
      raw = next!;
      i++;
    }
    options[name] = convert(opt, def!, raw);
  }
  for (const [name, def] of Object.entries(defs)) {
    if (def.kind === 'boolean') options[name] ??= false;
    else if (def.required && !(name in options)) fail(msg.required, { opt: `--${name}` });
  }
  const required = positionalDefs.filter((p) => p.required).length;
  if (positionals.length < required) fail(msg.missingPositional, { name: positionalDefs[positionals.length]!.name });
  if (positionals.length > positionalDefs.length) fail(msg.extra, { arg: positionals[positionalDefs.length]! });
  return { options: options as ParsedOptions<D>, positionals };
}
