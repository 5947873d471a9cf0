// The workbench through web mode, in Chromium: a 3 optimizers × 2 seeds variant grid on a small
// spiral (previewed, exported to JSON and re-imported unchanged), run and watched on Live runs (one
// run stopped before it starts, one paused and resumed), found in History after a reload (search,
// status filter, tags), compared grouped by optimizer with seed bands (PNG and CSV checked), the
// comparison saved; Chinese and dark theme screenshots. Then pause on a running run, judged by
// the engine's update counter (data-step) across the page's polls, not by the status text alone.
import { expect, test, type Download, type Page } from '@playwright/test';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { collectPageErrors, openNetworkLab } from './helpers';

const artifacts = fileURLToPath(new URL('./artifacts/', import.meta.url));
const NAME = 'wb grid';
const LIVE = ['queued', 'running', 'paused'];

async function saved(download: Download, as?: string): Promise<{ file: string; bytes: Buffer }> {
  const file = path.join(artifacts, as ?? download.suggestedFilename());
  await download.saveAs(file);
  return { file, bytes: readFileSync(file) };
}
const csvLines = (bytes: Buffer) => bytes.toString('utf8').replace(/^\ufeff/, '').trim().split(/\r\n/);

/** The grid's experiment in History's list (an imported bundle keeps the name but is tagged "imported"). */
const gridItem = (page: Page) => page.getByTestId('history-list').locator('li', { hasText: NAME }).filter({ hasNotText: 'imported' });

async function download(page: Page, testid: string, as?: string) {
  const [d] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testid).click()]);
  return saved(d, as);
}

