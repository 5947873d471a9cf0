// A tiny typed i18n (no runtime template compiler, so the strict CSP without eval holds).
// The locale lives in one module-level ref; the settings store persists it.
import { computed, ref } from 'vue';
import { LOCALES, isMessageKey, localeFromLanguage, translate, type Locale, type MessageKey, type Params } from './messages';
import { shownCourseRunLabel, shownExperimentName, shownRunLabel } from './course-names';

export { LOCALES, type Locale, type MessageKey };

const STORAGE_KEY = 'descent-lab.locale';

/** The page's globals this module uses, each possibly absent (private mode, or Node where the stores are tested). */
const page = globalThis as {
  localStorage?: { getItem(key: string): string | null; setItem(key: string, value: string): void };
  navigator?: { language?: string };
  document?: { documentElement: { lang: string } };
};

function initialLocale(): Locale {
  try {
    const saved = page.localStorage?.getItem(STORAGE_KEY);
    if (saved && (LOCALES as readonly string[]).includes(saved)) return saved as Locale;
  } catch {
    // storage can be unavailable (private mode); fall back to the OS language
  }
  return localeFromLanguage(page.navigator?.language);
}

const locale = ref<Locale>(initialLocale());

export function setLocale(next: Locale): void {
  locale.value = next;
  try {
    page.localStorage?.setItem(STORAGE_KEY, next);
  } catch {
    // not persisted; the switch still applies for this session
  }
  if (page.document) page.document.documentElement.lang = next;
}

function t(key: MessageKey, params?: Params): string {
  return translate(locale.value, key, params);
}

/** For keys built at runtime (e.g. `optim.${name}`); falls back to the raw text. */
function tk(key: string, params?: Params): string {
  return isMessageKey(key) ? t(key, params) : key;
}

/** A stored experiment's name in the page's language (a course experiment's; any other as stored). */
function experimentName(stored: string): string {
  return shownExperimentName(stored, locale.value);
}

/** A run's label in the page's language (a course run's; any other as stored); `experiment` is its experiment's stored name. */
function runLabel(label: string, experiment: string): string {
  return shownRunLabel(label, experiment, locale.value);
}

/** A label the course gives a run while it trains ("batch-16 · seed 1") in the page's language. */
function courseRunLabel(label: string): string {
  return shownCourseRunLabel(label, locale.value);
}

export function useI18n() {
  return { t, tk, experimentName, runLabel, courseRunLabel, locale: computed(() => locale.value), setLocale };
}
