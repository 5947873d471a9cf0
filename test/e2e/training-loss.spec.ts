// One training loss, in web mode in Chromium: the Network lab measures it after every epoch by a
// full pass (on by default, its cost explained), shows it beside the mean mini-batch loss in its
// status bar and chart, and its last value is Final metrics' training loss; Compare opens on it,
// and a run stored without the pass falls back to its mean mini-batch loss with a note naming it.
// English and Chinese screenshots. And Compare with two saved 100k-step races: the chart is drawn
// from a thinned series, its CSV holds every stored step.
import { expect, test, type Page } from '@playwright/test';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { appUrl, collectPageErrors, openNetworkLab } from './helpers';

const artifacts = fileURLToPath(new URL('./artifacts/', import.meta.url));
const shot = (page: Page, name: string) => page.screenshot({ path: path.join(artifacts, `training-loss-${name}.png`), fullPage: true });
const stamp = Date.now().toString(36);

/** Trains the open lab's spiral for 3 epochs as `name`; returns Final metrics' training loss and the status bar's two losses. */
async function train(page: Page, name: string, preset: 'shallow' | 'mlp', trainPass: boolean) {
  await page.getByTestId('preset-select').selectOption(preset);
  await page.getByTestId('field-epochs').fill('3');
  await page.getByTestId('field-trainPass').setChecked(trainPass);
  await page.getByTestId('run-name').fill(name);
  await page.getByTestId('run-button').click();
  await expect(page.getByTestId('progress-epoch')).toHaveText('epoch 3 / 3', { timeout: 120_000 });
  await expect(page.getByTestId('final-metrics')).toBeVisible();
  const final = (await page.getByTestId('final-train').locator('td').first().innerText()).trim();
  const batch = (await page.getByTestId('progress-batch-loss').innerText()).trim();
  const full = trainPass ? (await page.getByTestId('progress-full-loss').innerText()).trim() : null;
  return { final, batch, full };
}

async function download(page: Page, testid: string): Promise<string[]> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testid).click()]);
  return readFileSync((await file.path())!, 'utf8').trim().split(/\r?\n/);
}

async function pick(page: Page, names: string[]) {
  for (const name of names) await page.getByTestId('compare-picker').locator('.pick-group', { hasText: name }).locator('input[type=checkbox]').first().check();
}

