// The desktop shell's decisions that need no Electron: the app:// origin and what it serves,
// the remembered window, the menu in both languages, and files on the command line.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CSP_HEADER } from '../../../main/api/csp';
import { filesFromArgv } from '../../../main/app/argv';
import { flatten, menuTemplate, MENU_PAGES, type MenuEntry } from '../../../main/app/menu-template';
import { isOurPage } from '../../../main/app/paths';
import { APP_INDEX, isAppUrl, serveApp } from '../../../main/app/protocol';
import { DEFAULT_WINDOW, fitToDisplays, loadWindowState, saveWindowState, stateToSave } from '../../../main/app/window-state';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'descent-lab-desktop-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('app:// (the renderer origin)', () => {
  let renderer: string;
  beforeAll(() => {
    renderer = path.join(dir, 'renderer');
    mkdirSync(path.join(renderer, 'assets'), { recursive: true });
    writeFileSync(path.join(renderer, 'index.html'), '<!doctype html><title>lab</title>');
    writeFileSync(path.join(renderer, 'assets', 'app.js'), 'export {}');
    writeFileSync(path.join(dir, 'secret.txt'), 'outside the renderer');
    symlinkSync(path.join(dir, 'secret.txt'), path.join(renderer, 'link.txt'));
  });

  it('serves the renderer with the CSP and cross-origin isolation headers', async () => {
    const index = await serveApp(renderer, APP_INDEX);
    expect(index.status).toBe(200);
    expect(index.headers['Content-Type']).toBe('text/html; charset=utf-8');
    expect(index.headers['Content-Security-Policy']).toBe(CSP_HEADER);
    expect(index.headers['Cross-Origin-Opener-Policy']).toBe('same-origin');
    expect(index.headers['Cross-Origin-Embedder-Policy']).toBe('require-corp');
    const js = await serveApp(renderer, 'app://lab/assets/app.js');
    expect(js.headers['Content-Type']).toBe('text/javascript; charset=utf-8');
    expect(String(js.body)).toBe('export {}');
    // Client-side routes fall back to the index.
    expect((await serveApp(renderer, 'app://lab/history')).status).toBe(200);
  });

  it('never serves a file outside the renderer folder, another host, or a write', async () => {
    for (const url of ['app://lab/../secret.txt', 'app://lab/%2e%2e/secret.txt', 'app://lab/link.txt', 'app://lab/assets/..%2f..%2fsecret.txt']) {
      const r = await serveApp(renderer, url);
      expect(String(r.body), url).not.toContain('outside the renderer');
    }
    expect((await serveApp(renderer, 'app://evil/index.html')).status).toBe(404);
    expect((await serveApp(renderer, APP_INDEX, 'POST')).status).toBe(405);
  });

  it('isOurPage: the app origin with any route, nothing else (no file://)', () => {
    expect(isAppUrl('app://lab/index.html#/network')).toBe(true);
    expect(isOurPage('app://lab/index.html?x=1')).toBe(true);
    expect(isOurPage('app://lab.evil/index.html')).toBe(false);
    expect(isOurPage('app://user@lab/index.html')).toBe(false);
    expect(isOurPage(`file://${path.join(dir, 'renderer', 'index.html')}`)).toBe(false);
    expect(isOurPage('https://example.com/')).toBe(false);
    expect(isOurPage('not a url')).toBe(false);
  });
});

describe('window state', () => {
  const screen = { x: 0, y: 0, width: 1920, height: 1080 };

  it('round-trips size, position and maximized; a missing or foreign file gives the default', () => {
    const file = path.join(dir, 'state', 'window-state.json');
    expect(loadWindowState(file)).toEqual(DEFAULT_WINDOW);
    saveWindowState(file, stateToSave({ x: 120, y: 80, width: 1000, height: 700 }, true));
    expect(loadWindowState(file)).toEqual({ x: 120, y: 80, width: 1000, height: 700, maximized: true });
    writeFileSync(file, '{"width": "huge"}');
    expect(loadWindowState(file)).toEqual(DEFAULT_WINDOW);
    writeFileSync(file, '{"width": 10, "height": 10}');
    expect(loadWindowState(file)).toMatchObject({ width: 900, height: 600 });
  });

  it('keeps a window that shows on a display; brings back one saved on a display that is gone', () => {
    const onScreen = { x: 100, y: 100, width: 1200, height: 800, maximized: false };
    expect(fitToDisplays(onScreen, [screen])).toEqual(onScreen);
    // Saved on a second monitor to the right, now unplugged: centred on the primary display.
    const gone = { x: 2500, y: 200, width: 1200, height: 800, maximized: false };
    expect(fitToDisplays(gone, [screen])).toEqual({ x: 360, y: 140, width: 1200, height: 800, maximized: false });
    // Still plugged in: stays there.
    expect(fitToDisplays(gone, [screen, { x: 1920, y: 0, width: 2560, height: 1440 }])).toEqual(gone);
    // Larger than any display: shrunk to fit.
    expect(fitToDisplays({ width: 4000, height: 3000, maximized: false }, [screen])).toEqual({ width: 1920, height: 1080, maximized: false });
  });
});

