// The desktop app's main process: one hardened window, the application menu, and the contract
// over Electron IPC. The only place (with its siblings in main/app/) that imports 'electron'.
import { app, BrowserWindow } from 'electron';
import { openLab, type Lab } from '../api/lab';
import { resolveDbPath } from '../store';
import { registerIpc } from './ipc';
import { initialLocale, installMenu } from './menu';
import { devServerUrl, isOurPage, preloadPath, rendererIndex } from './paths';
import { hardenContents, hardenSession } from './security';

let lab: Lab | null = null;
let window: BrowserWindow | null = null;

function createWindow(current: Lab): BrowserWindow {
  const win = new BrowserWindow({
    width: 1400,
    height: 900,
    minWidth: 900,
    minHeight: 600,
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
  win.once('ready-to-show', () => win.show());
  const unsubscribe = current.events.subscribe((event, payload) => {
    if (!win.isDestroyed()) win.webContents.send(event, payload);
  });
  win.on('closed', unsubscribe);
  installMenu(win, initialLocale(), (locale) => current.events.emit('app:locale', { locale }));
  if (devServerUrl) void win.loadURL(devServerUrl);
  else void win.loadFile(rendererIndex);
  return win;
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (window && !window.isDestroyed()) {
      if (window.isMinimized()) window.restore();
      window.focus();
    }
  });
  app.on('web-contents-created', (_event, contents) => hardenContents(contents, isOurPage));

  void app.whenReady().then(() => {
    hardenSession();
    const dbPath = resolveDbPath({ flag: null });
    lab = openLab({
      dbPath,
      info: { name: 'Descent Lab', version: app.getVersion(), transport: 'ipc', platform: process.platform, locale: app.getLocale() },
    });
    registerIpc(lab.dispatcher, isOurPage);
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
