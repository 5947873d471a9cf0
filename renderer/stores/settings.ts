// App-wide preferences (language, theme) and which page is showing. Persisted in localStorage.
import { defineStore } from 'pinia';
import { ref, watch } from 'vue';
import { setLocale as applyLocale, useI18n, type Locale } from '../i18n';

export type Theme = 'light' | 'dark';
export type Page = 'course' | 'surface' | 'network' | 'batch' | 'bound' | 'analysis' | 'history' | 'compare' | 'dashboard' | 'about';
export const PAGES: readonly Page[] = ['course', 'surface', 'network', 'batch', 'bound', 'analysis', 'history', 'compare', 'dashboard', 'about'];

const THEME_KEY = 'descent-lab.theme';

function initialTheme(): Theme {
  try {
    const saved = localStorage.getItem(THEME_KEY);
    if (saved === 'light' || saved === 'dark') return saved;
  } catch {
    // fall through to the OS preference
  }
  return typeof matchMedia === 'function' && matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

export const useSettingsStore = defineStore('settings', () => {
  const { locale } = useI18n();
  const theme = ref<Theme>(initialTheme());
  // The course is the front door: a new visit starts there.
  const page = ref<Page>('course');

  watch(
    theme,
    (value) => {
      document.documentElement.dataset.theme = value;
      try {
        localStorage.setItem(THEME_KEY, value);
      } catch {
        // not persisted; still applied
      }
    },
    { immediate: true },
  );
  document.documentElement.lang = locale.value;

  function setLocale(next: Locale) {
    applyLocale(next);
  }
  function toggleTheme() {
    theme.value = theme.value === 'dark' ? 'light' : 'dark';
  }
  function go(next: Page) {
    page.value = next;
  }

  return { locale, theme, page, setLocale, toggleTheme, go };
});
