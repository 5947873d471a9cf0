// A network run's life in the store, whoever starts it: import from here.
export { CANCEL, recordRun, resumeRun, type RecordedRun, type RunIds } from './record';
export { ResumeRefused, RESUMABLE } from './resume';