describe('the application menu', () => {
  const labels = (entries: MenuEntry[]) => flatten(entries).map((e) => e.label).filter(Boolean);
  const en = menuTemplate('en', { theme: 'system', platform: 'linux' });
  const zh = menuTemplate('zh-CN', { theme: 'dark', platform: 'linux' });

  it('has the same entries, accelerators and actions in both languages, with different words', () => {
    const shape = (entries: MenuEntry[]) => flatten(entries).map((e) => [e.role, e.type, e.accelerator, JSON.stringify(e.run ?? null)]);
    expect(shape(zh).map((s) => s.slice(0, 2))).toEqual(shape(en).map((s) => s.slice(0, 2)));
    expect(shape(zh).map((s) => s[2])).toEqual(shape(en).map((s) => s[2]));
    expect(labels(en)).toContain('Open Experiment…');
    expect(labels(zh)).toContain('打开实验…');
    const both = labels(en).filter((l) => labels(zh).includes(l));
    // Only the language names read the same in either menu.
    expect(both.sort()).toEqual(['English', '简体中文']);
  });

  it('File: new, open, import, export with accelerators; View: every page, zoom and theme; Help: the course and About', () => {
    const [file, , view, , help] = en;
    expect(file!.submenu!.filter((e) => e.run).map((e) => [e.run!.action, e.accelerator])).toEqual([
      ['new-experiment', 'CmdOrCtrl+N'],
      ['open-experiment', 'CmdOrCtrl+O'],
      ['import-bundle', 'CmdOrCtrl+Shift+O'],
      ['export', 'CmdOrCtrl+E'],
    ]);
    const pages = flatten(view!.submenu!).filter((e) => e.run?.action === 'navigate').map((e) => (e.run as { page: string }).page);
    expect(pages).toEqual(MENU_PAGES);
    expect(flatten(view!.submenu!).map((e) => e.role)).toEqual(expect.arrayContaining(['zoomIn', 'zoomOut', 'resetZoom']));
    expect(flatten(view!.submenu!).filter((e) => e.run?.action === 'theme').map((e) => [(e.run as { theme: string }).theme, e.checked])).toEqual([
      ['system', true],
      ['light', false],
      ['dark', false],
    ]);
    expect(help!.submenu!.map((e) => e.run?.action).filter(Boolean)).toEqual(['navigate', 'about']);
  });

  it('no accelerator is used twice; macOS gets the app menu first', () => {
    const accelerators = flatten(en).map((e) => e.accelerator).filter(Boolean);
    expect(new Set(accelerators).size).toBe(accelerators.length);
    expect(menuTemplate('en', { theme: 'system', platform: 'darwin' })[0]).toEqual({ role: 'appMenu' });
  });
});

describe('files on the command line', () => {
  it('takes existing openable files, skips the binary, the app folder, flags and missing files', () => {
    const bundle = path.join(dir, 'run 7.dlab');
    const experiment = path.join(dir, 'xor.dlexp');
    writeFileSync(bundle, '{}');
    writeFileSync(experiment, '{}');
    writeFileSync(path.join(dir, 'notes.docx'), '');
    // From a checkout: electron <app folder> <file>…
    expect(filesFromArgv(['/usr/bin/electron', dir, '--no-sandbox', 'run 7.dlab', path.join(dir, 'missing.dlab'), 'notes.docx', dir], dir, { packaged: false })).toEqual([bundle]);
    // Installed: descent-lab <file>… (a file:// URL from a file manager works too).
    expect(filesFromArgv(['/opt/Descent Lab/descent-lab', `file://${encodeURI(experiment)}`, bundle, bundle], '/', { packaged: true })).toEqual([experiment, bundle]);
  });
});
