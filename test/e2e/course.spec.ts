// The lecture course through web mode, in Chromium: §1 and §4 run for real in zh-CN on the pool with
// progress, their verdicts shown and counted in the sidebar (still there after a reload), the runs
// tagged in History, and "try this" prompts opening the Surface, Batch-size, Bound and minimum-ratio
// labs with their experiment loaded.
// Then every section's page in both languages and both themes — the Course as the front door,
// formulas typeset by KaTeX, no console or CSP error — with its verdicts, as screenshots for a person
// to look at (test/e2e/screenshots/course-s1-en.png … course-s7-zh.png).
// Last, Stop during a run (Run is Stop while it runs; the last verdicts stay), and a verdict whose
// runs were deleted in History (its chart skipped, with a line saying so).
import { expect, test, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { appUrl, collectPageErrors } from './helpers';

const screenshots = fileURLToPath(new URL('./screenshots/', import.meta.url));

/** The lecture's element as the page script uses it (the tests type-check without the DOM library). */
interface LectureNode {
  cloneNode(deep: boolean): LectureNode;
  querySelectorAll(selector: string): { forEach(each: (node: { remove(): void }) => void): void };
  textContent: string | null;
}

async function openSection(page: Page, n: number) {
  await page.getByTestId(`course-nav-${n}`).click();
  await expect(page.getByTestId('course-section-title')).toContainText(`§${n}`);
}

/** Runs the open section with one seed (the E2E's budget) and waits for every check's verdict. */
async function runSection(page: Page) {
  await page.getByTestId('course-seeds').selectOption('1');
  await page.getByTestId('course-run').click();
  await expect(page.getByTestId('course-progress')).toBeVisible();
  // (While it runs, Run is Stop: see the last test; a one-seed section may be done before a check here.)
  await expect(page.getByTestId('course-run')).toBeEnabled({ timeout: 240_000 });
  const verdicts = page.getByTestId('course-verdicts');
  await expect(verdicts.locator('[data-verdict="pending"]')).toHaveCount(0);
  const total = await verdicts.locator('[data-verdict]').count();
  expect(total).toBeGreaterThan(0);
  return { total, passed: await verdicts.locator('[data-verdict="pass"]').count() };
}

test('§1 and §4 run in zh-CN: progress, verdicts, sidebar progress after a reload, History tags, try this', async ({ page }) => {
  test.setTimeout(600_000);
  const errors = collectPageErrors(page);
  await page.goto(appUrl());
  await page.getByTestId('locale-select').selectOption('zh-CN');
  await expect(page.getByTestId('nav-course')).toContainText('课程');

  const results: { section: number; passed: number; total: number }[] = [];
  for (const n of [1, 4]) {
    await openSection(page, n);
    await expect(page.getByTestId(`course-nav-progress-${n}`)).toHaveText(/^0\/\d+$/);
    const { total, passed } = await runSection(page);
    // Each verdict says ✓ or ✗ in words, with its measured numbers.
    const summaries = page.getByTestId('course-verdicts').locator('[data-testid^="course-check-summary-"]');
    await expect(summaries).toHaveCount(total);
    for (let i = 0; i < total; i += 1) {
      await expect(summaries.nth(i)).toContainText(/已复现|未复现/);
      await expect(summaries.nth(i)).toContainText(/\d/);
    }
    await expect(page.getByTestId('course-verdict-count')).toHaveText(`已复现 ${passed}/${total}`);
    await expect(page.getByTestId(`course-nav-progress-${n}`)).toHaveText(`${passed}/${total}`);
    results.push({ section: n, passed, total });
  }
  // The lecture's claims hold with the sections' settings.
  expect(results).toEqual(results.map((r) => ({ ...r, passed: r.total })));

  // The §1 depth check draws its stored runs (shallow, deep plain, deep residual); the U curve its sweep.
  await openSection(page, 1);
  await expect(page.getByTestId('course-curves-depth')).toBeVisible();
  await expect(page.getByTestId('course-curves-depth').locator('canvas').first()).toBeVisible();
  await expect(page.getByTestId('course-curves-u-curve').locator('canvas').first()).toBeVisible();

  // Remembered: the sidebar's progress comes from the stored verdicts.
  await page.reload();
  for (const r of results) await expect(page.getByTestId(`course-nav-progress-${r.section}`)).toHaveText(`${r.passed}/${r.total}`);

  // The course's runs are in History, tagged with their section.
  await page.getByTestId('nav-history').click();
  await expect(page.getByTestId('history-list')).toContainText('Course §1');
  await expect(page.getByTestId('history-list')).toContainText('Course §4');

  // "Try this" opens the full lab with the prompt's experiment loaded: GD on the ravine at two rates.
  await openSection(page, 4);
  await page.getByTestId('course-try-open-gd-over-limit').click();
  await expect(page.getByTestId('surface-lab')).toBeVisible();
  await expect(page.getByTestId('opened-banner')).toContainText('Course §4');
  await expect(page.getByTestId('fn-select')).toHaveValue('ravine');
  await expect(page.getByTestId('entry-0')).toBeVisible();
  await expect(page.getByTestId('entry-1')).toBeVisible();
  await expect(page.getByTestId('entry-2')).toHaveCount(0);

  // Into the batch-size and bound labs, whose forms take the prompt's request.
  await page.getByTestId('nav-course').click();
  await openSection(page, 3);
  await page.getByTestId('course-try-open-more-epochs').click();
  await expect(page.getByTestId('batch-lab')).toBeVisible();
  await expect(page.getByTestId('batch-epochs')).toHaveValue('30');
  await expect(page.getByTestId('batch-sizes')).toHaveValue('8, 32, 128, 1024');
  await page.getByTestId('nav-course').click();
  await openSection(page, 6);
  await page.getByTestId('course-try-open-tiny-h').click();
  await expect(page.getByTestId('bound-h')).toHaveValue('3000');
  await expect(page.getByTestId('bound-n')).toHaveValue('200');
  // And into the minimum-ratio study, whose form lives in the analysis store.
  await page.getByTestId('nav-course').click();
  await openSection(page, 2);
  await page.getByTestId('course-try-open-wider-nets').click();
  await expect(page.getByTestId('mr-widths')).toHaveValue('12, 16');
  await expect(page.getByTestId('mr-seeds')).toHaveValue('3');
  expect(errors).toEqual([]);
});

test('the course is the front door; every section reads in both languages with its formulas typeset', async ({ page }) => {
  test.setTimeout(600_000);
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
      // Sections the first test did not run are run here, so every screenshot shows its verdicts.
      if ((await page.getByTestId('course-verdicts').locator('[data-verdict="pending"]').count()) > 0) await runSection(page);
      // Display formulas are KaTeX's HTML, not TeX source; outside them no TeX or stray $ is left.
      const formulas = page.getByTestId('course-formula');
      expect(await formulas.count()).toBeGreaterThan(0);
      await expect(formulas.first().locator('.katex-html')).toBeVisible();
      const prose = await page.getByTestId('course-lecture').evaluate((el) => {
        const copy = (el as unknown as LectureNode).cloneNode(true);
        copy.querySelectorAll('.katex').forEach((k) => k.remove());
        return copy.textContent ?? '';
      });
      expect(prose).not.toMatch(/\\[a-zA-Z]+|\$/);
      await expect(page.getByTestId('course-lecture').locator('.katex-error')).toHaveCount(0);
      await expect(page.getByTestId('course-experiments').locator('[data-testid^="course-experiment-"]').first()).toBeVisible();
      await page.screenshot({ path: path.join(screenshots, `course-s${n}-${suffix}.png`), fullPage: true });
    }
  }

  // The dark theme too (the page's colours come from the theme variables).
  await page.getByTestId('theme-toggle').click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await openSection(page, 4);
  await page.screenshot({ path: path.join(screenshots, 'course-s4-zh-dark.png'), fullPage: true });
  await page.getByTestId('locale-select').selectOption('en');
  await openSection(page, 1);
  await page.screenshot({ path: path.join(screenshots, 'course-s1-en-dark.png'), fullPage: true });
  await page.getByTestId('theme-toggle').click();

  const fontsLoaded = await page.evaluate(async () => {
    const { fonts } = (globalThis as unknown as { document: { fonts: Iterable<{ family: string; status: string }> & { ready: Promise<unknown> } } }).document;
    await fonts.ready;
    return [...fonts].filter((f) => f.family.includes('KaTeX') && f.status === 'loaded').length;
  });
  expect(fontsLoaded).toBeGreaterThan(0);
  // No CSP violation or other console error on any section.
  expect(errors).toEqual([]);
});