test('the training loss is the full pass everywhere: lab, Final metrics, Compare; older runs fall back with a note', async ({ page }) => {
  test.setTimeout(300_000);
  mkdirSync(artifacts, { recursive: true });
  const errors = collectPageErrors(page);
  await openNetworkLab(page);
  await page.getByTestId('source-select').selectOption('spiral');
  // On by default, its cost said beside it.
  await expect(page.getByTestId('field-trainPass')).toBeChecked();
  await expect(page.getByTestId('trainPass-help')).toContainText('forward pass over the training data per epoch');

  const names = { shallow: `tl shallow ${stamp}`, mlp: `tl mlp ${stamp}`, old: `tl batch-only ${stamp}` };
  const shallow = await train(page, names.shallow, 'shallow', true);
  // The status bar names both; the full pass after the last epoch is Final metrics' training loss.
  expect(shallow.full).toBe(`training loss (full pass) ${shallow.final}`);
  expect(shallow.batch).toMatch(/^mean mini-batch loss \S+$/);
  expect(shallow.batch).not.toBe(`mean mini-batch loss ${shallow.final}`);
  // The loss chart's CSV: the full pass first, the mini-batch mean beside it, the last full pass = Final metrics.
  const csv = await download(page, 'chart-net-loss-csv');
  expect(csv[0]).toBe('epoch,training loss (full pass),mean mini-batch loss,validation loss');
  expect(csv).toHaveLength(4);
  expect(Number(csv[3]!.split(',')[1]).toPrecision(4)).toBe(Number(shallow.final).toPrecision(4));
  await shot(page, 'network-en');

  const mlp = await train(page, names.mlp, 'mlp', true);
  const old = await train(page, names.old, 'shallow', false);
  await expect(page.getByTestId('progress-full-loss')).toHaveCount(0);
  expect(old.full).toBeNull();

  // ---- Compare opens on the training loss (full pass): its finals are Final metrics' numbers
  await page.getByTestId('nav-compare').click();
  await page.getByTestId('compare-filter').fill(stamp);
  await pick(page, [names.shallow, names.mlp]);
  const metric = page.getByTestId('compare-metric');
  await expect(metric).toHaveValue('fullTrainLoss');
  await expect(metric.locator('option:checked')).toHaveText('training loss (full pass)');
  await expect(metric.locator('option', { hasText: 'mean mini-batch loss' })).toHaveCount(1);
  const finals = page.getByTestId('compare-summary').locator('tbody tr td:nth-child(2)');
  // The same number, drawn by the same formatter: the last epoch's full pass is the final one.
  await expect(finals).toHaveText([shallow.final, mlp.final]);
  await expect(page.getByTestId('compare-fallback-note')).toHaveCount(0);
  await shot(page, 'compare-en');

  // ---- a run stored without the pass: its mean mini-batch loss, and the page says so
  await pick(page, [names.old]);
  const note = page.getByTestId('compare-fallback-note');
  await expect(note).toContainText(names.old);
  await expect(note).toContainText('mean mini-batch loss');
  await expect(note).not.toContainText(names.mlp);
  const rows = page.getByTestId('compare-summary').locator('tbody tr');
  await expect(rows).toHaveCount(3);
  // Its line and summary row say what they show; the others keep their names.
  await expect(rows.locator('td:first-child')).toHaveText([names.shallow, names.mlp, `${names.old} (mean mini-batch loss)`]);
  await expect(rows.nth(2).locator('td').nth(1)).toHaveText(old.batch.replace('mean mini-batch loss ', ''));
  await note.scrollIntoViewIfNeeded();
  await shot(page, 'compare-fallback-en');
  // The comparison's CSV carries the new series.
  const all = await download(page, 'compare-csv');
  expect(all.filter((l) => l.includes(',fullTrainLoss,'))).toHaveLength(6);
  expect(all.filter((l) => l.includes(',trainLoss,'))).toHaveLength(9);

  // ---- 中文
  await page.getByTestId('locale-select').selectOption('zh-CN');
  await expect(metric.locator('option:checked')).toHaveText('训练损失（完整遍历）');
  await expect(note).toContainText('小批量平均损失');
  await shot(page, 'compare-fallback-zh');
  await page.getByTestId('nav-network').click();
  await expect(page.getByTestId('progress-batch-loss')).toContainText('小批量平均损失');
  await expect(page.getByTestId('trainPass-help')).toContainText('完整遍历');
  await shot(page, 'network-zh');
  await page.getByTestId('locale-select').selectOption('en');
  expect(errors).toEqual([]);
});

test('Live runs: a training run’s loss chart carries the full pass beside the mean mini-batch loss', async ({ page }) => {
  test.setTimeout(180_000);
  mkdirSync(artifacts, { recursive: true });
  const errors = collectPageErrors(page);
  await openNetworkLab(page);
  await page.getByTestId('source-select').selectOption('spiral');
  await page.getByTestId('preset-select').selectOption('mlp');
  // Long enough to be listed while it trains whatever the machine's speed (a run is listed from the first poll that
  // sees it; 400 epochs could end before that on a quiet machine): stopped from Live runs once it has a few dozen epochs.
  await page.getByTestId('field-epochs').fill('20000');
  const name = `tl live ${stamp}`;
  await page.getByTestId('run-name').fill(name);
  await page.getByTestId('run-button').click();
  await page.getByTestId('nav-dashboard').click();
  const row = page.getByTestId('live-list').locator('[data-testid^="live-run-"]', { hasText: name });
  await row.click();
  await expect(page.getByTestId('live-selected')).toContainText(name);
  const epochsShown = async () => Number(/(\d+)/.exec(await row.locator('[data-testid^="live-epoch-"]').innerText())?.[1] ?? 0);
  await expect.poll(epochsShown, { timeout: 60_000 }).toBeGreaterThanOrEqual(30);
  await row.locator('[data-testid^="live-stop-"]').click();
  await expect(row.locator('[data-testid^="live-status-"]')).toHaveText('stopped', { timeout: 30_000 });
  await shot(page, 'live-en');
  // Its columns are headed by the chart's own words, as the Network lab's and Compare's exports are.
  const csv = await download(page, 'chart-live-loss-csv');
  expect(csv[0]).toBe('epoch,training loss (full pass),mean mini-batch loss,validation loss');
  expect((await download(page, 'chart-live-accuracy-csv'))[0]).toBe('epoch,training accuracy (full pass),mean mini-batch accuracy,validation accuracy');
  const epochs = csv.length - 1;
  expect(epochs).toBeGreaterThanOrEqual(30);
  expect(csv.slice(1).map((l) => Number(l.split(',')[0]))).toEqual(Array.from({ length: epochs }, (_, i) => i + 1));
  // Every epoch has its full pass, and it is not the mini-batch mean.
  expect(csv.slice(1).every((l) => /^\d+,[\d.e-]+,[\d.e-]+,[\d.e-]+$/.test(l))).toBe(true);
  expect(csv.slice(1).filter((l) => l.split(',')[1] === l.split(',')[2]).length).toBeLessThan(epochs);
  // 中文: the same columns in the page's language, the same numbers.
  await page.getByTestId('locale-select').selectOption('zh-CN');
  const zh = await download(page, 'chart-live-loss-csv');
  expect(zh[0]).toBe('epoch,训练损失（完整遍历）,小批量平均损失,验证损失');
  expect(zh.slice(1)).toEqual(csv.slice(1));
  await page.getByTestId('locale-select').selectOption('en');
  expect(errors).toEqual([]);
});

