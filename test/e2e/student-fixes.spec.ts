// What a student hit, checked in the real renderer in Chromium (web mode): the lecture's 100k-step
// η = 1e-7 crawl arrives thinned and renders within a second without freezing the page (long tasks
// measured with the Long Tasks API), a short race, a network run, a course section's run and Compare
// with many runs stay free of long tasks too, a surface change re-tunes the
// learning rates the student left alone, a click near the saddle snaps to it, and every page in
// the dark theme (screenshots under test/e2e/screenshots/dark-*.png).
import { expect, test, type Page } from '@playwright/test';
import { mkdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { appUrl, collectPageErrors } from './helpers';

const screenshots = fileURLToPath(new URL('./screenshots/', import.meta.url));

/**
 * The longest main-thread task we accept while a race arrives, renders and plays, a network
 * trains, a course section runs, or Compare draws many runs. The product aims at 50 ms. What is
 * left after the display budgets is one chart's own drawing per task (charts take turns,
 * renderer/charts/schedule.ts) and a playback frame's compositing: on this two-core machine the
 * longest measured 55–110 ms with little else running (load average ~3; the 100k race itself had
 * none over 50 ms) and 65–120 ms at a load average of 6–7, where the cores are shared with other
 * work (one run at a load of 4.7 with builds beside it: 167 ms), so the bound is 180 ms. A page that
 * draws every point fails it by far: before the display budgets a 100k-step playback frame took
 * seconds; and before the playback overlays, a short race whose every frame re-ran the map's whole
 * update had 23 tasks over 50 ms, the longest 228 ms, on a quiet machine. The figures and the load
 * average print on every run.
 */
const MAX_LONG_TASK_MS = 180;
/** From the race's answer reaching the page to its results and charts on screen: the product's second. */
const MAX_RENDER_MS = 1000;

type LongTask = { start: number; duration: number };
/** The page's window as these scripts use it (the e2e tsconfig has no DOM types). */
type PageWindow = { longTasks: LongTask[] };
declare const window: PageWindow;
declare const requestAnimationFrame: (callback: () => void) => void;
declare const PerformanceObserver: new (callback: (list: { getEntries(): { startTime: number; duration: number }[] }) => void) => {
  observe(options: { type: string; buffered: boolean }): void;
};

async function recordLongTasks(page: Page) {
  await page.addInitScript(() => {
    window.longTasks = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) window.longTasks.push({ start: entry.startTime, duration: entry.duration });
    }).observe({ type: 'longtask', buffered: true });
  });
}

declare const requestIdleCallback: (callback: () => void, options: { timeout: number }) => void;
/** Waits until the page is idle (what it was still drawing is not the measured work), then forgets its long tasks. */
const clearLongTasks = (page: Page) =>
  page.evaluate(() => new Promise<void>((resolve) => requestIdleCallback(() => resolve(void (window.longTasks.length = 0)), { timeout: 3000 })));
const longTasks = (page: Page) => page.evaluate(() => window.longTasks);
const longest = (list: LongTask[]) => Math.round(Math.max(0, ...list.map((t: LongTask) => t.duration)));
/** "n long tasks, longest m ms", with the load average, for the log. */
const described = (list: LongTask[]) => `${list.length} long tasks, longest ${longest(list)} ms (load ${loadavg()[0]!.toFixed(1)})`;

async function openSurfaceLab(page: Page) {
  await page.goto(appUrl());
  await page.getByTestId('locale-select').selectOption('en');
  await page.getByTestId('nav-surface').click();
  await expect(page.getByTestId('surface-lab')).toBeVisible();
  await expect(page.getByTestId('entry-0')).toBeVisible();
}

