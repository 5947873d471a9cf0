// The lecture course through web mode, in Chromium: the Course is the front door; every section's
// page in both languages (formulas typeset by KaTeX, no CSP violation, screenshots for a person to
// look at); §1 and §4 run for real in zh-CN on the pool with progress, their verdicts shown and
// counted in the sidebar (still there after a reload), the runs tagged in History, and a "try this"
// prompt opening the full lab with its experiment loaded.
import { expect, test, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { appUrl, collectPageErrors } from './helpers';

const screenshots = fileURLToPath(new URL('./screenshots/', import.meta.url));

async function openSection(page: Page, n: number) {
  await page.getByTestId(`course-nav-${n}`).click();
  await expect(page.getByTestId('course-section-title')).toContainText(`§${n}`);
}

/** Runs the open section with one seed and waits for every check's verdict. */
async function runSection(page: Page, n: number) {
  await page.getByTestId('course-seeds').selectOption('1');
  await page.getByTestId('course-run').click();
  await expect(page.getByTestId('course-progress')).toBeVisible();
  await expect(page.getByTestId('course-run')).toBeDisabled();
  await expect(page.getByTestId('course-run')).toBeEnabled({ timeout: 240_000 });
  const checks = page.getByTestId('course-verdicts').locator('[data-verdict]');
  const total = await checks.count();
  expect(total).toBeGreaterThan(0);
  await expect(page.getByTestId('course-verdicts').locator('[data-verdict="pending"]')).toHaveCount(0);
  return { checks, total, section: n };
}

test('the course is the front door; every section reads in both languages with its formulas typeset', async ({ page }) => {
  mkdirSync(screenshots, { recursive: true });
  const errors = collectPageErrors(page);
  await page.goto(appUrl());
  await expect(page.getByTestId('course')).toBeVisible();
  await expect(page.getByTestId('nav-course')).toHaveClass(/active/);
  await expect(page.getByTestId('nav')).not.toContainText('More labs are on the way');
  await expect(page.getByTestId('course-nav').locator('button')).toHaveCount(7);

  for (const [locale, suffix, title1] of [
    ['en', 'en', 'A general guide when training goes wrong'],
    ['zh-CN', 'zh', '机器学习任务攻略'],
  ] as const) {
    await page.getByTestId('locale-select').selectOption(locale);
    await expect(page.getByTestId('nav')).not.toContainText('更多实验即将推出');
    for (let n = 1; n <= 7; n += 1) {
      await openSection(page, n);
      if (n === 1) await expect(page.getByTestId('course-section-title')).toContainText(title1);
      // Display formulas are KaTeX's HTML (its fonts loaded), not TeX source.
      const formulas = page.getByTestId('course-formula');
      expect(await formulas.count()).toBeGreaterThan(0);
      await expect(formulas.first().locator('.katex-html')).toBeVisible();
      // Outside KaTeX's output no TeX source or stray $ is left in the prose.
      const prose = await page.getByTestId('course-lecture').evaluate((el) => {
        const copy = el.cloneNode(true) as HTMLElement;
        copy.querySelectorAll('.katex').forEach((k) => k.remove());
        return copy.textContent ?? '';
      });
      expect(prose).not.toMatch(/\\[a-zA-Z]+|\$/);
      await expect(page.getByTestId('course-lecture').locator('.katex-error')).toHaveCount(0);
      await expect(page.getByTestId('course-verdicts')).toBeVisible();
      await page.screenshot({ path: path.join(screenshots, `course-s${n}-${suffix}.png`), fullPage: true });
    }
  }
  // The dark theme too (the page's colours come from the theme variables).
  await page.getByTestId('theme-toggle').click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await openSection(page, 5);
  await page.screenshot({ path: path.join(screenshots, 'course-s5-zh-dark.png'), fullPage: true });
  await page.getByTestId('locale-select').selectOption('en');
  await openSection(page, 1);
  await page.screenshot({ path: path.join(screenshots, 'course-s1-en-dark.png'), fullPage: true });
  await page.getByTestId('theme-toggle').click();

  const fontsLoaded = await page.evaluate(async () => {
    await document.fonts.ready;
    return [...document.fonts].filter((f) => f.family.includes('KaTeX') && f.status === 'loaded').length;
  });
  expect(fontsLoaded).toBeGreaterThan(0);
  // No CSP violation or other console error on any section.
  expect(errors).toEqual([]);
});

test('§1 and §4 run in zh-CN: progress, verdicts, sidebar progress after a reload, History tags, try this', async ({ page }) => {
  test.setTimeout(600_000);
  const errors = collectPageErrors(page);
  await page.goto(appUrl());
  await page.getByTestId('locale-select').selectOption('zh-CN');
  await expect(page.getByTestId('nav-course')).toContainText('课程');

  const results: { section: number; passed: number; total: number }[] = [];
  for (const n of [1, 4]) {
    await openSection(page, n);
    const { checks, total } = await runSection(page, n);
    const passed = await page.getByTestId('course-verdicts').locator('[data-verdict="pass"]').count();
    // Each verdict says ✓ or ✗ in words with its measured numbers.
    for (let i = 0; i < total; i += 1) {
      const summary = checks.nth(i).locator('[data-testid^="course-check-summary-"]');
      await expect(summary).toContainText(/已复现|未复现/);
      await expect(summary).toContainText(/\d/);
    }
    await expect(page.getByTestId('course-verdict-count')).toHaveText(`已复现 ${passed}/${total}`);
    await expect(page.getByTestId(`course-nav-progress-${n}`)).toHaveText(`${passed}/${total}`);
    results.push({ section: n, passed, total });
  }
  // The lecture's claims hold with the sections' settings (seed 1).
  expect(results).toEqual(results.map((r) => ({ ...r, passed: r.total })));

  // The §1 depth check draws its stored runs.
  await openSection(page, 1);
  await expect(page.getByTestId('course-curves-depth')).toBeVisible();

  // Remembered: the sidebar's progress comes from the stored verdicts.
  await page.reload();
  for (const r of results) await expect(page.getByTestId(`course-nav-progress-${r.section}`)).toHaveText(`${r.passed}/${r.total}`);

  // The course's runs are in History, tagged with their section.
  await page.getByTestId('nav-history').click();
  await expect(page.getByTestId('history-list')).toContainText('Course §1');
  await expect(page.getByTestId('history-list')).toContainText('Course §4');

  // "Try this" opens the full lab with the prompt's experiment loaded.
  await openSection(page, 4);
  const tries = page.getByTestId('course-try').locator('[data-testid^="course-try-open-"]');
  expect(await tries.count()).toBeGreaterThan(0);
  await tries.first().click();
  await expect(page.getByTestId('course')).toBeHidden();
  const surface = page.getByTestId('surface-lab');
  const network = page.getByTestId('network-lab');
  await expect(surface.or(network)).toBeVisible();
  if (await surface.isVisible()) {
    await expect(page.getByTestId('opened-banner')).toContainText('Course §4');
    await expect(page.getByTestId('entry-0')).toBeVisible();
  }
  expect(errors).toEqual([]);
});
