// Web mode: the built renderer and the contract over a WebSocket, on the loopback interface only.
// Every request needs the per-launch token — in the query of the first page load (which turns it
// into an HttpOnly, SameSite=Strict cookie so the page's own assets load) or in that cookie.
// The Host header must name the loopback address (DNS rebinding), and a WebSocket's Origin must
// be this server's own page. Files the page uploads come in over HTTP (`POST /upload`, upload.ts),
// under the same three checks.
import http from 'node:http';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { CSP_HEADER } from '../api/csp';
import type { Dispatcher } from '../api/dispatch';
import type { EventHub } from '../api/events';
import type { Envelope } from '../../preload/contract';
import type { FileAccess } from '../api/file-access';
import { readStatic } from './static-files';
import { HTTP_UPLOAD_LIMIT_BYTES, receiveUpload, refuseUpload, UPLOAD_PATH } from './upload';

export const HOST = '127.0.0.1';

export interface WebServerOptions {
  dispatcher: Dispatcher;
  events: EventHub;
  /** Directory holding the built renderer (out/renderer). */
  staticDir: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  /** When `port` is taken, take a free one instead of failing. */
  anyPortIfTaken?: boolean;
  /** Default: 32 random bytes, hex. */
  token?: string;
  /** Where `POST /upload` keeps files (web mode's allowlist); absent: uploads are refused. */
  uploads?: FileAccess | null;
  /** The largest upload taken (default HTTP_UPLOAD_LIMIT_BYTES, 1 GiB). */
  uploadLimitBytes?: number;
}

export interface WebServer {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

export function newToken(): string {
  return randomBytes(32).toString('hex');
}

const FORBIDDEN_TEXT = {
  en: 'Forbidden: open the URL printed by Descent Lab, including its ?token=… part.\n',
  zh: '禁止访问：请打开 Descent Lab 打印出的完整网址（包括 ?token=… 部分）。\n',
};

/** No page has loaded yet to know the student's choice: the browser's preferred language decides. */
const forbiddenText = (req: http.IncomingMessage) =>
  /^\s*zh\b/i.test(req.headers['accept-language'] ?? '') ? FORBIDDEN_TEXT.zh : FORBIDDEN_TEXT.en;

export const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy': CSP_HEADER,
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
};

/** Close codes the page's socket gets for a missing or wrong token (renderer/api/client.ts reads them). */
export const TOKEN_MISSING = { code: 4401, status: 401, reason: 'Unauthorized' } as const;
export const TOKEN_WRONG = { code: 4403, status: 403, reason: 'Forbidden' } as const;