test('the 100k-step race at η = 1e-7 arrives thinned, renders within a second and plays without long tasks', async ({ page }) => {
  const errors = collectPageErrors(page);
  await recordLongTasks(page);
  await openSurfaceLab(page);
  await page.getByTestId('fn-select').selectOption('rosenbrock');
  await page.getByTestId('entry-0-optimizer').selectOption('sgd');
  await page.getByTestId('field-entries.0.optimizer.lr').fill('1e-7');
  await page.getByTestId('steps').fill('100000');
  await expect(page.getByTestId('run-button')).toBeEnabled();

  // When the race's answer reaches the page, on the wall clock both sides share, and how big it is:
  // thinned for display at its source, not 100 001 points (8 MB of JSON) per entry.
  let answeredAt = 0;
  let answerBytes = 0;
  page.on('websocket', (ws) => ws.on('framereceived', (frame) => {
    const text = String(frame.payload);
    if (text.includes('"total":100001')) [answeredAt, answerBytes] = [Date.now(), text.length];
  }));
  await page.reload();
  await expect(page.getByTestId('entry-0')).toBeVisible();
  await expect(page.getByTestId('steps')).toHaveValue('100000');
  await expect(page.getByTestId('chart-surface').locator('canvas').first()).toBeVisible();
  await clearLongTasks(page);
  const clickedAt = await page.evaluate(() => performance.now());
  await page.getByTestId('run-button').click();
  await expect(page.getByTestId('result-0')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('chart-loss').locator('canvas').first()).toBeVisible();
  await expect(page.getByTestId('thinned-note')).toContainText('100001');
  const [shownAt, shownWall] = await page.evaluate(
    () => new Promise<[number, number]>((resolve) => requestAnimationFrame(() => resolve([performance.now(), Date.now()]))),
  );
  const renderMs = shownWall - answeredAt;
  // Playback runs about four seconds; let it play to the end.
  await expect(page.getByTestId('step-label')).toContainText('100000 / 100000', { timeout: 20_000 });
  const tasks = await longTasks(page);
  const arrival = tasks.filter((t: LongTask) => t.start < shownAt);
  const playing = tasks.filter((t: LongTask) => t.start >= shownAt);
  console.log(
    `100k race: engine ${await page.getByTestId('run-done').textContent()}; answer ${Math.round(answerBytes / 1024)} kB; ` +
      `on screen ${renderMs} ms after it arrived (${Math.round(shownAt - clickedAt)} ms after the click); ` +
      `while it arrived ${described(arrival)}; while it played ${described(playing)}`,
  );
  expect(answeredAt).toBeGreaterThan(0);
  expect(answerBytes).toBeLessThan(1_000_000);
  expect(renderMs).toBeLessThan(MAX_RENDER_MS);
  expect(longest(arrival)).toBeLessThan(MAX_LONG_TASK_MS);
  expect(longest(playing)).toBeLessThan(MAX_LONG_TASK_MS);
  // η = 1e-7 never arrives: the result says so with a finite, barely moved loss.
  await expect(page.getByTestId('result-0')).toContainText('completed');

  // The map's CSV still has every step: the full race is fetched for it.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('chart-surface-csv').click()]);
  const csv = readFileSync((await download.path())!, 'utf8').trim().split(/\r\n/);
  expect(csv).toHaveLength(1 + 100_001);
  expect(csv.at(-1)).toMatch(/^sgd,100000,/);
  expect(errors).toEqual([]);
});

test('a short race of six optimizers and a network training run keep the page free of long tasks', async ({ page }) => {
  const errors = collectPageErrors(page);
  await recordLongTasks(page);
  await openSurfaceLab(page);
  await page.getByTestId('fn-select').selectOption('rosenbrock');
  await page.getByTestId('steps').fill('300');
  await page.getByTestId('race-all').click();
  await expect(page.getByTestId('entry-5')).toBeVisible();
  await clearLongTasks(page);
  await page.getByTestId('run-button').click();
  await expect(page.getByTestId('result-5')).toBeVisible();
  await expect(page.getByTestId('step-label')).toContainText('/ 300');
  await expect(page.getByTestId('play-button')).toHaveText('Play', { timeout: 20_000 });
  const race = await longTasks(page);

  await page.getByTestId('nav-network').click();
  await expect(page.getByTestId('network-lab')).toBeVisible();
  await page.getByTestId('field-epochs').fill('15');
  await clearLongTasks(page);
  await page.getByTestId('run-button').click();
  await expect(page.getByTestId('progress-epoch')).toHaveText('epoch 15 / 15', { timeout: 120_000 });
  await expect(page.getByTestId('final-metrics')).toBeVisible();
  const training = await longTasks(page);
  console.log(`short race: ${described(race)}; network run: ${described(training)}`);
  expect(longest(race)).toBeLessThan(MAX_LONG_TASK_MS);
  expect(longest(training)).toBeLessThan(MAX_LONG_TASK_MS);
  expect(errors).toEqual([]);
});

