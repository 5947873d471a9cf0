// A full lecture session, as a student does it, in web mode in Chromium: the Course section by
// section (each section's pre-set experiments run and their verdicts read), and beside each the lab
// the section points to — §1 a shallow against a deep plain network's training loss (the lecture's
// presets), §2 a click near the saddle of (1 − w₁w₂)², §3 batch sizes, §4 the "try this" ravine
// run for 100k steps (GD at 10⁻⁷ crawls, GD just above 2/λ diverges: both checked against the
// closed form), §5 an MSE classifier, §6 the bound against its own formula, §7 the six classic
// optimizers raced on Rosenbrock; a long training run the student leaves and comes back to, then
// stops. Then the training loss read alike in the lab, History and Compare, the same pages in Chinese
// and in the dark theme, a reload, Back and Forward (the place and the drafts survive), a lecture
// preset over a draft with its own output layers, and wrong values typed into fields (a message per
// field, nothing lost). On every page:
// no "undefined", "NaN", raw JSON or message key on screen, in either language. The long run's
// main-thread tasks are counted (Long Tasks API) against a generous bound only: a freeze, not a
// budget. Screenshots: test/e2e/screenshots/lecture-*.png.
import { expect, test, type Page } from '@playwright/test';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { appUrl, collectPageErrors } from './helpers';
import { recordLongTasks, type LongTask } from './long-tasks';

const screenshots = fileURLToPath(new URL('./screenshots/', import.meta.url));
/** What the student sees: the window, scrolled to `at` when given (a full-page capture resizes the window, which charts redraw for). */
async function shot(page: Page, name: string, at?: string) {
  if (at) await page.getByTestId(at).scrollIntoViewIfNeeded();
  else await page.evaluate(() => window.scrollTo(0, 0));
  await page.mouse.move(5, 5);
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.join(screenshots, `lecture-${name}.png`) });
}
const hash = (page: Page) => new URL(page.url()).hash;

/** A task over this blocks input long enough to feel frozen; the product's own budget (50 ms) is checked elsewhere. */
const FREEZE_MS = 1000;

/** Every message key of the renderer's tables (renderer/i18n/*.ts), which must never reach the screen as such. */
const MESSAGE_KEYS = (() => {
  const dir = fileURLToPath(new URL('../../renderer/i18n/', import.meta.url));
  const keys = new Set<string>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
    for (const m of readFileSync(path.join(dir, file), 'utf8').matchAll(/^\s*'([a-zA-Z][\w-]*(?:\.[\w-]+)+)':/gm)) keys.add(m[1]!);
  }
  return [...keys];
})();

