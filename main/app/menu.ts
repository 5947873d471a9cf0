// The application menu in Electron: main/app/menu-template.ts's entries, each `run` action
// handed to the caller. Rebuilt whenever the language or the theme changes.
import { app, dialog, Menu, type BrowserWindow, type MenuItemConstructorOptions } from 'electron';
import { CREDITS, menuTemplate, menuText, type Locale, type MenuAction, type MenuEntry, type Theme } from './menu-template';

export type { Locale } from './menu-template';

function toElectron(entry: MenuEntry, run: (action: MenuAction) => void): MenuItemConstructorOptions {
  const item: MenuItemConstructorOptions = {};
  if (entry.label !== undefined) item.label = entry.label;
  if (entry.role !== undefined) item.role = entry.role;
  if (entry.type !== undefined) item.type = entry.type;
  if (entry.checked !== undefined) item.checked = entry.checked;
  if (entry.accelerator !== undefined) item.accelerator = entry.accelerator;
  if (entry.submenu) item.submenu = entry.submenu.map((e) => toElectron(e, run));
  const action = entry.run;
  if (action) item.click = () => run(action);
  return item;
}

export function installMenu(locale: Locale, theme: Theme, run: (action: MenuAction) => void): void {
  const template = menuTemplate(locale, { theme, platform: process.platform });
  Menu.setApplicationMenu(Menu.buildFromTemplate(template.map((e) => toElectron(e, run))));
}

export function showAbout(window: BrowserWindow, locale: Locale): void {
  void dialog.showMessageBox(window, { type: 'info', title: menuText('about', locale), message: `Descent Lab ${app.getVersion()}`, detail: CREDITS[locale] });
}
