// Backups of the database from the app: the ones kept in the data folder's backups/ (each checked
// with quick_check before it is offered), a new one now (SQLite's online backup), and restoring
// one in the running app. A backup is named by its file name inside backups/, never by a path, so
// the page cannot have main copy an arbitrary file over the database. Spread into `channels` in contract.ts.
import { z } from 'zod';

/** A backup file in the backups folder, as checked just now. */
export interface BackupInfo {
  /** The file name inside backups/ (what backups:restore takes). */
  name: string;
  path: string;
  /** When it was written (the file's modification time), ISO 8601. */
  createdAt: string;
  bytes: number;
  /** Runs and experiments it holds (0 when it cannot be read). */
  runs: number;
  experiments: number;
  /** Passed its check (SQLite, quick_check, our tables, a schema this app knows). */
  ok: boolean;
  /** What the check found when not ok (English, SQLite's words). */
  problems: string[];
}

/** What restoring did: the backup now in place, and where the database that was there is kept. */
export interface RestoreResult {
  restored: BackupInfo;
  /** The database that was in use, kept untouched beside (…db.before-restore-<date>); null when there was none. */
  previous: string | null;
  /** Runs the database that was in use held (they stay in `previous`). */
  previousRuns: number;
}

const backupName = z
  .string()
  .trim()
  .min(1)
  .max(255)
  .refine((s) => !/[/\\\0]/.test(s) && s !== '.' && s !== '..' && s.endsWith('.db'), 'the file name of a backup in the backups folder');

export const backupChannels = {
  /** The backups beside the database, newest first, each checked (ok or its problems). */
  'backups:list': { request: z.object({}).strict(), response: {} as BackupInfo[] },
  /** A backup now, into backups/ (SQLite's online backup: training may go on meanwhile). */
  'backups:create': { request: z.object({}).strict(), response: {} as BackupInfo },
  /**
   * Puts a backup in place of the database in the running app and reopens it. Refused (conflict,
   * restore-busy) while anything trains or runs; a backup that fails its check is refused
   * (invalid-request, backup-invalid). The database that was in use is kept beside, untouched.
   */
  'backups:restore': { request: z.object({ name: backupName }).strict(), response: {} as RestoreResult },
} as const;
