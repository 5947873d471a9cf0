// Export to PyTorch from History in web mode, in Chromium: a small moons run is trained in the
// Network lab, History's "PyTorch…" downloads the project as a .tar.gz, tar unpacks it, and where
// /usr/bin/python3 has torch the project's train.py retrains the run and its bundle is imported
// back through History, tagged pytorch, and overlaid on the original in Compare.
import { expect, test } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { collectPageErrors, openNetworkLab } from './helpers';

const PYTHON = '/usr/bin/python3';
const hasTorch = existsSync(PYTHON) && spawnSync(PYTHON, ['-c', 'import torch, numpy'], { stdio: 'ignore' }).status === 0;

test('a network run exported as a PyTorch project and its result imported back', async ({ page }) => {
  test.setTimeout(180_000);
  const pageErrors = collectPageErrors(page);
  const dir = mkdtempSync(path.join(tmpdir(), 'descent-e2e-pytorch-'));

  await openNetworkLab(page);
  await page.getByTestId('source-select').selectOption('moons');
  await page.getByTestId('field-data.samples').fill('200');
  await page.getByTestId('preset-select').selectOption('shallow');
  await page.getByTestId('field-model.0.units').fill('8');
  await page.getByTestId('field-epochs').fill('5');
  await page.getByTestId('run-name').fill('pytorch e2e');
  await page.getByTestId('run-button').click();
  await expect(page.getByTestId('final-metrics')).toBeVisible({ timeout: 60_000 });

  await page.getByTestId('nav-history').click();
  await page.getByTestId('history-list').locator('li', { hasText: 'pytorch e2e' }).click();
  const button = page.locator('[data-testid^="history-run-pytorch-"]').first();
  await expect(button).toHaveText('PyTorch…');
  const runId = Number((await button.getAttribute('data-testid'))!.replace('history-run-pytorch-', ''));
  const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
  expect(download.suggestedFilename()).toBe(`run-${runId}-pytorch.tar.gz`);
  const archive = path.join(dir, download.suggestedFilename());
  await download.saveAs(archive);
  await expect(page.getByTestId('notice-success').filter({ hasText: download.suggestedFilename() })).toBeVisible();

  expect(spawnSync('tar', ['-xzf', archive, '-C', dir]).status).toBe(0);
  const project = path.join(dir, `run-${runId}-pytorch`);
  for (const f of ['train.py', 'README.md', 'config.json', 'data/x_train.npy', 'init/params.npy', 'order/order.npy']) expect(existsSync(path.join(project, f)), f).toBe(true);
  expect(JSON.parse(readFileSync(path.join(project, 'config.json'), 'utf8')).source.runId).toBe(runId);

  if (hasTorch) {
    const bundle = path.join(dir, 'pytorch-bundle.json');
    const r = spawnSync(PYTHON, [path.join(project, 'train.py'), '--out', bundle, '--quiet'], { encoding: 'utf8', env: { ...process.env, OMP_NUM_THREADS: '1' } });
    expect(r.status, r.stderr).toBe(0);
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByTestId('history-import-bundle').click()]);
    await chooser.setFiles(bundle);
    await expect(page.getByTestId('notice-success').filter({ hasText: 'pytorch-bundle.json' })).toBeVisible();
    await expect(page.getByTestId('history-tags')).toContainText('pytorch');
    await expect(page.getByTestId('history-runs')).toContainText('PyTorch');
    // ---- Compare: the PyTorch run's curve beside the original's
    const imported = Number((await page.locator('[data-testid^="history-run-pytorch-"]').first().getAttribute('data-testid'))!.replace('history-run-pytorch-', ''));
    expect(imported).not.toBe(runId);
    await page.getByTestId('nav-compare').click();
    await page.getByTestId(`compare-run-${runId}`).check();
    await page.getByTestId(`compare-run-${imported}`).check();
    await expect(page.getByTestId('compare-need-two')).toHaveCount(0);
    await expect(page.getByTestId('chart-compare-metric')).toBeVisible();
    await expect(page.getByTestId('compare-summary')).toContainText('pytorch e2e');
    await expect(page.getByTestId('compare-summary')).toContainText('PyTorch');
  }
  expect(pageErrors).toEqual([]);
  rmSync(dir, { recursive: true, force: true });
});
