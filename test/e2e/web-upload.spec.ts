// Web mode around its server, in Chromium:
// - the full Fashion-MNIST training set (47 MB of images, more than one WebSocket message takes)
//   is chosen with the Network lab's file buttons, uploads over HTTP with its progress shown, and
//   is accepted as data (60000 samples · 784 features · 10 classes);
// - a file over the 1 GiB limit is refused as soon as its size is declared, and the page says so
//   with the sizes;
// - the server restarts with another token: the open page says so and asks for the new URL, takes
//   it pasted, reconnects in place, and the lab's draft is still there (also after a reload);
// - no server answers for a while (web mode came back on another port): the page says so, and a
//   URL of another address pasted there is given as a link to open.
// Screenshots of the progress and of the prompt, in both languages and both themes, go to
// test/e2e/artifacts/.
import { expect, test, type Page } from '@playwright/test';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, ftruncateSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { collectPageErrors, openNetworkLab } from './helpers';
import { freePort, startWeb, stopWeb } from './web-server';

const root = fileURLToPath(new URL('../..', import.meta.url));
const shots = path.join(root, 'test/e2e/artifacts');
const FASHION = '/usr/share/datasets/fashion-mnist';
const fashionThere = existsSync(path.join(FASHION, 'train-images-idx3-ubyte.gz')) && existsSync(path.join(FASHION, 'train-labels-idx1-ubyte.gz'));

async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(shots, { recursive: true });
  await page.screenshot({ path: path.join(shots, `${name}.png`) });
}

/** The page's theme and language, set through its own controls. */
async function look(page: Page, locale: 'en' | 'zh-CN', theme: 'light' | 'dark'): Promise<void> {
  await page.getByTestId('locale-select').selectOption(locale);
  if ((await page.locator('html').getAttribute('data-theme')) !== theme) await page.getByTestId('theme-toggle').click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
}

test.describe('the full Fashion-MNIST training set through the file chooser', () => {
  test.skip(!fashionThere, `${FASHION} is not installed (apt-get install dataset-fashion-mnist); nothing to upload`);

  test('47 MB of images and the labels upload with progress and are accepted as data', async ({ page }) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'descent-lab-fashion-'));
    try {
      // Uncompressed, as a student unpacks the download: 47,040,016 bytes of images.
      const images = path.join(dir, 'train-images-idx3-ubyte');
      const labels = path.join(dir, 'train-labels-idx1-ubyte');
      writeFileSync(images, gunzipSync(readFileSync(path.join(FASHION, 'train-images-idx3-ubyte.gz'))));
      writeFileSync(labels, gunzipSync(readFileSync(path.join(FASHION, 'train-labels-idx1-ubyte.gz'))));

      const errors = collectPageErrors(page);
      await openNetworkLab(page);
      await page.getByTestId('source-select').selectOption('idx');
      // Every progress line the page shows, recorded as it changes (the loopback upload is quick).
      await page.evaluate(() => {
        const seen: string[] = [];
        (window as unknown as { seenProgress: string[] }).seenProgress = seen;
        new MutationObserver(() => {
          const el = document.querySelector('[data-testid="choose-data.images-progress"]');
          const text = el?.textContent?.trim();
          if (text && seen[seen.length - 1] !== text) seen.push(text);
        }).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
      });
      // A slower line than loopback (about 20 MB/s), so the progress can be watched and photographed.
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('Network.enable');
      await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: 20e6 });

      const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByTestId('choose-data.images').click()]);
      await chooser.setFiles(images);
      const progress = page.getByTestId('choose-data.images-progress');
      await expect(progress).toBeVisible();
      await expect(progress).toHaveAttribute('data-total', '47040016');
      await expect(progress).toContainText('train-images-idx3-ubyte');
      await expect(progress).toContainText('of 47.0 MB');
      await expect(page.getByTestId('choose-data.images')).toBeDisabled();
      await shot(page, 'upload-progress-en-light');
      await expect(progress).toHaveCount(0, { timeout: 60_000 });
      await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });

      await expect(page.getByTestId('field-data.images')).toHaveValue(/lab-uploads\/[0-9a-f]{16}\/train-images-idx3-ubyte$/);
      const seen = await page.evaluate(() => (window as unknown as { seenProgress: string[] }).seenProgress);
      expect(seen[0]).toMatch(/^Uploading train-images-idx3-ubyte: 0\.0 of 47\.0 MB \(0%\)$/);
      const percents = seen.map((s) => Number(/\((\d+)%\)/.exec(s)?.[1]));
      expect(percents.length, seen.join('\n')).toBeGreaterThan(2); // it moved while it went
      expect([...percents].sort((a, b) => a - b)).toEqual(percents); // and only forward

      const [labelsChooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByTestId('choose-data.labels').click()]);
      await labelsChooser.setFiles(labels);
      await expect(page.getByTestId('field-data.labels')).toHaveValue(/lab-uploads\/[0-9a-f]{16}\/train-labels-idx1-ubyte$/);
      // Accepted as data: the preview read all 60,000 images.
      await expect(page.getByTestId('data-facts')).toContainText('60000 samples · 784 features · classes: 10', { timeout: 60_000 });
      await expect(page.getByTestId('preview-error')).toHaveCount(0);
      expect(errors).toEqual([]);

      // The progress line in the other language and theme (a labels upload, held back to be seen).
      await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: 2e6 });
      for (const [locale, theme] of [['zh-CN', 'dark'], ['en', 'dark'], ['zh-CN', 'light']] as const) {
        await look(page, locale, theme);
        const [again] = await Promise.all([page.waitForEvent('filechooser'), page.getByTestId('choose-data.images').click()]);
        await again.setFiles(images);
        await expect(page.getByTestId('choose-data.images-progress')).toBeVisible();
        if (locale === 'zh-CN') await expect(page.getByTestId('choose-data.images-progress')).toContainText('正在上传');
        await shot(page, `upload-progress-${locale}-${theme}`);
        // Going away mid-upload is not what is tested here: let it end before the next look.
        await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
        await expect(page.getByTestId('choose-data.images-progress')).toHaveCount(0, { timeout: 60_000 });
        await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: 2e6 });
      }
      await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
      expect(errors).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

