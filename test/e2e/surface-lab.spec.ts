// The whole student flow through web mode, in Chromium: race optimizers on Rosenbrock, inspect the
// lecture's saddle, save, reload, find it in History, rename, save a variant, compare the two,
// switch to Chinese, export CSV and PNG.
import { expect, test, type Download, type Page } from '@playwright/test';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { appUrl, collectPageErrors } from './helpers';

const artifacts = fileURLToPath(new URL('./artifacts/', import.meta.url));

async function saved(download: Download): Promise<Buffer> {
  const file = path.join(artifacts, download.suggestedFilename());
  await download.saveAs(file);
  return readFileSync(file);
}

async function setOptimizer(page: Page, index: number, name: string, values: Record<string, string>) {
  await page.getByTestId(`entry-${index}-optimizer`).selectOption(name);
  for (const [key, value] of Object.entries(values)) await page.getByTestId(`field-entries.${index}.optimizer.${key}`).fill(value);
}

async function runAndWait(page: Page, count: number) {
  const run = page.getByTestId('run-button');
  await expect(run).toBeEnabled();
  await run.click();
  await expect(page.getByTestId(`result-${count - 1}`)).toBeVisible();
  await expect(page.getByTestId('chart-loss')).toBeVisible();
}

test('the error-surface lab, end to end', async ({ page }) => {
  mkdirSync(artifacts, { recursive: true });
  const pageErrors = collectPageErrors(page);

  await page.goto(appUrl());
  await page.getByTestId('locale-select').selectOption('en');
  await page.getByTestId('nav-surface').click();

  // ---- choose Rosenbrock; its formula shows; the map loads
  await page.getByTestId('fn-select').selectOption('rosenbrock');
  await expect(page.getByTestId('fn-formula')).toContainText('100');
  const surface = page.getByTestId('chart-surface');
  await expect(surface.locator('.chart-empty')).toHaveCount(0);

  // ---- click the map to set the start
  await page.getByTestId('click-mode-start').click();
  const before = await page.getByTestId('start-x').inputValue();
  const plot = surface.locator('.chart-body');
  const box = (await plot.boundingBox())!;
  await plot.click({ position: { x: box.width * 0.22, y: box.height * 0.3 } });
  await expect(page.getByTestId('start-x')).not.toHaveValue(before);
  const startX = Number(await page.getByTestId('start-x').inputValue());
  const startY = Number(await page.getByTestId('start-y').inputValue());
  expect(startX).toBeGreaterThan(-2);
  expect(startX).toBeLessThan(0);
  expect(startY).toBeGreaterThan(1);
  expect(startY).toBeLessThan(3);

  // ---- two optimizers, values typed in
  while ((await page.getByTestId('entry-0').count()) > 0) await page.getByTestId('entry-0-remove').click();
  await page.getByTestId('add-entry').click();
  await page.getByTestId('add-entry').click();
  await setOptimizer(page, 0, 'adam', { lr: '0.05', beta1: '0.9' });
  await setOptimizer(page, 1, 'sgdm', { lr: '0.001', momentum: '0.9' });
  await page.getByTestId('steps').fill('300');

  // ---- a non-numeric rate is refused inline and blocks Run
  await page.getByTestId('field-entries.1.optimizer.lr').fill('fast');
  await expect(page.getByTestId('error-entries.1.optimizer.lr')).toHaveText('“fast” is not a number.');
  await expect(page.getByTestId('run-button')).toBeDisabled();
  await expect(page.getByTestId('run-blocked')).toBeVisible();
  await page.getByTestId('field-entries.1.optimizer.lr').fill('0.001');
  await expect(page.getByTestId('error-entries.1.optimizer.lr')).toHaveCount(0);

  // ---- run: trajectories, loss and lr charts
  await runAndWait(page, 2);
  await expect(page.getByTestId('result-0')).toContainText('adam');
  await expect(page.getByTestId('result-1')).toContainText('sgdm');
  await expect(page.getByTestId('chart-lr')).toBeVisible();
  await expect(page.getByTestId('step-label')).toHaveText('step 300 / 300', { timeout: 15_000 });
  await page.screenshot({ path: path.join(artifacts, 'surface-lab.png') });

  // ---- export the map's PNG and the loss chart's CSV
  const [png] = await Promise.all([page.waitForEvent('download'), page.getByTestId('chart-surface-png').click()]);
  const pngBytes = await saved(png);
  expect([...pngBytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  expect(pngBytes.length).toBeGreaterThan(20_000);
  const [csv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('chart-loss-csv').click()]);
  const lossCsv = (await saved(csv)).toString('utf8').replace(/^\ufeff/, '').trim().split(/\r\n/);
  expect(lossCsv[0]).toBe('step,adam,sgdm');
  expect(lossCsv).toHaveLength(302);
  const first = lossCsv[1]!.split(',').map(Number);
  const startLoss = (1 - startX) ** 2 + 100 * (startY - startX ** 2) ** 2;
  expect(first[0]).toBe(0);
  expect(first[1]).toBeCloseTo(startLoss, 6);
  expect(first[2]).toBeCloseTo(startLoss, 6);

  // ---- save it
  await page.getByTestId('save-name').fill('Rosenbrock race');
  await page.getByTestId('save-notes').fill('adam at 0.05 against sgdm');
  await page.getByTestId('save-button').click();
  await expect(page.getByTestId('notice-success').filter({ hasText: 'Rosenbrock race' })).toBeVisible();

  // ---- the lecture's saddle: w1w2 at the origin (Shift+click near it, then exactly)
  await page.getByTestId('fn-select').selectOption('w1w2');
  await expect(page.getByTestId('fn-formula')).toContainText('(1');
  await expect(surface.locator('.chart-empty')).toHaveCount(0);
  const box2 = (await plot.boundingBox())!;
  await plot.click({ position: { x: box2.width / 2, y: box2.height / 2 }, modifiers: ['Shift'] });
  await expect(page.getByTestId('hessian-kind')).toBeVisible();
  await page.getByTestId('analyse-x').fill('0');
  await page.getByTestId('analyse-y').fill('0');
  await page.getByTestId('analyse-button').click();
  await expect(page.getByTestId('hessian-kind')).toHaveText(/Saddle point/);
  // As the lecture writes them: λ₁ with a subscript, −2 with a true minus (U+2212), in every number of the panel.
  await expect(page.getByTestId('hessian-eigenvalues').locator('.eigen')).toHaveText(['λ₁ = −2', 'λ₂ = 2']);
  await expect(page.getByTestId('hessian-matrix').locator('td')).toHaveText(['0', '−2', '−2', '0']);
  await expect(page.getByTestId('hessian-escape')).toContainText('0.7071');
  const facts = await page.getByTestId('hessian-panel').locator('dl').innerText();
  expect(facts).toMatch(/u₂ = \(−?0\.7071, −?0\.7071\)/);
  expect(facts).toContain('−0.7071');
  expect(facts).not.toMatch(/-\d/);
  await page.screenshot({ path: path.join(artifacts, 'hessian.png') });

  // ---- reload: the saved experiment is in History; rename it
  await page.reload();
  await page.getByTestId('nav-history').click();
  const item = page.getByTestId('history-list').locator('li', { hasText: 'Rosenbrock race' });
  await expect(item).toBeVisible();
  await item.click();
  await expect(page.getByTestId('history-runs')).toContainText('adam');
  await expect(page.getByTestId('history-notes')).toHaveValue('adam at 0.05 against sgdm');
  await page.getByTestId('history-rename').click();
  await page.getByTestId('history-rename-input').fill('Rosenbrock: adam 0.05');
  await page.getByTestId('history-rename-save').click();
  await expect(page.getByTestId('history-name')).toHaveText('Rosenbrock: adam 0.05');
  await expect(page.getByTestId('history-list')).toContainText('Rosenbrock: adam 0.05');
  await page.getByTestId('history-series').click();
  await expect(page.getByTestId('chart-history-loss')).toBeVisible();
  await page.screenshot({ path: path.join(artifacts, 'history.png'), fullPage: true });

  // ---- run again with changes: one run's entry alone comes back in the lab, named for it
  await page.getByTestId('history-runs').locator('tr', { hasText: 'sgdm' }).getByRole('button', { name: 'Run again…' }).click();
  await expect(page.getByTestId('opened-banner')).toContainText('Rosenbrock: adam 0.05 · ');
  await expect(page.getByTestId('result-0')).toBeVisible();
  await expect(page.getByTestId('result-1')).toHaveCount(0);
  await page.getByTestId('nav-history').click();
  await expect(page.getByTestId('history-name')).toHaveText('Rosenbrock: adam 0.05');

  // ---- open it back in the lab, change adam's rate, run and save a second experiment
  await page.getByTestId('history-open').click();
  await expect(page.getByTestId('opened-banner')).toContainText('Rosenbrock: adam 0.05');
  await expect(page.getByTestId('result-1')).toBeVisible();
  await expect(page.getByTestId('start-x')).toHaveValue(String(startX));
  await page.getByTestId('field-entries.0.optimizer.lr').fill('0.02');
  await runAndWait(page, 2);
  await page.getByTestId('save-name').fill('Rosenbrock: adam 0.02');
  await page.getByTestId('save-button').click();
  await expect(page.getByTestId('notice-success').filter({ hasText: 'Rosenbrock: adam 0.02' })).toBeVisible();

  // ---- compare the two adam runs: the rate differs, beta1 does not
  await page.getByTestId('nav-compare').click();
  for (const experiment of ['Rosenbrock: adam 0.05', 'Rosenbrock: adam 0.02']) {
    await page.getByTestId('compare-picker').locator('.pick-group', { hasText: experiment }).locator('label', { hasText: 'adam' }).locator('input').check();
  }
  const table = page.getByTestId('compare-table');
  await expect(table).toBeVisible();
  // Rows are named in words (the JSON path stays as the row's data-key).
  const lrRow = table.locator('tr', { has: page.locator('th[data-key="optimizer.lr"]') });
  await expect(lrRow.locator('th')).toHaveText('Optimizer: Learning rate η (lr)');
  await expect(lrRow).toHaveClass(/differs/);
  await expect(lrRow.locator('td.diff-cell')).toHaveText(['0.05', '0.02']);
  // Only the differing rows show until "show all settings" is ticked.
  await expect(table.locator('tr', { has: page.locator('th[data-key="optimizer.beta1"]') })).toHaveCount(0);
  await page.getByTestId('compare-show-all').check();
  await expect(table.locator('tr', { has: page.locator('th[data-key="optimizer.beta1"]') })).not.toHaveClass(/differs/);
  await expect(page.getByTestId('compare-metric')).toHaveValue('loss');
  await expect(page.getByTestId('compare-x')).toHaveValue('step');
  await expect(page.getByTestId('chart-compare-metric')).toBeVisible();
  await expect(page.getByTestId('chart-compare-surface')).toBeVisible();
  const [compareCsv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('chart-compare-metric-csv').click()]);
  const compareLines = (await saved(compareCsv)).toString('utf8').replace(/^\ufeff/, '').trim().split(/\r\n/);
  expect(compareLines[0]).toBe('step,Rosenbrock: adam 0.05 · adam,Rosenbrock: adam 0.02 · adam');
  expect(compareLines).toHaveLength(302);
  await page.screenshot({ path: path.join(artifacts, 'compare.png'), fullPage: true });

  // ---- Chinese
  await page.getByTestId('locale-select').selectOption('zh-CN');
  await expect(page.getByTestId('nav-history')).toHaveText(/历史记录/);
  await expect(page.getByTestId('nav-compare')).toHaveText(/对比/);
  await expect(page.getByTestId('compare-settings')).toContainText('设置');
  await page.getByTestId('nav-surface').click();
  await expect(page.getByTestId('run-button')).toHaveText(/运行/);
  await page.screenshot({ path: path.join(artifacts, 'surface-lab-zh.png') });

  // ---- delete asks first; cancel keeps it, confirm removes it
  await page.getByTestId('nav-history').click();
  await page.getByTestId('history-list').locator('li', { hasText: 'Rosenbrock: adam 0.02' }).click();
  await page.getByTestId('history-delete').click();
  await expect(page.getByTestId('confirm-dialog')).toBeVisible();
  await page.getByTestId('confirm-cancel').click();
  await expect(page.getByTestId('history-list')).toContainText('Rosenbrock: adam 0.02');
  await page.getByTestId('history-delete').click();
  await page.getByTestId('confirm-ok').click();
  await expect(page.getByTestId('history-list')).not.toContainText('Rosenbrock: adam 0.02');
  await expect(page.getByTestId('history-list')).toContainText('Rosenbrock: adam 0.05');

  expect(pageErrors).toEqual([]);
});
