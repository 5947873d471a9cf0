// A web-mode server of a spec's own, on a database the spec prepared (a damaged file, an
// experiment stored by the CLI), and the real `lab` command on that database.
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const tsx = path.join(root, 'node_modules/tsx/dist/cli.mjs');

export interface OwnServer {
  url: string;
  stderr: () => string;
  close: () => Promise<void>;
}

export async function startOwnServer(db: string): Promise<OwnServer> {
  const token = randomBytes(16).toString('hex');
  const server = spawn(process.execPath, [tsx, 'main/server/cli.ts', '--port', '0', '--db', db, '--token', token], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, LANG: 'C' },
  });
  let stderr = '';
  server.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`no URL within 60 s\n${stderr}`)), 60_000);
    server.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /web mode: (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(out);
      if (!m) return;
      clearTimeout(timer);
      resolve(m[1]!);
    });
  });
  return {
    url,
    stderr: () => stderr,
    close: async () => {
      if (server.exitCode !== null) return;
      const exited = new Promise((r) => server.once('exit', r));
      server.kill('SIGTERM');
      await exited;
    },
  };
}

/** The real `lab` command on `db` (English); its stdout. */
export const labCommand = (db: string, ...args: string[]) =>
  execFileSync(process.execPath, [tsx, 'main/cli/index.ts', ...args, '--db', db], {
    cwd: root,
    env: { ...process.env, LANG: 'C' },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
