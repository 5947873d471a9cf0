// The application menu as plain data, in the UI language: main/app/menu.ts turns it into
// Electron's Menu (each `action` becomes a click handler). Plain Node, so both languages'
// menus, their accelerators and their actions are tested without Electron.
import type { AppPage } from '../../preload/files';
import { en } from '../../renderer/i18n/en';
import { zhCN } from '../../renderer/i18n/zh-CN';

export type Locale = 'zh-CN' | 'en';
export const LOCALES: readonly Locale[] = ['zh-CN', 'en'];

export type Theme = 'light' | 'dark' | 'system';

/** What a menu entry does (besides Electron's built-in roles). */
export type MenuAction =
  | { action: 'new-experiment' }
  | { action: 'open-experiment' }
  | { action: 'import-bundle' }
  | { action: 'export' }
  | { action: 'navigate'; page: AppPage }
  | { action: 'theme'; theme: Theme }
  | { action: 'locale'; locale: Locale }
  | { action: 'about' };

export type Role =
  | 'quit' | 'reload' | 'toggleDevTools' | 'resetZoom' | 'zoomIn' | 'zoomOut' | 'togglefullscreen' | 'appMenu'
  | 'undo' | 'redo' | 'cut' | 'copy' | 'paste' | 'selectAll' | 'close';

export interface MenuEntry {
  label?: string;
  role?: Role;
  type?: 'separator' | 'radio';
  checked?: boolean;
  accelerator?: string;
  run?: MenuAction;
  submenu?: MenuEntry[];
}

const T = {
  file: { en: 'File', 'zh-CN': '文件' },
  newExperiment: { en: 'New Experiment', 'zh-CN': '新建实验' },
  openExperiment: { en: 'Open Experiment…', 'zh-CN': '打开实验…' },
  importBundle: { en: 'Import Run Bundle…', 'zh-CN': '导入运行包…' },
  export: { en: 'Export…', 'zh-CN': '导出…' },
  quit: { en: 'Quit', 'zh-CN': '退出' },
  edit: { en: 'Edit', 'zh-CN': '编辑' },
  undo: { en: 'Undo', 'zh-CN': '撤销' },
  redo: { en: 'Redo', 'zh-CN': '重做' },
  cut: { en: 'Cut', 'zh-CN': '剪切' },
  copy: { en: 'Copy', 'zh-CN': '复制' },
  paste: { en: 'Paste', 'zh-CN': '粘贴' },
  selectAll: { en: 'Select All', 'zh-CN': '全选' },
  view: { en: 'View', 'zh-CN': '视图' },
  reload: { en: 'Reload', 'zh-CN': '重新加载' },
  devtools: { en: 'Toggle Developer Tools', 'zh-CN': '开发者工具' },
  resetZoom: { en: 'Actual Size', 'zh-CN': '实际大小' },
  zoomIn: { en: 'Zoom In', 'zh-CN': '放大' },
  zoomOut: { en: 'Zoom Out', 'zh-CN': '缩小' },
  fullscreen: { en: 'Toggle Full Screen', 'zh-CN': '全屏' },
  theme: { en: 'Theme', 'zh-CN': '主题' },
  themeSystem: { en: 'Same as System', 'zh-CN': '跟随系统' },
  themeLight: { en: 'Light', 'zh-CN': '浅色' },
  themeDark: { en: 'Dark', 'zh-CN': '深色' },
  language: { en: 'Language', 'zh-CN': '语言' },
  help: { en: 'Help', 'zh-CN': '帮助' },
  course: { en: 'The Lecture Course', 'zh-CN': '讲义课程' },
  about: { en: 'About Descent Lab and Credits', 'zh-CN': '关于 Descent Lab 与致谢' },
} satisfies Record<string, Record<Locale, string>>;

/** The View menu's pages, in the order and with the names of the app's own navigation. */
const PAGE_KEYS = {
  course: 'nav.course',
  surface: 'nav.surfaceLab',
  network: 'nav.networkLab',
  batch: 'nav.batchLab',
  bound: 'nav.boundLab',
  analysis: 'nav.analysis',
  dashboard: 'nav.dashboard',
  history: 'nav.history',
  compare: 'nav.compare',
} as const satisfies Partial<Record<AppPage, keyof typeof en>>;
export const MENU_PAGES = Object.keys(PAGE_KEYS) as (keyof typeof PAGE_KEYS)[];

function pageLabel(page: keyof typeof PAGE_KEYS, locale: Locale): string {
  return (locale === 'en' ? en : zhCN)[PAGE_KEYS[page]];
}

