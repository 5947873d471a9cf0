// A damaged database at start, seen by the student: web mode (its own server, on a file that is
// not a database) starts, and the page's notice area says the file was kept aside, in English and
// after a language switch in Chinese.
import { expect, test } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { collectPageErrors } from './helpers';

const root = fileURLToPath(new URL('../..', import.meta.url));
let dir: string;
let server: ChildProcess;
let url: string;
let stderr = '';

test.beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'descent-lab-e2e-damaged-'));
  writeFileSync(path.join(dir, 'lab.db'), 'my notes, not a database\n'.repeat(100));
  const token = randomBytes(16).toString('hex');
  server = spawn(process.execPath, [path.join(root, 'node_modules/tsx/dist/cli.mjs'), 'main/server/cli.ts', '--port', '0', '--db', path.join(dir, 'lab.db'), '--token', token], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, LANG: 'C' },
  });
  server.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`no URL within 60 s\n${stderr}`)), 60_000);
    server.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /web mode: (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(out);
      if (!m) return;
      clearTimeout(timer);
      resolve(m[1]!);
    });
  });
});

test.afterAll(async () => {
  if (server && server.exitCode === null) {
    const exited = new Promise((r) => server.once('exit', r));
    server.kill('SIGTERM');
    await exited;
  }
  rmSync(dir, { recursive: true, force: true });
});

test('a damaged database: web mode starts and the notice area says where the file is kept', async ({ page }) => {
  const errors = collectPageErrors(page);
  const aside = readdirSync(dir).find((f) => f.startsWith('lab.db.damaged-'))!;
  expect(readFileSync(path.join(dir, aside), 'utf8')).toContain('my notes');
  expect(stderr).toContain('is damaged (file is not a database)');

  await page.goto(url);
  await page.getByTestId('locale-select').selectOption('en');
  const notice = page.getByTestId('notice-error').filter({ hasText: 'is damaged' });
  await expect(notice).toContainText(`It is kept untouched as ${path.join(dir, aside)}`);
  await expect(notice).toContainText('There is no backup to go back to.');
  await page.getByTestId('locale-select').selectOption('zh-CN');
  await expect(page.getByTestId('notice-error').filter({ hasText: '已损坏' })).toContainText('原文件原样保留为');
  expect(errors).toEqual([]);
});
