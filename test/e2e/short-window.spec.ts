// A small laptop's window (1024 × 700): every sidebar entry, the language select and the theme
// switch can be reached and used — the sidebar scrolls inside itself when it is taller than the window.
import { expect, test, type Page } from '@playwright/test';
import { appUrl, collectPageErrors } from './helpers';

test.use({ viewport: { width: 1024, height: 700 } });

/** The page's theme as the settings store sets it (the e2e tsconfig has no DOM types). */
const theme = (page: Page) =>
  page.evaluate(() => (globalThis as unknown as { document: { documentElement: { dataset: Record<string, string> } } }).document.documentElement.dataset.theme);

test('at 1024 × 700 the last sidebar entries, the language and the theme are reachable', async ({ page }) => {
  const errors = collectPageErrors(page);
  await page.goto(appUrl());
  const nav = page.getByTestId('nav');
  // The sidebar never grows past the window: what does not fit scrolls inside it.
  const box = await nav.boundingBox();
  expect(box?.height ?? Infinity).toBeLessThanOrEqual(700);

  await page.getByTestId('locale-select').selectOption('en');
  await page.getByTestId('nav-about').click();
  await expect(page).toHaveURL(/#\/about/);
  await page.getByTestId('nav-compare').click();
  await expect(page).toHaveURL(/#\/compare/);
  const before = await theme(page);
  await page.getByTestId('theme-toggle').click();
  const after = await theme(page);
  expect(after).not.toBe(before);
  await page.getByTestId('locale-select').selectOption('zh-CN');
  await expect(page.getByTestId('nav-compare')).toContainText('对比');
  await page.getByTestId('theme-toggle').click();
  await page.getByTestId('locale-select').selectOption('en');
  expect(errors).toEqual([]);
});
