// The backups channels: the backups beside the database (each checked as it is listed), one made
// now with SQLite's online backup, and a restore in the running app. The restore itself (closing
// the store, putting the file in place, reopening) belongs to whoever owns the store: openLab
// passes it in; a bare handler table (tests, the fuzzer) refuses it.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { BackupInfo, RestoreResult } from '../../preload/backups';
import { LabError } from '../../preload/errors';
import { backupDirOf, backupTo, describeBackup, listBackups, manualBackupPath, type Store } from '../store';
import type { HandlerTable } from './dispatch';

type BackupChannels = 'backups:list' | 'backups:create' | 'backups:restore';

export interface BackupAccess {
  /** The store in use now (a restore replaces it). */
  store(): Store;
  /** Puts the checked backup `file` in place in the running lab; null where this lab cannot. */
  restore: ((file: string) => Promise<RestoreResult>) | null;
}

const noFile = () => new LabError({ code: 'forbidden', reason: 'backup-unavailable', message: 'this lab has no database file (in-memory store): nothing to back up or restore' });

/** A backup that fails its check, refused with what the check found. */
export function invalidBackup(info: BackupInfo): LabError {
  return new LabError({
    code: 'invalid-request',
    reason: 'backup-invalid',
    params: { name: info.name, problems: info.problems.join('; ') },
    message: `${info.name} cannot be restored: ${info.problems.join('; ')}`,
  });
}

export function backupHandlers(access: BackupAccess): Pick<HandlerTable, BackupChannels> {
  return {
    'backups:list': (): BackupInfo[] => {
      const { path } = access.store();
      return path === ':memory:' ? [] : listBackups(path).map(describeBackup);
    },
    'backups:create': async () => {
      const store = access.store();
      if (store.path === ':memory:') throw noFile();
      const out = manualBackupPath(store.path);
      try {
        await backupTo(store.db, out);
      } catch (e) {
        const why = (e as Error).message;
        throw new LabError({ code: 'conflict', reason: 'backup-failed', params: { why }, message: `the backup failed: ${why}` });
      }
      return describeBackup(out);
    },
    'backups:restore': async ({ name }) => {
      const { path } = access.store();
      if (path === ':memory:') throw noFile();
      if (!access.restore) throw new LabError({ code: 'forbidden', reason: 'backup-unavailable', message: 'restoring is not available here; use `lab restore FILE` with the app closed' });
      const file = join(backupDirOf(path), name);
      if (!existsSync(file)) throw new LabError({ code: 'not-found', reason: 'backup-not-found', params: { name }, message: `there is no backup ${name} in ${backupDirOf(path)}` });
      return access.restore(file);
    },
  };
}