test('a file over the 1 GiB limit is refused with a message naming the sizes, in the language shown, and the field stays empty', async ({ page }) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'descent-lab-huge-'));
  try {
    // Sparse: 1.1 GB to the browser, no disk used.
    const huge = path.join(dir, 'huge-images-idx3-ubyte');
    const fd = openSync(huge, 'w');
    ftruncateSync(fd, 1_100_000_000);
    closeSync(fd);
    const errors = collectPageErrors(page);
    await openNetworkLab(page);
    await page.getByTestId('source-select').selectOption('idx');
    for (const [locale, text] of [
      ['en', 'huge-images-idx3-ubyte is 1100.0 MB; the lab takes files up to 1073.7 MB'],
      ['zh-CN', 'huge-images-idx3-ubyte 大小为 1100.0 MB，实验室最多接受 1073.7 MB 的文件'],
    ] as const) {
      await page.getByTestId('locale-select').selectOption(locale);
      const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByTestId('choose-data.images').click()]);
      await chooser.setFiles(huge);
      await expect(page.getByTestId('notice-error').filter({ hasText: 'huge-images' })).toContainText(text);
      await expect(page.getByTestId('choose-data.images-progress')).toHaveCount(0);
      await expect(page.getByTestId('field-data.images')).toHaveValue('');
      await page.getByTestId('notice-error').filter({ hasText: 'huge-images' }).locator('button').first().click();
    }
    expect(errors.filter((e) => !/status of 413/.test(e))).toEqual([]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the server restarts with another token: the page asks for the new URL, reconnects in place, and the draft stays', async ({ page }) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'descent-lab-token-'));
  const port = await freePort();
  const oldToken = randomBytes(16).toString('hex');
  const newToken = randomBytes(16).toString('hex');
  let server = await startWeb(dir, ['--port', String(port), '--token', oldToken]);
  try {
    const errors = collectPageErrors(page);
    await page.goto(server.url);
    await page.getByTestId('locale-select').selectOption('en');
    await page.getByTestId('nav-network').click();
    await page.getByTestId('field-epochs').fill('7');
    await expect.poll(() => page.evaluate(() => localStorage.getItem('descent-lab.draft.network'))).toMatch(/"epochs":"?7"?[,}]/);

    await stopWeb(server.child);
    await expect(page.getByTestId('connection')).toContainText('reconnecting');
    server = await startWeb(dir, ['--port', String(port), '--token', newToken]);
    expect(server.url).toBe(`http://127.0.0.1:${port}/?token=${newToken}`);

    // The page is told why it cannot get in (not "reconnecting" forever) and what to do.
    const prompt = page.getByTestId('reauth-prompt');
    await expect(prompt).toBeVisible({ timeout: 20_000 });
    await expect(prompt).toContainText('restarted with a new token');
    await expect(prompt).toContainText('printed in its terminal');
    await expect(page.getByTestId('connection')).toHaveCount(0);
    // It stays up across the page's own retries (no flicker back to "connected").
    await page.waitForTimeout(9_000);
    await expect(prompt).toBeVisible();
    for (const [locale, theme] of [['en', 'light'], ['en', 'dark'], ['zh-CN', 'dark'], ['zh-CN', 'light']] as const) {
      await look(page, locale, theme);
      if (locale === 'zh-CN') await expect(prompt).toContainText('新的令牌');
      await shot(page, `reauth-prompt-${locale}-${theme}`);
    }
    await look(page, 'en', 'light');

    // What is not a token is said so; a token the server does not know is refused, nothing else changes.
    await page.getByTestId('reauth-field').fill('hello');
    await page.getByTestId('reauth-connect').click();
    await expect(page.getByTestId('reauth-problem')).toContainText('not a token');
    await page.getByTestId('reauth-field').fill(`http://127.0.0.1:${port}/?token=${randomBytes(16).toString('hex')}`);
    await page.getByTestId('reauth-connect').click();
    await expect(page.getByTestId('reauth-problem')).toContainText('refused this token too');
    await shot(page, 'reauth-refused-en-light');
    await expect(prompt).toBeVisible();

    // The new URL, pasted: connected in place, the URL carries the new token, the draft is there.
    await page.getByTestId('reauth-field').fill(server.url);
    await page.getByTestId('reauth-connect').click();
    await expect(prompt).toHaveCount(0);
    await expect(page.getByTestId('notice-success')).toContainText('Reconnected with the new token');
    expect(new URL(page.url()).searchParams.get('token')).toBe(newToken);
    expect(page.url()).toContain('#/network');
    await expect(page.getByTestId('field-epochs')).toHaveValue('7');
    // Requests go through again: the lab previews its data.
    await page.getByTestId('source-select').selectOption('moons');
    await expect(page.getByTestId('data-facts')).toContainText('samples');

    // A reload works with the new token (the cookie renewed too) and brings the draft back.
    await page.reload();
    await expect(page.getByTestId('network-lab')).toBeVisible();
    await expect(page.getByTestId('field-epochs')).toHaveValue('7');
    await expect(page.getByTestId('reauth-prompt')).toHaveCount(0);
    expect(errors.filter((e) => !/WebSocket connection to .* failed|status of 403/.test(e))).toEqual([]);
  } finally {
    await stopWeb(server.child);
    rmSync(dir, { recursive: true, force: true });
  }
});

