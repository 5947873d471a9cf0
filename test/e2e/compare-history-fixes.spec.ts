// Compare and History through a language and theme switch, in web mode in Chromium: the parallel
// coordinates redraw their axis names and labels in the new language and theme (read off the chart's
// own canvas), layer texts are in the page's language ("→ 输出层"), History keeps status and number
// cells on one line at 1024 and 1400 px in both languages, and the surface lab's "Saved …" notice does
// not follow the student to other pages and goes by itself. Screenshots under test/e2e/artifacts/chf-*.png.
import { expect, test, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { collectPageErrors, openNetworkLab } from './helpers';

const artifacts = fileURLToPath(new URL('./artifacts/', import.meta.url));
const shot = (page: Page, name: string) => page.screenshot({ path: path.join(artifacts, `chf-${name}.png`), fullPage: true });
const stamp = Date.now().toString(36);
const names = { shallow: `chf shallow ${stamp}`, deep: `chf deep ${stamp}` };

/** Trains the open lab's spiral for 2 epochs with `preset` as `name`. */
async function train(page: Page, name: string, preset: 'shallow' | 'mlp') {
  await page.getByTestId('preset-select').selectOption(preset);
  await page.getByTestId('field-epochs').fill('2');
  await page.getByTestId('run-name').fill(name);
  await page.getByTestId('run-button').click();
  await expect(page.getByTestId('progress-epoch')).toHaveText('epoch 2 / 2', { timeout: 120_000 });
  await expect(page.getByTestId('final-metrics')).toBeVisible();
}

async function setTheme(page: Page, theme: 'light' | 'dark') {
  if ((await page.locator('html').getAttribute('data-theme')) !== theme) await page.getByTestId('theme-toggle').click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
}

interface Ink {
  /** Near-white grey pixels (text and axes drawn for the dark theme). */
  light: number;
  /** Near-black grey pixels (text and axes drawn for the light theme). */
  dark: number;
  /** A fingerprint of the band above the axes, where their names are drawn. */
  names: string;
}

/** What the parallel chart's canvas holds: grey "ink" by brightness (the runs' lines are coloured, not grey), and the names band. */
function ink(page: Page): Promise<Ink> {
  return page.getByTestId('chart-compare-parallel').locator('canvas').first().evaluate((canvas: HTMLCanvasElement) => {
    const context = canvas.getContext('2d')!;
    const { data, width, height } = context.getImageData(0, 0, canvas.width, canvas.height);
    let light = 0;
    let dark = 0;
    for (let i = 0; i < data.length; i += 4) {
      const [r, g, b, a] = [data[i]!, data[i + 1]!, data[i + 2]!, data[i + 3]!];
      if (a < 200 || Math.max(r, g, b) - Math.min(r, g, b) > 24) continue;
      if (Math.min(r, g, b) > 160) light += 1;
      else if (Math.max(r, g, b) < 110) dark += 1;
    }
    // The names sit above the axes (the grid starts 40 px down): sum the alpha of each 8-px column there.
    const band = Math.round((36 * canvas.height) / (canvas.clientHeight || height));
    const columns: number[] = [];
    for (let x = 0; x < width; x += 8) {
      let sum = 0;
      for (let y = 0; y < band; y++) for (let dx = 0; dx < 8 && x + dx < width; dx++) sum += data[(y * width + x + dx) * 4 + 3]!;
      columns.push(sum);
    }
    return { light, dark, names: columns.join(',') };
  });
}

test('Compare’s parallel coordinates and layer texts follow the language and the theme', async ({ page }) => {
  test.setTimeout(240_000);
  mkdirSync(artifacts, { recursive: true });
  const errors = collectPageErrors(page);
  await openNetworkLab(page);
  await setTheme(page, 'light');
  await page.getByTestId('source-select').selectOption('spiral');
  await train(page, names.shallow, 'shallow');
  await train(page, names.deep, 'mlp');
  await page.getByTestId('nav-compare').click();
  await page.getByTestId('compare-filter').fill(stamp);
  const boxes = page.locator('[data-testid^="compare-run-"]');
  await expect(boxes).toHaveCount(2);
  for (const box of await boxes.all()) await box.check();
  const parallel = page.getByTestId('chart-compare-parallel');
  await expect(parallel.locator('canvas').first()).toBeVisible();
  await parallel.scrollIntoViewIfNeeded();
  await page.mouse.move(5, 5);

  // The layers row and the chart's category labels: in English "… → output".
  const layers = page.getByTestId('compare-table').locator('tr', { has: page.locator('th[data-key="model"]') }).locator('td');
  const layerTexts = async () => (await layers.allInnerTexts()).map((x) => x.trim()).sort();
  await expect.poll(layerTexts).toEqual(['32 relu ×2 → output', '32 relu → output']);

  // Light theme, English: dark grey ink, hardly any light grey.
  await expect.poll(async () => (await ink(page)).dark, { timeout: 20_000 }).toBeGreaterThan(400);
  const enLight = await ink(page);
  expect(enLight.light).toBeLessThan(enLight.dark / 10);
  await parallel.screenshot({ path: path.join(artifacts, 'chf-parallel-en-light.png') });

  // Dark theme: the labels, names and axes redraw in light grey (the light theme's #444 on the dark card is what went unread).
  await setTheme(page, 'dark');
  await expect.poll(async () => (await ink(page)).light, { timeout: 20_000 }).toBeGreaterThan(400);
  const enDark = await ink(page);
  expect(enDark.dark).toBeLessThan(enDark.light / 10);

  // 简体中文: the axis names redraw (the band above the axes changes) and the layer texts say 输出层.
  await page.getByTestId('locale-select').selectOption('zh-CN');
  await expect.poll(layerTexts).toEqual(['32 relu ×2 → 输出层', '32 relu → 输出层']);
  await expect(parallel.locator('h3')).toHaveText('超参数 → 最终指标（平行坐标）');
  await expect.poll(async () => (await ink(page)).names, { timeout: 20_000 }).not.toBe(enDark.names);
  const zhDark = await ink(page);
  expect(zhDark.light).toBeGreaterThan(400);
  expect(zhDark.dark).toBeLessThan(zhDark.light / 10);
  await parallel.screenshot({ path: path.join(artifacts, 'chf-parallel-zh-dark.png') });
  await shot(page, 'compare-zh-dark');

  // Switched while Compare is in the background (kept alive), the chart is redrawn when it shows again.
  await page.getByTestId('nav-history').click();
  await page.getByTestId('locale-select').selectOption('en');
  await setTheme(page, 'light');
  await page.getByTestId('nav-compare').click();
  await parallel.scrollIntoViewIfNeeded();
  await page.mouse.move(5, 5);
  await expect.poll(layerTexts).toEqual(['32 relu ×2 → output', '32 relu → output']);
  await expect.poll(async () => (await ink(page)).names, { timeout: 20_000 }).toBe(enLight.names);
  const back = await ink(page);
  expect(back.light).toBeLessThan(back.dark / 10);
  expect(errors).toEqual([]);
});

/** How many lines an element's text takes (its line boxes' distinct tops). */
function lines(page: Page, testid: string): Promise<number> {
  return page.getByTestId(testid).evaluate((cell) => {
    const range = document.createRange();
    range.selectNodeContents(cell);
    const tops = [...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top));
    return new Set(tops).size;
  });
}