test('Stop ends a running section without a verdict; a verdict whose runs were deleted in History skips their chart', async ({ page }) => {
  test.setTimeout(300_000);
  const errors = collectPageErrors(page);
  await page.goto(appUrl());
  await page.getByTestId('locale-select').selectOption('en');
  await openSection(page, 1);
  // §1 ran in the first test: its verdicts are the ones a stopped run must leave in place.
  const before = await page.getByTestId('course-verdict-count').textContent();
  await page.getByTestId('course-seeds').selectOption('5');
  await page.getByTestId('course-run').click();
  await page.getByTestId('course-stop').click();
  await expect(page.getByTestId('course-run')).toBeEnabled({ timeout: 60_000 });
  await expect(page.getByTestId('course-stopped')).toContainText('§1 was stopped');
  await expect(page.getByTestId('course-verdict-count')).toHaveText(before ?? '');
  await page.getByTestId('course-stopped').screenshot({ path: path.join(screenshots, 'course-stopped-en.png') });

  // Delete every stored "shallow vs deep" experiment (the finished run's and the stopped one's).
  await page.getByTestId('nav-history').click();
  const depth = page.getByTestId('history-list').locator('li', { hasText: 'Course §1 · shallow vs deep plain' });
  for (let left = await depth.count(); left > 0; left -= 1) {
    await depth.first().click();
    await page.getByTestId('history-delete').click();
    await page.getByTestId('confirm-ok').click();
    await expect(depth).toHaveCount(left - 1);
  }
  expect(await page.getByTestId('history-list').locator('li', { hasText: 'Course §1' }).count()).toBeGreaterThan(0);
  await page.getByTestId('nav-course').click();
  await openSection(page, 1);
  await expect(page.getByTestId('course-runs-deleted-depth')).toContainText('“shallow”');
  await expect(page.getByTestId('course-curves-depth')).toHaveCount(0);
  await expect(page.getByTestId('course-check-depth')).toHaveAttribute('data-verdict', 'pass');
  await page.getByTestId('course-check-depth').screenshot({ path: path.join(screenshots, 'course-runs-deleted-en.png') });
  // The other checks' runs are still there and drawn.
  await expect(page.getByTestId('course-curves-u-curve').locator('canvas').first()).toBeVisible();
  await expect(page.getByTestId('course-runs-deleted-u-curve')).toHaveCount(0);
  expect(errors).toEqual([]);
});
