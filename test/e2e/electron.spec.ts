// The desktop shell through Playwright's Electron driver: the hardened window, window.lab and a
// real contract call. Skips, saying why, where the Electron binary is not installed (as here);
// the check reads files only — importing 'electron' would try to download the binary.
import { _electron as electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findElectronBinary } from '../../main/app/electron-binary';
import { ensureElectronSqlite } from '../../main/app/electron-sqlite';

type Lab = { lab: { invoke: (channel: string, request: unknown) => Promise<unknown> } };

const root = fileURLToPath(new URL('../..', import.meta.url));
const binary = findElectronBinary(root);
if (!binary.found) console.log(`[electron.spec] skipped: Electron binary not found (${binary.reason}).`);

test.describe('desktop app (Electron)', () => {
  test.skip(!binary.found, binary.found ? '' : `Electron binary not found (${binary.reason})`);

  let app: ElectronApplication;
  let page: Page;
  let dir: string;

  test.beforeAll(async () => {
    if (!binary.found) return;
    dir = mkdtempSync(path.join(tmpdir(), 'descent-lab-electron-'));
    app = await electron.launch({
      executablePath: binary.path,
      args: [root],
      // The store's addon must match Electron's ABI, as `npm start` arranges.
      env: { ...process.env, DESCENT_LAB_DB: path.join(dir, 'lab.db'), DESCENT_LAB_SQLITE_BINDING: ensureElectronSqlite(root) },
    });
    page = await app.firstWindow();
    await page.waitForLoadState('domcontentloaded');
  });

  test.afterAll(async () => {
    await app?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('the window is hardened: no Node in the page, no <webview>, window.lab only', async () => {
    // Electron has no public getter for webPreferences, so the test checks their effects.
    const facts = await page.evaluate(() => {
      const g = globalThis as unknown as { require?: unknown; process?: unknown; lab: object; document: { createElement(tag: string): object } };
      return {
        require: typeof g.require,
        process: typeof g.process,
        lab: Object.keys(g.lab).sort(),
        webview: g.document.createElement('webview').constructor.name,
      };
    });
    expect(facts).toEqual({ require: 'undefined', process: 'undefined', lab: ['invoke', 'on'], webview: 'HTMLUnknownElement' });
  });

  test('window.lab carries the contract: w1w2 at (0,0) is a saddle; bad input is an envelope', async () => {
    const env = await page.evaluate(() =>
      (globalThis as unknown as Lab).lab.invoke('surface:analyze', { fn: 'w1w2', at: [0, 0] }),
    );
    expect(env).toMatchObject({ ok: true, result: { kind: 'saddle', eigenvalues: [-2, 2] } });
    const bad = await page.evaluate(() =>
      (globalThis as unknown as Lab).lab.invoke('surface:analyze', { fn: 'w1w2', at: ['x', 0] }),
    );
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid-request', issues: [{ path: 'at.0' }] } });
    const unknown = await page.evaluate(() =>
      (globalThis as unknown as Lab).lab.invoke('shell:openExternal', {}),
    );
    expect(unknown).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
  });

  test('new windows and navigation away are denied', async () => {
    await page.evaluate(() => (globalThis as unknown as { open(url: string): unknown }).open('https://example.com'));
    await page.waitForTimeout(300);
    expect(app.windows()).toHaveLength(1);
    const before = page.url();
    await page.evaluate(() => {
      (globalThis as unknown as { location: { href: string } }).location.href = 'https://example.com';
    });
    await page.waitForTimeout(300);
    expect(page.url()).toBe(before);
  });
});
