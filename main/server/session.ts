// Web mode's address across launches: the port and token last used, kept in the data folder
// (beside the database) in web-session.json, readable by the user only (0600). The same port keeps
// the page's origin, so its storage (language, theme, lab drafts) persists across launches; the same
// token lets an open page reconnect by itself after a restart. The file is trusted only when it is
// the user's own and nobody else can read it; otherwise a new token is made (and the file rewritten).
import { chmodSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { newToken } from './server';

/** The port web mode asks for first, when none is remembered (another free one when taken). */
export const DEFAULT_WEB_PORT = 41730;
export const SESSION_FILE = 'web-session.json';
const TOKEN_PATTERN = /^[\w.~-]{8,}$/;

export interface WebSession {
  port: number;
  token: string;
}

function trusted(file: string): boolean {
  try {
    const s = statSync(file);
    if (!s.isFile()) return false;
    if (process.platform === 'win32') return true; // the per-user profile folder guards it
    return (s.mode & 0o077) === 0 && (typeof process.getuid !== 'function' || s.uid === process.getuid());
  } catch {
    return false;
  }
}

/** What the data folder remembers, each part only when usable. */
export function readSession(dir: string): Partial<WebSession> {
  const file = path.join(dir, SESSION_FILE);
  let stored: Partial<Record<keyof WebSession, unknown>>;
  try {
    stored = JSON.parse(readFileSync(file, 'utf8')) as typeof stored;
  } catch {
    return {};
  }
  const out: Partial<WebSession> = {};
  if (typeof stored.port === 'number' && Number.isInteger(stored.port) && stored.port > 0 && stored.port <= 65535) out.port = stored.port;
  if (typeof stored.token === 'string' && TOKEN_PATTERN.test(stored.token) && trusted(file)) out.token = stored.token;
  return out;
}

/** Writes the session readable by the user only (written aside, then moved into place). */
export function writeSession(dir: string, session: WebSession): void {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, SESSION_FILE);
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify(session, null, 2)}\n`, { mode: 0o600 });
  chmodSync(temp, 0o600);
  renameSync(temp, file);
}

/** The port and token to start with: the flags', else the remembered ones, else the default port and a new token. */
export function sessionFor(dir: string, flags: { port?: number; token?: string }): WebSession & { remembered: Partial<WebSession> } {
  const remembered = readSession(dir);
  return { port: flags.port ?? remembered.port ?? DEFAULT_WEB_PORT, token: flags.token ?? remembered.token ?? newToken(), remembered };
}

/** Remembers for the next launch what the flags did not fix: the port served on and the token. */
export function rememberSession(dir: string, flags: { port?: number; token?: string }, session: ReturnType<typeof sessionFor>, servedPort: number): void {
  const { remembered } = session;
  const port = flags.port === undefined ? servedPort : (remembered.port ?? DEFAULT_WEB_PORT);
  const token = flags.token === undefined ? session.token : remembered.token;
  if (token === undefined || (port === remembered.port && token === remembered.token)) return;
  writeSession(dir, { port, token });
}
