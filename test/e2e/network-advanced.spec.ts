// The Network lab's Advanced section in Chromium (web mode): L2, early stopping and 3-fold
// cross-validation on a small spiral, a bad value refused inline, the cross-validation summary
// after the run; then a second run fine-tuned from the first run's weights, picked in the select;
// the first experiment reopened from History with its advanced settings.
import { expect, test } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { collectPageErrors, openNetworkLab } from './helpers';

const artifacts = fileURLToPath(new URL('./artifacts/', import.meta.url));

test('the network lab’s Advanced section: cross-validation, regularization, fine-tuning', async ({ page }) => {
  mkdirSync(artifacts, { recursive: true });
  const pageErrors = collectPageErrors(page);

  await openNetworkLab(page);

  await page.getByTestId('source-select').selectOption('spiral');
  await page.getByTestId('field-data.samples').fill('300');
  await page.getByTestId('preset-select').selectOption('shallow');
  await page.getByTestId('field-epochs').fill('4');
  await page.getByTestId('run-name').fill('spiral cv');

  // ---- closed by default; opening it shows the fields with their explanations
  await expect(page.getByTestId('field-l2')).toBeHidden();
  await page.getByTestId('advanced-toggle').click();
  await expect(page.getByTestId('advanced-card')).toContainText('N-fold cross-validation');
  await page.getByTestId('field-l2').fill('0.001');
  await page.getByTestId('field-earlyStopping').check();
  await page.getByTestId('field-earlyStopping.patience').fill('2');

  // ---- bad values refused inline, naming the field, and Run blocked
  await page.getByTestId('field-split.folds').fill('1');
  await expect(page.getByTestId('error-split.folds')).toHaveText('Use 0 (off) or a whole number from 2 to 20.');
  await page.getByTestId('field-l2').fill('-1');
  await expect(page.getByTestId('error-l2')).toHaveText('Must be ≥ 0.');
  await expect(page.getByTestId('run-button')).toBeDisabled();
  await page.getByTestId('field-l2').fill('0.001');
  await page.getByTestId('field-split.folds').fill('3');
  await expect(page.getByTestId('run-blocked')).toHaveCount(0);

  // ---- run: three folds, then the final run; the summary shows mean ± std over the folds
  await page.getByTestId('run-button').click();
  await expect(page.getByTestId('final-metrics')).toBeVisible({ timeout: 120_000 });
  await expect(page.getByTestId('cv-summary')).toContainText('Cross-validation (3 folds)');
  await expect(page.getByTestId('cv-loss')).toHaveText(/Validation loss \S+ ± \S+/);
  await expect(page.getByTestId('cv-accuracy')).toHaveText(/Validation accuracy [\d.]+ % ± [\d.]+ %/);
  // The final run trains on all non-test rows, so its confusion matrix is over the training data.
  await expect(page.getByTestId('chart-confusion')).toContainText('training data');
  await page.screenshot({ path: path.join(artifacts, 'network-advanced-cv.png'), fullPage: true });
  const first = await page.getByTestId('final-metrics').innerText();

  // ---- fine-tune: same model, folds off, start from the first run's weights
  await page.getByTestId('field-split.folds').fill('0');
  await page.getByTestId('field-init').selectOption('fromRun');
  await expect(page.getByTestId('run-button')).toBeDisabled();
  await expect(page.getByTestId('error-init.fromRun')).toHaveText('Enter a value.');
  const runSelect = page.getByTestId('field-init.fromRun');
  // The experiment's final run (trained on all its training data), not one of its folds.
  const final = runSelect.locator('option', { hasText: 'spiral cv — final' });
  await expect(final).toHaveCount(1);
  const value = await final.getAttribute('value');
  await runSelect.selectOption(value!);
  await expect(page.getByTestId('error-init.fromRun')).toHaveCount(0);
  await page.getByTestId('run-name').fill('spiral fine-tuned');
  await page.getByTestId('run-button').click();
  await expect(page.getByTestId('final-metrics')).toContainText('spiral fine-tuned', { timeout: 120_000 });
  await expect(page.getByTestId('final-metrics')).toContainText('completed');
  await expect(page.getByTestId('cv-summary')).toHaveCount(0);
  expect(await page.getByTestId('final-metrics').innerText()).not.toEqual(first);

  // ---- reopened from History, the section opens with the stored settings filled in
  await page.getByTestId('nav-history').click();
  await page.getByTestId('history-list').locator('li', { hasText: 'spiral cv' }).click();
  await page.getByTestId('history-open').click();
  await expect(page.getByTestId('network-lab')).toBeVisible();
  await expect(page.getByTestId('field-split.folds')).toBeVisible();
  await expect(page.getByTestId('field-split.folds')).toHaveValue('3');
  await expect(page.getByTestId('field-l2')).toHaveValue('0.001');
  await expect(page.getByTestId('field-earlyStopping.patience')).toHaveValue('2');

  // ---- the section in Chinese
  await page.getByTestId('locale-select').selectOption('zh-CN');
  await expect(page.getByTestId('advanced-card')).toContainText('高级设置');
  await page.getByTestId('advanced-card').screenshot({ path: path.join(artifacts, 'network-advanced-zh.png') });
  await page.getByTestId('locale-select').selectOption('en');

  expect(pageErrors).toEqual([]);
});
