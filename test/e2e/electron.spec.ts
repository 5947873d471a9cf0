// The desktop shell through Playwright's Electron driver: the hardened window on the app://
// origin, window.lab and a real contract call, native dialogs and the file allowlist, a real drop
// (CDP drag events carry real paths), the remembered window, the menu following the page's
// language, and the fuses of the packaged binary read back with @electron/fuses. Skips, saying
// why, where the Electron binary is not installed (as on the machines without it); the check reads
// files only — importing 'electron' would try to download the binary.
import { _electron as electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CSP_HEADER } from '../../main/api/csp';
import { findElectronBinary } from '../../main/app/electron-binary';
import { electronVersion, ensureElectronSqlite } from '../../main/app/electron-sqlite';

type Lab = { lab: { invoke: (channel: string, request: unknown) => Promise<unknown> } };
type Env = { ok: boolean; result?: unknown; error?: { code: string; reason: string } };

const root = fileURLToPath(new URL('../..', import.meta.url));
const binary = findElectronBinary(root);
if (!binary.found) console.log(`[electron.spec] skipped: Electron binary not found (${binary.reason}).`);

const rows = ['x1,x2,y', ...Array.from({ length: 40 }, (_, i) => `${(i % 7) / 7},${(i % 5) / 5},${i % 2}`)].join('\n');

