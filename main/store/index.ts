export { Store, ACTIVE_STATUSES } from './store';
export type { StoreOptions, NewExperiment, ExperimentPatch, NewRun, RunPatch, Checkpoint, IntegrityReport } from './store';
export { MetricWriter } from './metric-writer';
export type { MetricWriterOptions, PointBatch } from './metric-writer';
export { NotFoundError, SchemaTooNewError } from './errors';
export { migrations, migrate, SCHEMA_VERSION } from './migrations';
export type { Migration } from './migrations';
export { defaultDbPath, resolveDbPath, DB_ENV_VAR, DB_FILE_NAME, PRODUCT_NAME } from './paths';
export { saveRaceResult, trajectorySummary } from './surface-runs';
export type { SavedRace } from './surface-runs';
export { searchRuns } from './search';
export type { RunQuery } from './search';
export { saveComparison, getComparison, listComparisons, deleteComparison } from './comparisons';
export type { ComparisonInput } from './comparisons';
export { exportRunBundle, importRunBundle, parseRunBundle, BundleError, BUNDLE_FORMAT, BUNDLE_VERSION } from './bundle';
export type { RunBundle } from './bundle';
export { openStoreSafely, noticeText, recoverStoreFaults } from './safe-open';
export type { SafeOpen } from './safe-open';
export {
  backupTo, dailyBackup, startDailyBackups, checkDatabaseFile, listBackups, lastGoodBackup, manualBackupPath, moveDatabase, installDatabase,
  backupDirOf, fileStamp, DAILY_BACKUPS_KEPT,
} from './backup';
export type { FileCheck } from './backup';
export { CHUNK_POINTS } from './series';
export { restoreDatabase, RestoreError } from './restore';
export type { Restored } from './restore';
export { StoreWriteError, isWriteFault, isDiskFull } from './faults';
