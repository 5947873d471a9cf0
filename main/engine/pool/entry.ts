// Where a pool worker starts. Two worlds:
// - from sources (tsx CLI, web mode, vitest): this module's URL ends in .ts; workers start from
//   bootstrap.mjs, which registers tsx in the worker and imports worker.ts;
// - from the electron-vite bundle: this code sits in out/main/index.js (or a chunk below it)
//   and the worker is the bundle's second entry, out/main/pool-worker.js.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface WorkerEntry {
  /** The file `new Worker()` runs. */
  url: URL;
  /** Handed to the worker as workerData.poolEntry (the bootstrap imports it). */
  poolEntry: string | null;
}

/** The bundle's worker file name; renderer/electron.vite.config.ts must emit it beside index.js. */
export const BUNDLED_WORKER = 'pool-worker.js';

export function resolveWorkerEntry(here: string = import.meta.url): WorkerEntry {
  if (here.endsWith('.ts')) {
    return { url: new URL('./bootstrap.mjs', here), poolEntry: new URL('./worker.ts', here).href };
  }
  // A variable, not a literal: bundlers rewrite `new URL('literal', import.meta.url)` into assets.
  const name = BUNDLED_WORKER;
  // Inside a packaged app the worker must run from app.asar.unpacked (electron-builder.yml
  // unpacks out/main/**): worker threads load their modules outside Electron's asar shim.
  const unpacked = here.includes('/app.asar/') ? here.replace('/app.asar/', '/app.asar.unpacked/') : null;
  const bases = unpacked ? [unpacked, here] : [here];
  for (const candidate of bases.flatMap((base) => [new URL(name, base), new URL(`../${name}`, base)])) {
    if (existsSync(fileURLToPath(candidate))) return { url: candidate, poolEntry: null };
  }
  throw new Error(`pool: worker entry ${name} not found next to ${fileURLToPath(here)}; the bundle must emit it (main/engine/pool/README.md)`);
}
