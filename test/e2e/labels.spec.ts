// Names that mean one thing, in web mode in Chromium: History lists a network run's training loss
// (the full pass Final metrics shows) and validation loss under those names, and calls a course
// measurement so; Compare's settings read as words ("32 relu → output", a Results group, each run
// named once); a course verdict calls a probability bound above 1 vacuous; a collapsed optimizer
// card's toggle is named. English and Chinese, screenshots for a person to look at.
import { expect, test, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { collectPageErrors, openNetworkLab } from './helpers';

const artifacts = fileURLToPath(new URL('./artifacts/', import.meta.url));
const shot = (page: Page, name: string) => page.screenshot({ path: path.join(artifacts, `labels-${name}.png`), fullPage: true });

/** Trains the open Network lab's spiral for 3 epochs as `name` with `preset`; returns Final metrics' losses. */
async function train(page: Page, name: string, preset: 'shallow' | 'mlp') {
  await page.getByTestId('preset-select').selectOption(preset);
  await page.getByTestId('field-epochs').fill('3');
  await page.getByTestId('run-name').fill(name);
  await page.getByTestId('run-button').click();
  await expect(page.getByTestId('progress-epoch')).toHaveText('epoch 3 / 3', { timeout: 120_000 });
  await expect(page.getByTestId('final-metrics')).toBeVisible();
  const loss = async (row: string) => (await page.getByTestId(row).locator('td').first().innerText()).trim();
  const text = async (id: string) => (await page.getByTestId(id).innerText()).trim();
  return { train: await loss('final-train'), val: await loss('final-val'), trainAccuracy: await text('final-train-accuracy'), valAccuracy: await text('final-val-accuracy') };
}

test('History, Compare, the Network lab and a course verdict name their numbers once and the same way', async ({ page }) => {
  mkdirSync(artifacts, { recursive: true });
  const pageErrors = collectPageErrors(page);

  await openNetworkLab(page);
  await page.getByTestId('source-select').selectOption('spiral');
  const shallow = await train(page, 'labels shallow', 'shallow');
  await expect(page.getByTestId('chart-net-grad')).toBeVisible();
  await shot(page, 'network-en');
  await train(page, 'labels mlp', 'mlp');

  // ---- History: training loss (the full pass) first, then validation loss, as Final metrics says
  await page.getByTestId('nav-history').click();
  await page.getByTestId('history-list').locator('li', { hasText: 'labels shallow' }).click();
  const runs = page.getByTestId('history-runs');
  await expect(runs.locator('thead th')).toContainText(['Label', 'Optimizer', 'Status', 'training loss', 'training accuracy', 'validation loss', 'validation accuracy']);
  await expect(runs).not.toContainText('final loss');
  await expect(runs.locator('[data-testid^="history-run-train-loss-"]')).toHaveText(shallow.train);
  await expect(runs.locator('[data-testid^="history-run-val-loss-"]')).toHaveText(shallow.val);
  await expect(runs.locator('[data-testid^="history-run-train-accuracy-"]')).toHaveText(shallow.trainAccuracy);
  await expect(runs.locator('[data-testid^="history-run-val-accuracy-"]')).toHaveText(shallow.valAccuracy);
  // Every action of the row stays inside the card (it was cut off at the right at 1400 px).
  await page.setViewportSize({ width: 1400, height: 900 });
  await shot(page, 'history-en');
  const card = (await page.getByTestId('history-detail').boundingBox())!;
  for (const button of await runs.locator('td.row-actions button').all()) {
    const b = (await button.boundingBox())!;
    expect(b.x + b.width).toBeLessThanOrEqual(card.x + card.width + 1);
  }

  // ---- Compare: layers as words, results in their own group, each run named once
  await runs.locator('[data-testid^="history-run-compare-"]').first().check();
  await page.getByTestId('history-list').locator('li', { hasText: 'labels mlp' }).click();
  await runs.locator('[data-testid^="history-run-compare-"]').first().check();
  await page.getByTestId('nav-compare').click();
  const table = page.getByTestId('compare-table');
  await expect(table).toBeVisible();
  await expect(table.locator('thead th')).toHaveText(['Field', 'labels shallow', 'labels mlp']);
  await expect(table.locator('tr', { has: page.locator('th[data-key="model"]') })).toContainText(['Layers']);
  await expect(table.locator('tr', { has: page.locator('th[data-key="model"]') }).locator('td')).toHaveText([/^32( relu)? → output$/, /^32( relu)? ×2 → output$/]);
  await expect(table).not.toContainText('{');
  await expect(table).not.toContainText('summary.');
  const results = page.getByTestId('compare-group-results');
  await expect(results.locator('tr').first()).toHaveText('Results');
  await expect(results.locator('th[data-key="summary.trainLoss"]')).toHaveText('training loss (full pass)');
  // 4 significant digits at most.
  const cells = await results.locator('tr', { has: page.locator('th[data-key="summary.trainLoss"]') }).locator('td').allInnerTexts();
  expect(cells).toHaveLength(2);
  for (const cell of cells) expect(cell.replace(/^0\.0*/, '').replace('.', ''), cell).toMatch(/^\d{1,4}$/);
  await shot(page, 'compare-en');

  // ---- a course measurement in History, and §6's verdict on a probability bound above 1
  await page.getByTestId('nav-course').click();
  await page.getByTestId('course-nav-6').click();
  await expect(page.getByTestId('course-section-title')).toContainText('§6');
  await page.getByTestId('course-seeds').selectOption('1');
  await page.getByTestId('course-run').click();
  await expect(page.getByTestId('course-run')).toBeEnabled({ timeout: 240_000 });
  await expect(page.getByTestId('course-verdicts').locator('[data-verdict="pending"]')).toHaveCount(0);
  const bound = page.getByTestId('course-check-summary-bound');
  await expect(bound).toContainText('bound ≥ 1 (vacuous)');
  await expect(bound).not.toContainText(/≤ \d{3,}/);
  await bound.scrollIntoViewIfNeeded();
  await shot(page, 'course6-en');
  await page.getByTestId('nav-history').click();
  // The shared database may hold §6 from another spec too: each of them is a measurement.
  const measurement = page.getByTestId('history-list').locator('li', { hasText: 'Course §6 · edge-count classifiers' }).first();
  await expect(measurement.locator('.kind-tag')).toHaveText('course measurement');

  // ---- a collapsed optimizer card's toggle has a name
  await page.getByTestId('nav-surface').click();
  const toggle = page.getByTestId('entry-0-toggle');
  if ((await toggle.getAttribute('aria-expanded')) === 'true') await toggle.click();
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
  await expect(toggle).toHaveAttribute('aria-label', /^Show the settings of .+/);
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-label', /^Hide the settings of .+/);
  // A saved race: History's line reads "Rosenbrock · start (−1.2, 1) · 300 steps · seed 1", lower case, one minus sign.
  await page.getByTestId('run-button').click();
  await expect(page.getByTestId('result-0')).toBeVisible();
  await page.getByTestId('save-name').fill('labels race');
  await page.getByTestId('save-button').click();
  await page.getByTestId('nav-history').click();
  await page.getByTestId('history-list').locator('li', { hasText: 'labels race' }).click();
  await expect(page.getByTestId('history-detail')).toContainText(/ · start \(.*\) · \d+ steps · seed \d+/);
  await expect(page.getByTestId('history-detail')).not.toContainText(/Steps|Seed|\(-|, -/);
  await expect(page.getByTestId('history-runs').locator('thead th')).toContainText(['final loss']);

  // ---- Chinese
  await page.getByTestId('locale-select').selectOption('zh-CN');
  await page.getByTestId('nav-history').click();
  // The course experiment reads in Chinese there too (课程 §6 · 按边缘数分类：…).
  const measurementZh = page.getByTestId('history-list').locator('li', { hasText: '课程 §6 · 按边缘数分类' }).first();
  await expect(measurementZh.locator('.kind-tag')).toHaveText('课程测量');
  await page.getByTestId('history-list').locator('li', { hasText: 'labels shallow' }).click();
  await expect(runs.locator('thead th')).toContainText(['训练损失', '训练准确率', '验证损失', '验证准确率']);
  await shot(page, 'history-zh');
  await page.getByTestId('nav-compare').click();
  await expect(page.getByTestId('compare-group-results').locator('tr').first()).toHaveText('结果');
  await expect(table.locator('th[data-key="summary.trainLoss"]')).toHaveText('训练损失（完整遍历）');
  await expect(table.locator('th[data-key="model"]')).toHaveText('网络层');
  await shot(page, 'compare-zh');
  await page.getByTestId('nav-course').click();
  await page.getByTestId('course-nav-6').click();
  await expect(page.getByTestId('course-check-summary-bound')).toContainText('上界 ≥ 1（无意义）');
  await page.getByTestId('course-check-summary-bound').scrollIntoViewIfNeeded();
  await shot(page, 'course6-zh');
  await page.getByTestId('nav-network').click();
  await expect(page.getByTestId('chart-net-grad')).toBeVisible();
  await shot(page, 'network-zh');

  expect(pageErrors).toEqual([]);
});
