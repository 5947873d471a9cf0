// Backups of the database file: online copies through SQLite's backup API (consistent while the
// app keeps writing), a daily one kept in the data folder's `backups/` (the last N), validation of
// a file before it is restored or offered, and the file moves behind "damaged" and "restore".
import Database from 'better-sqlite3';
import { copyFileSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { BackupInfo } from '../../preload/backups';
import { SCHEMA_VERSION } from './migrations';

export const BACKUP_DIR = 'backups';
/** Daily backups kept (older ones are removed after a new one is written). */
export const DAILY_BACKUPS_KEPT = 7;

/** A file stamp that sorts by time and is valid on every file system: 2026-12-01T21-05-09Z. */
export const fileStamp = (d = new Date()) => d.toISOString().replace(/\.\d+Z$/, 'Z').replace(/:/g, '-');

export const backupDirOf = (dbPath: string) => join(dirname(dbPath), BACKUP_DIR);
const stem = (dbPath: string) => basename(dbPath).replace(/\.db$/, '');
const dailyName = (dbPath: string, d: Date) => `${stem(dbPath)}-${d.toISOString().slice(0, 10)}.db`;

/** A plain connection, with the same compiled addon the Store uses (Electron's own, in the desktop app). */
function openRaw(file: string, options: Database.Options = {}): Database.Database {
  const nativeBinding = process.env.DESCENT_LAB_SQLITE_BINDING || undefined;
  return new Database(file, { ...options, ...(nativeBinding ? { nativeBinding } : {}) });
}

export interface FileCheck {
  ok: boolean;
  /** PRAGMA user_version of the file (0 when unreadable). */
  version: number;
  problems: string[];
  /** Rows in its runs and experiments tables (0 when unreadable). */
  runs: number;
  experiments: number;
}

/** Whether `file` is a Descent Lab database this app can open: SQLite, quick_check ok, our tables, a known version. */
export function checkDatabaseFile(file: string): FileCheck {
  if (!existsSync(file)) return { ok: false, version: 0, problems: [`${file} does not exist`], runs: 0, experiments: 0 };
  let db: Database.Database | null = null;
  try {
    db = openRaw(file, { readonly: true, fileMustExist: true });
    const problems = (db.pragma('quick_check', { simple: false }) as { quick_check: string }[]).map((r) => r.quick_check).filter((m) => m !== 'ok');
    const version = db.pragma('user_version', { simple: true }) as number;
    const tables = new Set(db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[]);
    for (const t of ['experiments', 'runs', 'series']) if (!tables.has(t)) problems.push(`no ${t} table: not a Descent Lab database`);
    if (version > SCHEMA_VERSION) problems.push(`schema version ${version} is newer than this app understands (${SCHEMA_VERSION})`);
    const count = (t: string) => (tables.has(t) ? (db!.prepare(`SELECT count(*) FROM ${t}`).pluck().get() as number) : 0);
    return { ok: problems.length === 0, version, problems, runs: count('runs'), experiments: count('experiments') };
  } catch (e) {
    return { ok: false, version: 0, problems: [(e as Error).message], runs: 0, experiments: 0 };
  } finally {
    db?.close();
  }
}

/** Backup files of this database, newest first (daily and manual ones in the backups folder). */
export function listBackups(dbPath: string): string[] {
  const dir = backupDirOf(dbPath);
  if (!existsSync(dir)) return [];
  const s = stem(dbPath);
  return readdirSync(dir)
    .filter((f) => f.startsWith(`${s}-`) && f.endsWith('.db'))
    .map((f) => join(dir, f))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs || b.localeCompare(a));
}

/** Checks of backup files by path, kept while the file's size and time stay the same (a backup is never rewritten in place). */
const checked = new Map<string, { key: string; check: FileCheck }>();

/** A backup file as the app shows it, checked (quick_check and the rest of checkDatabaseFile) unless it was already, unchanged. */
export function describeBackup(file: string): BackupInfo {
  const stat = existsSync(file) ? statSync(file) : null;
  const key = `${stat?.size ?? -1}:${stat?.mtimeMs ?? -1}`;
  let check = checked.get(file)?.key === key ? checked.get(file)!.check : null;
  if (!check) {
    check = checkDatabaseFile(file);
    checked.set(file, { key, check });
  }
  return {
    name: basename(file),
    path: file,
    createdAt: new Date(stat?.mtimeMs ?? 0).toISOString(),
    bytes: stat?.size ?? 0,
    runs: check.runs,
    experiments: check.experiments,
    ok: check.ok,
    problems: check.problems,
  };
}

