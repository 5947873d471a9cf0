// The Network lab in web mode, in Chromium: the lecture's three presets (each a whole experiment
// with a note saying what it shows) train as LECTURE §1 says — deep plain worse than shallow,
// residual best — and a reload in the middle of a run brings its live view back: status, curves,
// Pause and Stop, with the Run button still off; Stop then stops that run.
import { expect, test, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { collectPageErrors, openNetworkLab } from './helpers';

const artifacts = fileURLToPath(new URL('./artifacts/', import.meta.url));
const shot = (page: Page, name: string) => page.screenshot({ path: path.join(artifacts, `network-reload-${name}.png`), fullPage: true });

/** Picks a preset, runs it as `name` and returns its final training loss (the full pass). */
async function trainPreset(page: Page, preset: string, name: string): Promise<number> {
  await page.getByTestId('preset-select').selectOption(preset);
  await page.getByTestId('run-name').fill(name);
  await page.getByTestId('run-button').click();
  await expect(page.getByTestId('final-metrics')).toContainText(`Stored as “${name}” (completed)`, { timeout: 120_000 });
  return Number((await page.getByTestId('final-train').locator('td').first().innerText()).trim());
}

test('the lecture presets show optimization failure and its fix; a reload mid-run keeps the live view and Stop', async ({ page }) => {
  mkdirSync(artifacts, { recursive: true });
  const pageErrors = collectPageErrors(page);
  await openNetworkLab(page);

  // ---- the three presets: one experiment, notes that say what each shows
  const shallow = await trainPreset(page, 'lectureShallow', 'e2e shallow');
  await expect(page.getByTestId('preset-note')).toContainText('step 1 of 3');
  await expect(page.getByTestId('field-epochs')).toHaveValue('30');
  await expect(page.getByTestId('source-select')).toHaveValue('moons');
  const plain = await trainPreset(page, 'lectureDeepPlain', 'e2e deep plain');
  await expect(page.getByTestId('preset-note')).toContainText('optimization failure');
  await shot(page, 'preset-en');
  const residual = await trainPreset(page, 'lectureDeepResidual', 'e2e deep residual');
  await expect(page.getByTestId('preset-note')).toContainText('shortcuts');
  // LECTURE §1: the deeper plain net trains worse than the shallow one; shortcuts fix it.
  expect(plain).toBeGreaterThan(2 * shallow);
  expect(residual).toBeLessThan(shallow);

  await page.getByTestId('locale-select').selectOption('zh-CN');
  await expect(page.getByTestId('preset-note')).toContainText('恒等路径');
  await shot(page, 'preset-zh');
  await page.getByTestId('locale-select').selectOption('en');

  // ---- a long run, reloaded while it trains
  await page.getByTestId('field-epochs').fill('20000');
  await page.getByTestId('run-name').fill('e2e reload');
  await page.getByTestId('run-button').click();
  await expect(page.getByTestId('stop-button')).toBeVisible();
  await expect(page.getByTestId('progress-epoch')).not.toHaveText(/^epoch 0 /, { timeout: 60_000 });
  await page.reload();
  await page.getByTestId('network-lab').waitFor({ state: 'visible' });
  await expect(page.getByTestId('run-progress')).toContainText('running');
  await expect(page.getByTestId('progress-epoch')).toContainText('/ 20000');
  await expect(page.getByTestId('stop-button')).toBeVisible();
  await expect(page.getByTestId('pause-button')).toBeVisible();
  await expect(page.getByTestId('run-button')).toBeDisabled();
  await expect(page.getByTestId('chart-net-loss')).toBeVisible();
  const epochAt = async () => Number(/epoch (\d+)/.exec(await page.getByTestId('progress-epoch').innerText())![1]);
  const before = await epochAt();
  await expect.poll(epochAt, { timeout: 30_000 }).toBeGreaterThan(before); // live events, not only the stored epochs
  await shot(page, 'reloaded-en');

  await page.getByTestId('stop-button').click();
  await expect(page.getByTestId('final-metrics')).toContainText('Stored as “e2e reload” (stopped)', { timeout: 60_000 });
  await expect(page.getByTestId('stop-button')).toHaveCount(0);
  await expect(page.getByTestId('run-button')).toBeEnabled();

  // ---- a reload after it ended shows its result, not a run in progress
  await page.reload();
  await expect(page.getByTestId('final-metrics')).toContainText('Stored as “e2e reload” (stopped)');
  await expect(page.getByTestId('stop-button')).toHaveCount(0);
  expect(pageErrors).toEqual([]);
});
