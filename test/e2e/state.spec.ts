// The student's place and work survive: each page has an address (reload returns to it; Back,
// Forward and Alt+←/→ move through the app), lab drafts come back after a reload and after going
// away and back, "reset to defaults" resets, a damaged draft is set aside with a notice, and a web-mode
// server restarted on its remembered port and token is reconnected to by the open page by itself.
import { expect, test, type Page } from '@playwright/test';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { appUrl, collectPageErrors } from './helpers';
import { freePort, startWeb, stopWeb } from './web-server';

const hash = (page: Page) => new URL(page.url()).hash;
/** The page's localStorage (typed here: the specs compile without DOM types). */
type Storage = { getItem(key: string): string | null; setItem(key: string, value: string): void };
const draft = (page: Page, lab: string) => page.evaluate((key) => (globalThis as unknown as { localStorage: Storage }).localStorage.getItem(key), `descent-lab.draft.${lab}`);

test('reload and Back keep the page and the drafts; reset to defaults; a damaged draft is set aside', async ({ page }) => {
  const errors = collectPageErrors(page);
  await page.goto(appUrl());
  await page.getByTestId('locale-select').selectOption('en');
  await expect(page.getByTestId('course')).toBeVisible();
  expect(hash(page)).toMatch(/^#\/course\/\d$/);

  // ---- the error-surface lab: a race edited, then reloaded
  await page.getByTestId('nav-surface').click();
  expect(hash(page)).toBe('#/surface');
  await page.getByTestId('fn-select').selectOption('saddle');
  await expect(page.getByTestId('fn-formula')).toContainText('y');
  await expect(page.getByTestId('start-x')).not.toHaveValue('-1.5'); // the saddle's own start is in
  await page.getByTestId('start-x').fill('0.25');
  await page.getByTestId('steps').fill('450');
  await page.getByTestId('field-entries.0.optimizer.lr').fill('0.0375');
  await expect.poll(() => draft(page, 'surface')).toContain('0.0375');
  await page.reload();
  await expect(page.getByTestId('surface-lab')).toBeVisible();
  expect(hash(page)).toBe('#/surface');
  await expect(page.getByTestId('fn-select')).toHaveValue('saddle');
  await expect(page.getByTestId('start-x')).toHaveValue('0.25');
  await expect(page.getByTestId('steps')).toHaveValue('450');
  await expect(page.getByTestId('field-entries.0.optimizer.lr')).toHaveValue('0.0375');

  // ---- the network builder: a draft, away to History, Back
  await page.getByTestId('nav-network').click();
  await expect(page.getByTestId('network-lab')).toBeVisible();
  await expect(page.getByTestId('field-epochs')).toHaveValue('15');
  await page.getByTestId('field-epochs').fill('7');
  await page.getByTestId('field-batchSize').fill('64');
  await page.getByTestId('nav-history').click();
  expect(hash(page)).toBe('#/history');
  await page.goBack();
  await expect(page.getByTestId('network-lab')).toBeVisible();
  expect(hash(page)).toBe('#/network');
  await expect(page.getByTestId('field-epochs')).toHaveValue('7');
  // Alt+← and Alt+→ move through the app too (outside text fields).
  await page.locator('body').click({ position: { x: 5, y: 900 } });
  await page.keyboard.press('Alt+ArrowLeft');
  await expect(page.getByTestId('surface-lab')).toBeVisible();
  await page.keyboard.press('Alt+ArrowRight');
  await expect(page.getByTestId('network-lab')).toBeVisible();
  await page.goForward();
  await expect(page.getByTestId('nav-history')).toHaveClass(/active/);
  expect(hash(page)).toBe('#/history');
  await page.goBack();
  // …and a reload, with the page's memory gone, brings the same draft back from storage.
  await page.reload();
  await expect(page.getByTestId('network-lab')).toBeVisible();
  await expect(page.getByTestId('field-epochs')).toHaveValue('7');
  await expect(page.getByTestId('field-batchSize')).toHaveValue('64');

  // ---- reset to defaults: the builder's defaults, kept so across a reload
  await page.getByTestId('draft-reset-network').click();
  await expect(page.getByTestId('field-epochs')).toHaveValue('15');
  await expect(page.getByTestId('field-batchSize')).toHaveValue('32');
  await expect(page.getByTestId('notice-success')).toContainText('The network lab is back to its defaults.');
  await page.reload();
  await expect(page.getByTestId('field-epochs')).toHaveValue('15');

  // ---- the bound lab's sliders come back too
  await page.getByTestId('nav-bound').click();
  await page.getByTestId('bound-n').fill('1500');
  await expect.poll(() => draft(page, 'bound')).toContain('1500');
  await page.reload();
  await expect(page.getByTestId('bound-n')).toHaveValue('1500');

  // ---- and the batch-size study's form
  await page.getByTestId('nav-batch').click();
  await page.getByTestId('batch-sizes').fill('4, 16, 64');
  await page.getByTestId('batch-epochs').fill('3');
  await expect.poll(() => draft(page, 'batch')).toContain('[4,16,64]');
  await page.reload();
  await expect(page.getByTestId('batch-sizes')).toHaveValue('4, 16, 64');
  await expect(page.getByTestId('batch-epochs')).toHaveValue('3');
  await page.getByTestId('draft-reset-batch').click();
  await expect(page.getByTestId('batch-sizes')).toHaveValue('8, 32, 128, 512');

  // ---- the course's section is an address of its own
  await page.getByTestId('nav-course').click();
  await page.getByTestId('course-nav-3').click();
  expect(hash(page)).toBe('#/course/3');
  await page.getByTestId('course-nav-5').click();
  expect(hash(page)).toBe('#/course/5');
  await page.goBack();
  expect(hash(page)).toBe('#/course/3');
  await expect(page.getByTestId('course-nav-3')).toHaveClass(/active/);
  await page.reload();
  await expect(page.getByTestId('course-nav-3')).toHaveClass(/active/);

  // ---- a damaged draft (another version, or edited by hand) is set aside, with a notice, not a crash
  const damaged = JSON.stringify({ v: 1, draft: { kind: 'surface', fn: 'nowhere', steps: -3 } });
  await page.evaluate((text) => (globalThis as unknown as { localStorage: Storage }).localStorage.setItem('descent-lab.draft.surface', text), damaged);
  await page.goto(`${appUrl()}#/surface`);
  await expect(page.getByTestId('surface-lab')).toBeVisible();
  await expect(page.getByTestId('notice-info')).toContainText('saved draft of the error-surface lab could not be read');
  await expect(page.getByTestId('fn-select')).toHaveValue('rosenbrock');
  await expect(page.getByTestId('steps')).toHaveValue('300');
  expect((await draft(page, 'surface')) ?? '').not.toContain('nowhere'); // gone (or the defaults, once edited)

  // An address naming no page opens the course.
  await page.goto(`${appUrl()}#/no-such-page`);
  await expect(page.getByTestId('course')).toBeVisible();
  expect(errors).toEqual([]);
});

test('History’s open experiment and Compare’s runs are in the address: a reload and Back keep them', async ({ page }) => {
  const errors = collectPageErrors(page);
  await page.goto(appUrl());
  await page.getByTestId('locale-select').selectOption('en');
  await page.getByTestId('nav-surface').click();
  await expect(page.getByTestId('entry-0')).toBeVisible();
  await page.getByTestId('add-entry').click();
  await expect(page.getByTestId('entry-1')).toBeVisible();
  await page.getByTestId('save-name').fill('state: two racers');
  await page.getByTestId('save-button').click();
  await expect(page.getByTestId('open-saved')).toBeVisible();

  await page.getByTestId('nav-history').click();
  await page.getByTestId('history-list').locator('li', { hasText: 'state: two racers' }).click();
  await expect(page.getByTestId('history-name')).toHaveText('state: two racers');
  await expect.poll(() => hash(page)).toMatch(/^#\/history\?experiment=\d+$/);
  const historyHash = hash(page);
  await page.reload();
  await expect(page.getByTestId('history-name')).toHaveText('state: two racers');
  expect(hash(page)).toBe(historyHash);

  await page.getByTestId('nav-compare').click();
  const picks = page.locator('[data-testid^="compare-run-"]');
  await expect(picks.first()).toBeVisible();
  const ids = await picks.evaluateAll((els) => els.slice(0, 2).map((e) => e.getAttribute('data-testid')!.replace('compare-run-', '')));
  for (const id of ids) await page.getByTestId(`compare-run-${id}`).check();
  await expect.poll(() => hash(page)).toBe(`#/compare?runs=${ids.join(',')}`);
  await page.reload();
  for (const id of ids) await expect(page.getByTestId(`compare-run-${id}`)).toBeChecked();
  await page.goBack();
  await expect(page.getByTestId('history-name')).toHaveText('state: two racers');
  await page.goForward();
  for (const id of ids) await expect(page.getByTestId(`compare-run-${id}`)).toBeChecked();

  // Reset to defaults: nothing chosen, and the address says so.
  await page.getByTestId('draft-reset-compare').click();
  for (const id of ids) await expect(page.getByTestId(`compare-run-${id}`)).not.toBeChecked();
  await expect.poll(() => hash(page)).toBe('#/compare');
  expect(errors).toEqual([]);
});

test('a server restart on the remembered port and token: the page reconnects by itself, then a request succeeds', async ({ page }) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'descent-lab-restart-'));
  // A port free now, remembered as the data folder's (as after an earlier launch).
  writeFileSync(path.join(dir, 'web-session.json'), JSON.stringify({ port: await freePort() }), { mode: 0o600 });
  let server = await startWeb(dir);
  try {
    const errors = collectPageErrors(page);
    await page.goto(server.url);
    await page.getByTestId('locale-select').selectOption('en');
    await page.getByTestId('nav-surface').click();
    await expect(page.getByTestId('chart-surface').locator('.chart-empty')).toHaveCount(0);
    await expect(page.getByTestId('connection')).toHaveCount(0);

    await stopWeb(server.child);
    await expect(page.getByTestId('connection')).toContainText('reconnecting');
    const first = server.url;
    server = await startWeb(dir);
    expect(server.url).toBe(first);

    await expect(page.getByTestId('connection')).toContainText('Connected again');
    await expect(page.getByTestId('connection')).toHaveCount(0, { timeout: 10_000 });
    await page.getByTestId('run-button').click();
    await expect(page.getByTestId('result-0')).toBeVisible();
    // The socket dropped while idle: nothing failed, nothing was sent twice, nothing logged as an error.
    expect(errors.filter((e) => !/WebSocket connection to .* failed/.test(e))).toEqual([]);
  } finally {
    await stopWeb(server.child);
    rmSync(dir, { recursive: true, force: true });
  }
});
