// Worker threads start from this file when the engine runs from TypeScript sources (tsx CLI,
// web mode, vitest). A worker does not inherit the parent's module hooks — not tsx's
// `--import` loader, not vitest's transform — so it registers tsx's ESM hooks itself and then
// imports the real entry (worker.ts). The bundled app never comes here: electron-vite emits the
// worker as a plain out/main/pool-worker.js (see README.md, "Starting workers").
import { workerData } from 'node:worker_threads';

const target = workerData?.poolEntry;
if (typeof target !== 'string') throw new Error('pool bootstrap: workerData.poolEntry (the worker module URL) is missing');
if (target.endsWith('.ts')) {
  const { register } = await import('tsx/esm/api');
  register();
}
await import(target);
