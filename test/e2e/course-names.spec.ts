// A course experiment's name in the page's language, in web mode in Chromium: §3 runs in zh-CN and
// its experiments read "课程 §3 · 批次大小：每轮时间与验证准确率" in History (list and detail, its
// runs "B = 4 · 种子 1") and Compare's run list (found by its Chinese name too); in English they read
// as stored, "Course §3 · batch size: …", "batch-4 · seed 1". So do the course's progress line while it
// trains and the Hessian page's run list. (Course runs train outside the Live-runs queue, so that page, which
// shows names the same way, never lists them.)
// Screenshot: test/e2e/artifacts/course-names-history-zh.png.
import { expect, test } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { appUrl, collectPageErrors } from './helpers';

const artifacts = fileURLToPath(new URL('./artifacts/', import.meta.url));
const BATCH = { zh: '课程 §3 · 批次大小：每轮时间与验证准确率', en: 'Course §3 · batch size: time per epoch and validation accuracy' };
const BUMP = { zh: '课程 §3 · 动量越过鼓包', en: 'Course §3 · momentum over a bump' };

test('course experiments read in the page’s language in History and Compare', async ({ page }) => {
  test.setTimeout(300_000);
  mkdirSync(artifacts, { recursive: true });
  const errors = collectPageErrors(page);
  await page.goto(appUrl());
  await page.getByTestId('locale-select').selectOption('zh-CN');
  await page.getByTestId('nav-course').click();
  await page.getByTestId('course-nav-3').click();
  await expect(page.getByTestId('course-section-title')).toContainText('§3');
  await page.getByTestId('course-seeds').selectOption('1');
  await page.getByTestId('course-run').click();
  // The progress line names the run training in Chinese too: "B = 16 · 种子 1" (the course's "batch-16 · seed 1").
  await expect(page.getByTestId('course-progress')).toContainText(/B = \d+ · 种子 1/, { timeout: 60_000 });
  await expect(page.getByTestId('course-progress')).not.toContainText('seed');
  await expect(page.getByTestId('course-run')).toBeEnabled({ timeout: 240_000 });
  await expect(page.getByTestId('course-verdicts').locator('[data-verdict="pending"]')).toHaveCount(0);

  // History: the list and the detail in Chinese; the stored (English) name still finds the runs.
  await page.getByTestId('nav-history').click();
  const list = page.getByTestId('history-list');
  await expect(list.locator('.list-title', { hasText: BUMP.zh }).first()).toBeVisible();
  const item = list.locator('.list-title', { hasText: BATCH.zh }).first();
  await item.click();
  await expect(page.getByTestId('history-name')).toHaveText(BATCH.zh);
  await expect(list.locator('.list-title', { hasText: 'Course §' })).toHaveCount(0);
  // Its runs by role and seed: "B = 4 · 种子 1" (stored "batch-4 · seed 1").
  const labels = page.getByTestId('history-runs').locator('[data-testid^="history-run-label-"]');
  await expect(labels).toHaveText(['B = 4 · 种子 1', 'B = 16 · 种子 1', 'B = 64 · 种子 1', 'B = 1024 · 种子 1']);
  await page.screenshot({ path: path.join(artifacts, 'course-names-history-zh.png'), fullPage: true });

  // Compare's run list: the experiment's group in Chinese, found by its Chinese name.
  await page.getByTestId('nav-compare').click();
  await page.getByTestId('compare-filter').fill('批次大小');
  await expect(page.locator('.pick-title', { hasText: BATCH.zh }).first()).toBeVisible();
  await expect(page.locator('.pick-title', { hasText: BUMP.zh })).toHaveCount(0);
  await expect(page.locator('.pick', { hasText: 'B = 1024 · 种子 1' }).first()).toBeVisible();

  // The Hessian page's run list too.
  await page.getByTestId('nav-analysis').click();
  await expect(page.getByTestId('analysis-run').locator('option', { hasText: `${BATCH.zh} · B = 1024 · 种子 1` })).toHaveCount(1);
  await page.getByTestId('nav-compare').click();

  // English: as stored.
  await page.getByTestId('locale-select').selectOption('en');
  await page.getByTestId('compare-filter').fill('batch size: time per epoch');
  await expect(page.locator('.pick-title', { hasText: BATCH.en }).first()).toBeVisible();
  await page.getByTestId('nav-history').click();
  await expect(list.locator('.list-title', { hasText: BATCH.en }).first()).toBeVisible();
  await expect(page.getByTestId('history-name')).toHaveText(BATCH.en);
  await expect(labels).toHaveText(['batch-4 · seed 1', 'batch-16 · seed 1', 'batch-64 · seed 1', 'batch-1024 · seed 1']);
  expect(errors).toEqual([]);
});
