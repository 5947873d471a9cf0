// An experiment stored before the lab kept its list of chosen files (here: stored by the `lab`
// command, which reads the paths it is given): run again from History, its data file is refused.
// The Network lab says which file and why, in both languages, and offers "Choose the file again":
// the file chosen again replaces only that field, the rest of the experiment stays, and it trains.
import { expect, test } from '@playwright/test';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { collectPageErrors } from './helpers';
import { labCommand, startOwnServer, type OwnServer } from './own-server';

const artifacts = fileURLToPath(new URL('./artifacts/', import.meta.url));
let dir: string;
let csv: string;
let server: OwnServer;
let runId: number;

test.beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'descent-lab-e2e-rechoose-'));
  csv = path.join(dir, 'points.csv');
  // Two classes by the sign of x1·x2 (a fixed pattern, no randomness needed).
  const rows = Array.from({ length: 200 }, (_, i) => {
    const a = Math.sin(i * 1.7);
    const b = Math.cos(i * 2.3);
    return `${a.toFixed(4)},${b.toFixed(4)},${a * b > 0 ? 1 : 0}`;
  });
  writeFileSync(csv, `x1,x2,y\n${rows.join('\n')}\n`);
  const experiment = {
    name: 'points from a file',
    seed: 1,
    data: { source: 'csv', path: csv, target: 'y' },
    model: [{ dense: 8, activation: 'relu' }, { dense: 'output' }],
    optimizer: { name: 'adam', lr: 0.01 },
    epochs: 4,
    batchSize: 32,
  };
  writeFileSync(path.join(dir, 'experiment.json'), JSON.stringify(experiment));
  const db = path.join(dir, 'lab.db');
  runId = (JSON.parse(labCommand(db, 'run', path.join(dir, 'experiment.json'), '--json')) as { runId: number }).runId;
  server = await startOwnServer(db);
});

test.afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

test('run again: the refused data file is named, chosen again in place, and the experiment trains', async ({ page }) => {
  const errors = collectPageErrors(page);
  await page.goto(server.url);
  await page.getByTestId('locale-select').selectOption('en');
  await page.getByTestId('nav-history').click();
  await page.getByTestId('history-list').locator('li', { hasText: 'points from a file' }).click();
  await page.getByTestId(`history-run-again-${runId}`).click();
  await expect(page.getByTestId('network-lab')).toBeVisible();

  const refusal = page.getByTestId('preview-error');
  await expect(refusal).toContainText(`${csv} is not one of them yet`);
  await expect(refusal).toContainText('the rest of the experiment stays as it is');
  await expect(page.getByTestId('rechoose-file')).toHaveText('Choose the file again');
  await page.screenshot({ path: path.join(artifacts, 'rechoose-file-en.png'), fullPage: true });
  await page.getByTestId('locale-select').selectOption('zh-CN');
  await expect(refusal).toContainText(`${csv} 还不在其中`);
  await expect(page.getByTestId('rechoose-file')).toHaveText('重新选择文件');
  await page.screenshot({ path: path.join(artifacts, 'rechoose-file-zh.png'), fullPage: true });
  await page.getByTestId('locale-select').selectOption('en');

  // Training refuses too, with the same words (not a generic failure).
  await page.getByTestId('run-button').click();
  await expect(page.getByTestId('notice-error').filter({ hasText: 'is not one of them yet' })).toBeVisible();

  // Chosen again (web mode uploads it): only the file field changes.
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByTestId('rechoose-file').click()]);
  await chooser.setFiles(csv);
  await expect(page.getByTestId('data-facts')).toContainText('200 samples · 2 features · classes: 2');
  await expect(refusal).toHaveCount(0);
  await expect(page.getByTestId('rechoose-file')).toHaveCount(0);
  await expect(page.getByTestId('field-data.path')).not.toHaveValue(csv);
  await expect(page.getByTestId('field-data.path')).toHaveValue(/points\.csv$/);
  await expect(page.getByTestId('field-data.target')).toHaveValue('y');
  await expect(page.getByTestId('field-epochs')).toHaveValue('4');
  await expect(page.getByTestId('optimizer-select')).toHaveValue('adam');

  await page.getByTestId('run-button').click();
  await expect(page.getByTestId('progress-epoch')).toHaveText('epoch 4 / 4');
  expect(errors).toEqual([]);
});
