// What a `lab` sub-command is: its options (parsed and checked before `run` sees them), its
// positionals, and `run`, which writes the result — and only the result — to `io.out`.
import type { OptionDefs, ParsedArgs, PositionalDef } from './args';
import type { Lang, Text } from './text';

export interface CliIo {
  /** The result: stdout. */
  out(s: string): void;
  /** Progress and diagnostics: stderr. */
  err(s: string): void;
  env: Record<string, string | undefined>;
  lang: Lang;
}

export interface Command<D extends OptionDefs = OptionDefs> {
  name: string;
  summary: Text;
  options: D;
  positionals?: readonly PositionalDef[];
  /** Resolves to the exit status (0 when omitted). */
  run(args: ParsedArgs<D>, io: CliIo): Promise<number | void> | number | void;
}

/** Keeps each command's option types precise while the registry holds them all. */
export const defineCommand = <D extends OptionDefs>(c: Command<D>): Command => c as unknown as Command;

/** Doubles as JSON.stringify writes them: the shortest text that reads back to the same double. */
export const printJson = (io: CliIo, value: unknown) => io.out(JSON.stringify(value) + '\n');