test.describe('desktop app (Electron)', () => {
  test.skip(!binary.found, binary.found ? '' : `Electron binary not found (${binary.reason})`);

  let app: ElectronApplication;
  let page: Page;
  let dir: string;
  let csv: string;

  /** Launches the app with this test's own database and user-data folder (window state). */
  async function launch(): Promise<void> {
    if (!binary.found) return;
    app = await electron.launch({
      executablePath: binary.path,
      args: [root],
      // The store's addon must match Electron's ABI, as `npm start` arranges; XDG_CONFIG_HOME holds userData on Linux.
      env: { ...process.env, DESCENT_LAB_DB: path.join(dir, 'lab.db'), DESCENT_LAB_SQLITE_BINDING: ensureElectronSqlite(root), XDG_CONFIG_HOME: path.join(dir, 'config') },
    });
    page = await app.firstWindow();
    await page.waitForLoadState('domcontentloaded');
  }
  const invoke = (channel: string, request: unknown) =>
    page.evaluate(([c, r]) => (globalThis as unknown as Lab).lab.invoke(c, r), [channel, request] as const) as Promise<Env>;

  test.beforeAll(async () => {
    if (!binary.found) return;
    dir = mkdtempSync(path.join(tmpdir(), 'descent-lab-electron-'));
    csv = path.join(dir, 'points.csv');
    writeFileSync(csv, rows);
    writeFileSync(path.join(dir, 'never-chosen.csv'), rows);
    await launch();
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

  test('the page comes from app://lab with the CSP and cross-origin isolation; file:// is refused', async () => {
    expect(page.url()).toMatch(/^app:\/\/lab\//);
    const facts = await page.evaluate(async () => {
      const g = globalThis as unknown as {
        fetch(u: string): Promise<{ status: number; headers: { get(n: string): string | null } }>;
        crossOriginIsolated: boolean;
      };
      const r = await g.fetch('app://lab/index.html');
      return {
        status: r.status,
        csp: r.headers.get('content-security-policy'),
        coop: r.headers.get('cross-origin-opener-policy'),
        coep: r.headers.get('cross-origin-embedder-policy'),
        isolated: g.crossOriginIsolated,
      };
    });
    expect(facts).toEqual({ status: 200, csp: CSP_HEADER, coop: 'same-origin', coep: 'require-corp', isolated: true });
    const before = page.url();
    await page.evaluate((u) => ((globalThis as unknown as { location: { href: string } }).location.href = u), `file://${csv}`);
    await page.waitForTimeout(300);
    expect(page.url()).toBe(before);
  });

  test('window.lab carries the contract: w1w2 at (0,0) is a saddle; bad input is an envelope', async () => {
    expect(await invoke('surface:analyze', { fn: 'w1w2', at: [0, 0] })).toMatchObject({ ok: true, result: { kind: 'saddle', eigenvalues: [-2, 2] } });
    expect(await invoke('surface:analyze', { fn: 'w1w2', at: ['x', 0] })).toMatchObject({ ok: false, error: { code: 'invalid-request', issues: [{ path: 'at.0' }] } });
    expect(await invoke('shell:openExternal', {})).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
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

  test('open and save go through native dialogs; a file never chosen is refused', async () => {
    const data = (file: string) => ({ data: { source: 'csv', path: file, target: 'y' } });
    expect(await invoke('network:preview', data(csv))).toMatchObject({ ok: false, error: { code: 'forbidden', reason: 'file-not-chosen' } });
    // The dialog module is Electron's; the user's answer is played by replacing it in main.
    await app.evaluate(({ dialog }, file) => {
      dialog.showOpenDialog = (async () => ({ canceled: false, filePaths: [file] })) as typeof dialog.showOpenDialog;
    }, csv);
    expect(await invoke('files:open', { kind: 'csv' })).toMatchObject({ ok: true, result: { path: csv, kind: 'csv' } });
    expect(await invoke('network:preview', data(csv))).toMatchObject({ ok: true, result: { samples: 40 } });
    expect(await invoke('network:preview', data(path.join(dir, 'never-chosen.csv')))).toMatchObject({ ok: false, error: { reason: 'file-not-chosen' } });
    const saved = path.join(dir, 'saved.csv');
    await app.evaluate(({ dialog }, file) => {
      dialog.showSaveDialog = (async () => ({ canceled: false, filePath: file })) as typeof dialog.showSaveDialog;
    }, saved);
    expect(await invoke('files:save', { fileName: 'loss.csv', text: 'step,loss\n0,1\n' })).toMatchObject({ ok: true, result: { saved: true, path: saved } });
    expect(readFileSync(saved, 'utf8')).toBe('step,loss\n0,1\n');
  });

  test('a file really dropped on the window opens in the Network lab; a forged drop is ignored', async () => {
    const dropped = path.join(dir, 'dropped.csv');
    writeFileSync(dropped, rows);
    // A script's File has no path: nothing is granted.
    await page.evaluate(() => {
      const g = globalThis as unknown as {
        DataTransfer: new () => { items: { add(f: unknown): void } };
        File: new (b: string[], n: string) => unknown;
        DragEvent: new (t: string, o: object) => unknown;
        dispatchEvent(e: unknown): void;
      };
      const dt = new g.DataTransfer();
      dt.items.add(new g.File(['a,b\n1,2\n'], 'forged.csv'));
      g.dispatchEvent(new g.DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    });
    await page.waitForTimeout(300);
    expect(await invoke('network:preview', { data: { source: 'csv', path: dropped, target: 'y' } })).toMatchObject({ ok: false, error: { reason: 'file-not-chosen' } });
    // A real drop, as the OS delivers it (CDP drag events carry file paths).
    const cdp = await page.context().newCDPSession(page);
    const drag = { items: [], files: [dropped], dragOperationsMask: 1 };
    for (const type of ['dragEnter', 'dragOver', 'drop'] as const) await cdp.send('Input.dispatchDragEvent', { type, x: 700, y: 450, data: drag });
    await expect(page.getByTestId('field-data.path')).toHaveValue(dropped);
    expect(await invoke('network:preview', { data: { source: 'csv', path: dropped, target: 'y' } })).toMatchObject({ ok: true });
  });

  test('the menu follows the page language', async () => {
    const labels = () => app.evaluate(({ Menu }) => Menu.getApplicationMenu()?.items.map((i) => i.label) ?? []);
    await page.getByTestId('locale-select').selectOption('en');
    await expect.poll(labels).toContain('File');
    await page.getByTestId('locale-select').selectOption('zh-CN');
    await expect.poll(labels).toContain('文件');
    const accelerators = await app.evaluate(({ Menu }) => Menu.getApplicationMenu()?.items[0]?.submenu?.items.map((i) => i.accelerator ?? null) ?? []);
    expect(accelerators).toEqual(expect.arrayContaining(['CmdOrCtrl+N', 'CmdOrCtrl+O', 'CmdOrCtrl+Shift+O', 'CmdOrCtrl+E']));
  });

  test('window size, position and maximized state are remembered across launches', async () => {
    await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]!.setBounds({ x: 60, y: 70, width: 1010, height: 720 }));
    await page.waitForTimeout(300);
    await app.close();
    expect(existsSync(path.join(dir, 'config', 'Descent Lab', 'window-state.json')) || existsSync(path.join(dir, 'config', 'descent-lab', 'window-state.json'))).toBe(true);
    await launch();
    const bounds = await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]!.getBounds());
    expect({ width: bounds.width, height: bounds.height }).toEqual({ width: 1010, height: 720 });
    // Window managers may nudge a position by their decorations.
    expect(Math.abs(bounds.x - 60)).toBeLessThanOrEqual(40);
    expect(Math.abs(bounds.y - 70)).toBeLessThanOrEqual(60);
  });

  test('the packaged binary has its fuses flipped as electron-builder.yml says (@electron/fuses read-back)', async () => {
    test.setTimeout(300_000);
    if (!binary.found) return;
    const out = path.join(dir, 'pack');
    const config = path.join(dir, 'electron-builder.yml');
    writeFileSync(
      config,
      `extends: ${JSON.stringify(path.join(root, 'electron-builder.yml'))}\nnpmRebuild: false\nelectronDist: ${JSON.stringify(path.dirname(binary.path))}\nelectronVersion: ${JSON.stringify(electronVersion(root))}\ndirectories:\n  output: ${JSON.stringify(out)}\n`,
    );
    execFileSync(process.execPath, [path.join(root, 'node_modules/electron-builder/cli.js'), '--config', config, '--linux', 'dir', '--publish', 'never'], { cwd: root, stdio: 'pipe' });
    const { getCurrentFuseWire, FuseV1Options } = (await import('@electron/fuses')) as typeof import('@electron/fuses');
    const wire = await getCurrentFuseWire(path.join(out, 'linux-unpacked', 'descent-lab'));
    // FuseState: 48 = disabled, 49 = enabled.
    expect({
      runAsNode: wire[FuseV1Options.RunAsNode],
      nodeOptions: wire[FuseV1Options.EnableNodeOptionsEnvironmentVariable],
      inspect: wire[FuseV1Options.EnableNodeCliInspectArguments],
      onlyAsar: wire[FuseV1Options.OnlyLoadAppFromAsar],
      asarIntegrity: wire[FuseV1Options.EnableEmbeddedAsarIntegrityValidation],
      cookies: wire[FuseV1Options.EnableCookieEncryption],
    }).toEqual({ runAsNode: 48, nodeOptions: 48, inspect: 48, onlyAsar: 49, asarIntegrity: 49, cookies: 49 });
  });
});
