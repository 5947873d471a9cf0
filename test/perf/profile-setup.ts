// Builds the profiling renderer (profile.vite.config.ts) and starts a web-mode server of its own
// that serves it (--static), its URL in DESCENT_LAB_URL; the shared out/ is neither needed nor
// touched. (A page whose files a Playwright route answered would be refused its WebSocket to
// loopback by Chromium's local-network checks, so the server itself serves this build.)
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
export const PROFILE_RENDERER = process.env.PROFILE_RENDERER ?? '/tmp/descent-lab-profile-renderer';

/** The URL the server prints on its first line of output. */
function printedUrl(out: NodeJS.ReadableStream): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => reject(new Error('web mode printed no URL within 60 s')), 60_000);
    out.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const url = /(http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(text)?.[1];
      if (url) resolve(url);
      if (url) clearTimeout(timer);
    });
  });
}

export default async function profileSetup(): Promise<() => Promise<void>> {
  execFileSync(process.execPath, [path.join(root, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'test/perf/profile.vite.config.ts'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, PROFILE_RENDERER },
  });
  const dir = mkdtempSync(path.join(tmpdir(), 'descent-lab-profile-'));
  const args = ['main/server/cli.ts', '--port', '0', '--db', path.join(dir, 'lab.db'), '--token', randomBytes(16).toString('hex'), '--static', PROFILE_RENDERER];
  const server = spawn(process.execPath, [path.join(root, 'node_modules/tsx/dist/cli.mjs'), ...args], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  process.env.DESCENT_LAB_URL = await printedUrl(server.stdout);
  return async () => {
    server.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 1000));
    if (server.exitCode === null) server.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  };
}
