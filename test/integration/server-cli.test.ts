// `tsx main/server/cli.ts` as a user runs it: exactly one stdout line with the loopback URL and
// the token, served until SIGTERM, then a clean exit with the database closed (no WAL left).
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const tsx = path.join(root, 'node_modules', '.bin', 'tsx');
const dir = mkdtempSync(path.join(tmpdir(), 'descent-lab-cli-'));

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(args: string[]) {
  const child = spawn(tsx, [path.join(root, 'main', 'server', 'cli.ts'), ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, out: () => stdout, err: () => stderr };
}

describe('web mode command line', () => {
  it('prints one line with the URL, serves with the given token, and exits cleanly on SIGTERM', async () => {
    const staticDir = path.join(dir, 'static');
    mkdirSync(staticDir);
    writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>lab</title>');
    const db = path.join(dir, 'lab.db');
    const p = run(['--port', '0', `--db=${db}`, '--token', 'test-token-123', '--static', staticDir]);
    const deadline = Date.now() + 20_000;
    while (!p.out().includes('\n') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const lines = p.out().split('\n').filter(Boolean);
    expect(lines).toHaveLength(1);
    const match = /^Descent Lab web mode: (http:\/\/127\.0\.0\.1:(\d+)\/\?token=test-token-123)$/.exec(lines[0]!);
    expect(match, p.err()).not.toBeNull();
    expect((await fetch(match![1]!)).status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${match![2]}/`)).status).toBe(403);
    p.child.kill('SIGTERM');
    expect(await p.exited).toBe(0);
    expect(existsSync(db)).toBe(true);
    expect(existsSync(`${db}-wal`)).toBe(false);
  });

  it('names a bad argument on stderr and exits non-zero', async () => {
    const p = run(['--port', 'eighty']);
    expect(await p.exited).toBe(2);
    expect(p.out()).toBe('');
    expect(p.err()).toContain('--port');
  });
});
