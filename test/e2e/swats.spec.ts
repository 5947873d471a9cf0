// SWATS in the error-surface lab: the results table reports its phase, and the γₖ/Λ chart shows
// why the paper's switch test rarely fires on a 2-D surface.
import { expect, test } from '@playwright/test';
import { appUrl, collectPageErrors } from './helpers';

test('SWATS shows γₖ and Λ after a race', async ({ page }) => {
  const pageErrors = collectPageErrors(page);
  await page.goto(appUrl());
  await page.getByTestId('locale-select').selectOption('en');
  await page.getByTestId('nav-surface').click();
  await page.getByTestId('fn-select').selectOption('w1w2');
  while ((await page.getByTestId('entry-0').count()) > 0) await page.getByTestId('entry-0-remove').click();
  await page.getByTestId('add-entry').click();
  await page.getByTestId('entry-0-optimizer').selectOption('swats');
  await page.getByTestId('field-entries.0.optimizer.lr').fill('0.01');
  await page.getByTestId('run-button').click();
  await expect(page.getByTestId('result-0')).toContainText('phase');
  await expect(page.getByTestId('chart-swats')).toBeVisible();
  await expect(page.getByTestId('chart-swats')).toContainText('switchEps');
  expect(pageErrors).toEqual([]);
});
