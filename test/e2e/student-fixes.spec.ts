// What a student hit, checked in the real renderer in Chromium (web mode): the lecture's 100k-step
// η = 1e-7 crawl arrives thinned and renders within a second without freezing the page (long tasks
// measured with the Long Tasks API), a short race, a network run, a course section's run and Compare
// with many runs stay free of long tasks too, a surface change re-tunes the
// learning rates the student left alone, a click near the saddle snaps to it, and every page in
// the dark theme (screenshots under test/e2e/screenshots/dark-*.png).
import { expect, test, type Page } from '@playwright/test';
import { mkdirSync, readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { appUrl, collectPageErrors } from './helpers';
import { recordLongTasks, type LongTask } from './long-tasks';

const screenshots = fileURLToPath(new URL('./screenshots/', import.meta.url));

/**
 * The product's budget is no main-thread task over 50 ms while a race arrives, renders and plays,
 * a network trains, a course section runs, or Compare draws many runs. Two measures hold it:
 *
 * - Each task's CPU time on the page's main thread (a Chromium trace's RunTask events, their
 *   thread time): under 50 ms while the load average is at most the cores, else under 50 × load /
 *   cores, at most 65 (the bound before the warm-up below). A task's thread time grows with the
 *   load on this VM: the same Compare of 12 runs took 31–32 ms alone at load 3 and 51 in a whole
 *   suite at load 2.8, a network run 35 and 48. A page's first line chart took 45–60 ms of CPU in one task here
 *   (ECharts' and zrender's code running, and so compiled, for the first time; a later chart of
 *   the same kind 20–30 ms): the page now draws one offscreen at start-up, a feature per idle
 *   moment (renderer/charts/warm-up.ts), and the longest tasks measure 26–41 ms (loads 2.8–7.8; the
 *   thread's CPU time still grows with the load, the cores' caches being shared).
 * - Each task's wall time, from the Long Tasks API: under 65 ms on a machine with cores to spare,
 *   else under 65 ms × 1.5 × (load average / cores), at most 250 ms. Wall time is the CPU time plus
 *   waiting: a frame's task waits for the compositor thread's commit (software compositing here,
 *   no GPU), 32 ms in one chart frame at a load of 1.5, and a thread that gets a share c/l of a
 *   core takes l/c times as long: at a load of 7 on two cores the traced tasks over 50 ms of wall
 *   time took 8–50 ms of CPU, the rest waiting (one of 199 ms at a load of 6.6).
 *
 * Either fails a page that does too much in one task: before these changes a course §1 run had a
 * task of 73 ms of CPU (117 ms wall, load 2.2: a first chart paying for the fallback-font lookups
 * of 国 and 10⁻⁹, 45–60 ms each, renderer/components/echarts.ts) and a short race one of 52 ms;
 * without the chart warm-up a short race had one of 54 ms and a course §1 run one of 60 ms (load
 * 3.5–4.7); with the display budgets off (the 100k race sent and drawn whole) 19 tasks took over
 * 50 ms of CPU, the longest 516 ms. The figures and the load average print on every run.
 */
const MAX_TASK_CPU_MS = 50;
/** The CPU bound at the present load (see above). */
const maxTaskCpuMs = () => Math.round(Math.min(65, MAX_TASK_CPU_MS * Math.max(1, loadavg()[0]! / availableParallelism())));
const MAX_TASK_WALL_MS = 65;
/** The wall-time bound at the present load (see above). */
const maxLongTaskMs = () => Math.round(Math.min(250, MAX_TASK_WALL_MS * Math.max(1, (1.5 * loadavg()[0]!) / availableParallelism())));
/** From the race's answer reaching the page to its results and charts on screen: the product's second. */
const MAX_RENDER_MS = 1000;

/** The page's window as these scripts use it (the e2e tsconfig has no DOM types). */
type PageWindow = { longTasks: LongTask[] };
declare const window: PageWindow;
declare const requestAnimationFrame: (callback: () => void) => void;


declare const requestIdleCallback: (callback: () => void, options: { timeout: number }) => void;
/** Waits until the page is idle (what it was still drawing is not the measured work), then forgets its long tasks. */
const clearLongTasks = (page: Page) =>
  page.evaluate(() => new Promise<void>((resolve) => requestIdleCallback(() => resolve(void (window.longTasks.length = 0)), { timeout: 3000 })));
const longTasks = (page: Page) => page.evaluate(() => window.longTasks);
const longest = (list: LongTask[]) => Math.round(Math.max(0, ...list.map((t: LongTask) => t.duration)));
/** "n long tasks, longest m ms", with the load average, for the log. */
const described = (list: LongTask[]) => `${list.length} long tasks, longest ${longest(list)} ms (load ${loadavg()[0]!.toFixed(1)}, bound ${maxLongTaskMs()} ms)`;

type TraceEvent = { name: string; ph: string; ts: number; dur?: number; tdur?: number; pid: number; tid: number; args?: { name?: string } };
/** A main-thread task from the trace: its start (µs, trace clock), wall and CPU time (ms). */
type TracedTask = { wall: number; cpu: number };

/** Starts a Chromium trace of the page's tasks (their wall and thread time). */
async function traceTasks(page: Page) {
  await page.context().browser()!.startTracing(page, { categories: ['disabled-by-default-devtools.timeline'] });
}
/** The traced tasks of the renderer's main thread since traceTasks. */
async function tracedTasks(page: Page): Promise<TracedTask[]> {
  const { traceEvents } = JSON.parse((await page.context().browser()!.stopTracing()).toString()) as { traceEvents: TraceEvent[] };
  const main = traceEvents.filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  const onMain = (e: TraceEvent) => main.some((m) => m.pid === e.pid && m.tid === e.tid);
  const tasks = traceEvents.filter((e) => e.name === 'RunTask' && e.ph === 'X' && onMain(e)).map((e) => ({ wall: (e.dur ?? 0) / 1000, cpu: (e.tdur ?? 0) / 1000 }));
  expect(tasks.length, 'the trace has the page\'s tasks').toBeGreaterThan(10);
  expect(tasks.some((t) => t.cpu > 0), 'the trace has their thread time').toBe(true);
  return tasks;
}
const longestCpu = (list: TracedTask[]) => Math.round(Math.max(0, ...list.map((t) => t.cpu)));
/** "longest CPU time m ms (n over 50 ms wall)", for the log. */
const describedCpu = (list: TracedTask[]) =>
  `longest task CPU ${longestCpu(list)} ms (bound ${maxTaskCpuMs()} ms; tasks over 50 ms of CPU: ${list.filter((t) => t.cpu > 50).length}; ` +
  `longest by wall time: ${list.slice().sort((a, b) => b.wall - a.wall).slice(0, 3).map((t) => `${Math.round(t.wall)} ms of which CPU ${Math.round(t.cpu)}`).join(', ')})`;

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
  let answer = '';
  page.on('websocket', (ws) => ws.on('framereceived', (frame) => {
    const text = String(frame.payload);
    if (text.includes('"total":100001')) [answeredAt, answerBytes, answer] = [Date.now(), text.length, text];
  }));
  await page.reload();
  await expect(page.getByTestId('entry-0')).toBeVisible();
  await expect(page.getByTestId('steps')).toHaveValue('100000');
  await expect(page.getByTestId('chart-surface').locator('canvas').first()).toBeVisible();
  await clearLongTasks(page);
  await traceTasks(page);
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
  const tasksCpu = await tracedTasks(page);
  const arrival = tasks.filter((t: LongTask) => t.start < shownAt);
  const playing = tasks.filter((t: LongTask) => t.start >= shownAt);
  console.log(
    `100k race: engine ${await page.getByTestId('run-done').textContent()}; answer ${Math.round(answerBytes / 1024)} kB; ` +
      `on screen ${renderMs} ms after it arrived (${Math.round(shownAt - clickedAt)} ms after the click); ` +
      `while it arrived ${described(arrival)}; while it played ${described(playing)}; ${describedCpu(tasksCpu)}`,
  );
  expect(answeredAt).toBeGreaterThan(0);
  expect(answerBytes).toBeLessThan(1_000_000);
  expect(renderMs).toBeLessThan(MAX_RENDER_MS);
  expect(longestCpu(tasksCpu)).toBeLessThan(maxTaskCpuMs());
  expect(longest(arrival)).toBeLessThan(maxLongTaskMs());
  expect(longest(playing)).toBeLessThan(maxLongTaskMs());
  // η = 1e-7 never arrives: the result says so with a finite, barely moved loss.
  await expect(page.getByTestId('result-0')).toContainText('completed');

  // Stepping back moves between the steps the thinned answer kept (each one exact on the page),
  // not by one step number while the path's head stays on an older point; the bar says so.
  const kept = JSON.parse(/"steps":(\[[\d,]+\])/.exec(answer)![1]!) as number[];
  expect(kept.at(-1)).toBe(100_000);
  expect(kept.at(-4)).toBeLessThan(99_997);
  await page.getByTestId('step-slider').focus();
  for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowLeft');
  await expect(page.getByTestId('step-label')).toHaveText(`step ${kept.at(-4)} / 100000`);
  await expect(page.getByTestId('step-stride')).toContainText(`${kept.length} of 100001 steps kept`);
  mkdirSync(screenshots, { recursive: true });
  await page.getByTestId('chart-surface').screenshot({ path: `${screenshots}thinned-stepping.png` });

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
  await traceTasks(page);
  await page.getByTestId('run-button').click();
  await expect(page.getByTestId('result-5')).toBeVisible();
  await expect(page.getByTestId('step-label')).toContainText('/ 300');
  await expect(page.getByTestId('play-button')).toHaveText('Play', { timeout: 20_000 });
  const race = await longTasks(page);
  const raceCpu = await tracedTasks(page);

  await page.getByTestId('nav-network').click();
  await expect(page.getByTestId('network-lab')).toBeVisible();
  await page.getByTestId('field-epochs').fill('15');
  await clearLongTasks(page);
  await traceTasks(page);
  await page.getByTestId('run-button').click();
  await expect(page.getByTestId('progress-epoch')).toHaveText('epoch 15 / 15', { timeout: 120_000 });
  await expect(page.getByTestId('final-metrics')).toBeVisible();
  const training = await longTasks(page);
  const trainingCpu = await tracedTasks(page);
  console.log(`short race: ${described(race)}, ${describedCpu(raceCpu)}; network run: ${described(training)}, ${describedCpu(trainingCpu)}`);
  expect(longestCpu(raceCpu)).toBeLessThan(maxTaskCpuMs());
  expect(longestCpu(trainingCpu)).toBeLessThan(maxTaskCpuMs());
  expect(longest(race)).toBeLessThan(maxLongTaskMs());
  expect(longest(training)).toBeLessThan(maxLongTaskMs());
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
  await traceTasks(page);
  await page.getByTestId('course-run').click();
  await expect(page.getByTestId('course-progress')).toBeVisible();
  await expect(page.getByTestId('course-run')).toBeEnabled({ timeout: 300_000 });
  await expect(page.getByTestId('course-verdicts').locator('[data-verdict="pending"]')).toHaveCount(0);
  const course = await longTasks(page);
  const courseCpu = await tracedTasks(page);

  // The section's runs (and any earlier spec's) side by side: as many as Compare takes, up to 12.
  await page.getByTestId('nav-compare').click();
  const boxes = page.locator('[data-testid^="compare-run-"]');
  await expect(boxes.first()).toBeVisible();
  const count = Math.min(await boxes.count(), 12);
  expect(count).toBeGreaterThanOrEqual(4);
  await clearLongTasks(page);
  await traceTasks(page);
  for (let i = 0; i < count; i++) await boxes.nth(i).check();
  await expect(page.getByTestId('chart-compare-metric').locator('canvas').first()).toBeVisible();
  await page.getByTestId('compare-x').selectOption('step');
  await page.getByTestId('compare-smoothing').fill('0.6');
  await page.waitForTimeout(1500);
  const compare = await longTasks(page);
  const compareCpu = await tracedTasks(page);
  console.log(`course §1 run: ${described(course)}, ${describedCpu(courseCpu)}; Compare of ${count} runs: ${described(compare)}, ${describedCpu(compareCpu)}`);
  expect(longestCpu(courseCpu)).toBeLessThan(maxTaskCpuMs());
  expect(longestCpu(compareCpu)).toBeLessThan(maxTaskCpuMs());
  expect(longest(course)).toBeLessThan(maxLongTaskMs());
  expect(longest(compare)).toBeLessThan(maxLongTaskMs());
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
