// Web mode as one call: open the lab (store + handlers) and serve it on 127.0.0.1.
// Used by `npm run web` (cli.ts) and by `npm start` when the Electron binary is missing.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FileAccess, pageFacing } from '../api/file-access';
import { openLab, type Lab } from '../api/lab';
import { noticeText, resolveDbPath } from '../store';
import { startWebServer, type WebServer } from './server';
import { rememberSession, sessionFor } from './session';

export const DEFAULT_STATIC_DIR = fileURLToPath(new URL('../../out/renderer', import.meta.url));

export interface WebModeOptions {
  /** Default: the port remembered in the data folder (main/server/session.ts), another free one when taken. */
  port?: number;
  /** --db flag; DESCENT_LAB_DB and the user-data default apply when absent. */
  db?: string | null;
  /** Default: the token remembered in the data folder, or a new one (then remembered). */
  token?: string;
  staticDir?: string;
}

export interface WebMode extends WebServer {
  lab: Lab;
}

function appVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(fileURLToPath(new URL('../../package.json', import.meta.url)), 'utf8')) as { version?: string };
    return pkg.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

export async function startWebMode(options: WebModeOptions = {}): Promise<WebMode> {
  const staticDir = path.resolve(options.staticDir ?? DEFAULT_STATIC_DIR);
  if (!existsSync(path.join(staticDir, 'index.html'))) {
    throw new Error(`${path.join(staticDir, 'index.html')} not found; run \`npm run build\` first (or pass --static DIR)`);
  }
  const dbPath = resolveDbPath({ flag: options.db ?? null });
  // The data folder is the database's: a --db elsewhere keeps its own port and token.
  const dataDir = path.dirname(dbPath);
  const session = sessionFor(dataDir, options);
  const lab = openLab({
    dbPath,
    info: {
      name: 'Descent Lab',
      version: appVersion(),
      transport: 'websocket',
      platform: process.platform,
      locale: Intl.DateTimeFormat().resolvedOptions().locale,
    },
  });
  // The page shows it in its notice area; the terminal that started web mode hears it too.
  if (lab.storeNotice) process.stderr.write(`lab web: ${noticeText(lab.storeNotice, /^zh/i.test(process.env.LANG ?? '') ? 'zh' : 'en')}\n`);
  try {
    // The page sends bytes (POST /upload, or files:upload), never a path main would read on its word.
    const access = FileAccess.besideStore(lab.store.path);
    access.sweepIncoming();
    const dispatcher = pageFacing(lab.dispatcher, access);
    const server = await startWebServer({
      dispatcher,
      uploads: access,
      events: lab.events,
      staticDir,
      port: session.port,
      token: session.token,
      anyPortIfTaken: options.port === undefined,
    });
    try {
      rememberSession(dataDir, options, session, server.port);
    } catch (err) {
      process.stderr.write(`lab web: could not remember the port and token (${(err as Error).message}); the next launch gets new ones\n`);
    }
    return {
      ...server,
      lab,
      close: async () => {
        await server.close();
        await lab.close();
      },
    };
  } catch (err) {
    void lab.close();
    throw err;
  }
}

/** Closes web mode on SIGINT/SIGTERM (flushing the store), then exits. */
export function closeOnSignals(mode: WebMode): void {
  let closing = false;
  const stop = () => {
    if (closing) return;
    closing = true;
    mode.close().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error('[lab] shutdown failed', err);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