test('a course section run and Compare with many runs keep the page free of long tasks', async ({ page }) => {
  test.setTimeout(400_000);
  const errors = collectPageErrors(page);
  await recordLongTasks(page);
  await page.goto(appUrl());
  await page.getByTestId('locale-select').selectOption('en');
  await page.getByTestId('nav-course').click();
  await page.getByTestId('course-nav-1').click();
  await expect(page.getByTestId('course-section-title')).toContainText('§1');
  await page.getByTestId('course-seeds').selectOption('1');
  await clearLongTasks(page);
  await page.getByTestId('course-run').click();
  await expect(page.getByTestId('course-progress')).toBeVisible();
  await expect(page.getByTestId('course-run')).toBeEnabled({ timeout: 300_000 });
  await expect(page.getByTestId('course-verdicts').locator('[data-verdict="pending"]')).toHaveCount(0);
  const course = await longTasks(page);

  // The section's runs (and any earlier spec's) side by side: as many as Compare takes, up to 12.
  await page.getByTestId('nav-compare').click();
  const boxes = page.locator('[data-testid^="compare-run-"]');
  await expect(boxes.first()).toBeVisible();
  const count = Math.min(await boxes.count(), 12);
  expect(count).toBeGreaterThanOrEqual(4);
  await clearLongTasks(page);
  for (let i = 0; i < count; i++) await boxes.nth(i).check();
  await expect(page.getByTestId('chart-compare-metric').locator('canvas').first()).toBeVisible();
  await page.getByTestId('compare-x').selectOption('step');
  await page.getByTestId('compare-smoothing').fill('0.6');
  await page.waitForTimeout(1500);
  const compare = await longTasks(page);
  console.log(`course §1 run: ${described(course)}; Compare of ${count} runs: ${described(compare)}`);
  expect(longest(course)).toBeLessThan(MAX_LONG_TASK_MS);
  expect(longest(compare)).toBeLessThan(MAX_LONG_TASK_MS);
  expect(errors).toEqual([]);
});

test('a surface change re-tunes the untouched learning rate and keeps the edited one', async ({ page }) => {
  const errors = collectPageErrors(page);
  await openSurfaceLab(page);
  await page.getByTestId('fn-select').selectOption('rosenbrock');
  await page.getByTestId('entry-0-optimizer').selectOption('sgdm');
  await expect(page.getByTestId('field-entries.0.optimizer.lr')).toHaveValue('0.001');
  await page.getByTestId('add-entry').click();
  await page.getByTestId('entry-1-optimizer').selectOption('adam');
  await expect(page.getByTestId('field-entries.1.optimizer.lr')).toHaveValue('0.1');
  await page.getByTestId('field-entries.1.optimizer.lr').fill('0.2');

  await page.getByTestId('fn-select').selectOption('ravine');
  // Ravine's suggested SGDM rate (main/engine/surfaces/functions.ts) replaces Rosenbrock's.
  await expect(page.getByTestId('field-entries.0.optimizer.lr')).toHaveValue('0.01');
  await expect(page.getByTestId('entry-0-lr-note')).toContainText('0.01');
  await expect(page.getByTestId('field-entries.1.optimizer.lr')).toHaveValue('0.2');
  await expect(page.getByTestId('entry-1-lr-note')).toContainText('kept');

  // The re-tuned race runs without diverging.
  await page.getByTestId('run-button').click();
  await expect(page.getByTestId('result-0')).toContainText('completed');
  expect(errors).toEqual([]);
});

