// A network run's life in the store, whoever starts it: import from here.
export { CANCEL, recordRun, resumeRun, type RecordedRun, type RunHooks, type RunIds } from './record';
export { ResumeRefused } from './resume';
