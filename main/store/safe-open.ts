// Opening the database at start-up without ever refusing to start: the desktop app, web mode and
// (through Store.recovery) the CLI all come here.
//   damaged file (not SQLite, quick_check fails) → the file is moved, untouched, to
//     `<file>.damaged-<stamp>` (with its -wal/-shm), a fresh database opens, the newest backup
//     that passes its check is offered;
//   schema newer than this app → opened read-only, nothing migrated or written;
//   data folder not writable → the existing file read-only if there is one, else an in-memory
//     store (nothing saved this session).
// Each case comes back as a StoreNotice for the app's notice area or the CLI's stderr.
import { accessSync, constants, existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { StoreNotice } from '../../preload/store-status';
import { fileStamp, goodBackups, moveDatabase } from './backup';
import { SchemaTooNewError } from './errors';
import { SCHEMA_VERSION } from './migrations';
import { Store, type StoreOptions } from './store';

export interface SafeOpen {
  store: Store;
  notice: StoreNotice | null;
}

/** How many good backups a damaged-file notice offers. */
const OFFERED_BACKUPS = 3;

const sqliteCode = (e: unknown) => String((e as { code?: unknown })?.code ?? '');
const isDamage = (e: unknown) => /^SQLITE_(NOTADB|CORRUPT)/.test(sqliteCode(e));

/** Why `dir` cannot hold the database (the system's words), or null when it can. */
function folderWritable(dir: string): string | null {
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
    return null;
  } catch (e) {
    // A recursive mkdir on a read-only mount reports ENOENT; the nearest folder that exists says why.
    let up = dir;
    while (!existsSync(up) && dirname(up) !== up) up = dirname(up);
    try {
      accessSync(up, constants.W_OK);
    } catch (why) {
      return (why as Error).message;
    }
    return (e as Error).message;
  }
}

/** quick_check's findings; empty when the file is sound. */
function quickCheck(store: Store): string[] {
  return (store.db.pragma('quick_check', { simple: false }) as { quick_check: string }[]).map((r) => r.quick_check).filter((m) => m !== 'ok');
}

export function openStoreSafely(path: string, options: StoreOptions = {}): SafeOpen {
  if (path === ':memory:') return { store: Store.openStrict(path, options), notice: null };
  const dir = dirname(path);
  const unwritable = folderWritable(dir);
  if (unwritable) {
    let store: Store | null = null;
    if (existsSync(path)) {
      try {
        store = Store.openStrict(path, { ...options, readOnly: true });
      } catch {
        store = null;
      }
    }
    const detail = unwritable;
    return {
      store: store ?? Store.openStrict(':memory:', options),
      notice: { kind: 'read-only-folder', path, readOnly: true, detail },
    };
  }
  let damage: string | null = null;
  try {
    const store = Store.openStrict(path, options);
    const problems = quickCheck(store);
    if (problems.length === 0) return { store, notice: null };
    store.close();
    damage = problems.slice(0, 5).join('; ');
  } catch (e) {
    if (e instanceof SchemaTooNewError) {
      return {
        store: Store.openStrict(path, { ...options, readOnly: true }),
        notice: { kind: 'schema-too-new', path, found: e.found, known: e.known, readOnly: true, detail: e.message },
      };
    }
    if (!isDamage(e)) throw e;
    damage = (e as Error).message;
  }
  const movedTo = `${path}.damaged-${fileStamp()}`;
  moveDatabase(path, movedTo);
  // The newest few that pass quick_check now: the app offers to open them (backups:restore).
  const backups = goodBackups(path, OFFERED_BACKUPS);
  return {
    store: Store.openStrict(path, options),
    notice: { kind: 'damaged', path, movedTo, backup: backups[0]?.path ?? null, backups, readOnly: false, detail: damage },
  };
}

type Lang = 'en' | 'zh';

/** One line for the CLI's stderr (the renderer translates the notice itself: renderer/i18n/store.ts). */
export function noticeText(n: StoreNotice, lang: Lang): string {
  const zh = lang === 'zh';
  switch (n.kind) {
    case 'damaged': {
      const backup = n.backup
        ? zh ? `最近一个完好的备份是 ${n.backup}，可用 "lab restore ${n.backup}" 恢复` : `the last good backup is ${n.backup}; restore it with "lab restore ${n.backup}"`
        : zh ? '没有可用的备份' : 'there is no backup to restore';
      return zh
        ? `数据库 ${n.path} 已损坏（${n.detail}）：原文件原样保留为 ${n.movedTo}，已新建一个空数据库；${backup}`
        : `the database ${n.path} is damaged (${n.detail}): it is kept untouched as ${n.movedTo} and a fresh database was started; ${backup}`;
    }
    case 'schema-too-new':
      return zh
        ? `数据库 ${n.path} 的结构版本为 ${n.found}，比本程序所知的版本 ${n.known ?? SCHEMA_VERSION} 新：以只读方式打开，不会写入；请更新 Descent Lab`
        : `the database ${n.path} has schema version ${n.found}, newer than this app knows (${n.known ?? SCHEMA_VERSION}): opened read-only, nothing will be written; update Descent Lab`;
    case 'read-only-folder':
      return zh
        ? `数据文件夹 ${dirname(n.path)} 不可写（${n.detail}）：本次不会保存任何内容`
        : `the data folder ${dirname(n.path)} cannot be written (${n.detail}): nothing will be saved this session`;
  }
}

/**
 * Makes every later `Store.open` in this process resolve start-up faults as above and report
 * them through `report` (the CLI prints them on stderr). A read-only data folder is not worked
 * around here: a command that would save nothing fails with the message instead.
 */
export function recoverStoreFaults(report: (notice: StoreNotice) => void): void {
  Store.recovery = (path, options) => {
    const { store, notice } = openStoreSafely(path, options);
    if (notice?.kind === 'read-only-folder' && !store.readOnly) {
      store.close();
      throw Object.assign(new Error(noticeText(notice, 'en')), { notice });
    }
    if (notice) report(notice);
    return store;
  };
}