test('History keeps a status and a number with its unit on one line, in both languages, at 1024 and 1400 px', async ({ page }) => {
  test.setTimeout(180_000);
  mkdirSync(artifacts, { recursive: true });
  const errors = collectPageErrors(page);
  await openNetworkLab(page);
  await page.getByTestId('source-select').selectOption('spiral');
  const name = `chf history ${stamp}`;
  await train(page, name, 'shallow');
  await page.getByTestId('nav-history').click();
  await page.getByTestId('history-list').locator('li', { hasText: name }).click();
  const row = page.getByTestId('history-runs').locator('tbody tr').first();
  const id = ((await row.locator('[data-testid^="history-run-status-"]').getAttribute('data-testid')) ?? '').replace('history-run-status-', '');
  expect(id).toMatch(/^\d+$/);
  const cells = ['status', 'train-loss', 'train-accuracy', 'val-loss', 'val-accuracy'].map((c) => `history-run-${c}-${id}`);
  await expect(page.getByTestId(`history-run-train-accuracy-${id}`)).toHaveText(/^\d+\.\d %$/);
  // The search lists the run too, with its status in its own narrow column.
  await page.getByTestId('history-search-text').fill(name);
  await expect(page.getByTestId(`found-run-status-${id}`)).toBeVisible();
  // The check can fail: with the cells allowed to wrap again, a narrow window splits one of them.
  await page.getByTestId('locale-select').selectOption('zh-CN');
  await page.setViewportSize({ width: 1024, height: 900 });
  const unfixed = await page.addStyleTag({ content: '.table td.one-line { white-space: normal !important; }' });
  const split = [];
  for (const cell of cells) split.push(await lines(page, cell));
  expect(Math.max(...split), `lines per cell without nowrap: ${split.join(', ')}`).toBeGreaterThan(1);
  await unfixed.evaluate((style) => (style as Element).remove());

  for (const locale of ['zh-CN', 'en'] as const) {
    await page.getByTestId('locale-select').selectOption(locale);
    await setTheme(page, locale === 'zh-CN' ? 'dark' : 'light');
    await expect(page.getByTestId(`history-run-status-${id}`)).toHaveText(locale === 'en' ? 'completed' : '已完成');
    for (const width of [1024, 1400]) {
      await page.setViewportSize({ width, height: 900 });
      for (const cell of [...cells, `found-run-status-${id}`]) expect(await lines(page, cell), `${cell} in ${locale} at ${width} px`).toBe(1);
      // A column name breaks between words only: 验证损失 stays whole.
      if (locale === 'zh-CN') expect(await lines(page, 'history-col-val-loss'), `验证损失 at ${width} px`).toBe(1);
      // Nothing pushed out of the card: the table scrolls inside it where it must, the page does not.
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
      await shot(page, `history-${locale}-${width}`);
    }
  }
  await page.setViewportSize({ width: 1440, height: 960 });
  expect(errors).toEqual([]);
});

