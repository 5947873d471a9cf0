// The error-surface lab after a student's QA pass, in the real renderer in Chromium (web mode):
// - a race run after a Hessian analysis is drawn on the map (read from the screen's pixels), there
//   and on the next surface;
// - "Snapped to the critical point" goes when the surface changes;
// - "Race the 6 classics" clicked before the surface list has arrived still races at the surface's
//   own learning rates (a rate the student typed meanwhile is kept).
import { expect, test, type Locator, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { SURFACES } from '../../main/engine/surfaces';
import { SERIES_COLORS } from '../../renderer/charts/palette';
import { appUrl, collectPageErrors } from './helpers';

const artifacts = fileURLToPath(new URL('./artifacts/', import.meta.url));

async function openLab(page: Page) {
  await page.goto(appUrl());
  await page.getByTestId('locale-select').selectOption('en');
  await page.getByTestId('nav-surface').click();
  await page.getByTestId('surface-lab').waitFor({ state: 'visible' });
}

async function pickSurface(page: Page, fn: string) {
  await page.getByTestId('fn-select').selectOption(fn);
  await expect(page.getByTestId('fn-formula')).toContainText(SURFACES[fn as keyof typeof SURFACES].formula);
  await expect(page.getByTestId('chart-surface').locator('.chart-empty')).toHaveCount(0);
}

const rgb = (hex: string) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];

/**
 * Pixels of the map as it is on screen (a screenshot of the chart, every canvas layer composited
 * by the browser) within 24 per channel of `hex`, one of the trajectories' colours.
 */
async function pixelsOf(page: Page, chart: Locator, hex: string): Promise<number> {
  const png = (await chart.screenshot()).toString('base64');
  return page.evaluate(
    async ({ png, target }) => {
      const image = new Image();
      image.src = `data:image/png;base64,${png}`;
      await image.decode();
      const canvas = document.createElement('canvas');
      canvas.width = image.width;
      canvas.height = image.height;
      const context = canvas.getContext('2d')!;
      context.drawImage(image, 0, 0);
      const data = context.getImageData(0, 0, canvas.width, canvas.height).data;
      let count = 0;
      for (let i = 0; i < data.length; i += 4) {
        if (Math.abs(data[i]! - target[0]) <= 24 && Math.abs(data[i + 1]! - target[1]) <= 24 && Math.abs(data[i + 2]! - target[2]) <= 24) count += 1;
      }
      return count;
    },
    { png, target: rgb(hex) },
  );
}

async function runToEnd(page: Page, count: number, steps: number) {
  await page.getByTestId('run-button').click();
  await expect(page.getByTestId(`result-${count - 1}`)).toBeVisible();
  await expect(page.getByTestId(`result-${count}`)).toHaveCount(0);
  await expect(page.getByTestId('step-label')).toHaveText(`step ${steps} / ${steps}`, { timeout: 30_000 });
}

/** A race's path is a line a few hundred pixels long, 2 px wide, in its colour; the map itself has none of the colours. */
const DRAWN_PATH = 150;

