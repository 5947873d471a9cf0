// Edges of the renderer, end to end in web mode:
// - a refused experiment file is worded in the language shown (no Chinese in English mode, no
//   English sentence in Chinese mode), re-worded when the language changes;
// - the Network lab draws only the run its own start returned, while a workbench run trains at
//   the same moment and reports many times a second. (Whether one of its events falls in the few
//   milliseconds the lab's start is pending is up to timing; test/unit/stores/network-lab.test.ts
//   puts events there for certain.)
// - a file chosen in web mode goes through the files store (files:upload) into its field.
import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { collectPageErrors, openNetworkLab } from './helpers';

const CJK = /[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]/;
/** Three Latin words in a row: an English sentence (field paths and file names are single tokens). */
const ENGLISH_SENTENCE = /[A-Za-z]{2,}[\s,]+[A-Za-z]{2,}[\s,]+[A-Za-z]{2,}/;

const broken = {
  name: 'broken',
  data: { source: 'spiral' },
  model: [{ dense: 8, activation: 'relu' }, { dense: 2 }],
  loss: 'cross-entropy',
  optimizer: { name: 'sgd', lr: -1 },
  epochs: 0,
  colour: 'red',
};

async function importFile(page: Page, name: string, json: unknown) {
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByTestId('spec-import').click()]);
  await chooser.setFiles({ name, mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(json)) });
}

/** The refusal's words beside the Import button (its close button aside). */
const noticeText = (page: Page, file: string) => page.getByTestId('import-problem').filter({ hasText: file }).locator('p, li').allInnerTexts().then((t) => t.join('\n'));

test('a refused experiment file is worded in the language shown, and again when it changes', async ({ page }) => {
  const errors = collectPageErrors(page);
  await openNetworkLab(page);

  await importFile(page, 'broken-en.json', broken);
  const en = page.getByTestId('import-problem').filter({ hasText: 'broken-en.json' });
  await expect(en).toContainText('Did not open broken-en.json: 3 fields are not valid.');
  await expect(en).toContainText('optimizer.lr: Must be > 0.');
  await expect(en).toContainText('colour: unknown field “colour”');
  await expect(en).toContainText('epochs: Must be ≥ 1.');
  expect(await noticeText(page, 'broken-en.json')).not.toMatch(CJK);

  // The same refusal, re-worded in Chinese; then a file refused while the page is in Chinese.
  await page.getByTestId('locale-select').selectOption('zh-CN');
  await expect(en).toContainText('未打开 broken-en.json：有 3 个字段无效。');
  await expect(en).toContainText('optimizer.lr: 必须 > 0。');
  expect(await noticeText(page, 'broken-en.json')).not.toMatch(ENGLISH_SENTENCE);
  await importFile(page, 'broken-zh.json', broken);
  const zh = page.getByTestId('import-problem').filter({ hasText: 'broken-zh.json' });
  await expect(zh).toContainText('colour: 未知字段“colour”');
  const zhText = await noticeText(page, 'broken-zh.json');
  expect(zhText).toMatch(CJK);
  expect(zhText).not.toMatch(ENGLISH_SENTENCE);
  expect(errors).toEqual([]);
});

/** Calls a channel over a second WebSocket of the page's origin (the cookie the page got authorises it). */
async function call(page: Page, channel: string, payload: unknown): Promise<unknown> {
  return page.evaluate(
    ([channel, payload]) =>
      new Promise((resolve, reject) => {
        // Runs in the page (the spec itself is type-checked without the DOM's globals).
        const { host } = (globalThis as unknown as { location: { host: string } }).location;
        const ws = new WebSocket(`ws://${host}/ws`);
        ws.onopen = () => ws.send(JSON.stringify({ id: 1, channel, payload }));
        ws.onmessage = (m) => {
          const { envelope } = JSON.parse(String(m.data)) as { envelope?: { ok: boolean; result?: unknown; error?: unknown } };
          if (!envelope) return;
          ws.close();
          if (envelope.ok) resolve(envelope.result);
          else reject(new Error(JSON.stringify(envelope.error)));
        };
        ws.onerror = () => reject(new Error('socket failed'));
      }),
    [channel, payload] as const,
  );
}

