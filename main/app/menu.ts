// The application menu, in the UI language. Choosing a language rebuilds the menu and tells the
// renderer (event 'app:locale'); About carries the data credits.
import { app, dialog, Menu, type BrowserWindow, type MenuItemConstructorOptions } from 'electron';

export type Locale = 'zh-CN' | 'en';

const T = {
  file: { en: 'File', 'zh-CN': '文件' },
  quit: { en: 'Quit', 'zh-CN': '退出' },
  view: { en: 'View', 'zh-CN': '视图' },
  reload: { en: 'Reload', 'zh-CN': '重新加载' },
  devtools: { en: 'Toggle Developer Tools', 'zh-CN': '开发者工具' },
  resetZoom: { en: 'Actual Size', 'zh-CN': '实际大小' },
  zoomIn: { en: 'Zoom In', 'zh-CN': '放大' },
  zoomOut: { en: 'Zoom Out', 'zh-CN': '缩小' },
  fullscreen: { en: 'Toggle Full Screen', 'zh-CN': '全屏' },
  language: { en: 'Language', 'zh-CN': '语言' },
  help: { en: 'Help', 'zh-CN': '帮助' },
  about: { en: 'About Descent Lab', 'zh-CN': '关于 Descent Lab' },
} satisfies Record<string, Record<Locale, string>>;

const CREDITS = {
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
} satisfies Record<Locale, string>;

export function initialLocale(): Locale {
  return app.getLocale().toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

export function installMenu(window: BrowserWindow, locale: Locale, onLocale: (locale: Locale) => void): void {
  const t = (key: keyof typeof T) => T[key][locale];
  const template: MenuItemConstructorOptions[] = [
    { label: t('file'), submenu: [{ label: t('quit'), role: 'quit' }] },
    {
      label: t('view'),
      submenu: [
        { label: t('reload'), role: 'reload' },
        { label: t('devtools'), role: 'toggleDevTools' },
        { type: 'separator' },
        { label: t('resetZoom'), role: 'resetZoom' },
        { label: t('zoomIn'), role: 'zoomIn' },
        { label: t('zoomOut'), role: 'zoomOut' },
        { type: 'separator' },
        { label: t('fullscreen'), role: 'togglefullscreen' },
      ],
    },
    {
      label: t('language'),
      submenu: (['zh-CN', 'en'] as const).map((l) => ({
        label: l === 'zh-CN' ? '简体中文' : 'English',
        type: 'radio' as const,
        checked: l === locale,
        click: () => {
          installMenu(window, l, onLocale);
          onLocale(l);
        },
      })),
    },
    {
      label: t('help'),
      submenu: [
        {
          label: t('about'),
          click: () => {
            void dialog.showMessageBox(window, { type: 'info', title: t('about'), message: `Descent Lab ${app.getVersion()}`, detail: CREDITS[locale] });
          },
        },
      ],
    },
  ];
  if (process.platform === 'darwin') template.unshift({ role: 'appMenu' });
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
