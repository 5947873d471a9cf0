// Run control for the app, web mode and CLI: import from here.
export { RunManager, type RunEnd, type RunManagerOptions, type RunProgress, type RunWork } from './manager';