test('a workbench grid training while the Network lab starts a run never lands on the lab’s chart', async ({ page }) => {
  const errors = collectPageErrors(page);
  await openNetworkLab(page);
  // A workbench run of short epochs reports many times a second (epochs and progress), so its
  // events keep arriving while the lab's own start is pending. It and the lab's run take one
  // worker each, so neither waits for the other on a two-core machine.
  const grid = (await call(page, 'workbench:start', {
    name: 'busy grid',
    base: {
      data: { source: 'spiral', samples: 2000 },
      model: [{ dense: 16, activation: 'tanh' }, { dense: 'output' }],
      loss: 'cross-entropy',
      optimizer: { name: 'sgd', lr: 0.1 },
      batchSize: 50,
      epochs: 5000,
      threads: 1,
    },
    axes: [{ path: 'seed', values: [1] }],
  })) as { runIds: number[] };
  try {
    await expect.poll(async () => ((await call(page, 'runs:active', {})) as { status: string }[]).filter((r) => r.status === 'running').length).toBeGreaterThan(0);

    const name = `own run ${Date.now()}`;
    await page.getByTestId('field-epochs').fill('6');
    await page.getByTestId('advanced-toggle').click();
    await page.getByTestId('field-threads').fill('1');
    await page.getByTestId('run-name').fill(name);
    await page.getByTestId('run-button').click();
    await expect(page.getByTestId('final-metrics')).toBeVisible({ timeout: 120_000 });
    await expect(page.getByTestId('progress-epoch')).toHaveText('epoch 6 / 6');

    // The chart's data (its CSV) is exactly the lab's own run as stored: 6 epochs, the same losses.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('chart-net-loss-csv').click()]);
    const rows = readFileSync((await download.path())!, 'utf8').trim().split('\n');
    // Columns: epoch, then the chart's series by name: the training loss (full pass), the mean mini-batch loss, validation.
    const header = rows[0]!.split(',').map((h) => h.replace(/^"|"$/g, ''));
    const column = (title: string) => rows.slice(1).map((r) => Number(r.split(',')[header.indexOf(title)]));
    const [own] = (await call(page, 'runs:search', { text: name })) as { id: number }[];
    expect(own).toBeDefined();
    for (const [title, series] of [['training loss (full pass)', 'fullTrainLoss'], ['mean mini-batch loss', 'trainLoss']] as const) {
      expect(header, title).toContain(title);
      const [stored] = (await call(page, 'runs:series', { runIds: [own!.id], names: [series] })) as { steps: number[]; values: number[] }[];
      expect(stored!.steps).toEqual([1, 2, 3, 4, 5, 6]);
      const drawn = column(title);
      expect(drawn).toHaveLength(6);
      drawn.forEach((v, i) => expect(v, `${title} at epoch ${i + 1}`).toBeCloseTo(stored!.values[i]!, 6));
    }
  } finally {
    for (const runId of grid.runIds) await call(page, 'runs:stop', { runId }).catch(() => undefined);
  }
  expect(errors).toEqual([]);
});

test('a CSV chosen in web mode is uploaded and its path fills the field', async ({ page }) => {
  const errors = collectPageErrors(page);
  await openNetworkLab(page);
  await page.getByTestId('source-select').selectOption('csv');
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByTestId('choose-data.path').click()]);
  const rows = Array.from({ length: 40 }, (_, i) => `${i / 40},${(i * 7) % 5},${i % 2}`);
  await chooser.setFiles({ name: 'points.csv', mimeType: 'text/csv', buffer: Buffer.from(['x,y,label', ...rows].join('\n')) });
  await expect(page.getByTestId('field-data.path')).toHaveValue(/points\.csv$/);
  expect(errors).toEqual([]);
});