export const CREDITS: Record<Locale, string> = {
  en: [
    'Descent Lab — an offline lab for watching optimization happen.',
    '',
    'Data credits:',
    '• UCI Optical Recognition of Handwritten Digits — E. Alpaydin & C. Kaynak (1998), CC BY 4.0.',
    '• Fashion-MNIST — Zalando Research (Xiao, Rasul & Vollgraf, 2017), MIT licence.',
  ].join('\n'),
  'zh-CN': [
    'Descent Lab（梯度下降实验室）—— 离线观察优化过程的实验室。',
    '',
    '数据致谢：',
    '• UCI 手写数字光学识别数据集 —— E. Alpaydin 与 C. Kaynak（1998），CC BY 4.0。',
    '• Fashion-MNIST —— Zalando Research（Xiao、Rasul 与 Vollgraf，2017），MIT 许可。',
  ].join('\n'),
};

export function menuText(key: keyof typeof T, locale: Locale): string {
  return T[key][locale];
}

export function localeOf(systemLocale: string): Locale {
  return systemLocale.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

/** The whole menu bar for `locale`; on macOS the app menu comes first (platform 'darwin'). */
export function menuTemplate(locale: Locale, current: { theme: Theme; platform: string }): MenuEntry[] {
  const t = (key: keyof typeof T) => T[key][locale];
  const template: MenuEntry[] = [
    {
      label: t('file'),
      submenu: [
        { label: t('newExperiment'), accelerator: 'CmdOrCtrl+N', run: { action: 'new-experiment' } },
        { label: t('openExperiment'), accelerator: 'CmdOrCtrl+O', run: { action: 'open-experiment' } },
        { label: t('importBundle'), accelerator: 'CmdOrCtrl+Shift+O', run: { action: 'import-bundle' } },
        { label: t('export'), accelerator: 'CmdOrCtrl+E', run: { action: 'export' } },
        { type: 'separator' },
        { label: t('quit'), role: 'quit', accelerator: 'CmdOrCtrl+Q' },
      ],
    },
    {
      label: t('edit'),
      submenu: [
        { label: t('undo'), role: 'undo' },
        { label: t('redo'), role: 'redo' },
        { type: 'separator' },
        { label: t('cut'), role: 'cut' },
        { label: t('copy'), role: 'copy' },
        { label: t('paste'), role: 'paste' },
        { label: t('selectAll'), role: 'selectAll' },
      ],
    },
    {
      label: t('view'),
      submenu: [
        // Alt+1 … Alt+9: the pages in the order the app's navigation lists them (About is under Help).
        ...MENU_PAGES.map((page, i): MenuEntry => ({ label: pageLabel(page, locale), accelerator: `Alt+${i + 1}`, run: { action: 'navigate', page } })),
        { type: 'separator' },
        { label: t('resetZoom'), role: 'resetZoom', accelerator: 'CmdOrCtrl+0' },
        { label: t('zoomIn'), role: 'zoomIn', accelerator: 'CmdOrCtrl+=' },
        { label: t('zoomOut'), role: 'zoomOut', accelerator: 'CmdOrCtrl+-' },
        { type: 'separator' },
        {
          label: t('theme'),
          submenu: (['system', 'light', 'dark'] as const).map((theme): MenuEntry => ({
            label: t(theme === 'system' ? 'themeSystem' : theme === 'light' ? 'themeLight' : 'themeDark'),
            type: 'radio',
            checked: current.theme === theme,
            run: { action: 'theme', theme },
          })),
        },
        { type: 'separator' },
        { label: t('fullscreen'), role: 'togglefullscreen', accelerator: current.platform === 'darwin' ? 'Ctrl+Cmd+F' : 'F11' },
        { label: t('reload'), role: 'reload', accelerator: 'CmdOrCtrl+R' },
        { label: t('devtools'), role: 'toggleDevTools', accelerator: current.platform === 'darwin' ? 'Alt+Cmd+I' : 'Ctrl+Shift+I' },
      ],
    },
    {
      label: t('language'),
      submenu: LOCALES.map((l): MenuEntry => ({
        label: l === 'zh-CN' ? '简体中文' : 'English',
        type: 'radio',
        checked: l === locale,
        run: { action: 'locale', locale: l },
      })),
    },
    {
      label: t('help'),
      submenu: [
        { label: t('course'), accelerator: 'F1', run: { action: 'navigate', page: 'course' } },
        { type: 'separator' },
        { label: t('about'), run: { action: 'about' } },
      ],
    },
  ];
  if (current.platform === 'darwin') template.unshift({ role: 'appMenu' });
  return template;
}

/** Every entry of a template, submenus included (tests, accelerator checks). */
export function flatten(entries: MenuEntry[]): MenuEntry[] {
  return entries.flatMap((e) => [e, ...(e.submenu ? flatten(e.submenu) : [])]);
}