test('Compare with two saved 100k-step races draws thinned series; the chart CSV has every step', async ({ page }) => {
  test.setTimeout(300_000);
  mkdirSync(artifacts, { recursive: true });
  const errors = collectPageErrors(page);
  // What Compare's read of the series weighs: thinned at the store, not 2 × 5 × 100 001 points.
  let seriesBytes = 0;
  page.on('websocket', (ws) => ws.on('framereceived', (frame) => {
    const text = String(frame.payload);
    if (text.includes('"name":"loss"') && text.includes('"total":100001')) seriesBytes = Math.max(seriesBytes, text.length);
  }));
  await page.goto(appUrl());
  await page.getByTestId('locale-select').selectOption('en');
  await page.getByTestId('nav-surface').click();
  await expect(page.getByTestId('entry-0')).toBeVisible();
  await page.getByTestId('fn-select').selectOption('rosenbrock');
  await page.getByTestId('entry-0-optimizer').selectOption('sgd');
  await page.getByTestId('steps').fill('100000');
  const names = [`long a ${stamp}`, `long b ${stamp}`];
  for (const [i, lr] of ['1e-7', '2e-7'].entries()) {
    await page.getByTestId('field-entries.0.optimizer.lr').fill(lr);
    await page.getByTestId('run-button').click();
    await expect(page.getByTestId('result-0')).toBeVisible({ timeout: 60_000 });
    await page.getByTestId('save-name').fill(names[i]!);
    await page.getByTestId('save-button').click();
    await expect(page.getByTestId('save-confirm')).toBeVisible({ timeout: 60_000 });
  }

  seriesBytes = 0;
  await page.getByTestId('nav-compare').click();
  await page.getByTestId('compare-filter').fill(`long a ${stamp}`);
  await pick(page, [names[0]!]);
  await page.getByTestId('compare-filter').fill(`long b ${stamp}`);
  await pick(page, [names[1]!]);
  await expect(page.getByTestId('compare-metric')).toHaveValue('loss');
  await expect(page.getByTestId('chart-compare-metric').locator('canvas').first()).toBeVisible();
  await expect(page.getByTestId('compare-summary').locator('tbody tr')).toHaveCount(2);
  await expect.poll(() => seriesBytes).toBeGreaterThan(0);
  console.log(`Compare's series answer for two 100k-step races: ${Math.round(seriesBytes / 1024)} kB`);
  expect(seriesBytes).toBeLessThan(3_000_000);
  await shot(page, 'compare-long-en');

  const csv = await download(page, 'chart-compare-metric-csv');
  expect(csv[0]).toBe(`step,${names[0]} · sgd,${names[1]} · sgd`);
  expect(csv).toHaveLength(1 + 100_001);
  expect(csv.at(-1)).toMatch(/^100000,[\d.e+-]+,[\d.e+-]+$/);
  expect(errors).toEqual([]);
});
