// The batch-size lab through web mode, in Chromium: a bad batch-size list is refused inline, a
// small study (spiral, 3 batch sizes, 3 epochs) runs with a progress line per batch size and fills
// the four charts and the table; then the page in Chinese.
import { expect, test } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { appUrl, collectPageErrors } from './helpers';

const artifacts = fileURLToPath(new URL('./artifacts/', import.meta.url));

test('the batch-size lab, end to end', async ({ page }) => {
  mkdirSync(artifacts, { recursive: true });
  const pageErrors = collectPageErrors(page);

  await page.goto(appUrl());
  await page.getByTestId('locale-select').selectOption('en');
  await page.getByTestId('nav-batch').click();
  await expect(page.getByTestId('batch-lab')).toBeVisible();
  await expect(page.getByTestId('batch-update-chart').locator('.chart-empty')).toHaveCount(1);

  await page.getByTestId('batch-sizes').fill('8, zero');
  await expect(page.getByTestId('batch-sizes-error')).toContainText('“zero”');
  await expect(page.getByTestId('batch-run')).toBeDisabled();

  await page.getByTestId('batch-data').selectOption('spiral');
  await page.getByTestId('batch-sizes').fill('256, 16, 64');
  await page.getByTestId('batch-epochs').fill('3');
  await expect(page.getByTestId('batch-sizes-error')).toHaveCount(0);
  await page.getByTestId('batch-run').click();

  await expect(page.getByTestId('batch-stats')).toBeVisible({ timeout: 120_000 });
  const progress = page.getByTestId('batch-progress').locator('li');
  await expect(progress).toHaveCount(5); // noise, B = 16, 64, 256, all done
  await expect(progress.nth(1)).toContainText('B = 16 done (1/3)');
  await expect(progress.nth(3)).toContainText('B = 256 done (3/3)');
  await expect(progress.nth(4)).toContainText('stored as experiment');
  const rows = page.getByTestId('batch-table').locator('tbody tr');
  await expect(rows).toHaveCount(3);
  // ⌈n/B⌉ updates per epoch, n the training samples the page reports.
  const stats = await page.getByTestId('batch-stats').innerText();
  const n = Number(/(\d+) training/.exec(stats)![1]);
  for (const [i, b] of [16, 64, 256].entries()) {
    await expect(rows.nth(i).locator('td').nth(0)).toHaveText(String(b));
    await expect(rows.nth(i).locator('td').nth(1)).toHaveText(String(Math.ceil(n / b)));
    await expect(rows.nth(i)).toContainText('completed');
  }
  for (const id of ['batch-update-chart', 'batch-epoch-chart', 'batch-accuracy-chart', 'batch-noise-chart']) {
    await expect(page.getByTestId(id).locator('.chart-empty')).toHaveCount(0);
    await expect(page.getByTestId(id).locator('canvas').first()).toBeVisible();
  }
  const download = page.waitForEvent('download');
  await page.getByTestId('batch-noise-chart-csv').click();
  expect((await download).suggestedFilename()).toMatch(/\.csv$/);
  await page.screenshot({ path: path.join(artifacts, 'batch-lab.png'), fullPage: true });

  await page.getByTestId('locale-select').selectOption('zh-CN');
  await expect(page.getByTestId('batch-lab')).toContainText('批次大小实验');
  await expect(page.getByTestId('batch-update-chart')).toContainText('每次更新的时间');
  await page.screenshot({ path: path.join(artifacts, 'batch-lab-zh.png'), fullPage: true });

  expect(pageErrors).toEqual([]);
});
