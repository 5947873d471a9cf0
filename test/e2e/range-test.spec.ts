// The LR range test in the error-surface lab: plain GD on the ravine x²/10 + 10y². Every lr above
// 0.1 makes |1 − 20·lr| > 1, so the suggested rate must lie below 0.1; "use this rate" writes it
// into the optimizer's field.
import { expect, test } from '@playwright/test';
import { appUrl, collectPageErrors, openNetworkLab } from './helpers';

test('LR range test on the ravine suggests a stable rate and applies it', async ({ page }) => {
  const pageErrors = collectPageErrors(page);
  await page.goto(appUrl());
  await page.getByTestId('locale-select').selectOption('en');
  await page.getByTestId('nav-surface').click();
  await page.getByTestId('fn-select').selectOption('ravine');
  while ((await page.getByTestId('entry-0').count()) > 0) await page.getByTestId('entry-0-remove').click();
  await page.getByTestId('add-entry').click();
  await page.getByTestId('entry-0-optimizer').selectOption('sgd');

  await page.getByTestId('range-min').fill('1e-4');
  await page.getByTestId('range-max').fill('1');
  await page.getByTestId('range-steps').fill('200');
  await page.getByTestId('range-run').click();
  await expect(page.getByTestId('chart-range')).toBeVisible();
  const text = (await page.getByTestId('range-suggestion').innerText()).replace(/\s+/g, ' ');
  const suggested = Number(/([0-9.]+(?:e-?\d+)?)/i.exec(text.slice(text.search(/\d/)))![1]);
  expect(suggested).toBeGreaterThan(1e-4);
  expect(suggested).toBeLessThan(0.1);

  await page.getByTestId('range-use').click();
  const lr = Number(await page.getByTestId('field-entries.0.optimizer.lr').inputValue());
  expect(lr).toBeGreaterThan(1e-4);
  expect(lr).toBeLessThan(0.1);
  await page.screenshot({ path: 'test/e2e/artifacts/range-test.png', fullPage: true });
  expect(pageErrors).toEqual([]);
});

test('LR range test in the network lab: the curve, a suggestion inside the range, applied to the optimizer', async ({ page }) => {
  const pageErrors = collectPageErrors(page);
  await openNetworkLab(page);
  await page.getByTestId('source-select').selectOption('spiral');
  await page.getByTestId('optimizer-select').selectOption('sgd');

  // A range that ends far past what SGD on this MLP survives, so the curve climbs at its end.
  await page.getByTestId('range-min').fill('1e-4');
  await page.getByTestId('range-max').fill('100');
  await page.getByTestId('range-steps').fill('150');
  // A backwards range is refused before anything is sent.
  await page.getByTestId('range-max').fill('1e-5');
  await expect(page.getByTestId('range-run')).toBeDisabled();
  await page.getByTestId('range-max').fill('100');
  await page.getByTestId('range-run').click();
  await expect(page.getByTestId('chart-range')).toBeVisible();
  await expect(page.getByTestId('range-suggestion')).toBeVisible();
  await page.getByTestId('range-use').click();
  const lr = Number(await page.getByTestId('field-optimizer.lr').inputValue());
  expect(lr).toBeGreaterThan(1e-4);
  expect(lr).toBeLessThan(100);

  await page.getByTestId('locale-select').selectOption('zh-CN');
  await expect(page.getByTestId('range-test')).toContainText('学习率范围测试');
  await page.screenshot({ path: 'test/e2e/artifacts/range-test-network-zh.png', fullPage: true });
  expect(pageErrors).toEqual([]);
});
