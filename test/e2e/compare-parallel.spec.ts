// Compare's parallel coordinates with many differing settings, in both languages and both themes:
// three spiral runs that differ in learning rate, batch size, samples and epochs give five axes
// whose names (the settings table's) break into lines over their axes instead of running into each
// other or being cut with '…' (the geometry is unit-tested on a real ECharts in charts-compare.test.ts).
// Screenshots for a person to look at: test/e2e/artifacts/parallel-{en,zh}-{light,dark}.png.
import { expect, test, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { collectPageErrors, openNetworkLab } from './helpers';

const artifacts = fileURLToPath(new URL('./artifacts/', import.meta.url));
const stamp = Date.now().toString(36);

async function train(page: Page, name: string, o: { lr: string; batchSize: string; samples: string; epochs: string }) {
  await page.getByTestId('field-data.samples').fill(o.samples);
  await page.getByTestId('field-optimizer.lr').fill(o.lr);
  await page.getByTestId('field-batchSize').fill(o.batchSize);
  await page.getByTestId('field-epochs').fill(o.epochs);
  await page.getByTestId('run-name').fill(name);
  await page.getByTestId('run-button').click();
  await expect(page.getByTestId('final-metrics')).toContainText(name, { timeout: 120_000 });
}

async function setTheme(page: Page, theme: 'light' | 'dark') {
  if ((await page.locator('html').getAttribute('data-theme')) !== theme) await page.getByTestId('theme-toggle').click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
}

test('parallel coordinates with five axes read in both languages and themes', async ({ page }) => {
  test.setTimeout(300_000);
  mkdirSync(artifacts, { recursive: true });
  const errors = collectPageErrors(page);
  await openNetworkLab(page);
  await page.getByTestId('source-select').selectOption('spiral');
  await page.getByTestId('preset-select').selectOption('shallow');
  await train(page, `par a ${stamp}`, { lr: '0.01', batchSize: '16', samples: '200', epochs: '2' });
  await train(page, `par b ${stamp}`, { lr: '0.1', batchSize: '64', samples: '400', epochs: '3' });
  await train(page, `par c ${stamp}`, { lr: '0.001', batchSize: '32', samples: '300', epochs: '4' });

  await page.getByTestId('nav-compare').click();
  await page.getByTestId('compare-filter').fill(stamp);
  const boxes = page.locator('[data-testid^="compare-run-"]');
  await expect(boxes).toHaveCount(3);
  for (const box of await boxes.all()) await box.check();
  const parallel = page.getByTestId('chart-compare-parallel');
  await expect(parallel.locator('canvas').first()).toBeVisible();
  for (const [locale, theme] of [['en', 'light'], ['zh-CN', 'dark'], ['en', 'dark'], ['zh-CN', 'light']] as const) {
    await page.getByTestId('locale-select').selectOption(locale);
    await setTheme(page, theme);
    await parallel.scrollIntoViewIfNeeded();
    await page.mouse.move(5, 5);
    await page.waitForTimeout(500);
    await parallel.screenshot({ path: path.join(artifacts, `parallel-${locale.slice(0, 2)}-${theme}.png`) });
  }
  await page.getByTestId('locale-select').selectOption('en');
  await setTheme(page, 'light');
  expect(errors).toEqual([]);
});
