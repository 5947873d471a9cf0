// Resuming an interrupted run, seen by the student: `lab run` is killed with SIGKILL part-way
// (the database holds its state after a few epochs), web mode opens that database and History
// shows the run interrupted with a Resume button (继续训练 in Chinese). One click and it trains
// on in the same run to completed; its metrics CSV holds one continuous curve (every update
// once, in order) equal to that of the same experiment trained without interruption, and
// Compare overlays the two with the same final figures.
import { expect, test } from '@playwright/test';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { collectPageErrors } from './helpers';

const root = fileURLToPath(new URL('../..', import.meta.url));
const tsx = path.join(root, 'node_modules/tsx/dist/cli.mjs');

const experiment = (name: string) => ({
  name,
  data: { source: 'spiral', samples: 600, noise: 0.1, classes: 3 },
  model: [{ dense: 32, activation: 'tanh' }, { dense: 'output' }],
  optimizer: { name: 'adam', lr: 0.01 },
  split: { validation: 0.2 },
  batchSize: 96,
  epochs: 1500,
  seed: 4,
});

let dir: string;
let db: string;
let server: ChildProcess | null = null;
let url = '';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test.beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'descent-lab-e2e-resume-'));
  db = path.join(dir, 'lab.db');
  // The reference: the same experiment trained to the end.
  writeFileSync(path.join(dir, 'whole.json'), JSON.stringify(experiment('resume e2e whole')));
  execFileSync(process.execPath, [tsx, 'main/cli/index.ts', 'run', path.join(dir, 'whole.json'), '--db', db], { cwd: root, stdio: 'ignore', env: { ...process.env, LANG: 'C' } });
  // The interrupted run: killed once its state after epoch 3 or later is stored.
  writeFileSync(path.join(dir, 'killed.json'), JSON.stringify(experiment('resume e2e killed')));
  // tsx as a loader in this very process (its CLI would run the command in a grandchild the kill misses).
  const child = spawn(process.execPath, ['--import', 'tsx', 'main/cli/index.ts', 'run', path.join(dir, 'killed.json'), '--db', db], { cwd: root, stdio: 'ignore' });
  const exited = new Promise((r) => child.once('exit', r));
  for (let i = 0; i < 6000; i++) {
    await sleep(10);
    const raw = new Database(db, { readonly: true, fileMustExist: true });
    const epoch = raw.prepare("SELECT s.epoch FROM resume_states s JOIN runs r ON r.id = s.run_id WHERE r.label = 'resume e2e killed'").pluck().get() as number | undefined;
    raw.close();
    if (epoch !== undefined && epoch >= 3) break;
  }
  child.kill('SIGKILL');
  await exited;

  const token = randomBytes(16).toString('hex');
  server = spawn(process.execPath, [tsx, 'main/server/cli.ts', '--port', '0', '--db', db, '--token', token], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LANG: 'C' } });
  url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error('no URL within 60 s')), 60_000);
    server!.stdout!.on('data', (c: Buffer) => {
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
    const exited = new Promise((r) => server!.once('exit', r));
    server.kill('SIGTERM');
    await exited;
  }
  rmSync(dir, { recursive: true, force: true });
});

/** The run's per-update losses from History's CSV download: [step, value] rows of series 'loss'. */
async function lossCurve(page: import('@playwright/test').Page, runId: number): Promise<[number, string][]> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId(`history-run-csv-${runId}`).click()]);
  const file = path.join(dir, `${runId}.csv`);
  await download.saveAs(file);
  const lines = readFileSync(file, 'utf8').trim().split('\n');
  const header = lines[0]!.split(',');
  const [name, step, value] = ['metric', 'x', 'value'].map((k) => header.indexOf(k));
  return lines
    .slice(1)
    .map((l) => l.split(','))
    .filter((cells) => cells[name!] === 'loss')
    .map((cells) => [Number(cells[step!]), cells[value!]!]);
}

test('an interrupted run resumes from History, completes, and draws one continuous curve', async ({ page }) => {
  const errors = collectPageErrors(page);
  await page.goto(url);
  await page.getByTestId('locale-select').selectOption('en');
  await page.getByTestId('nav-history').click();
  await page.getByTestId('history-refresh').click();
  await page.getByTestId('history-list').locator('li', { hasText: 'resume e2e killed' }).click();
  const resume = page.locator('[data-testid^="history-run-resume-"]');
  await expect(resume).toHaveText('Resume');
  await expect(page.getByTestId('history-runs')).toContainText('interrupted');
  const runId = Number((await resume.getAttribute('data-testid'))!.replace('history-run-resume-', ''));
  // Both languages' label.
  await page.getByTestId('locale-select').selectOption('zh-CN');
  await expect(resume).toHaveText('继续训练');
  await page.getByTestId('locale-select').selectOption('en');
  await expect(resume).toHaveText('Resume');

  await resume.click();
  await expect(page.getByTestId('history-runs')).toContainText('completed', { timeout: 120_000 });
  await expect(page.locator('[data-testid^="history-run-resume-"]')).toHaveCount(0);
  const resumed = await lossCurve(page, runId);
  expect(resumed.map(([s]) => s)).toEqual(Array.from({ length: resumed.length }, (_, i) => i));

  await page.getByTestId('history-list').locator('li', { hasText: 'resume e2e whole' }).click();
  const wholeId = Number((await page.locator('[data-testid^="history-run-csv-"]').first().getAttribute('data-testid'))!.replace('history-run-csv-', ''));
  expect(await lossCurve(page, wholeId)).toEqual(resumed);

  await page.getByTestId('nav-compare').click();
  await page.getByTestId(`compare-run-${runId}`).check();
  await page.getByTestId(`compare-run-${wholeId}`).check();
  await expect(page.getByTestId('chart-compare-metric')).toBeVisible();
  const summary = page.getByTestId('compare-summary');
  await expect(summary).toContainText('resume e2e killed');
  await expect(summary).toContainText('resume e2e whole');
  expect(errors).toEqual([]);
});
