// One network run's life in the store, whoever starts it (the Network lab, the workbench's
// queue, the batch-size lab, `lab run`, the course): the spec's fine-tuning weights read from
// the store, training in this thread or on the pool, and every per-run artefact written by the
// one NetworkRecorder — epoch and update series, the confusion matrix, the summary, the weights
// checkpoint and the status transitions (queued → running → completed / stopped / cancelled /
// diverged / failed). So a run reads the same in History whichever entry point made it.
//
//   const run = await recordRun(spec, store, { pool, onStart: ({ runId }) => … });
//
// Pausing and resuming are the pool job's control words (hooks.onJob); the live queue around
// them (main/api/run-queue.ts) records those transitions itself. A run that ended before its
// last epoch (interrupted, stopped, failed) continues with resumeRun from the state the recorder
// kept at an epoch's end: same run row, status → running → completed / …, exact (runs/resume.ts).
//
//   const run = await resumeRun(runId, store, { pool });
import type { RunStatus } from '../../../preload/contract';
import type { ExperimentSpec } from '../../../preload/experiment';
import type { Dataset } from '../data/dataset';
import { loadRunWeights, NetworkRecorder, type NetworkStore, type RunTarget, type SummaryExtras } from '../nn/records';
import { trainNetwork, type DataSummary, type TrainHooks, type TrainResult, type Weights } from '../nn/train';
import { PoolRunError, trainNetworkOnPool, type PoolTrainHooks } from '../pool/network';
import type { WorkerPool } from '../pool/pool';
import type { TrainStart } from '../nn/resume';
import { planResume } from './resume';

export interface RunIds {
  experimentId: number;
  runId: number;
}

/** The reason to pass to `signal`'s controller for a run that should end 'cancelled' rather than 'stopped'. */
export const CANCEL = 'cancel';

export interface RunHooks extends Pick<TrainHooks, 'onEpoch' | 'onStep' | 'onFold'>, Pick<PoolTrainHooks, 'onJob' | 'threads' | 'reportMs' | 'fault'> {
  /** Train on this pool's workers; without one, in this thread (the same numbers to the last bit). */
  pool?: WorkerPool;
  /** Rows made ahead: the experiment a new run joins, or also the run itself (a queued row). */
  target?: RunTarget;
  /** Tags of the experiment made for the run (ignored with a target). */
  tags?: string[];
  /** Keys added to the stored summary once training has ended. */
  summary?: (result: TrainResult) => SummaryExtras;
  /**
   * Ends the run between two updates, keeping what was trained ('stopped'). Aborted with the
   * reason CANCEL, the run ends 'cancelled' (its weights are still kept).
   */
  signal?: AbortSignal;
  /** Store the resumable state at most this often (ms; default 500, 0: at every epoch's end). */
  checkpointMs?: number;
  /** The rows exist and the data is loaded: the run is 'running' from here on. */
  onStart?: (ids: RunIds, data: DataSummary, dataset: Dataset) => void;
}

export interface RecordedRun extends RunIds {
  status: RunStatus;
  result: TrainResult;
  /** The fold runs under cross-validation, in fold order. */
  foldRunIds: number[];
}

/**
 * Trains `spec` and stores it. Rejects with the error when the run cannot start (a bad spec,
 * a missing file: an ExperimentError naming the field; a target run is then stored 'failed')
 * or fails later (stored 'failed' with what it had measured).
 */
export async function recordRun(spec: ExperimentSpec, store: NetworkStore, hooks: RunHooks = {}): Promise<RecordedRun> {
  return record(spec, store, hooks, null);
}

/**
 * Continues run `runId` (interrupted, stopped or failed) from its last epoch end, in the same run
 * row: the series go on from their last stored step, and the run ends as the uninterrupted run
 * would have, to the last bit. Throws ResumeRefused (runs/resume.ts) when it cannot be exact.
 */
export async function resumeRun(runId: number, store: NetworkStore, hooks: Omit<RunHooks, 'target' | 'tags'> = {}): Promise<RecordedRun> {
  const plan = planResume(store, runId);
  store.retryAfterFault?.(runId);
  return record(plan.spec, store, { ...hooks, target: { experimentId: plan.experimentId, runId } }, plan.start ?? 'restart');
}

async function record(spec: ExperimentSpec, store: NetworkStore, hooks: RunHooks, resume: TrainStart | 'restart' | null): Promise<RecordedRun> {
  const target = hooks.target ?? null;
  const start = resume === 'restart' ? undefined : (resume ?? undefined);
  const recorder = new NetworkRecorder(store, spec, target, hooks.tags, resume === null ? null : (start?.state.step ?? 0));
  if (hooks.checkpointMs !== undefined) recorder.checkpointMs = hooks.checkpointMs;
  let result: TrainResult;
  try {
    let initialWeights: Weights | undefined = start?.state.weights;
    if (!start && typeof spec.init === 'object') initialWeights = loadRunWeights(store, spec.init.fromRun).weights;
    const train: PoolTrainHooks = {
      initialWeights,
      start,
      onCheckpoint: (state, steps) => recorder.checkpoint(state, steps),
      signal: hooks.signal,
      threads: hooks.threads,
      reportMs: hooks.reportMs,
      fault: hooks.fault,
      onJob: hooks.onJob,
      onStep: hooks.onStep,
      onStart: (data, dataset) => {
        recorder.start(data);
        hooks.onStart?.({ experimentId: recorder.experimentId, runId: recorder.runId }, data, dataset);
      },
      onEpoch: (m, model) => {
        recorder.epoch(m);
        hooks.onEpoch?.(m, model);
      },
      onFold: (f) => {
        recorder.fold(f);
        hooks.onFold?.(f);
      },
    };
    result = await (hooks.pool ? trainNetworkOnPool(hooks.pool, spec, train) : trainNetwork(spec, train));
  } catch (err) {
    const error = err instanceof Error ? err : new Error(String(err));
    try {
      if (recorder.runId) {
        // Under cross-validation the measured updates may be a fold's, not the final run's.
        const steps = err instanceof PoolRunError && spec.split.folds < 2 ? err.partial.steps : undefined;
        recorder.fail(error, steps);
      } else if (target?.runId !== undefined && resume === null) store.setRunStatus(target.runId, 'failed', { error: error.message });
    } catch {
      // the store may be closing; the run is recovered as 'interrupted' at the next start
    }
    throw err;
  }
  recorder.finish(result, hooks.summary?.(result));
  // Training reports a cancelled job as stopped (weights kept); the caller asked to cancel.
  const cancelled = hooks.signal?.aborted === true && hooks.signal.reason === CANCEL && result.status === 'stopped';
  if (cancelled) {
    store.setRunStatus(recorder.runId, 'cancelled');
    store.deleteResumeState(recorder.runId);
  }
  const { experimentId, runId, foldRunIds } = recorder;
  return { experimentId, runId, status: cancelled ? 'cancelled' : result.status, result, foldRunIds };
}
