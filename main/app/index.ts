// The desktop app's main process: one hardened window on the app:// origin, the application
// menu, native dialogs, drag-and-drop and file associations, and the contract over Electron IPC.
// The only place (with its siblings in main/app/) that imports 'electron'; what can be decided
// without Electron lives in plain modules beside it (protocol, window-state, menu-template, argv)
// and in main/api/file-access.ts (which files main may read).
import { app, BrowserWindow, dialog, ipcMain, nativeTheme, protocol, screen } from 'electron';
import path from 'node:path';
import { FileAccess, openChosen, pageFacing } from '../api/file-access';
import { DROPPED_CHANNEL } from '../../preload/files';
import { openLab, type Lab } from '../api/lab';
import { resolveDbPath } from '../store';
import { filesFromArgv } from './argv';
import { nativeDialogs } from './dialogs';
import { registerIpc } from './ipc';
import { installMenu, showAbout, type Locale } from './menu';
import { localeOf, type MenuAction, type Theme } from './menu-template';
import { devServerUrl, isOurPage, preloadPath, rendererDir } from './paths';
import { APP_INDEX, APP_SCHEME, APP_SCHEME_PRIVILEGES, serveApp } from './protocol';
import { hardenContents, hardenSession } from './security';
import { fitToDisplays, loadWindowState, MIN_WINDOW, saveWindowState, stateToSave } from './window-state';

// Before 'ready': app:// is a standard, secure origin (CSP 'self', fetch, storage) of our own.
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: APP_SCHEME_PRIVILEGES }]);

let lab: Lab | null = null;
let access: FileAccess | null = null;
let window: BrowserWindow | null = null;
let locale: Locale = 'en';
let theme: Theme = 'system';
/** Files named on the command line (or by the OS) before the page could take them. */
const pending: string[] = filesFromArgv(process.argv, process.cwd(), { packaged: app.isPackaged });
let pageReady = false;

const windowStateFile = () => path.join(app.getPath('userData'), 'window-state.json');

/** A file the user pointed at (menu dialog, drop, second launch): allowed, read, handed to the page. */
function openFile(file: string): void {
  if (!lab || !access || !pageReady) {
    pending.push(file);
    return;
  }
  try {
    lab.events.emit('app:file', openChosen(access, file));
  } catch (err) {
    dialog.showErrorBox('Descent Lab', (err as Error).message);
  }
}

function run(action: MenuAction): void {
  const current = lab;
  if (!current) return;
  switch (action.action) {
    case 'new-experiment':
    case 'export':
      return current.events.emit('app:command', { command: action.action });
    case 'navigate':
      return current.events.emit('app:command', { command: 'navigate', page: action.page });
    case 'open-experiment':
    case 'import-bundle':
      void nativeDialogs(() => window)
        .open(action.action === 'open-experiment' ? 'experiment' : 'bundle')
        .then((file) => file && openFile(file));
      return;
    case 'theme':
      theme = action.theme;
      // The page follows the OS through prefers-color-scheme; themeSource is what it reports.
      nativeTheme.themeSource = theme;
      installMenu(locale, theme, run);
      return current.events.emit('app:command', { command: 'theme', theme });
    case 'locale':
      locale = action.locale;
      installMenu(locale, theme, run);
      return current.events.emit('app:locale', { locale });
    case 'about':
      if (window) showAbout(window, locale);
      return;
  }
}

function createWindow(current: Lab): BrowserWindow {
  const saved = fitToDisplays(loadWindowState(windowStateFile()), screen.getAllDisplays().map((d) => d.workArea));
  const win = new BrowserWindow({
    ...(saved.x !== undefined && saved.y !== undefined ? { x: saved.x, y: saved.y } : {}),
    width: saved.width,
    height: saved.height,
    minWidth: MIN_WINDOW.width,
    minHeight: MIN_WINDOW.height,
    title: 'Descent Lab',
    show: false,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      spellcheck: false,
    },
  });
  if (saved.maximized) win.maximize();
  win.once('ready-to-show', () => win.show());
  const unsubscribe = current.events.subscribe((event, payload) => {
    if (!win.isDestroyed()) win.webContents.send(event, payload);
  });
  win.on('close', () => {
    try {
      saveWindowState(windowStateFile(), stateToSave(win.getNormalBounds(), win.isMaximized()));
    } catch {
      // not remembered this time
    }
  });
  win.on('closed', () => {
    unsubscribe();
    pageReady = false;
  });
  win.webContents.on('did-finish-load', () => {
    pageReady = true;
    for (const file of pending.splice(0)) openFile(file);
  });
  void win.loadURL(devServerUrl ?? APP_INDEX);
  return win;
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', (_event, argv, workingDirectory) => {
    if (window && !window.isDestroyed()) {
      if (window.isMinimized()) window.restore();
      window.focus();
    }
    for (const file of filesFromArgv(argv, workingDirectory, { packaged: app.isPackaged })) openFile(file);
  });
  // macOS hands associated files over as an event (before or after 'ready').
  app.on('open-file', (event, file) => {
    event.preventDefault();
    openFile(file);
  });
  app.on('web-contents-created', (_event, contents) => hardenContents(contents, isOurPage));

  void app.whenReady().then(() => {
    hardenSession();
    protocol.handle(APP_SCHEME, async (request) => {
      const r = await serveApp(rendererDir, request.url, request.method);
      return new Response(request.method === 'HEAD' ? null : r.body, { status: r.status, headers: r.headers });
    });
    nativeTheme.themeSource = theme;
    locale = localeOf(app.getLocale());
    const dbPath = resolveDbPath({ flag: null });
    // openLab opens the store safely (a damaged, newer or read-only database opens as far as it can
    // and the page shows app:info's storeNotice); anything it still cannot survive is said here.
    try {
      lab = openLab({
        dbPath,
        info: { name: 'Descent Lab', version: app.getVersion(), transport: 'ipc', platform: process.platform, locale: app.getLocale() },
      });
    } catch (err) {
      // No page exists yet to know the student's choice: the system's language decides.
      const heading = app.getLocale().toLowerCase().startsWith('zh') ? '实验室无法启动' : 'The lab could not start';
      dialog.showErrorBox('Descent Lab', `${heading}:\n${(err as Error).message}\n\n${dbPath}`);
      app.exit(1);
      return;
    }
    access = FileAccess.besideStore(lab.store.path);
    const dispatcher = pageFacing(lab.dispatcher, access, nativeDialogs(() => window));
    // The page's language switch: the menu follows.
    dispatcher.handle('app:setLocale', ({ locale: next }) => {
      locale = next;
      installMenu(locale, theme, run);
      return { locale };
    });
    registerIpc(dispatcher, isOurPage);
    // Files really dropped on the window (the preload reads their paths; a page script cannot).
    ipcMain.on(DROPPED_CHANNEL, (event, paths: unknown) => {
      const frame = event.senderFrame;
      if (!frame || frame.parent !== null || !isOurPage(frame.url) || !Array.isArray(paths)) return;
      for (const p of paths.slice(0, 16)) if (typeof p === 'string' && path.isAbsolute(p)) openFile(p);
    });
    installMenu(locale, theme, run);
    window = createWindow(lab);
    app.on('activate', () => {
      if (lab && BrowserWindow.getAllWindows().length === 0) window = createWindow(lab);
    });
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  // Electron would exit without waiting, so quitting is held until running trainings have
  // stopped and the store is closed.
  app.on('will-quit', (event) => {
    if (!lab) return;
    event.preventDefault();
    const closing = lab;
    lab = null;
    closing.close().finally(() => app.exit(0));
  });
}
