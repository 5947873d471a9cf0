// Where the database lives. The desktop app, web mode and the CLI share one file in the
// user-data directory Electron would pick (appData/productName), so a run saved by one is
// seen by the others. Priority: --db flag > DESCENT_LAB_DB > that default.
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

export const PRODUCT_NAME = 'Descent Lab';
export const DB_FILE_NAME = 'descent-lab.db';
export const DB_ENV_VAR = 'DESCENT_LAB_DB';

type Env = Record<string, string | undefined>;

/** Electron's `app.getPath('appData')` for the platform, computed without Electron. */
function appDataDir(platform: NodeJS.Platform, env: Env, home: string): string {
  if (platform === 'win32') return env.APPDATA || join(home, 'AppData', 'Roaming');
  if (platform === 'darwin') return join(home, 'Library', 'Application Support');
  return env.XDG_CONFIG_HOME || join(home, '.config');
}

export function defaultDbPath(opts: { platform?: NodeJS.Platform; env?: Env; home?: string } = {}): string {
  const platform = opts.platform ?? process.platform;
  const env = opts.env ?? process.env;
  const home = opts.home ?? homedir();
  return join(appDataDir(platform, env, home), PRODUCT_NAME, DB_FILE_NAME);
}

/** The database file to open; relative paths are taken from the working directory. */
export function resolveDbPath(opts: { flag?: string | null; env?: Env } = {}): string {
  const env = opts.env ?? process.env;
  if (opts.flag) return resolve(opts.flag);
  const fromEnv = env[DB_ENV_VAR];
  if (fromEnv) return resolve(fromEnv);
  return defaultDbPath({ env });
}