/** The newest `limit` backups that pass their check, newest first. */
export function goodBackups(dbPath: string, limit: number): BackupInfo[] {
  const out: BackupInfo[] = [];
  for (const file of listBackups(dbPath)) {
    if (out.length >= limit) break;
    const info = describeBackup(file);
    if (info.ok) out.push(info);
  }
  return out;
}

/** The newest backup that passes checkDatabaseFile, or null. */
export const lastGoodBackup = (dbPath: string): string | null => goodBackups(dbPath, 1)[0]?.path ?? null;

/**
 * Copies the open database to `out` with SQLite's online backup (writers are not blocked; the
 * copy is one consistent moment). Written beside as `.partial` and renamed, so a crash never
 * leaves a half backup under the real name. Checked before it counts.
 */
export async function backupTo(db: Database.Database, out: string): Promise<string> {
  mkdirSync(dirname(out), { recursive: true });
  const partial = `${out}.partial`;
  rmSync(partial, { force: true });
  try {
    await db.backup(partial);
    // The copy carries the WAL flag of its source; as a rollback-journal file it is one
    // self-contained file, and checking it read-only leaves no -wal/-shm beside it.
    const copy = openRaw(partial);
    try {
      copy.pragma('journal_mode = DELETE');
    } finally {
      copy.close();
    }
    const check = checkDatabaseFile(partial);
    if (!check.ok) throw new Error(`the backup did not pass its check: ${check.problems.join('; ')}`);
    renameSync(partial, out);
  } finally {
    for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(partial + suffix, { force: true });
  }
  return out;
}

/** A manual backup's default name: in the backups folder, stamped to the second. */
export const manualBackupPath = (dbPath: string, d = new Date()) => join(backupDirOf(dbPath), `${stem(dbPath)}-${fileStamp(d)}.db`);

/**
 * Today's backup, unless one exists already; then only the newest `keep` daily backups stay.
 * Resolves to the file written, or null when today's was there.
 */
export async function dailyBackup(db: Database.Database, dbPath: string, options: { keep?: number; now?: Date } = {}): Promise<string | null> {
  const now = options.now ?? new Date();
  const out = join(backupDirOf(dbPath), dailyName(dbPath, now));
  if (existsSync(out)) return null;
  await backupTo(db, out);
  const daily = new RegExp(`^${stem(dbPath).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}-\\d{4}-\\d{2}-\\d{2}\\.db$`);
  const dir = backupDirOf(dbPath);
  const old = readdirSync(dir).filter((f) => daily.test(f)).sort().reverse().slice(options.keep ?? DAILY_BACKUPS_KEPT);
  for (const f of old) rmSync(join(dir, f), { force: true });
  return out;
}

/** Moves a database with its -wal and -shm files to `to` (+ the same suffixes); bytes untouched. */
export function moveDatabase(from: string, to: string): void {
  for (const suffix of ['', '-wal', '-shm']) {
    if (existsSync(from + suffix)) renameSync(from + suffix, to + suffix);
  }
}

/** Copies `file` into place as `dbPath` through a temporary name in the same folder (atomic rename). */
export function installDatabase(file: string, dbPath: string): void {
  mkdirSync(dirname(dbPath), { recursive: true });
  const tmp = `${dbPath}.restoring`;
  copyFileSync(file, tmp);
  for (const suffix of ['-wal', '-shm']) rmSync(dbPath + suffix, { force: true });
  renameSync(tmp, dbPath);
}

/**
 * The app's automatic backups: today's at once (in the background) and then a check every
 * `checkMs`, so an app left open for days still gets one a day. Failures are reported, never thrown.
 * The function returned stops them and resolves once a backup under way has finished (so the
 * store can close under it: quitting, or opening another backup in the app).
 */
export function startDailyBackups(
  db: Database.Database,
  dbPath: string,
  options: { keep?: number; checkMs?: number; onError?: (e: unknown) => void } = {},
): () => Promise<void> {
  const onError = options.onError ?? ((e) => process.stderr.write(`daily backup: ${(e as Error).message}\n`));
  let running: Promise<void> | null = null;
  const tick = () => {
    if (running || !db.open) return;
    running = dailyBackup(db, dbPath, { keep: options.keep })
      .then(() => undefined, onError)
      .finally(() => (running = null));
  };
  const first = setTimeout(tick, 0);
  const timer = setInterval(tick, options.checkMs ?? 3_600_000);
  first.unref();
  timer.unref();
  return async () => {
    clearTimeout(first);
    clearInterval(timer);
    await running;
  };
}
