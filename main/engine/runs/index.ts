// A network run's life in the store, whoever starts it: import from here.
export { CANCEL, recordRun, type RecordedRun, type RunIds } from './record';
