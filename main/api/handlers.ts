// The handler table: every contract channel implemented over the engine and the store, with no
// knowledge of the transport. Requests arrive already parsed by the contract's schemas.
import type { AppInfo } from '../../preload/contract';
import { networkRangeTest } from '../engine/nn/range-test';
import { trainNetworkOnPool } from '../engine/pool/network';
import { runRaceOnPool } from '../engine/pool/race';
import type { WorkerPool } from '../engine/pool/pool';
import { surfaceRangeTest } from '../engine/range-test';
import { analyzePoint, surfaceGrid, surfaceInfo } from '../engine/surfaces';
import { saveRaceResult, type Store } from '../store';
import { analysisHandlers } from './analysis';
import { backupHandlers, type BackupAccess } from './backups';
import { BatchStudies } from './batch-study';
import { courseHandlers } from './course';
import type { HandlerTable } from './dispatch';
import { asFieldError } from './errors';
import { exportHandlers } from './export';
import type { EventHub } from './events';
import { fileHandlers } from './file-access';
import { NetworkRuns } from './network-runs';
import { kernelsInUse } from '../engine/nn/wasm-kernels';
import { workbenchHandlers } from './workbench';

export interface HandlerDeps {
  store: Store;
  /** Races run one entry per worker; the result equals runRace's, entry for entry. */
  pool: WorkerPool;
  info: AppInfo;
  /** Where network runs report progress ('run:progress', 'network:epoch'). */
  events: EventHub;
  /** The Network lab's runs; made here when the caller doesn't need to reach them. */
  network?: NetworkRuns;
  /** The batch-size lab's studies; made here when the caller doesn't need to reach them. */
  batch?: BatchStudies;
  /** The backups channels' store and in-app restore (openLab's); without it restore is refused. */
  backups?: BackupAccess;
}

export function createHandlers({
  store,
  pool,
  info,
  events,
  network = new NetworkRuns(store, events, pool),
  batch = new BatchStudies(store, events, pool),
  backups = { store: () => store, restore: null },
}: HandlerDeps): HandlerTable {
  return {
    'app:info': () => ({ ...info, kernels: kernelsInUse().kernels }),
    'surface:list': () => surfaceInfo(),
    'surface:grid': ({ fn, window, resolution }) => surfaceGrid(fn, window, resolution),
    'surface:race': ({ spec, display }) => runRaceOnPool(pool, spec, { display }),
    'surface:analyze': ({ fn, at }) => analyzePoint(fn, at),
    'surface:rangeTest': ({ spec }) => surfaceRangeTest(spec),
    // Re-run rather than trust a result sent by the page: what is stored is what the spec gives.
    'surface:save': async ({ name, notes, spec }) => saveRaceResult(store, { name, notes }, await runRaceOnPool(pool, spec)),
    'experiments:list': () => store.listExperiments(),
    'experiments:get': ({ id }) => ({ experiment: store.getExperiment(id), runs: store.listRuns({ experimentId: id }) }),
    'experiments:update': ({ id, ...patch }) => store.updateExperiment(id, patch),
    'experiments:delete': ({ id }) => ({ deleted: store.deleteExperiment(id) }),
    'runs:list': ({ experimentId }) => store.listRuns(experimentId === undefined ? {} : { experimentId }),
    'runs:series': ({ runIds, names, maxPoints }) => store.readSeries(runIds, names, { maxPoints }),
    'network:rangeTest': ({ spec, ...options }) =>
      networkRangeTest(spec, options, (probe, hooks) => trainNetworkOnPool(pool, probe, hooks)).catch((err: unknown) => {
        throw asFieldError(err, 'spec.');
      }),
    ...network.handlers(),
    ...batch.handlers(),
    ...workbenchHandlers(store, network),
    ...analysisHandlers(store, pool, events),
    ...exportHandlers(store),
    ...courseHandlers(store, pool, events),
    ...backupHandlers(backups),
    // Refused until a transport installs its file access (web mode, the desktop app).
    ...fileHandlers(null),
  };
}
