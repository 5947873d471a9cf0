// Runs the real `lab` command as a child process, the way a user's shell does, for the CLI tests.
// An English locale and a database of the test's own (unless --db names another), so nothing here
// reads or writes the user's data.
import { execFile } from 'node:child_process';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function runLab(args: string[], options: { defaultDb: string; env?: Record<string, string> }): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'main/cli/index.ts', ...args],
      { env: { ...process.env, LANG: 'C', LC_ALL: '', LC_MESSAGES: '', DESCENT_LAB_DB: options.defaultDb, ...options.env } },
      (error, stdout, stderr) => resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}
