// Routes as text: `#/page`, `#/page/sub`, `#/page?key=value&…` (hash history). Pure, so the same
// code reads the address bar in web mode, under the desktop app's app:// protocol, and in tests.

export interface Route {
  page: string;
  /** One path segment after the page, e.g. the course section in `#/course/3`. */
  sub: string | null;
  query: Record<string, string>;
}

export function route(page: string, sub: string | null = null, query: Record<string, string> = {}): Route {
  return { page, sub, query };
}

/** Reads `location.hash`; an unknown page (or none) is the fallback page. */
export function parseHash(hash: string, pages: readonly string[], fallback: string): Route {
  const text = hash.replace(/^#/, '');
  const q = text.indexOf('?');
  const path = (q >= 0 ? text.slice(0, q) : text).split('/').filter((s) => s !== '');
  const query: Record<string, string> = {};
  if (q >= 0) {
    for (const [key, value] of new URLSearchParams(text.slice(q + 1))) if (value !== '') query[key] = value;
  }
  const page = path[0] !== undefined ? safeDecode(path[0]) : '';
  if (!pages.includes(page)) return route(fallback);
  return route(page, path[1] !== undefined ? safeDecode(path[1]) : null, query);
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** The canonical hash of a route: keys sorted, empty values left out. */
export function formatHash(r: Route): string {
  const keys = Object.keys(r.query)
    .filter((k) => r.query[k] !== '')
    .sort();
  const search = new URLSearchParams(keys.map((k): [string, string] => [k, r.query[k]!])).toString().replace(/%2C/gi, ',');
  return `#/${encodeURIComponent(r.page)}${r.sub !== null && r.sub !== '' ? `/${encodeURIComponent(r.sub)}` : ''}${search ? `?${search}` : ''}`;
}

export function sameRoute(a: Route, b: Route): boolean {
  return formatHash(a) === formatHash(b);
}

/** `1,2,3` → [1, 2, 3]: positive whole ids, in order, without repeats; anything else dropped. */
export function idList(text: string | undefined): number[] {
  if (!text) return [];
  const ids = text
    .split(',')
    .map((s) => Number(s.trim()))
    .filter((n) => Number.isSafeInteger(n) && n > 0);
  return [...new Set(ids)];
}

/** A positive whole id or null. */
export function idOf(text: string | null | undefined): number | null {
  const [first] = idList(text ?? undefined);
  return first ?? null;
}
