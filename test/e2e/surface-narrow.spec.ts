// A small laptop's window (1024 × 700) and wider ones: in the error-surface lab the map stays in
// view beside the optimizer cards while the last card's η is edited, and the sticky Run bar does not
// cover the field being edited; in the Network lab a refused experiment file is shown beside the
// Import button — in view, every bad field on its own line, no generic "something went wrong".
import { expect, test, type Locator, type Page } from '@playwright/test';
import { appUrl, collectPageErrors, openNetworkLab } from './helpers';

test.setTimeout(60_000);

async function box(locator: Locator) {
  const b = await locator.boundingBox();
  if (!b) throw new Error('not laid out');
  return b;
}

/** Visible height of an element inside the window. */
async function visibleHeight(page: Page, locator: Locator): Promise<number> {
  const b = await box(locator);
  const height = page.viewportSize()!.height;
  return Math.max(0, Math.min(b.y + b.height, height) - Math.max(b.y, 0));
}

async function openSurfaceWithSixCards(page: Page) {
  await page.goto(appUrl());
  await page.getByTestId('locale-select').selectOption('en');
  await page.getByTestId('nav-surface').click();
  await page.getByTestId('surface-lab').waitFor({ state: 'visible' });
  await page.getByTestId('race-all').click();
  await expect(page.getByTestId('entry-5')).toBeVisible();
  await expect(page.getByTestId('race-all')).toHaveText('Race the 6 classics');
}

for (const size of [
  { width: 1024, height: 700 },
  { width: 1400, height: 900 },
  { width: 1920, height: 1080 },
]) {
  test(`at ${size.width} × ${size.height} the map stays in view while the last card's η is edited`, async ({ page }) => {
    const errors = collectPageErrors(page);
    await page.setViewportSize(size);
    await openSurfaceWithSixCards(page);
    const lr = page.getByTestId('field-entries.5.optimizer.lr');
    // The raced cards come folded: open the last one.
    await expect(async () => {
      if (!(await lr.isVisible())) await page.getByTestId('entry-5-toggle').click();
      await expect(lr).toBeVisible({ timeout: 2000 });
    }).toPass({ timeout: 20_000 });
    await lr.scrollIntoViewIfNeeded();
    await lr.focus();
    await lr.fill('0.002');
    const map = page.getByTestId('chart-surface');
    // Most of the map is on screen, beside (not below) the cards.
    expect(await visibleHeight(page, map)).toBeGreaterThan(Math.min(400, size.height * 0.6));
    expect((await box(map)).x).toBeGreaterThan((await box(lr)).x + (await box(lr)).width);
    // The focused field is clear of the sticky Run bar, which is one slim line.
    const bar = await box(page.getByTestId('run-bar'));
    const field = await box(lr);
    expect(field.y + field.height).toBeLessThanOrEqual(bar.y);
    expect(bar.height).toBeLessThan(100);
    await page.screenshot({ path: test.info().outputPath(`surface-${size.width}-light.png`) });
    await page.getByTestId('theme-toggle').click();
    await page.screenshot({ path: test.info().outputPath(`surface-${size.width}-dark.png`) });
    await page.getByTestId('theme-toggle').click();
    expect(errors).toEqual([]);
  });
}

test('at 1024 × 700 a refused experiment file is shown in view beside Import, every bad field listed', async ({ page }) => {
  await page.setViewportSize({ width: 1024, height: 700 });
  const errors = collectPageErrors(page);
  await openNetworkLab(page);
  const importButton = page.getByTestId('spec-import');
  await importButton.scrollIntoViewIfNeeded();
  const bad = { name: 'bad', data: {}, model: [{ dense: 0 }], optimizer: { name: 'adam', lr: 'fast' }, colour: 'red' };
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), importButton.click()]);
  await chooser.setFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(bad)) });
  const problem = page.getByTestId('import-problem');
  await expect(problem).toBeFocused();
  await expect(problem).toBeInViewport({ ratio: 0.9 });
  await expect(problem.locator('p').first()).toHaveText('Did not open bad.json: 4 fields are not valid.');
  const lines = await problem.locator('li').allInnerTexts();
  expect(lines.map((l) => l.split(': ')[0]).sort()).toEqual(['colour', 'data.source', 'model.0.dense', 'optimizer.lr']);
  expect(lines).toContain('optimizer.lr: expected a number');
  await expect(problem).not.toContainText(/went wrong/i);
  await expect(page.getByTestId('notice-error')).toHaveCount(0);
  await page.screenshot({ path: test.info().outputPath('import-problem-en.png') });
  // Worded again in Chinese, the same fields.
  await page.getByTestId('locale-select').selectOption('zh-CN');
  await expect(problem.locator('p').first()).toHaveText('未打开 bad.json：有 4 个字段无效。');
  await expect(problem.locator('li')).toHaveCount(4);
  await expect(problem).toContainText('optimizer.lr: 应为数字');
  await page.screenshot({ path: test.info().outputPath('import-problem-zh.png') });
  await page.getByTestId('locale-select').selectOption('en');
  expect(errors).toEqual([]);
});
