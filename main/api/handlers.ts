// The handler table: every contract channel implemented over the engine and the store, with no
// knowledge of the transport. Requests arrive already parsed by the contract's schemas.
import type { AppInfo } from '../../preload/contract';
import { LabError, type RaceResult } from '../../preload/contract';
import type { SurfaceExperimentSpec } from '../../preload/spec';
import * as surfaces from '../engine/surfaces';
import { analyzePoint, surfaceGrid, surfaceInfo } from '../engine/surfaces';
import { saveRaceResult, type Store } from '../store';
import type { HandlerTable } from './dispatch';

// TEMPORARY until main/engine/surfaces/race.ts lands (engine-surface engineer): the race runner
// is looked up at call time so web mode and the build work meanwhile.
function runRace(spec: SurfaceExperimentSpec): RaceResult {
  const run = (surfaces as unknown as { runRace?: (spec: SurfaceExperimentSpec) => RaceResult }).runRace;
  if (!run) throw new LabError({ code: 'internal', message: 'The race runner is not built yet / 竞赛运行器尚未完成' });
  return run(spec);
}

export interface HandlerDeps {
  store: Store;
  info: AppInfo;
}

export function createHandlers({ store, info }: HandlerDeps): HandlerTable {
  return {
    'app:info': () => info,
    'surface:list': () => surfaceInfo(),
    'surface:grid': ({ fn, window, resolution }) => surfaceGrid(fn, window, resolution),
    'surface:race': ({ spec }) => runRace(spec),
    'surface:analyze': ({ fn, at }) => analyzePoint(fn, at),
    'surface:save': ({ name, notes, spec }) => saveRaceResult(store, { name, notes }, runRace(spec)),
    'experiments:list': () => store.listExperiments(),
    'experiments:get': ({ id }) => ({ experiment: store.getExperiment(id), runs: store.listRuns({ experimentId: id }) }),
    'experiments:update': ({ id, ...patch }) => store.updateExperiment(id, patch),
    'experiments:delete': ({ id }) => ({ deleted: store.deleteExperiment(id) }),
    'runs:list': ({ experimentId }) => store.listRuns(experimentId === undefined ? {} : { experimentId }),
    'runs:series': ({ runIds, names }) => store.readSeries(runIds, names),
  };
}
