// `lab restore FILE`: put a backup in place of the database. The file is checked first (SQLite,
// quick_check, our tables, a version this app knows); the current database is checkpointed and
// kept aside as `<file>.before-restore-<stamp>`, never overwritten; a run another live process is
// training refuses the restore.
import { existsSync } from 'node:fs';
import { checkDatabaseFile, fileStamp, installDatabase, moveDatabase } from './backup';
import { pidAlive, Store } from './store';

export class RestoreError extends Error {
  constructor(
    readonly reason: 'invalid-backup' | 'in-use',
    message: string,
    /** in-use: the runs (comma-separated) and the process training them. */
    readonly params: { runs?: string; pid?: number } = {},
  ) {
    super(message);
    this.name = 'RestoreError';
  }
}

export interface Restored {
  path: string;
  /** Where the database that was there is kept (null when there was none). */
  previous: string | null;
  /** Runs that database held (kept in `previous`). */
  previousRuns: number;
  version: number;
}

export function restoreDatabase(dbPath: string, file: string): Restored {
  const check = checkDatabaseFile(file);
  if (!check.ok) throw new RestoreError('invalid-backup', `${file} cannot be restored: ${check.problems.join('; ')}`);
  let previous: string | null = null;
  let previousRuns = 0;
  if (existsSync(dbPath)) {
    let current: Store | null = null;
    try {
      current = Store.openStrict(dbPath, { recover: false });
    } catch {
      current = null; // damaged or foreign: nothing to ask it, it is simply kept aside
    }
    if (current) {
      try {
        const live = (current.db.prepare("SELECT id, owner_pid FROM runs WHERE status IN ('queued', 'running', 'paused') AND owner_pid IS NOT NULL").all() as { id: number; owner_pid: number }[])
          .filter((r) => r.owner_pid !== process.pid && pidAlive(r.owner_pid));
        if (live.length) {
          const runs = live.map((r) => r.id).join(', ');
          const pid = live[0]!.owner_pid;
          throw new RestoreError('in-use', `run ${runs} is being trained by process ${pid}; stop it (or close the app) before restoring`, { runs, pid });
        }
        previousRuns = current.db.prepare('SELECT count(*) FROM runs').pluck().get() as number;
        current.db.pragma('wal_checkpoint(TRUNCATE)');
      } finally {
        current.close();
      }
    }
    previous = `${dbPath}.before-restore-${fileStamp()}`;
    moveDatabase(dbPath, previous);
  }
  installDatabase(file, dbPath);
  // An older backup is brought up to this app's schema now, so the next start opens it as is.
  Store.openStrict(dbPath, { recover: false }).close();
  return { path: dbPath, previous, previousRuns, version: check.version };
}
