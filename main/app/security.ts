// Hardening that applies to every web contents and to the default session: the strict CSP as a
// response header on everything the session loads (app:// answers carry it themselves, with
// COOP/COEP, see protocol.ts; the <meta> in index.html stays as a second line), no permissions,
// no navigation away from our page, no new windows, no <webview>.
import { session, type WebContents } from 'electron';
import { CSP_HEADER } from '../api/csp';

export function hardenSession(): void {
  const ses = session.defaultSession;
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CSP_HEADER] } });
  });
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.setDevicePermissionHandler(() => false);
}

/** `isOurPage(url)` says whether a URL is the renderer we loaded (app://lab or the dev server). */
export function hardenContents(contents: WebContents, isOurPage: (url: string) => boolean): void {
  contents.on('will-navigate', (event, url) => {
    if (!isOurPage(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isOurPage(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}