test('the workbench: variants, live runs, history, grouped compare, files', async ({ page }) => {
  mkdirSync(artifacts, { recursive: true });
  const pageErrors = collectPageErrors(page);

  await openNetworkLab(page);

  // ---- a small spiral, 3 epochs; a 2-256-256-2 MLP at batch 16 so each run lasts a second or two
  // and the queued cells are still waiting when the dashboard shows (the pool trains two at a time)
  await page.getByTestId('source-select').selectOption('spiral');
  await page.getByTestId('field-data.samples').fill('5000');
  await page.getByTestId('field-data.classes').fill('2');
  await page.getByTestId('preset-select').selectOption('mlp');
  await page.getByTestId('field-model.0.units').fill('256');
  await page.getByTestId('field-model.1.units').fill('256');
  await page.getByTestId('field-batchSize').fill('16');
  await page.getByTestId('field-epochs').fill('3');
  await page.getByTestId('field-optimizer.lr').fill('0.01');
  await page.getByTestId('run-name').fill(NAME);

  // ---- variants: optimizer {sgdm, adam, sgd} × seeds 1..2 → a 6-cell grid, previewed as a table
  await page.getByTestId('variants-add').selectOption('optimizer');
  await page.getByTestId('axis-0-opt-sgd').check();
  await page.getByTestId('variants-add').selectOption('seed');
  await page.getByTestId('axis-1-values').fill('1..x');
  await expect(page.getByTestId('axis-1-error')).toContainText('1..5');
  await expect(page.getByTestId('variants-start')).toBeDisabled();
  await page.getByTestId('axis-1-values').fill('1..2');
  await expect(page.getByTestId('variants-size')).toHaveText('6 runs in the grid.');
  await page.getByTestId('variants-preview').click();
  const grid = page.getByTestId('variants-grid');
  await expect(grid.locator('tbody tr')).toHaveCount(6);
  await expect(grid.locator('thead')).toContainText('optimizer');
  await expect(grid.locator('thead')).toContainText('seed');
  await expect(grid.locator('tbody')).toContainText('adam');
  await page.screenshot({ path: path.join(artifacts, 'workbench-variants.png'), fullPage: true });

  // ---- export the experiment JSON, import it back, export again: the same file
  const first = await download(page, 'spec-export', 'exported-1.json');
  const spec = JSON.parse(first.bytes.toString('utf8')) as { name: string; epochs: number; data: { source: string; samples: number } };
  expect(spec.name).toBe(NAME);
  expect(spec.epochs).toBe(3);
  expect(spec.data).toMatchObject({ source: 'spiral', samples: 5000 });
  await page.getByTestId('field-epochs').fill('7');
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByTestId('spec-import').click()]);
  await chooser.setFiles(first.file);
  await expect(page.getByTestId('notice-success').filter({ hasText: 'exported-1.json' })).toBeVisible();
  await expect(page.getByTestId('field-epochs')).toHaveValue('3');
  const second = await download(page, 'spec-export', 'exported-2.json');
  expect(JSON.parse(second.bytes.toString('utf8'))).toEqual(JSON.parse(first.bytes.toString('utf8')));
  // A broken file is refused with the field named; the builder keeps its values.
  const [badChooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByTestId('spec-import').click()]);
  await badChooser.setFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify({ ...spec, epochs: -1 })) });
  await expect(page.getByTestId('import-problem').filter({ hasText: 'broken.json' })).toContainText('epochs');
  await expect(page.getByTestId('field-epochs')).toHaveValue('3');

  // ---- start: the grid goes to Live runs
  await expect(page.getByTestId('variants-size')).toHaveText('6 runs in the grid.');
  await page.getByTestId('variants-start').click();
  await expect(page.getByTestId('dashboard')).toBeVisible();
  const cards = page.getByTestId('live-list').locator('article');
  await expect(cards).toHaveCount(6);
  // The last two cells wait in the queue: hold both; stop the last (it never starts → cancelled), resume the fifth.
  const ids = await cards.evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-testid')!.replace('live-run-', ''))));
  const last = ids.at(-1)!;
  const fifth = ids.at(-2)!;
  await page.getByTestId(`live-pause-${last}`).click();
  await page.getByTestId(`live-pause-${fifth}`).click();
  await expect(page.getByTestId(`live-status-${last}`)).toHaveText('paused');
  await expect(page.getByTestId(`live-status-${fifth}`)).toHaveText('paused');
  await page.getByTestId(`live-run-${last}`).click();
  await expect(page.getByTestId('live-selected')).toContainText(NAME);
  await page.keyboard.press('Escape');
  await expect(page.getByTestId(`live-status-${last}`)).toHaveText(/cancelled|stopped/);
  await page.getByTestId(`live-resume-${fifth}`).click();
  await expect(page.getByTestId(`live-status-${fifth}`)).not.toHaveText('paused');
  // Live progress: some run reaches epoch 3 / 3 while we watch, its curves drawn.
  await page.getByTestId(`live-run-${ids[0]}`).click();
  await expect(page.getByTestId(`live-epoch-${ids[0]}`)).toHaveText('epoch 3 / 3', { timeout: 90_000 });
  await expect(page.getByTestId('chart-live-loss')).toBeVisible();
  await page.screenshot({ path: path.join(artifacts, 'workbench-dashboard.png'), fullPage: true });
  await page.getByTestId('locale-select').selectOption('zh-CN');
  await page.getByTestId('theme-toggle').click();
  await expect(page.getByTestId('dashboard')).toContainText('实时运行');
  await page.screenshot({ path: path.join(artifacts, 'workbench-dashboard-live-zh-dark.png'), fullPage: true });
  await page.getByTestId('theme-toggle').click();
  await page.getByTestId('locale-select').selectOption('en');
  await expect
    .poll(async () => (await cards.evaluateAll((els) => els.map((e) => e.getAttribute('data-status')))).filter((s) => LIVE.includes(s ?? '')).length, { timeout: 150_000 })
    .toBe(0);

  // ---- reload: the runs are in History; search, filter by status, tag the experiment
  await page.reload();
  await page.getByTestId('nav-history').click();
  await page.getByTestId('history-search-text').fill(NAME);
  await expect(page.getByTestId('history-found-count')).toHaveText('6 matching runs');
  await page.getByTestId('history-filter-status').selectOption('cancelled');
  await expect(page.getByTestId('history-found-count')).toHaveText('1 matching runs');
  // Dates: nothing was made after 2100.
  await page.getByTestId('history-filter-from').fill('2100-01-01');
  await expect(page.getByTestId('history-no-match')).toBeVisible();
  await page.getByTestId('history-filter-from').fill('');
  await expect(page.getByTestId('history-found-count')).toHaveText('1 matching runs');
  // Sorted by validation accuracy, best first (the cancelled run has none and sorts last).
  await page.getByTestId('history-filter-status').selectOption('');
  await page.getByTestId('history-sort').selectOption('valAccuracy');
  await expect(page.getByTestId('history-found').locator('thead')).toContainText('validation accuracy');
  const accuracies = async () => (await page.getByTestId('history-found').locator('tbody tr td.num').allInnerTexts()).map((v) => (v === '—' ? -1 : Number(v)));
  await expect.poll(async () => (await accuracies()).length).toBe(6);
  const sorted = await accuracies();
  expect(sorted).toEqual([...sorted].sort((a, b) => b - a));
  expect(sorted.at(-1)).toBe(-1);
  await page.getByTestId('history-search-reset').click();
  await expect(page.getByTestId('history-search-text')).toHaveValue('');
  await gridItem(page).click();
  await expect(page.getByTestId('history-runs').locator('tbody tr')).toHaveCount(6);
  await expect(page.getByTestId('history-runs')).toContainText('completed');
  await page.getByTestId('history-tag-input').fill('seeds');
  await page.getByTestId('history-tag-add').click();
  await expect(page.getByTestId('history-tags')).toContainText('seeds');
  await page.getByTestId('history-search-text').fill('seeds');
  await expect(page.getByTestId('history-found-count')).toHaveText('6 matching runs');
  await page.getByTestId('history-search-reset').click();
  await page.screenshot({ path: path.join(artifacts, 'workbench-history.png'), fullPage: true });

  // ---- one run's metrics as CSV; its bundle exported and imported as a new, tagged experiment
  const runCsv = csvLines((await download(page, `history-run-csv-${ids[0]}`)).bytes);
  expect(runCsv[0]).toBe('runId,label,group,metric,x,value');
  expect(runCsv.filter((l) => l.includes(',trainLoss,'))).toHaveLength(3);
  const bundle = await download(page, `history-run-bundle-${ids[0]}`);
  expect(JSON.parse(bundle.bytes.toString('utf8'))).toMatchObject({ format: 'descent-lab-run-bundle', version: 1 });
  const [bundleChooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByTestId('history-import-bundle').click()]);
  await bundleChooser.setFiles(bundle.file);
  await expect(page.getByTestId('notice-success').filter({ hasText: path.basename(bundle.file) })).toBeVisible();
  await expect(page.getByTestId('history-tags')).toContainText('imported');
  await expect(page.getByTestId('history-runs').locator('tbody tr')).toHaveCount(1);

  // ---- the stored experiment as a file: History's export opens in the builder and exports the same
  await gridItem(page).click();
  await expect(page.getByTestId('history-name')).toHaveText(NAME);
  const stored = await download(page, 'history-export', 'stored.json');
  const [storedChooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByTestId('history-import').click()]);
  await storedChooser.setFiles(stored.file);
  await expect(page.getByTestId('network-lab')).toBeVisible();
  const rebuilt = await download(page, 'spec-export', 'rebuilt.json');
  expect(JSON.parse(rebuilt.bytes.toString('utf8'))).toEqual(JSON.parse(stored.bytes.toString('utf8')));

  // ---- run again with changes: the sgd / seed 1 cell back in the builder
  await page.getByTestId('nav-history').click();
  await gridItem(page).click();
  await page.getByTestId(`history-run-again-${ids[4]}`).click();
  await expect(page.getByTestId('network-lab')).toBeVisible();
  await expect(page.getByTestId('optimizer-select')).toHaveValue('sgd');
  await expect(page.getByTestId('field-seed')).toHaveValue('1');
  await expect(page.getByTestId('field-epochs')).toHaveValue('3');
  await page.getByTestId('nav-history').click();
  await gridItem(page).click();

  // ---- compare all six, grouped by optimizer: mean ± std bands across the seeds
  await page.getByTestId('history-compare').click();
  await expect(page.getByTestId('compare')).toBeVisible();
  // Compare opens on the training loss (the full pass after each epoch), as the lecture says to look first.
  await expect(page.getByTestId('compare-metric')).toHaveValue('fullTrainLoss');
  await expect(page.getByTestId('compare-x')).toHaveValue('epoch');
  await page.getByTestId('compare-filter').fill('no such run');
  await expect(page.getByTestId('compare-no-match')).toBeVisible();
  await page.getByTestId('compare-filter').fill('');
  await page.getByTestId('compare-group').selectOption('optimizer.name');
  await expect(page.getByTestId('compare-band-note')).toBeVisible();
  const groups = page.getByTestId('compare-group-summary').locator('tr');
  await expect(groups).toHaveCount(3);
  await expect(page.getByTestId('compare-group-summary')).toContainText('optimizer.name=adam (n=2)');
  // Settings: only differing rows by default; the toggle shows all.
  await expect(page.getByTestId('compare-table').locator('[data-testid="same-row"]')).toHaveCount(0);
  await page.getByTestId('compare-show-all').check();
  await expect(page.getByTestId('compare-table').locator('[data-testid="same-row"]').first()).toBeVisible();
  await expect(page.getByTestId('chart-compare-parallel')).toBeVisible();
  // Hovering the chart names each group's mean with its ± std across seeds.
  const canvas = page.getByTestId('chart-compare-metric').locator('canvas').first();
  const box = (await canvas.boundingBox())!;
  await canvas.hover({ position: { x: box.width / 2, y: box.height / 2 } });
  await expect(page.getByTestId('chart-compare-metric')).toContainText(/optimizer\.name=adam \(n=2\): [0-9.e-]+ ± [0-9.e-]+ \(n=2\)/);
  await page.getByTestId('compare-smoothing').fill('0.5');

  const png = await download(page, 'chart-compare-metric-png', 'compare-grouped.png');
  expect(png.bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  expect(png.bytes.length).toBeGreaterThan(10_000);
  const bands = csvLines((await download(page, 'chart-compare-metric-csv', 'compare-grouped.csv')).bytes);
  expect(bands[0]).toBe('epoch,group,n,mean,std');
  // 3 groups × 3 epochs; the group that lost its stopped run averages one seed (std 0).
  expect(bands).toHaveLength(1 + 9);
  const rows = bands.slice(1).map((l) => l.split(','));
  expect(rows.filter((r) => r[2] === '2')).toHaveLength(6);
  for (const r of rows) expect(Number(r[3])).toBeGreaterThan(0);
  for (const r of rows.filter((x) => x[2] === '2')) expect(Number(r[4])).toBeGreaterThanOrEqual(0);
  // By wall time (the runs' per-epoch durations summed), on a log axis: the same curves, x in seconds.
  await page.getByTestId('compare-x').selectOption('time');
  await page.getByTestId('compare-log-y').check();
  await expect(page.getByTestId('compare-skipped')).toHaveCount(0);
  const timed = csvLines((await download(page, 'chart-compare-metric-csv', 'compare-time.csv')).bytes);
  expect(timed[0]).toBe('seconds,group,n,mean,std');
  await page.getByTestId('compare-x').selectOption('epoch');
  await page.getByTestId('compare-log-y').uncheck();
  const whole = csvLines((await download(page, 'compare-csv', 'comparison.csv')).bytes);
  expect(whole[0]).toBe('runId,label,group,metric,x,value');
  expect(whole.filter((l) => l.includes(',valLoss,'))).toHaveLength(5 * 3);

  // ---- pin and save the comparison; it reopens by name
  await page.getByTestId('compare-save-name').fill('optimizers × seeds');
  await page.getByTestId('compare-save').click();
  await expect(page.getByTestId('compare-picker')).toContainText('optimizers × seeds');
  await page.getByTestId('compare-clear').click();
  await expect(page.getByTestId('compare-need-two')).toBeVisible();
  await page.getByTestId('compare-picker').getByText('optimizers × seeds').click();
  await expect(page.getByTestId('compare-group')).toHaveValue('optimizer.name');
  await expect(page.getByTestId('compare-group-summary').locator('tr')).toHaveCount(3);
  await page.screenshot({ path: path.join(artifacts, 'workbench-compare.png'), fullPage: true });

  // ---- Ctrl+K opens Compare from anywhere; Chinese and dark
  await page.getByTestId('nav-history').click();
  await page.keyboard.press('Control+k');
  await expect(page.getByTestId('compare')).toBeVisible();
  await page.getByTestId('locale-select').selectOption('zh-CN');
  await page.getByTestId('theme-toggle').click();
  await expect(page.getByTestId('compare-summary')).toContainText('汇总');
  await page.screenshot({ path: path.join(artifacts, 'workbench-compare-zh-dark.png'), fullPage: true });
  await page.getByTestId('nav-dashboard').click();
  await expect(page.getByTestId('dashboard')).toContainText('实时运行');
  await page.screenshot({ path: path.join(artifacts, 'workbench-dashboard-zh-dark.png'), fullPage: true });
  await page.getByTestId('nav-history').click();
  await gridItem(page).click();
  await page.screenshot({ path: path.join(artifacts, 'workbench-history-zh-dark.png'), fullPage: true });
  await page.getByTestId('nav-network').click();
  await page.screenshot({ path: path.join(artifacts, 'workbench-network-zh-dark.png'), fullPage: true });
  await page.getByTestId('theme-toggle').click();
  await page.getByTestId('locale-select').selectOption('en');

  expect(pageErrors).toEqual([]);
});