/** What a student must never read on a page: a placeholder left empty, a broken number, raw JSON, a message key. */
async function expectReadable(page: Page, where: string) {
  const text = await page.locator('#app').innerText();
  expect(text, `${where}: undefined/NaN/[object Object]`).not.toMatch(/\bundefined\b|\bNaN\b|\[object Object\]|\bnull\b/);
  expect(text, `${where}: raw JSON`).not.toMatch(/\{\s*"[\w.]+"\s*:/);
  expect(text, `${where}: zod's generic message`).not.toMatch(/Invalid input|Expected \w+, received/);
  const keys = MESSAGE_KEYS.filter((k) => new RegExp(`(^|[^\\w.])${k.replace(/[.-]/g, (c) => `\\${c}`)}($|[^\\w.-])`).test(text));
  expect(keys, `${where}: message keys on screen`).toEqual([]);
}

/** The number in a cell as shown (a − minus, a thousands separator, "1.2e-3"). */
const shown = (s: string) => Number(s.replace(/−/g, '-').replace(/,/g, '').trim());

/** One CSV line's fields (quoted names may hold commas). */
const csvFields = (line: string) => [...line.matchAll(/("(?:[^"]|"")*"|[^,]*)(?:,|$)/g)].slice(0, -1).map((m) => m[1]!.replace(/^"|"$/g, '').replace(/""/g, '"'));

declare const window: { longTasks: LongTask[]; scrollTo(x: number, y: number): void };

const longTasks = (page: Page) => page.evaluate(() => window.longTasks.splice(0));

async function openSection(page: Page, n: number) {
  await page.getByTestId('nav-course').click();
  await page.getByTestId(`course-nav-${n}`).click();
  await expect(page.getByTestId('course-section-title')).toContainText(`§${n}`);
  expect(hash(page)).toBe(`#/course/${n}`);
}

/**
 * Checks that measure wall-clock time: on this shared two-core machine one seed's timing can be
 * disturbed by other work, so their verdict is read (✓ or ✗ with its numbers) but not required.
 */
const TIMED_CHECKS = ['epoch-time'];

/** Runs the open section on one seed and reads its verdicts: every claim of the lecture reproduced, with its numbers. */
async function runSection(page: Page, n: number) {
  await openSection(page, n);
  await page.getByTestId('course-seeds').selectOption('1');
  await page.getByTestId('course-run').click();
  await expect(page.getByTestId('course-run')).toBeEnabled({ timeout: 120_000 });
  const verdicts = page.getByTestId('course-verdicts');
  await expect(verdicts.locator('[data-verdict="pending"]')).toHaveCount(0);
  const total = await verdicts.locator('[data-verdict]').count();
  expect(total, `§${n} checks`).toBeGreaterThan(0);
  const timedFail = verdicts.locator(TIMED_CHECKS.map((id) => `[data-testid="course-check-${id}"][data-verdict="fail"]`).join(', '));
  const timedFailed = await timedFail.count();
  if (timedFailed) console.log(`§${n}: a timed check not reproduced on one seed here: ${await timedFail.allInnerTexts()}`);
  await expect(verdicts.locator('[data-verdict="pass"]'), `§${n}: every claim reproduced`).toHaveCount(total - timedFailed);
  const passed = total - timedFailed;
  await expect(page.getByTestId('course-verdict-count')).toHaveText(`${passed} of ${total} reproduced`);
  await expect(page.getByTestId(`course-nav-progress-${n}`)).toHaveText(`${passed}/${total}`);
  const summaries = verdicts.locator('[data-testid^="course-check-summary-"]');
  for (const summary of await summaries.all()) await expect(summary).toContainText(/\d/);
  await expectReadable(page, `course §${n}`);
}

/** Trains the Network lab's preset as `name`; returns Final metrics' training loss (the full pass after the last epoch). */
async function trainPreset(page: Page, preset: string, name: string) {
  await page.getByTestId('preset-select').selectOption(preset);
  await expect(page.getByTestId('output-layer')).toContainText('Output: 2 units');
  await page.getByTestId('run-name').fill(name);
  await page.getByTestId('run-button').click();
  await expect(page.getByTestId('final-metrics')).toContainText(`Stored as “${name}” (completed)`, { timeout: 120_000 });
  await expect(page.getByTestId('progress-epoch')).toHaveText('epoch 30 / 30');
  const loss = (await page.getByTestId('final-train').locator('td').first().innerText()).trim();
  expect(Number.isFinite(shown(loss)), loss).toBe(true);
  return loss;
}

// A step that cannot find its control fails in seconds, not at the session's timeout.
test.use({ actionTimeout: 20_000 });

test('a full lecture session: every section and its lab, both languages, dark theme, reload and Back, bad input, a long run', async ({ page }) => {
  test.setTimeout(420_000);
  mkdirSync(screenshots, { recursive: true });
  const errors = collectPageErrors(page);
  await recordLongTasks(page);
  await page.goto(appUrl());
  await page.getByTestId('locale-select').selectOption('en');
  if ((await page.locator('html').getAttribute('data-theme')) === 'dark') await page.getByTestId('theme-toggle').click();
  await expect(page.getByTestId('course')).toBeVisible();

  const runs = { shallow: 'lecture-session shallow', deep: 'lecture-session deep plain' };
  const losses: Record<string, string> = {};

  await test.step('§1: a shallow and a deep plain network — the deeper one trains worse (optimization, not overfitting)', async () => {
    await runSection(page, 1);
    await expect(page.getByTestId('course-curves-depth').locator('canvas').first()).toBeVisible();
    await shot(page, 's1-en', 'course-check-depth');
    // "Try this" opens the deep ReLU net in the Network lab; the lecture's presets then set a whole experiment.
    await page.getByTestId('course-try-open-deep-relu').click();
    await expect(page.getByTestId('network-lab')).toBeVisible();
    expect(hash(page)).toBe('#/network');
    await expect(page.getByTestId('layers').locator('[data-testid^="layer-"][data-testid$="-up"]')).toHaveCount(20);
    losses.shallow = await trainPreset(page, 'lectureShallow', runs.shallow);
    await expect(page.getByTestId('preset-note')).toBeVisible();
    losses.deep = await trainPreset(page, 'lectureDeepPlain', runs.deep);
    // LECTURE §1: a 20-layer plain net with higher *training* loss than a 2-layer one.
    expect(shown(losses.deep)).toBeGreaterThan(2 * shown(losses.shallow));
    // The status bar's loss is a number too (whatever it is called).
    await expect(page.getByTestId('run-progress')).toContainText(/\d\.\d/);
    await expectReadable(page, 'network lab');
    await shot(page, 'network-en', 'final-metrics');
    await shot(page, 'network-top-en');
  });

  await test.step('§2: a click a few pixels from the saddle of (1 − w₁w₂)² snaps to it; H = [[0, −2], [−2, 0]]', async () => {
    await runSection(page, 2);
    await page.getByTestId('nav-surface').click();
    await page.getByTestId('fn-select').selectOption('w1w2');
    await page.getByTestId('click-mode-analyse').click();
    const canvas = page.getByTestId('chart-surface').locator('canvas').first();
    await expect(canvas).toBeVisible();
    await expect(page.getByTestId('fn-formula')).toContainText('(1 − xy)²');
    await canvas.scrollIntoViewIfNeeded();
    // The map's grid (renderer/charts/surface.ts): left 52, right 18, top 14, bottom 44; window ±2.5.
    // (Clicked again until the map has been redrawn for this surface.)
    await expect(async () => {
      const box = (await canvas.boundingBox())!;
      const px = (x: number) => box.x + 52 + ((x + 2.5) / 5) * (box.width - 70);
      const py = (y: number) => box.y + 14 + ((2.5 - y) / 5) * (box.height - 58);
      await page.mouse.click(px(0.03), py(-0.04));
      await expect(page.getByTestId('snapped')).toContainText('(0, 0)', { timeout: 2000 });
    }).toPass({ timeout: 20_000 });
    await expect(page.getByTestId('hessian-kind')).toContainText('Saddle');
    // The lecture's hand derivation: eigenvalues −2 and 2.
    const eigen = (await page.getByTestId('hessian-eigenvalues').locator('.eigen').allInnerTexts()).map((s) => shown(s.split('=')[1]!));
    expect(eigen.sort((a, b) => a - b)).toEqual([-2, 2]);
    await expect(page.getByTestId('hessian-escape')).toBeVisible();
    await expectReadable(page, 'surface lab, saddle');
    await shot(page, 'saddle-en');
  });

  await test.step('§3: batch sizes — updates per epoch are ⌈n/B⌉, every chart drawn', async () => {
    await runSection(page, 3);
    await page.getByTestId('nav-batch').click();
    await page.getByTestId('batch-data').selectOption('spiral');
    await page.getByTestId('batch-sizes').fill('256, 16, 64');
    await page.getByTestId('batch-epochs').fill('2');
    await page.getByTestId('batch-run').click();
    await expect(page.getByTestId('batch-stats')).toBeVisible({ timeout: 120_000 });
    const rows = page.getByTestId('batch-table').locator('tbody tr');
    await expect(rows).toHaveCount(3);
    const n = Number(/(\d+) training/.exec(await page.getByTestId('batch-stats').innerText())![1]);
    for (const [i, b] of [16, 64, 256].entries()) {
      await expect(rows.nth(i).locator('td').nth(0)).toHaveText(String(b));
      await expect(rows.nth(i).locator('td').nth(1)).toHaveText(String(Math.ceil(n / b)));
      await expect(rows.nth(i)).toContainText('completed');
    }
    for (const id of ['batch-update-chart', 'batch-epoch-chart', 'batch-accuracy-chart', 'batch-noise-chart']) {
      await expect(page.getByTestId(id).locator('canvas').first()).toBeVisible();
    }
    await expectReadable(page, 'batch lab');
    await shot(page, 'batch-en', 'batch-table');
  });

  await test.step('§4: the ravine for 100k steps — GD at 1e-7 crawls, GD above 2/20 diverges — and the page stays responsive', async () => {
    await runSection(page, 4);
    // The verdict's chart: every run of the ravine spans its 10⁴ updates (some keep every 10th), as its CSV says.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('course-curves-ravine-csv').click()]);
    const rows = readFileSync((await download.path())!, 'utf8').trim().split(/\r?\n/).map(csvFields);
    const columns = rows[0]!.length - 1;
    expect(columns).toBe(4);
    for (let c = 1; c <= columns; c += 1) {
      const last = rows.slice(1).filter((r) => r[c] !== '' && r[c] !== undefined).at(-1)!;
      expect(Number(last[0]), rows[0]![c]).toBe(10_000);
    }
    await page.getByTestId('course-try-open-gd-over-limit').click();
    await expect(page.getByTestId('surface-lab')).toBeVisible();
    await expect(page.getByTestId('fn-select')).toHaveValue('ravine');
    await expect(page.getByTestId('field-entries.1.optimizer.lr')).toHaveValue('0.101');
    await page.getByTestId('field-entries.0.optimizer.lr').fill('1e-7');
    await page.getByTestId('steps').fill('100000');
    await expect(page.getByTestId('run-button')).toBeEnabled();
    await page.waitForTimeout(500);
    await longTasks(page);
    await page.getByTestId('run-button').click();
    // While the answer arrives and plays, the page answers a script within the freeze bound.
    let slowest = 0;
    for (let i = 0; i < 8; i += 1) {
      const t0 = Date.now();
      await page.evaluate(() => 1);
      slowest = Math.max(slowest, Date.now() - t0);
      await page.waitForTimeout(250);
    }
    await expect(page.getByTestId('result-1')).toBeVisible({ timeout: 60_000 });
    await expect(page.getByTestId('thinned-note')).toContainText('100001');
    await expect(page.getByTestId('step-label')).toContainText('100000 / 100000', { timeout: 30_000 });
    const tasks = await longTasks(page);
    const longest = Math.round(Math.max(0, ...tasks.map((t) => t.duration)));
    console.log(`100k ravine race: ${tasks.length} long tasks, longest ${longest} ms, slowest script answer ${slowest} ms (load ${loadavg()[0]!.toFixed(1)})`);
    expect(longest).toBeLessThan(FREEZE_MS);
    expect(slowest).toBeLessThan(FREEZE_MS);

    // f = x²/10 + 10y² from (−4.5, 0.8): GD multiplies x by (1 − η/5) and y by (1 − 20η) each step.
    const f = (x: number, y: number) => (x * x) / 10 + 10 * y * y;
    const crawl = f(-4.5 * (1 - 1e-7 / 5) ** 100_000, 0.8 * (1 - 20e-7) ** 100_000);
    const first = page.getByTestId('result-0');
    await expect(first).toContainText('completed');
    const final = shown(await first.locator('td').nth(3).innerText());
    expect(Math.abs(final - crawl) / crawl).toBeLessThan(2e-3); // 6.31 of the start's 8.43: it never arrives
    // η = 0.101 > 2/20: |y| grows by 1.02 a step until 10y² overflows; the last finite point is the step shown.
    const lastFinite = Math.ceil(Math.log(Number.MAX_VALUE / (10 * 0.8 ** 2)) / (2 * Math.log(1.02))) - 1;
    const diverged = page.getByTestId('result-1');
    await expect(diverged).toContainText(/diverged at step \d+/);
    const at = Number(/diverged at step (\d+)/.exec(await diverged.innerText())![1]);
    expect(Math.abs(at - lastFinite)).toBeLessThanOrEqual(2);
    // The loss axis is not stretched to 1e+300 by the diverged run (its ticks stay within the crawl's range and the start's).
    await expectReadable(page, 'surface lab, 100k race');
    await shot(page, 'ravine-100k-en');
  });

  await test.step('§5: MSE against cross-entropy — the MSE classifier opens from "try this" and trains', async () => {
    await runSection(page, 5);
    await page.getByTestId('course-try-open-mse-network').click();
    await expect(page.getByTestId('network-lab')).toBeVisible();
    await expect(page.getByTestId('loss-select')).toHaveValue('mse');
    await page.getByTestId('field-epochs').fill('5');
    await page.getByTestId('run-button').click();
    await expect(page.getByTestId('final-metrics')).toContainText('(completed)', { timeout: 120_000 });
    await expect(page.getByTestId('final-train').locator('td').first()).toHaveText(/^\d/);
    await expectReadable(page, 'network lab, MSE');
  });

  await test.step('§6: the bound lab agrees with N ≥ ln(2|H|/p)/(2ε²) and the sampled P(bad) stays under the bound', async () => {
    await runSection(page, 6);
    await page.getByTestId('nav-bound').click();
    await page.getByTestId('bound-n').fill('1000');
    await page.getByTestId('bound-h').fill('1000');
    await page.getByTestId('bound-epsilon').fill('0.06');
    await page.getByTestId('bound-p').fill('0.1');
    // |H|·2·exp(−2Nε²) = 2000·e^−7.2 ≈ 1.49 here: a probability bound above 1 says nothing, and the page says so.
    await expect(page.getByTestId('bound-at-epsilon')).toContainText('bound ≥ 1 (vacuous');
    await page.getByTestId('bound-n').fill('2000');
    await page.getByTestId('bound-epsilon').fill('0.05');
    const needed = Math.ceil(Math.log((2 * 1000) / 0.1) / (2 * 0.05 ** 2));
    await expect(page.getByTestId('bound-stats')).toContainText(`needs N ≥ ${needed}`);
    // 2000·e^−10 ≈ 0.0908 by hand (shown to three decimals), and the bound holds on the sampled sets.
    const expected = 1000 * 2 * Math.exp(-2 * 2000 * 0.05 ** 2);
    const reading = async () => /: (\S+) sampled vs bound (\S+)/.exec(await page.getByTestId('bound-at-epsilon').innerText())?.slice(1).map(shown) ?? [NaN, NaN];
    await expect.poll(async () => Math.abs((await reading())[1]! - expected)).toBeLessThanOrEqual(5e-4 + 1e-3 * expected);
    const [bad, bound] = await reading();
    expect(bad).toBeLessThanOrEqual(bound!);
    await expectReadable(page, 'bound lab');
    await shot(page, 'bound-en');
  });

  await test.step('§7: the six classic optimizers raced on Rosenbrock at the surface’s own rates — none diverges', async () => {
    await runSection(page, 7);
    await page.getByTestId('nav-surface').click();
    await page.getByTestId('fn-select').selectOption('rosenbrock');
    await page.getByTestId('steps').fill('300');
    await page.getByTestId('race-all').click();
    await expect(page.getByTestId('entry-5')).toBeVisible();
    await page.getByTestId('run-button').click();
    await expect(page.getByTestId('result-5')).toBeVisible();
    // Rosenbrock at the start (−1.2, 1): (1 − x)² + 100(y − x²)² = 4.84 + 19.36.
    const start = 24.2;
    for (let i = 0; i < 6; i += 1) {
      const row = page.getByTestId(`result-${i}`);
      await expect(row).toContainText('completed');
      const [final, best] = [shown(await row.locator('td').nth(3).innerText()), shown(await row.locator('td').nth(4).innerText())];
      expect(final).toBeLessThan(start);
      expect(best).toBeLessThanOrEqual(final);
    }
    await page.getByTestId('save-name').fill('lecture-session race');
    await page.getByTestId('save-button').click();
    await expect(page.getByTestId('save-confirm')).toContainText('lecture-session race');
    await expectReadable(page, 'surface lab, race');
    await shot(page, 'race-en');
  });

  await test.step('a long training run: the page answers while it trains, and Stop keeps what it did', async () => {
    await page.getByTestId('nav-network').click();
    await page.getByTestId('preset-select').selectOption('lectureShallow');
    // Long on any machine: 20 000 epochs of 20 000 samples (a quiet machine trained 20 000 epochs of the preset's
    // 1 000 samples before the student got to Stop).
    await page.getByTestId('field-data.samples').fill('20000');
    await page.getByTestId('field-epochs').fill('20000');
    await page.getByTestId('run-name').fill('lecture-session long run');
    await page.getByTestId('run-button').click();
    await expect(page.getByTestId('stop-button')).toBeVisible();
    await expect(page.getByTestId('progress-epoch')).not.toHaveText(/^epoch 0 /, { timeout: 60_000 });
    await longTasks(page);
    // While it trains: another page, the other language and back, each answered at once.
    let slowest = 0;
    for (const go of [() => page.getByTestId('nav-course').click(), () => page.getByTestId('nav-network').click()]) {
      const t0 = Date.now();
      await go();
      await page.evaluate(() => 1);
      slowest = Math.max(slowest, Date.now() - t0);
    }
    await page.getByTestId('locale-select').selectOption('zh-CN');
    await expect(page.getByTestId('progress-epoch')).toContainText('/ 20000 轮');
    await page.getByTestId('locale-select').selectOption('en');
    const epochAt = async () => Number(/epoch (\d+)/.exec(await page.getByTestId('progress-epoch').innerText())![1]);
    const before = await epochAt();
    await expect.poll(epochAt, { timeout: 30_000 }).toBeGreaterThan(before);
    const tasks = await longTasks(page);
    const longest = Math.round(Math.max(0, ...tasks.map((t) => t.duration)));
    console.log(`long training run: ${tasks.length} long tasks, longest ${longest} ms, slowest page change ${slowest} ms (load ${loadavg()[0]!.toFixed(1)})`);
    expect(longest).toBeLessThan(FREEZE_MS);
    expect(slowest).toBeLessThan(3 * FREEZE_MS);
    await page.getByTestId('stop-button').click();
    await expect(page.getByTestId('final-metrics')).toContainText('Stored as “lecture-session long run” (stopped)', { timeout: 60_000 });
    await expect(page.getByTestId('final-train').locator('td').first()).toHaveText(/^\d/);
    await expectReadable(page, 'network lab, stopped long run');
  });

  await test.step('the training loss reads the same in the lab, History and Compare', async () => {
    await page.getByTestId('nav-history').click();
    await page.getByTestId('history-list').locator('li', { hasText: runs.shallow }).click();
    await expect(page.getByTestId('history-runs').locator('[data-testid^="history-run-train-loss-"]')).toHaveText(losses.shallow!);
    await expectReadable(page, 'history');
    await page.getByTestId('nav-compare').click();
    await page.getByTestId('compare-filter').fill('lecture-session');
    const boxes = page.locator('[data-testid^="compare-run-"]');
    for (const name of [runs.shallow, runs.deep]) await page.getByTestId('compare-picker').locator('.pick-group', { hasText: name }).locator('input[type=checkbox]').first().check();
    const table = page.getByTestId('compare-table');
    await expect(table).toBeVisible();
    const trainRow = table.locator('tr', { has: page.locator('th[data-key="summary.trainLoss"]') }).locator('td');
    await expect(trainRow).toHaveText([losses.shallow!, losses.deep!]);
    // Where Compare opens on the per-epoch training loss of full passes, its last value is Final metrics' number.
    const metric = await page.getByTestId('compare-metric').inputValue();
    console.log(`Compare opens on ${metric}; ${await boxes.count()} runs listed`);
    if (metric === 'fullTrainLoss') {
      const finals = await page.getByTestId('compare-summary').locator('tbody tr td:nth-child(2)').allInnerTexts();
      expect(finals.map(shown).sort()).toEqual([losses.shallow, losses.deep].map((l) => shown(l!)).sort());
    }
    await expectReadable(page, 'compare');
    await shot(page, 'compare-en', 'compare-summary');
  });

  await test.step('in Chinese and in the dark theme, every page reads as words and numbers', async () => {
    await page.getByTestId('locale-select').selectOption('zh-CN');
    await page.getByTestId('theme-toggle').click();
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    await expect(page.getByTestId('nav-course')).toContainText('课程');
    await expectReadable(page, 'compare (zh-CN)');
    await shot(page, 'compare-zh-dark');
    for (const name of ['course', 'surface', 'network', 'batch', 'bound', 'analysis', 'history', 'dashboard', 'about']) {
      await page.getByTestId(`nav-${name}`).click();
      await page.waitForTimeout(600);
      await expectReadable(page, `${name} (zh-CN)`);
      await shot(page, `${name}-zh-dark`);
    }
    await openSection(page, 4);
    await expect(page.getByTestId('course-verdict-count')).toHaveText(/^已复现 (\d+)\/\1$/);
    await expectReadable(page, 'course §4 (zh-CN)');
    await shot(page, 's4-zh-dark', 'course-verdicts');
    await page.getByTestId('theme-toggle').click();
    await page.getByTestId('locale-select').selectOption('en');
  });

  await test.step('reload and Back: the place and the drafts survive', async () => {
    await page.getByTestId('nav-surface').click();
    await page.getByTestId('fn-select').selectOption('saddle');
    await page.getByTestId('steps').fill('450');
    // The race's cards may be folded: the first one is opened to edit its rate.
    const toggle = page.getByTestId('entry-0-toggle');
    if ((await toggle.getAttribute('aria-expanded')) === 'false') await toggle.click();
    await page.getByTestId('field-entries.0.optimizer.lr').fill('0.0375');
    await page.getByTestId('nav-network').click();
    await page.getByTestId('field-epochs').fill('12');
    await page.getByTestId('nav-history').click();
    await page.goBack();
    await expect(page.getByTestId('network-lab')).toBeVisible();
    await expect(page.getByTestId('field-epochs')).toHaveValue('12');
    await page.goBack();
    await expect(page.getByTestId('surface-lab')).toBeVisible();
    expect(hash(page)).toBe('#/surface');
    await expect(page.getByTestId('steps')).toHaveValue('450');
    await page.waitForTimeout(400); // the draft is written after a pause in typing
    await page.reload();
    await expect(page.getByTestId('surface-lab')).toBeVisible();
    expect(hash(page)).toBe('#/surface');
    await expect(page.getByTestId('fn-select')).toHaveValue('saddle');
    await expect(page.getByTestId('steps')).toHaveValue('450');
    await expect(page.getByTestId('field-entries.0.optimizer.lr')).toHaveValue('0.0375');
    // Forward again after the reload: the network draft, and the last run's result with its training loss.
    await page.goForward();
    await expect(page.getByTestId('network-lab')).toBeVisible();
    expect(hash(page)).toBe('#/network');
    await expect(page.getByTestId('field-epochs')).toHaveValue('12');
    await expect(page.getByTestId('final-metrics')).toBeVisible();
    // Back once more, and once before the race: the course section the session came from.
    await page.goBack();
    await page.goBack();
    await expect(page.getByTestId('course-nav-4')).toHaveClass(/active/);
    expect(hash(page)).toBe('#/course/4');
  });

  await test.step('a draft with its own output layers, then a lecture preset: the preset’s network, output included', async () => {
    const spec = {
      name: 'own output', seed: 3, data: { source: 'moons', samples: 200, noise: 0.1 }, split: { validation: 0.2, test: 0, folds: 0 },
      model: [{ dense: 8, activation: 'relu' }, { dense: 'output', activation: 'tanh' }, { activation: 'sigmoid' }],
      loss: 'mse', optimizer: { name: 'sgd', lr: 0.1 }, schedule: { name: 'constant' }, batchSize: 16, epochs: 4, shuffle: false,
    };
    // As a draft kept from an experiment opened earlier (History, an import), read when the page loads.
    await page.getByTestId('nav-about').click();
    await page.evaluate((text) => localStorage.setItem('descent-lab.draft.network', text), JSON.stringify({ v: 1, draft: { name: 'own output', spec } }));
    await page.reload();
    await page.getByTestId('nav-network').click();
    await expect(page.getByTestId('output-layer')).toContainText('Output, kept as stored');
    await expect(page.getByTestId('output-layer')).toContainText('tanh');
    await page.getByTestId('preset-select').selectOption('lectureShallow');
    await expect(page.getByTestId('output-layer')).toHaveText('Output: 2 units (size from the data and the loss)');
    await expect(page.getByTestId('loss-select')).toHaveValue('cross-entropy');
  });

  await test.step('wrong values: a clear message under each field, the run held, nothing else lost', async () => {
    await page.getByTestId('nav-surface').click();
    await page.getByTestId('steps').fill('abc');
    await page.getByTestId('start-x').fill('');
    await page.getByTestId('field-entries.0.optimizer.lr').fill('-1');
    for (const id of ['error-steps', 'error-start.x', 'error-entries.0.optimizer.lr']) {
      await expect(page.getByTestId(id)).toBeVisible();
      await expect(page.getByTestId(id)).toHaveText(/\w{3,}/);
    }
    await expect(page.getByTestId('run-button')).toBeDisabled();
    await expect(page.getByTestId('run-blocked')).toBeVisible();
    await expect(page.getByTestId('fn-select')).toHaveValue('saddle');
    await expectReadable(page, 'surface lab, bad input');
    await shot(page, 'bad-input-surface-en');
    // A reload keeps the last good draft, not the defaults.
    await page.reload();
    await expect(page.getByTestId('steps')).toHaveValue('450');
    await expect(page.getByTestId('field-entries.0.optimizer.lr')).toHaveValue('0.0375');

    await page.getByTestId('nav-network').click();
    await page.getByTestId('field-epochs').fill('2.5');
    await page.getByTestId('field-data.samples').fill('many');
    await page.getByTestId('field-model.0.units').fill('2.5');
    for (const id of ['error-epochs', 'error-data.samples', 'error-model.0.units']) await expect(page.getByTestId(id)).toHaveText(/\w{3,}/);
    await expect(page.getByTestId('run-button')).toBeDisabled();
    await expectReadable(page, 'network lab, bad input');
    await page.getByTestId('locale-select').selectOption('zh-CN');
    await expectReadable(page, 'network lab, bad input (zh-CN)');
    await expect(page.getByTestId('error-epochs')).toContainText('整数');
    await shot(page, 'bad-input-network-zh', 'error-epochs');
    await page.getByTestId('locale-select').selectOption('en');
    await page.getByTestId('field-epochs').fill('12');
    await page.getByTestId('field-data.samples').fill('300');
    await page.getByTestId('field-model.0.units').fill('16');
    await expect(page.getByTestId('run-button')).toBeEnabled();

    await page.getByTestId('nav-batch').click();
    await page.getByTestId('batch-sizes').fill('8, zero');
    await page.getByTestId('batch-epochs').fill('0');
    await expect(page.getByTestId('batch-sizes-error')).toContainText('“zero”');
    await expect(page.getByTestId('batch-epochs-error')).toBeVisible();
    await expect(page.getByTestId('batch-run')).toBeDisabled();
    await expectReadable(page, 'batch lab, bad input');
  });

  expect(errors).toEqual([]);
});
