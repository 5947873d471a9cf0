// The analysis labs through web mode, in Chromium: the generalization-bound lab's sliders (the N
// needed from the hand formula N ≥ ln(2|H|/p)/(2ε²)), then a small network trained in the Network
// lab and analysed — Hessian spectrum with pool progress, loss beside gradient norm, the loss
// landscape plane and its 3-D view — and the minimum-ratio study with its saddle escape, in both languages.
import { expect, test } from '@playwright/test';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { appUrl, collectPageErrors } from './helpers';

const artifacts = fileURLToPath(new URL('./artifacts/', import.meta.url));

test('bound lab sliders, then a saved run analysed and the minimum-ratio study', async ({ page }) => {
  mkdirSync(artifacts, { recursive: true });
  const pageErrors = collectPageErrors(page);
  await page.goto(appUrl());
  await page.getByTestId('locale-select').selectOption('en');

  // ---- bound lab: ln(2·10000/0.1)/(2·0.1²) = 610.3 → 611; ε = 0.05 → 2441.2 → 2442; |H| = 100 → ln(2000)/0.005 = 1520.2 → 1521
  await page.getByTestId('nav-bound').click();
  await expect(page.getByTestId('bound-stats')).toContainText('needs N ≥ 611');
  await page.getByTestId('bound-epsilon').fill('0.05');
  await expect(page.getByTestId('bound-stats')).toContainText('needs N ≥ 2442');
  await page.getByTestId('bound-h').fill('100');
  await expect(page.getByTestId('bound-stats')).toContainText('needs N ≥ 1521');
  await expect(page.getByTestId('bound-curve-chart')).toBeVisible();

  // ---- a small run: moons, one hidden layer of 8 → 2·8 + 8 + 8·2 + 2 = 42 parameters
  await page.getByTestId('nav-network').click();
  await page.getByTestId('source-select').selectOption('moons');
  await page.getByTestId('field-data.samples').fill('200');
  await page.getByTestId('preset-select').selectOption('shallow');
  await page.getByTestId('field-model.0.units').fill('8');
  await page.getByTestId('field-epochs').fill('10');
  await page.getByTestId('run-name').fill('analysis e2e');
  await page.getByTestId('run-button').click();
  await expect(page.getByTestId('final-metrics')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('chart-net-grad')).toBeVisible(); // loss beside ‖g‖ in the lab too

  // ---- the Analysis page on it
  await page.getByTestId('nav-analysis').click();
  await expect(page.getByTestId('analysis-run')).toContainText('analysis e2e');
  await expect(page.getByTestId('analysis-grad')).toBeVisible(); // loss beside ‖g‖, as soon as a run is picked
  await page.getByTestId('analysis-go').click();
  await expect(page.getByTestId('analysis-stats')).toContainText('42 parameters', { timeout: 60_000 });
  await expect(page.getByTestId('analysis-stats')).toContainText('minimum ratio');
  await expect(page.getByTestId('analysis-spectrum')).toBeVisible();
  await expect(page.getByTestId('analysis-line')).toBeVisible();
  await page.getByTestId('plane-resolution').fill('11');
  await page.getByTestId('analysis-plane-go').click();
  await expect(page.getByTestId('analysis-plane')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('analysis-surface')).toBeVisible();

  // ---- minimum-ratio study: 2 widths × 2 seeds, the scatter, an escape curve, CSV
  await page.getByTestId('mr-widths').fill('2, 3');
  await page.getByTestId('mr-seeds').fill('2');
  await page.getByTestId('mr-go').click();
  await expect(page.getByTestId('mr-summary')).toContainText('4 networks', { timeout: 120_000 });
  await expect(page.getByTestId('mr-scatter')).toBeVisible();
  await expect(page.getByTestId('mr-escape')).toBeVisible();
  const download = page.waitForEvent('download');
  await page.getByTestId('mr-scatter-csv').click();
  const file = await (await download).path();
  const csv = readFileSync(file!, 'utf8').trim().split(/\r?\n/);
  expect(csv[0]).toBe('width,seed,params,trained_loss,loss,gradient_norm,newton_steps,minimum_ratio,negative,lowest,highest,kind,curvature');
  expect(csv).toHaveLength(5);
  // w = 2: 1·2+2 + 2·2+2 + 2·1+1 = 13 parameters
  expect(csv[1]!.split(',').slice(0, 3)).toEqual(['2', '1', '13']);
  await page.getByTestId('mr-widths').fill('2, x');
  await expect(page.getByTestId('mr-go')).toBeDisabled();
  await page.screenshot({ path: path.join(artifacts, 'analysis.png'), fullPage: true });

  // ---- zh-CN
  await page.getByTestId('locale-select').selectOption('zh-CN');
  await expect(page.getByTestId('min-ratio')).toContainText('最小值比例研究');
  await expect(page.getByTestId('analysis-grad')).toContainText('梯度范数');
  await page.screenshot({ path: path.join(artifacts, 'analysis-zh.png'), fullPage: true });

  expect(pageErrors).toEqual([]);
});