function sameSecret(given: string | null | undefined, token: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function cookieValue(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const token = options.token ?? newToken();
  if (token.length < 8 || !/^[\w.~-]+$/.test(token)) throw new Error('token must be at least 8 characters of [A-Za-z0-9_.~-]');
  const missing = options.dispatcher.missing();
  if (missing.length) throw new Error(`no handler for ${missing.join(', ')}`);

  let port = 0;
  // Cookies are shared across ports of one host, so the name carries the port: two labs open
  // side by side don't overwrite each other's cookie.
  const cookieName = () => `descent_lab_${port}`;
  const allowedHosts = () => new Set([`${HOST}:${port}`, `localhost:${port}`]);
  const allowedOrigins = () => new Set([`http://${HOST}:${port}`, `http://localhost:${port}`]);

  const server = http.createServer((req, res) => {
    void serveHttp(req, res).catch((err) => {
      console.error('[lab] web request failed', err);
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('Internal error\n');
    });
  });

  function refuse(res: http.ServerResponse, status: number, text: string): void {
    res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
    res.end(text);
  }

  async function serveHttp(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    if (!allowedHosts().has(req.headers.host ?? '')) return refuse(res, 403, forbiddenText(req));
    const url = new URL(req.url ?? '/', `http://${HOST}:${port}`);
    if (url.pathname === UPLOAD_PATH) return serveUpload(req, res, url);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      return refuse(res, 405, 'Method not allowed\n');
    }
    const queryToken = url.searchParams.get('token');
    const viaQuery = queryToken !== null;
    const authorised = viaQuery ? sameSecret(queryToken, token) : sameSecret(cookieValue(req.headers.cookie, cookieName()), token);
    if (!authorised) return refuse(res, 403, forbiddenText(req));

    const file = await readStatic(options.staticDir, url.pathname);
    if (!file) return refuse(res, 404, 'Not found\n');
    const headers: Record<string, string | number> = {
      ...SECURITY_HEADERS,
      'Content-Type': file.type,
      'Content-Length': file.body.length,
      'Cache-Control': file.type.startsWith('text/html') ? 'no-store' : 'no-cache',
    };
    if (viaQuery) headers['Set-Cookie'] = `${cookieName()}=${token}; HttpOnly; SameSite=Strict; Path=/`;
    res.writeHead(200, headers);
    res.end(req.method === 'HEAD' ? undefined : file.body);
  }

  /** POST only, from this server's own page (Origin, and Sec-Fetch-Site where sent), with the token (query or cookie). */
  async function serveUpload(req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> {
    const forbidden = (message: string) => refuseUpload(req, res, 403, { code: 'forbidden', reason: 'refused', message }, SECURITY_HEADERS);
    if (req.method !== 'POST') {
      res.setHeader('Allow', 'POST');
      return refuseUpload(req, res, 405, { code: 'invalid-request', reason: 'refused', message: 'uploads are POST requests' }, SECURITY_HEADERS);
    }
    const origin = req.headers.origin;
    const site = req.headers['sec-fetch-site'];
    if ((origin !== undefined && !allowedOrigins().has(origin)) || (site !== undefined && site !== 'same-origin')) return forbidden('uploads come from the lab\'s own page only');
    const given = url.searchParams.get('token') ?? cookieValue(req.headers.cookie, cookieName());
    if (!sameSecret(given, token)) return forbidden('the upload needs the token of this launch: open the URL printed by Descent Lab');
    await receiveUpload(req, res, url, options.uploads ?? null, SECURITY_HEADERS, options.uploadLimitBytes ?? HTTP_UPLOAD_LIMIT_BYTES);
  }

  const wss = new WebSocketServer({ noServer: true, maxPayload: 16 * 1024 * 1024 });

  function refuseUpgrade(socket: Duplex, status: 401 | 403 | 404, reason: string): void {
    socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${reason}\n`);
  }

  server.on('upgrade', (req, socket, head) => {
    socket.on('error', () => socket.destroy());
    const url = new URL(req.url ?? '/', `http://${HOST}:${port}`);
    if (url.pathname !== '/ws') return refuseUpgrade(socket, 404, 'Not Found');
    if (!allowedHosts().has(req.headers.host ?? '')) return refuseUpgrade(socket, 403, 'Forbidden');
    const origin = req.headers.origin;
    if (origin !== undefined && !allowedOrigins().has(origin)) return refuseUpgrade(socket, 403, 'Forbidden');
    const given = url.searchParams.get('token') ?? cookieValue(req.headers.cookie, cookieName());
    const refusal = given === null ? TOKEN_MISSING : sameSecret(given, token) ? null : TOKEN_WRONG;
    if (refusal === null) return wss.handleUpgrade(req, socket, head, (ws) => serveSocket(ws));
    // The lab's own page (its Origin, checked above) is told in a close code it can read, so that
    // after a restart with another token it can ask for the new one instead of retrying forever;
    // the socket serves nothing. Other clients get the HTTP refusal.
    if (origin !== undefined) return wss.handleUpgrade(req, socket, head, (ws) => ws.close(refusal.code, refusal.reason));
    refuseUpgrade(socket, refusal.status, refusal.reason);
  });

  function send(ws: WebSocket, message: unknown): void {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
  }

  function serveSocket(ws: WebSocket): void {
    const unsubscribe = options.events.subscribe((event, payload) => send(ws, { event, payload }));
    ws.on('close', unsubscribe);
    ws.on('error', unsubscribe);
    ws.on('message', (data, isBinary) => {
      void answer(ws, isBinary ? null : data.toString()).catch((err) => console.error('[lab] websocket reply failed', err));
    });
  }

  async function answer(ws: WebSocket, text: string | null): Promise<void> {
    let message: unknown;
    try {
      message = text === null ? undefined : JSON.parse(text);
    } catch {
      message = undefined;
    }
    const id = (message as { id?: unknown } | null)?.id;
    const validId = typeof id === 'number' || typeof id === 'string';
    const channel = (message as { channel?: unknown } | null)?.channel;
    if (!validId || typeof message !== 'object' || message === null || typeof channel !== 'string') {
      const envelope: Envelope<never> = {
        ok: false,
        error: {
          code: 'invalid-request',
          reason: 'malformed-message',
          message: 'Malformed message: expected {"id": number, "channel": string, "payload": object}',
          issues: [{ path: validId ? 'channel' : 'id', message: validId ? 'expected a channel name' : 'expected a number or string id', code: 'invalid_type' }],
        },
      };
      return send(ws, { id: validId ? id : null, envelope });
    }
    const envelope = await options.dispatcher.dispatch(channel, (message as { payload?: unknown }).payload);
    send(ws, { id, envelope });
  }

  const listen = (at: number) =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(at, HOST, () => {
        server.off('error', reject);
        resolve();
      });
    });
  try {
    await listen(options.port ?? 0);
  } catch (err) {
    if (!options.anyPortIfTaken || (err as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw err;
    await listen(0);
  }
  port = (server.address() as AddressInfo).port;

  return {
    url: `http://${HOST}:${port}/?token=${token}`,
    port,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
