// The message tables and the pure lookup, free of DOM and Vue so tests can read them in Node.
import { en, type MessageKey, type Messages } from './en';
import { zhCN } from './zh-CN';

export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export type { MessageKey, Messages };

export const MESSAGES: Record<Locale, Messages> = { en, 'zh-CN': zhCN };

export type Params = Record<string, string | number>;

/** Fills `{name}` placeholders; an unknown placeholder stays visible rather than vanishing. */
export function format(template: string, params?: Params): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

export function translate(locale: Locale, key: MessageKey, params?: Params): string {
  return format(MESSAGES[locale][key] ?? en[key] ?? key, params);
}

/** zh, zh-CN, zh-Hans-… → zh-CN; everything else → en. */
export function localeFromLanguage(language: string | undefined | null): Locale {
  return language && /^zh\b/i.test(language) ? 'zh-CN' : 'en';
}

export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(en, key);
}
