// The Network lab through web mode, in Chromium: a 2-class spiral with a 2-32-32-2 ReLU MLP (the
// preview, an inline refusal, a live decision boundary, final accuracy), the run in History after a
// reload, Chinese labels, dark theme, and a short digits run with its confusion matrix.
import { expect, test, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { collectPageErrors, openNetworkLab } from './helpers';

const artifacts = fileURLToPath(new URL('./artifacts/', import.meta.url));

const percent = async (page: Page, testid: string) => Number((await page.getByTestId(testid).innerText()).replace('%', '').trim());

test('the network lab, end to end', async ({ page }) => {
  mkdirSync(artifacts, { recursive: true });
  const pageErrors = collectPageErrors(page);

  await openNetworkLab(page);

  // ---- spiral, 2 classes, low noise: the preview shows 1,000 points with 2 features
  await page.getByTestId('source-select').selectOption('spiral');
  await page.getByTestId('field-data.classes').fill('2');
  await page.getByTestId('field-data.noise').fill('0.05');
  await expect(page.getByTestId('data-facts')).toContainText('1000 samples · 2 features · classes: 2');
  await expect(page.getByTestId('chart-data').locator('.chart-empty')).toHaveCount(0);
  await expect(page.getByTestId('boundary-hint')).toContainText('appears here');

  // ---- the 2-32-32-2 ReLU preset; Adam at 0.01; 15 epochs
  await page.getByTestId('preset-select').selectOption('mlp');
  await expect(page.getByTestId('layer-1')).toBeVisible();
  await expect(page.getByTestId('layer-2')).toHaveCount(0);
  await expect(page.getByTestId('field-model.0.units')).toHaveValue('32');
  await page.getByTestId('field-epochs').fill('15');
  await page.getByTestId('field-optimizer.lr').fill('0.01');
  await page.getByTestId('run-name').fill('spiral mlp');

  // ---- bad values are refused inline and block Run: a dropout of 1.5, a non-numeric rate
  await page.getByTestId('add-layer-dropout').click();
  await page.getByTestId('field-model.2.rate').fill('1.5');
  await expect(page.getByTestId('error-model.2.rate')).toHaveText('Must be < 1.');
  await page.getByTestId('field-optimizer.lr').fill('fast');
  await expect(page.getByTestId('error-optimizer.lr')).toHaveText('“fast” is not a number.');
  await expect(page.getByTestId('run-button')).toBeDisabled();
  await expect(page.getByTestId('run-blocked')).toBeVisible();
  await page.getByTestId('layer-2-remove').click();
  await page.getByTestId('field-optimizer.lr').fill('0.01');
  await expect(page.getByTestId('run-blocked')).toHaveCount(0);

  // ---- run: progress, curves, the boundary under the points, final accuracy
  await page.getByTestId('run-button').click();
  await expect(page.getByTestId('run-progress')).toBeVisible();
  await expect(page.getByTestId('progress-epoch')).toHaveText('epoch 15 / 15');
  await expect(page.getByTestId('boundary-hint')).toContainText('the class the network picks');
  await expect(page.getByTestId('chart-net-loss')).toBeVisible();
  await expect(page.getByTestId('chart-net-accuracy')).toBeVisible();
  await expect(page.getByTestId('final-metrics')).toBeVisible();
  // Arms 2π/2 apart with σ = 0.05 noise barely overlap (Bayes accuracy ≈ 1) and a 2-32-32-2 ReLU
  // net can bend around 1.5 turns: > 90 % training accuracy in 15 epochs (measured: 97 %).
  expect(await percent(page, 'final-train-accuracy')).toBeGreaterThan(90);
  expect(await percent(page, 'final-val-accuracy')).toBeGreaterThan(85);
  await expect(page.getByTestId('chart-confusion')).toBeVisible();
  await expect(page.getByTestId('run-button')).toHaveText('Run again with changes');
  await page.screenshot({ path: path.join(artifacts, 'network-lab.png'), fullPage: true });

  // ---- the builder stays filled
  await expect(page.getByTestId('field-epochs')).toHaveValue('15');
  await expect(page.getByTestId('layer-1')).toBeVisible();

  // ---- reload: the run is in History as a network experiment
  await page.reload();
  await page.getByTestId('nav-history').click();
  const item = page.getByTestId('history-list').locator('li', { hasText: 'spiral mlp' });
  await expect(item).toBeVisible();
  await expect(item).toContainText('network');
  await item.click();
  await expect(page.getByTestId('history-detail')).toContainText('Spiral (2-D)');
  await expect(page.getByTestId('history-runs')).toContainText('completed');
  await expect(page.getByTestId('history-runs')).toContainText('%');
  await page.screenshot({ path: path.join(artifacts, 'network-history.png'), fullPage: true });

  // ---- open it back in the lab: the builder is filled from the stored spec
  await page.getByTestId('history-open').click();
  await expect(page.getByTestId('network-lab')).toBeVisible();
  await expect(page.getByTestId('run-name')).toHaveValue('spiral mlp');
  await expect(page.getByTestId('field-epochs')).toHaveValue('15');

  // ---- digits for two epochs: images in the preview, a 10 × 10 confusion matrix
  await page.getByTestId('source-select').selectOption('digits');
  await expect(page.getByTestId('data-facts')).toContainText('64 features · classes: 10');
  await page.getByTestId('preset-select').selectOption('mlp');
  await page.getByTestId('field-epochs').fill('2');
  await page.getByTestId('run-name').fill('digits quick');
  await page.getByTestId('run-button').click();
  await expect(page.getByTestId('progress-epoch')).toHaveText('epoch 2 / 2');
  await expect(page.getByTestId('chart-confusion')).toBeVisible();
  expect(await percent(page, 'final-val-accuracy')).toBeGreaterThan(50);
  await page.screenshot({ path: path.join(artifacts, 'network-digits.png'), fullPage: true });

  // ---- Chinese labels, then the dark theme
  await page.getByTestId('locale-select').selectOption('zh-CN');
  await expect(page.getByTestId('nav-network')).toContainText('网络训练实验');
  await expect(page.getByTestId('network-lab')).toContainText('混淆矩阵');
  await expect(page.getByTestId('run-button')).toHaveText('修改后再次运行');
  await page.screenshot({ path: path.join(artifacts, 'network-digits-zh.png'), fullPage: true });
  await page.getByTestId('source-select').selectOption('spiral');
  await page.getByTestId('theme-toggle').click();
  await page.screenshot({ path: path.join(artifacts, 'network-lab-zh-dark.png'), fullPage: true });
  await page.getByTestId('theme-toggle').click();
  await page.getByTestId('locale-select').selectOption('en');

  expect(pageErrors).toEqual([]);
});
