// The workbench's channels apart from run control, which lives with the live runs it controls
// (run-queue.ts, through network-runs.ts): variant grids (queued by NetworkRuns.enqueue), history
// search, saved comparisons, experiment files and run bundles.
import { experimentSpec } from '../../preload/experiment';
import {
  BundleError,
  deleteComparison,
  exportRunBundle,
  getComparison,
  importRunBundle,
  listComparisons,
  saveComparison,
  searchRuns,
  type Store,
} from '../store';
import type { HandlerTable } from './dispatch';
import { exportExperiment, importExperiment } from './experiment-files';
import type { NetworkRuns } from './network-runs';
import { fieldIssue } from '../../preload/contract';
import { invalidFields } from './errors';
import { expandVariants } from './variants';

type WorkbenchChannels =
  | 'workbench:expand'
  | 'workbench:start'
  | 'runs:search'
  | 'comparisons:save'
  | 'comparisons:list'
  | 'comparisons:get'
  | 'comparisons:delete'
  | 'experiments:export'
  | 'experiments:import'
  | 'runs:exportBundle'
  | 'runs:importBundle';

/** A bundle problem as invalid-request naming the bundle's field. */
function bundleError(err: unknown): unknown {
  if (!(err instanceof BundleError)) return err;
  return invalidFields('bundle-invalid', 'Cannot import the bundle', [fieldIssue(`bundle.${err.field}`, err.message.slice(err.field.length + 2), 'bundle-field')]);
}

export function workbenchHandlers(store: Store, network: NetworkRuns): Pick<HandlerTable, WorkbenchChannels> {
  return {
    'workbench:expand': ({ base, axes }) => expandVariants(base, axes),
    'workbench:start': ({ name, base, axes, concurrency }) => {
      const { cells } = expandVariants({ ...base, name }, axes);
      // The experiment keeps the base as an experiment file (when it is one on its own); each run its cell.
      const parsedBase = experimentSpec.safeParse({ ...base, name });
      const spec = parsedBase.success ? parsedBase.data : cells[0]!.spec;
      const { experimentId, runIds } = network.enqueue({ name, spec }, cells, concurrency);
      return { experimentId, runIds, labels: cells.map((c) => c.label) };
    },
    'runs:search': (q) => searchRuns(store, q),
    'comparisons:save': (input) => saveComparison(store, input),
    'comparisons:list': () => listComparisons(store),
    'comparisons:get': ({ id }) => getComparison(store, id),
    'comparisons:delete': ({ id }) => ({ deleted: deleteComparison(store, id) }),
    'experiments:export': ({ id }) => exportExperiment(store, id),
    'experiments:import': ({ json }) => importExperiment(json),
    'runs:exportBundle': ({ runId }) => ({ fileName: `run-${runId}.lab-bundle.json`, bundle: JSON.stringify(exportRunBundle(store, runId)) }),
    'runs:importBundle': ({ bundle }) => {
      try {
        return importRunBundle(store, bundle);
      } catch (err) {
        throw bundleError(err);
      }
    },
  };
}
