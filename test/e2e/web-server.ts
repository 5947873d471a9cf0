// A web-mode server of a spec's own (its own data folder, port and token), for the specs that
// restart it: started through the sources with tsx, as `npm run web` would start the build.
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** A loopback port free at this moment. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/** `lab web` with the database `dir`/lab.db (so that data folder) and `args` (e.g. --port, --token); resolves with the URL it prints. */
export function startWeb(dir: string, args: string[] = []): Promise<{ child: ChildProcess; url: string }> {
  const argv = [path.join(root, 'node_modules/tsx/dist/cli.mjs'), 'main/server/cli.ts', '--db', path.join(dir, 'lab.db'), ...args];
  const child = spawn(process.execPath, argv, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(() => reject(new Error(`web mode printed no URL within 60 s\n${stderr}`)), 60_000);
    child.stdout!.on('data', (c: Buffer) => {
      stdout += c.toString();
      const match = /Descent Lab web mode: (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(stdout);
      if (match) {
        clearTimeout(timer);
        resolve({ child, url: match[1]! });
      }
    });
    child.once('exit', (code) => reject(new Error(`web mode exited with ${code}\n${stderr}`)));
  });
}

/** Stops a server from startWeb and waits for its exit. */
export async function stopWeb(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}
