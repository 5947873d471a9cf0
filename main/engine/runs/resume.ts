// Which stored runs can be resumed, and from what. A network run keeps its training state at its
// last epoch end (nn/resume.ts, stored by the recorder); resuming continues it in the same run
// row, so it ends exactly as the uninterrupted run would have. Refused, with a reason a caller
// can show (the contract's code + reason + params, preload/errors.ts):
//   - a surface race (its runs are recorded whole, nothing to continue);
//   - a run that is not interrupted, stopped or failed (still live here or in another process, or done);
//   - cross-validation: the folds and the final retraining are one result, made together;
//   - a run with epochs stored but no state (recorded before states were kept), or whose series
//     no longer match its state — continuing those could not be exact.
import { RESUMABLE_STATUSES } from '../../../preload/contract';
import type { ErrorParams, ErrorReason } from '../../../preload/errors';
import { experimentSpec, type ExperimentSpec } from '../../../preload/experiment';
import { EPOCH_SERIES, readHistory, STEP_SERIES, type NetworkStore } from '../nn/records';
import { decodeTrainState, type TrainStart } from '../nn/resume';

/** A run that cannot be resumed; `code`, `reason` and `params` cross the contract as they are. */
export class ResumeRefused extends Error {
  readonly code = 'conflict';
  constructor(
    readonly reason: ErrorReason,
    readonly params: ErrorParams,
    message: string,
  ) {
    super(message);
    this.name = 'ResumeRefused';
  }
}

export interface ResumePlan {
  spec: ExperimentSpec;
  experimentId: number;
  /** Null: the run ended before its first epoch did, and starts again from its first update. */
  start: TrainStart | null;
}

/**
 * Checks that run `runId` can be resumed and prepares it: the state decoded, the series cut back
 * to it (points of a partial epoch after it are measured again), its history read back.
 */
export function planResume(store: NetworkStore, runId: number): ResumePlan {
  const run = store.getRun(runId);
  if (run.kind !== 'network')
    throw new ResumeRefused('run-not-resumable-kind', { id: runId, kind: run.kind }, `run ${runId} is a ${run.kind} run: only network runs can be resumed`);
  if (!(RESUMABLE_STATUSES as readonly string[]).includes(run.status))
    throw new ResumeRefused('run-not-resumable-status', { id: runId, status: run.status }, `run ${runId} is ${run.status}: only an interrupted, stopped or failed run can be resumed`);
  const parsed = experimentSpec.safeParse(run.spec);
  if (!parsed.success) throw new ResumeRefused('run-not-resumable-changed', { id: runId }, `run ${runId}'s experiment no longer reads as a valid experiment`);
  const spec = parsed.data;
  if (spec.split.folds >= 2)
    throw new ResumeRefused('run-not-resumable-folds', { id: runId, folds: spec.split.folds }, `run ${runId} uses ${spec.split.folds}-fold cross-validation, which cannot be resumed: run it again`);
  const row = store.getResumeState(runId);
  if (!row) {
    // The first epoch's end always stores a state, so more epochs without one mean a run recorded
    // before states were kept (one may be the first epoch's partial figures of a stopped run).
    const epochs = store.readSeries([runId], ['trainLoss'])[0]?.steps.length ?? 0;
    if (epochs > 1)
      throw new ResumeRefused('run-not-resumable-no-state', { id: runId, epochs }, `run ${runId} kept no training state to resume from (it has ${epochs} epochs stored)`);
    // Nothing was trained to the end of an epoch: the run starts over, which is exact.
    store.truncateSeries(runId, {}, 'delete');
    return { spec, experimentId: run.experimentId, start: null };
  }
  let state;
  try {
    state = decodeTrainState(row.state);
  } catch (e) {
    throw new ResumeRefused('run-not-resumable-changed', { id: runId }, `run ${runId}'s training state cannot be read: ${(e as Error).message}`);
  }
  const below: Record<string, number> = {};
  for (const name of EPOCH_SERIES) below[name] = state.epoch + 1;
  for (const name of STEP_SERIES) below[name] = state.step;
  store.truncateSeries(runId, below, 'delete');
  const history = readHistory(store, runId, state);
  if (!history)
    throw new ResumeRefused('run-not-resumable-changed', { id: runId }, `run ${runId}'s stored series do not match its training state (epoch ${state.epoch}, update ${state.step})`);
  return { spec, experimentId: run.experimentId, start: { state, history } };
}
