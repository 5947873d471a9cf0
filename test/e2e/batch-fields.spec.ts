// The batch-size lab flags every unusable field at once, each outlined and explained under itself
// (an empty item and a repeated size in the list too), in English and Chinese; and the "back to
// the defaults" notice of a lab stays on that lab's page.
import { expect, test } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { appUrl, collectPageErrors } from './helpers';

const artifacts = fileURLToPath(new URL('./artifacts/', import.meta.url));

test('batch lab: all bad fields flagged at once; a page notice stays on its page', async ({ page }) => {
  mkdirSync(artifacts, { recursive: true });
  const pageErrors = collectPageErrors(page);
  await page.goto(appUrl());
  await page.getByTestId('locale-select').selectOption('en');
  await page.getByTestId('nav-batch').click();

  await page.getByTestId('batch-sizes').fill('8, 0, abc');
  await page.getByTestId('batch-epochs').fill('2.5');
  await page.getByTestId('batch-lr').fill('-1');
  await page.getByTestId('batch-threads').fill('abc');
  for (const f of ['sizes', 'epochs', 'lr', 'threads']) {
    await expect(page.getByTestId(`batch-${f}-error`)).toBeVisible();
    await expect(page.getByTestId(`batch-${f}`)).toHaveAttribute('aria-invalid', 'true');
  }
  await expect(page.getByTestId('batch-sizes-error')).toContainText('“0”');
  await expect(page.getByTestId('batch-seed-error')).toHaveCount(0);
  await expect(page.getByTestId('batch-run')).toBeDisabled();
  await page.screenshot({ path: path.join(artifacts, 'batch-fields-en.png') });

  await page.getByTestId('batch-sizes').fill('8,,16');
  await expect(page.getByTestId('batch-sizes-error')).toHaveText('Batch sizes: an empty item between two commas — remove the extra comma');
  await page.getByTestId('batch-sizes').fill('8, 8');
  await expect(page.getByTestId('batch-sizes-error')).toHaveText('Batch sizes: 8 is given twice — give each size once');
  await page.getByTestId('locale-select').selectOption('zh-CN');
  await expect(page.getByTestId('batch-sizes-error')).toHaveText('批次大小：8 填了两次——每个大小只填一次');
  await page.screenshot({ path: path.join(artifacts, 'batch-fields-zh.png') });
  await page.getByTestId('locale-select').selectOption('en');

  // ---- Reset to defaults: the notice is about this lab, so it goes when another page shows
  await page.getByTestId('draft-reset-batch').click();
  const notice = page.getByTestId('notice-success').filter({ hasText: 'The batch-size lab is back to its defaults.' });
  await expect(notice).toBeVisible();
  await expect(page.getByTestId('batch-sizes-error')).toHaveCount(0);
  await expect(page.getByTestId('batch-run')).toBeEnabled();
  await page.getByTestId('nav-about').click();
  await expect(notice).toHaveCount(0);
  expect(pageErrors).toEqual([]);
});