test('a race after a Hessian analysis is drawn on the map, and on the next surface; the snap line goes with the surface', async ({ page }) => {
  mkdirSync(artifacts, { recursive: true });
  const errors = collectPageErrors(page);
  await openLab(page);
  await pickSurface(page, 'w1w2');
  await page.getByTestId('steps').fill('300');

  // ---- analyse the saddle by a click a few pixels off it (it snaps to (0, 0)): arrows on the map
  await page.getByTestId('click-mode-analyse').click();
  const chart = page.getByTestId('chart-surface').locator('.chart-body');
  const canvas = chart.locator('canvas').first();
  await canvas.scrollIntoViewIfNeeded();
  // The map's grid (renderer/charts/surface.ts): left 52, right 18, top 14, bottom 44; w1w2's window ±2.5.
  await expect(async () => {
    const box = (await canvas.boundingBox())!;
    await page.mouse.click(box.x + 52 + ((0.03 + 2.5) / 5) * (box.width - 70), box.y + 14 + ((2.5 + 0.04) / 5) * (box.height - 58));
    await expect(page.getByTestId('snapped')).toContainText('(0, 0)', { timeout: 2000 });
  }).toPass({ timeout: 20_000 });
  await expect(page.getByTestId('hessian-kind')).toContainText('Saddle');
  const red = SERIES_COLORS[0];
  const before = await pixelsOf(page, chart, red);
  expect(before).toBeLessThan(DRAWN_PATH / 3);

  // ---- race: the path shows over the map and the arrows
  await runToEnd(page, 1, 300);
  await page.mouse.move(0, 0);
  await chart.screenshot({ path: `${artifacts}surface-fixes-analysed-then-race.png` });
  const drawn = await pixelsOf(page, chart, red);
  expect(drawn - before).toBeGreaterThan(DRAWN_PATH);

  // ---- Rosenbrock: the snap line about (0, 0) goes; six classics raced, all six paths drawn
  await pickSurface(page, 'rosenbrock');
  await expect(page.getByTestId('snapped')).toHaveCount(0);
  await page.getByTestId('race-all').click();
  await expect(page.getByTestId('entry-5')).toBeVisible();
  await runToEnd(page, 6, 300);
  await page.mouse.move(0, 0);
  await chart.screenshot({ path: `${artifacts}surface-fixes-analysed-then-rosenbrock-race.png` });
  // Colours 0–5 of the palette, one per optimizer: each path shows (some partly under the others).
  const counts: number[] = [];
  for (const color of SERIES_COLORS.slice(0, 6)) counts.push(await pixelsOf(page, chart, color));
  for (const count of counts) expect(count).toBeGreaterThan(30);
  expect(counts.reduce((a, b) => a + b, 0)).toBeGreaterThan(6 * DRAWN_PATH);

  // ---- analysed again on Rosenbrock (typed, no snap): the paths stay on top of the new arrows
  const beforeAnalysis = await pixelsOf(page, chart, SERIES_COLORS[5]);
  await page.getByTestId('analyse-x').fill('1');
  await page.getByTestId('analyse-y').fill('1');
  await page.getByTestId('analyse-button').click();
  await expect(page.getByTestId('hessian-kind')).toContainText(/minimum/i);
  await expect(page.getByTestId('snapped')).toHaveCount(0);
  await expect.poll(() => pixelsOf(page, chart, SERIES_COLORS[5])).toBeGreaterThan(beforeAnalysis / 2);
  expect(errors).toEqual([]);
});

test('Race the 6 classics clicked before the surface list arrives races at the surface’s own rates; a rate typed meanwhile is kept', async ({ page }) => {
  const errors = collectPageErrors(page);
  // The page's first surface:list is held back until released: the lab opens without its surfaces.
  let release: () => void = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  let heldOne = false;
  await page.routeWebSocket(/\/ws/, (ws) => {
    const server = ws.connectToServer();
    ws.onMessage(async (message) => {
      if (!heldOne && typeof message === 'string' && message.includes('"channel":"surface:list"')) {
        heldOne = true;
        await held;
      }
      server.send(message);
    });
  });
  await openLab(page);
  await expect.poll(() => heldOne).toBe(true);
  await expect(page.getByTestId('fn-formula')).toHaveCount(0);
  await page.getByTestId('race-all').click();
  await expect(page.getByTestId('entry-5')).toBeVisible();
  // Adam's card opened and its rate typed before the surface is known.
  await page.getByTestId('entry-5-toggle').click();
  await page.getByTestId('field-entries.5.optimizer.lr').fill('0.02');
  release();

  await expect(page.getByTestId('fn-formula')).toContainText(SURFACES.rosenbrock.formula);
  const rates = SURFACES.rosenbrock.suggestedLr;
  const names = ['sgd', 'sgdm', 'nag', 'adagrad', 'rmsprop'] as const;
  for (const [i, name] of names.entries()) {
    const lr = rates[name];
    if (lr !== undefined) await expect(page.getByTestId(`entry-${i}`)).toContainText(`lr = ${lr}`);
  }
  await expect(page.getByTestId('field-entries.5.optimizer.lr')).toHaveValue('0.02');
  // Rosenbrock's own rates for these three differ from the generic 0.01 the cards would otherwise keep.
  expect([rates.adagrad, rates.rmsprop].every((lr) => lr !== 0.01)).toBe(true);
  await runToEnd(page, 6, 300);
  expect(errors).toEqual([]);
});
