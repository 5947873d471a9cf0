// App-wide preferences (language, theme), persisted in localStorage, and which page is showing,
// read from the address (renderer/router: `#/surface`, `#/course/3`, …) so reload and Back keep it.
import { defineStore } from 'pinia';
import { computed, ref, watch } from 'vue';
import { setLocale as applyLocale, useI18n, type Locale } from '../i18n';
import { useRouter, type HashRouter } from '../router';

export type Theme = 'light' | 'dark';
export type Page = 'course' | 'surface' | 'network' | 'batch' | 'bound' | 'analysis' | 'history' | 'compare' | 'dashboard' | 'about';
export const PAGES: readonly Page[] = ['course', 'surface', 'network', 'batch', 'bound', 'analysis', 'history', 'compare', 'dashboard', 'about'];

const THEME_KEY = 'descent-lab.theme';

/** The app's router; an address naming no page opens the course, the front door. */
export function appRouter(): HashRouter {
  return useRouter(PAGES, 'course');
}

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
  const router = appRouter();
  const page = computed(() => router.route.value.page as Page);

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
  /** Opens a page with its current selection (a new history entry). */
  function go(next: Page) {
    router.push(router.routeFor(next));
  }

  return { locale, theme, page, setLocale, toggleTheme, go };
});
