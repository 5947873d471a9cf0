// What the store says about its database file at start-up, for the app's notice area (through
// app:info) and the CLI's stderr. Messages are built where the language is known; these are the facts.
import type { BackupInfo } from './backups';

export type StoreNoticeKind =
  /** The file failed PRAGMA quick_check or is not a SQLite database: kept aside, a fresh one opened. */
  | 'damaged'
  /** Written by a newer version of the app: opened read-only. */
  | 'schema-too-new'
  /** The data folder cannot be written: nothing is saved this session (an in-memory store). */
  | 'read-only-folder';

export interface StoreNotice {
  kind: StoreNoticeKind;
  /** The database file the app wanted to open. */
  path: string;
  /** damaged: where the damaged file now is, untouched. */
  movedTo?: string;
  /** damaged: the newest backup that passes its check, to restore with `lab restore FILE`. */
  backup?: string | null;
  /** damaged: the newest backups that pass their check (newest first), which the app offers to open. */
  backups?: BackupInfo[];
  /** schema-too-new: the file's schema version and the newest this app knows. */
  found?: number;
  known?: number;
  /** true when nothing will be written this session (read-only or in-memory store). */
  readOnly: boolean;
  /** SQLite's or the system's own words, in English. */
  detail: string;
}