test('a save’s success notice stays on its page and goes by itself', async ({ page }) => {
  test.setTimeout(120_000);
  const errors = collectPageErrors(page);
  await openNetworkLab(page);
  await page.getByTestId('nav-surface').click();
  await page.getByTestId('run-button').click();
  await expect(page.getByTestId('result-0')).toBeVisible();
  const race = `chf race ${stamp}`;
  await page.getByTestId('save-name').fill(race);
  await page.getByTestId('save-button').click();
  // The lab confirms beside its button; the notice says it too, for now.
  await expect(page.getByTestId('save-confirm')).toContainText(race);
  const notice = page.getByTestId('notice-success').filter({ hasText: race });
  await expect(notice).toBeVisible();
  // On another page it is gone (it spoke of the surface lab), and it does not come back with the lab.
  await page.getByTestId('nav-compare').click();
  await expect(page.getByTestId('compare')).toBeVisible();
  await expect(notice).toHaveCount(0);
  await page.getByTestId('nav-course').click();
  await expect(notice).toHaveCount(0);
  await page.getByTestId('nav-surface').click();
  await expect(notice).toHaveCount(0);

  // Left where it was said, a confirmation goes by itself within a few seconds.
  await page.getByTestId('save-name').fill(`${race} again`);
  await page.getByTestId('save-button').click();
  const again = page.getByTestId('notice-success').filter({ hasText: `${race} again` });
  await expect(again).toBeVisible();
  await page.mouse.move(5, 5);
  await expect(again).toHaveCount(0, { timeout: 10_000 });

  // A confirmation given as its action opens another page speaks of that page: History's import opens
  // a network experiment in the Network lab (in the same task) and says so there.
  await page.getByTestId('nav-network').click();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('spec-export').click()]);
  const file = path.join(artifacts, `chf-network-${stamp}.json`);
  await download.saveAs(file);
  await page.getByTestId('nav-history').click();
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByTestId('history-import').click()]);
  await chooser.setFiles(file);
  await expect(page.getByTestId('network-lab')).toBeVisible();
  await expect(page.getByTestId('notice-success').filter({ hasText: path.basename(file) })).toBeVisible();
  expect(errors).toEqual([]);
});
