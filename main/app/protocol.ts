// The renderer's own origin, app://lab: a privileged standard scheme (secure, fetch-capable) that
// serves out/renderer with the same CSP and cross-origin isolation headers as web mode, so the
// window never loads file://. Plain Node (no electron import): main/app/index.ts registers it with
// protocol.handle and hands each request to `serveApp`.
import { readStatic } from '../server/static-files';
import { SECURITY_HEADERS } from '../server/server';

export const APP_SCHEME = 'app';
const APP_HOST = 'lab';
const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_INDEX = `${APP_ORIGIN}/index.html`;

/** What registerSchemesAsPrivileged takes for the scheme. */
export const APP_SCHEME_PRIVILEGES = { standard: true, secure: true, supportFetchAPI: true, corsEnabled: false, stream: false } as const;

/** Whether a URL is a page or resource of our origin (any path, hash or query on app://lab). */
export function isAppUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST && u.username === '' && u.password === '' && u.port === '';
  } catch {
    return false;
  }
}

interface AppResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer | string;
}

/** The answer to one app:// request: a file of the renderer's folder, or 404 (never outside it). */
export async function serveApp(rendererDir: string, url: string, method = 'GET'): Promise<AppResponse> {
  const plain = { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' };
  if (method !== 'GET' && method !== 'HEAD') return { status: 405, headers: plain, body: 'Method Not Allowed' };
  if (!isAppUrl(url)) return { status: 404, headers: plain, body: 'Not Found' };
  const found = await readStatic(rendererDir, new URL(url).pathname);
  if (!found) return { status: 404, headers: plain, body: 'Not Found' };
  return { status: 200, headers: { ...SECURITY_HEADERS, 'Content-Type': found.type, 'Cache-Control': 'no-cache' }, body: found.body };
}
