// The app's router: a few dozen lines of hash history of our own instead of vue-router, which the
// app would otherwise need only for this. Hash URLs work unchanged in web mode (the token stays in
// `?token=…` before the hash, so a reload keeps it) and under the desktop app's app:// protocol,
// where there is no server to answer deep paths. Page changes push a history entry (Back and
// Forward, and Alt+←/→, move through the app); a page's selection changing replaces it.
import { shallowRef, type Ref } from 'vue';
import { formatHash, parseHash, route, sameRoute, type Route } from './routes';

export { formatHash, idList, idOf, parseHash, route, type Route } from './routes';

/** What a page puts in its URL besides its name (its selection), asked whenever the page is opened. */
export type Selection = () => { sub?: string | null; query?: Record<string, string> };

export interface HashRouter {
  readonly route: Readonly<Ref<Route>>;
  push(next: Route): void;
  replace(next: Route): void;
  /** The route of `page` with that page's current selection (see `select`). */
  routeFor(page: string): Route;
  /** Registers how `page`'s selection reads from its store. */
  select(page: string, selection: Selection): void;
  back(): void;
  forward(): void;
  stop(): void;
}

export interface RouterWindow {
  location: { hash: string };
  history: {
    pushState(state: unknown, unused: string, url: string): void;
    replaceState(state: unknown, unused: string, url: string): void;
    back(): void;
    forward(): void;
  };
  addEventListener(type: 'popstate' | 'hashchange', listener: () => void): void;
  removeEventListener(type: 'popstate' | 'hashchange', listener: () => void): void;
}

export function hashRouter(win: RouterWindow, pages: readonly string[], fallback: string): HashRouter {
  const read = () => parseHash(win.location.hash, pages, fallback);
  const current = shallowRef<Route>(read());
  const selections = new Map<string, Selection>();
  // An unknown or untidy address becomes the canonical one without adding a history entry.
  if (win.location.hash !== formatHash(current.value)) win.history.replaceState(null, '', formatHash(current.value));

  const onChange = () => {
    const next = read();
    if (!sameRoute(next, current.value)) current.value = next;
  };
  win.addEventListener('popstate', onChange);
  win.addEventListener('hashchange', onChange);

  function write(next: Route, how: 'pushState' | 'replaceState') {
    if (sameRoute(next, current.value)) return;
    win.history[how](null, '', formatHash(next));
    current.value = next;
  }

  return {
    route: current,
    push: (next) => write(next, 'pushState'),
    replace: (next) => write(next, 'replaceState'),
    routeFor(page) {
      const s = selections.get(page)?.() ?? {};
      return route(page, s.sub ?? null, s.query ?? {});
    },
    select: (page, selection) => void selections.set(page, selection),
    back: () => win.history.back(),
    forward: () => win.history.forward(),
    stop() {
      win.removeEventListener('popstate', onChange);
      win.removeEventListener('hashchange', onChange);
    },
  };
}

/** Alt+← / Alt+→ (outside text fields, where they move the caret on some systems): Back / Forward. */
export function historyKey(event: { altKey: boolean; ctrlKey: boolean; metaKey: boolean; shiftKey: boolean; key: string; target: unknown }): 'back' | 'forward' | null {
  if (!event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return null;
  const target = event.target as { tagName?: string; isContentEditable?: boolean } | null;
  const tag = target?.tagName?.toLowerCase();
  if (target?.isContentEditable || tag === 'input' || tag === 'textarea' || tag === 'select') return null;
  return event.key === 'ArrowLeft' ? 'back' : event.key === 'ArrowRight' ? 'forward' : null;
}

let appRouter: HashRouter | null = null;

/** The app-wide router over `window`, created on first use. */
export function useRouter(pages: readonly string[], fallback: string): HashRouter {
  appRouter ??= hashRouter((globalThis as unknown as { window: RouterWindow }).window, pages, fallback);
  return appRouter;
}