test('a click a few pixels from the saddle of w₁w₂ analyses the saddle itself', async ({ page }) => {
  const errors = collectPageErrors(page);
  await openSurfaceLab(page);
  await page.getByTestId('fn-select').selectOption('w1w2');
  await page.getByTestId('click-mode-analyse').click();
  const canvas = page.getByTestId('chart-surface').locator('canvas').first();
  await expect(canvas).toBeVisible();
  await page.waitForTimeout(300);
  const box = (await canvas.boundingBox())!;
  // The map's grid (renderer/charts/surface.ts): left 52, right 18, top 14, bottom 44; window ±2.5.
  const px = (x: number) => box.x + 52 + ((x + 2.5) / 5) * (box.width - 70);
  const py = (y: number) => box.y + 14 + ((2.5 - y) / 5) * (box.height - 58);
  // (0, 0.05) is about 4 px above the saddle: without snapping it reads "not a critical point".
  await page.mouse.click(px(0), py(0.05));
  await expect(page.getByTestId('snapped')).toContainText('(0, 0)');
  await expect(page.getByTestId('hessian-kind')).toContainText('Saddle');
  // Far from any critical point no snap happens.
  await page.mouse.click(px(1.2), py(-1.6));
  await expect(page.getByTestId('snapped')).toHaveCount(0);
  await expect(page.getByTestId('hessian-kind')).toContainText('Not a critical point');
  expect(errors).toEqual([]);
});

test('every page in the dark theme', async ({ page }) => {
  mkdirSync(screenshots, { recursive: true });
  const errors = collectPageErrors(page);
  await page.goto(appUrl());
  await page.getByTestId('locale-select').selectOption('en');
  if ((await page.locator('html').getAttribute('data-theme')) !== 'dark') await page.getByTestId('theme-toggle').click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  // A race first, so the surface lab shows its charts.
  await page.getByTestId('nav-surface').click();
  await page.getByTestId('run-button').click();
  await expect(page.getByTestId('result-0')).toBeVisible();
  // Saving says so beside the button, not only in a notice that goes away.
  await page.getByTestId('save-name').fill('dark theme race');
  await page.getByTestId('save-button').click();
  await expect(page.getByTestId('save-confirm')).toContainText('dark theme race');
  // A second race at half the rate, so Compare has two runs to overlay.
  await page.getByTestId('field-entries.0.optimizer.lr').fill('0.0005');
  await page.getByTestId('run-button').click();
  await expect(page.getByTestId('run-done')).toBeVisible();
  await page.getByTestId('save-name').fill('dark theme race, half the rate');
  await page.getByTestId('save-button').click();
  await expect(page.getByTestId('save-confirm')).toContainText('half the rate');
  for (const name of ['course', 'surface', 'network', 'batch', 'bound', 'analysis', 'dashboard', 'history', 'compare', 'about']) {
    await page.getByTestId(`nav-${name}`).click();
    // Compare with the two saved runs chosen, so its charts and settings table show in the dark theme.
    // Earlier specs share the database, so the list may hold more runs than Compare takes (20): filter to these two.
    if (name === 'compare') {
      await page.getByTestId('compare-filter').fill('dark theme race');
      const boxes = page.locator('[data-testid^="compare-run-"]');
      await expect(boxes).toHaveCount(2);
      for (const box of await boxes.all()) await box.check();
    }
    await page.waitForTimeout(900);
    await page.mouse.move(5, 5);
    await page.evaluate(() => (globalThis as unknown as { scrollTo(x: number, y: number): void }).scrollTo(0, 0));
    await page.screenshot({ path: `${screenshots}dark-${name}.png`, fullPage: false });
    expect(errors, name).toEqual([]);
  }
  expect(errors).toEqual([]);
});