test('pause holds a running run: its update counter stands still across polls while the other run trains; resume moves it on', async ({ page }) => {
  const errors = collectPageErrors(page);
  await openNetworkLab(page);
  // Two long runs (seeds 1 and 2, the grid test's 2-256-256-2 MLP for 200 epochs) training side by
  // side; neither ends while this test watches.
  await page.getByTestId('source-select').selectOption('spiral');
  await page.getByTestId('field-data.samples').fill('5000');
  await page.getByTestId('field-data.classes').fill('2');
  await page.getByTestId('preset-select').selectOption('mlp');
  await page.getByTestId('field-model.0.units').fill('256');
  await page.getByTestId('field-model.1.units').fill('256');
  await page.getByTestId('field-batchSize').fill('16');
  await page.getByTestId('field-epochs').fill('200');
  await page.getByTestId('run-name').fill('wb pause');
  await page.getByTestId('variants-add').selectOption('seed');
  await page.getByTestId('axis-0-values').fill('1..2');
  await expect(page.getByTestId('variants-size')).toHaveText('2 runs in the grid.');
  await page.getByTestId('variants-start').click();
  await expect(page.getByTestId('dashboard')).toBeVisible();
  const cards = page.getByTestId('live-list').locator('article', { hasText: 'wb pause' });
  await expect(cards).toHaveCount(2);
  const [held, other] = await cards.evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-testid')!.replace('live-run-', ''))));
  const step = async (id: number) => Number(await page.getByTestId(`live-run-${id}`).getAttribute('data-step'));
  // Both train: each one's counter moves (the page polls runs:active every 1.5 s).
  for (const id of [held!, other!]) await expect.poll(() => step(id), { timeout: 60_000 }).toBeGreaterThan(0);

  await page.getByTestId(`live-pause-${held}`).click();
  await expect(page.getByTestId(`live-status-${held}`)).toHaveText('paused');
  // The status is the queue's word; the counter is the engine's. Each new value of the other run's
  // counter is a poll made later: across a first one (the pause reached the worker) and two more,
  // the held run's counter must not move.
  const nextPoll = async () => {
    const seen = await step(other!);
    await expect.poll(() => step(other!), { timeout: 60_000 }).toBeGreaterThan(seen);
  };
  await nextPoll();
  const frozen = await step(held!);
  for (let poll = 0; poll < 2; poll++) {
    await nextPoll();
    expect(await step(held!)).toBe(frozen);
  }
  await expect(page.getByTestId(`live-status-${held}`)).toHaveText('paused');

  await page.getByTestId(`live-resume-${held}`).click();
  await expect(page.getByTestId(`live-status-${held}`)).toHaveText('running');
  await expect.poll(() => step(held!), { timeout: 60_000 }).toBeGreaterThan(frozen);

  for (const id of [held!, other!]) await page.getByTestId(`live-stop-${id}`).click();
  for (const id of [held!, other!]) await expect(page.getByTestId(`live-status-${id}`)).toHaveText('stopped', { timeout: 120_000 });
  expect(errors).toEqual([]);
});