test('no server answers for a while (it came back on another port): the page says so and links the new URL pasted', async ({ page }) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'descent-lab-moved-'));
  let server = await startWeb(dir, ['--port', String(await freePort()), '--token', randomBytes(16).toString('hex')]);
  try {
    const errors = collectPageErrors(page);
    await page.goto(server.url);
    await page.getByTestId('locale-select').selectOption('en');
    await expect(page.getByTestId('connection')).toHaveCount(0);
    await stopWeb(server.child);
    const moved = await freePort();
    server = await startWeb(dir, ['--port', String(moved), '--token', randomBytes(16).toString('hex')]);
    await expect(page.getByTestId('connection')).toContainText('reconnecting');
    // Not at once (a restart on the same address reconnects by itself), but after a while.
    await expect(page.getByTestId('reauth-prompt')).toHaveCount(0);
    const prompt = page.getByTestId('reauth-prompt');
    await expect(prompt).toHaveAttribute('data-why', 'lost', { timeout: 30_000 });
    await expect(prompt).toContainText('Still no answer from the lab server');
    await page.getByTestId('reauth-field').fill(server.url);
    await page.getByTestId('reauth-connect').click();
    await expect(page.getByTestId('reauth-other')).toContainText(`another port (${moved})`);
    // The link opens the same page there.
    expect(await page.getByTestId('reauth-other').locator('a').getAttribute('href')).toBe(`${server.url}${new URL(page.url()).hash}`);
    await shot(page, 'reauth-lost-en-light');
    await look(page, 'zh-CN', 'dark');
    await expect(prompt).toContainText('仍无响应');
    await shot(page, 'reauth-lost-zh-CN-dark');
    expect(errors.filter((e) => !/WebSocket connection to .* failed/.test(e))).toEqual([]);
  } finally {
    await stopWeb(server.child);
    rmSync(dir, { recursive: true, force: true });
  }
});
