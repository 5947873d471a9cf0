// How a network run is kept: one experiment (kind 'network', spec = the experiment file) with
// one run — plus one per fold under cross-validation — its metric series, its confusion matrix,
// its summary and its weights as a checkpoint. The engine never imports the store: it names the
// few methods it needs, which the store (main/store) provides. Callers go through recordRun
// (engine/runs/record.ts), which drives this recorder whoever starts the run.
//
// Series (step = epoch, 1-based): trainLoss, trainAccuracy (the mean over the epoch's mini-batches),
// valLoss, valAccuracy, epochLr, epochMs; with spec.trainPass also fullTrainLoss, fullTrainAccuracy
// (a full evaluation-mode pass over the training set after the epoch: "training loss (full pass)").
// Series (step = update index, 0-based): loss, gradNorm, lr.
// Series 'confusion' (classification): confusion[t][p] at step t·K + p.
// Checkpoint: params then state, float32 little-endian; meta { inputs, outputs, params, state, preprocess }.
// Resumable state (not under cross-validation): the training state at an epoch's end (nn/resume.ts),
// one per run, replaced as the run goes (with the update series measured up to it written first),
// kept while the run may be resumed (stopped, failed, interrupted), deleted once it has ended.
import type { BatchSummaryFields, NetworkRunSummary, NetworkSummary, RunStatus } from '../../../preload/contract';
import type { ExperimentSpec } from '../../../preload/experiment';
import { EPOCH_SERIES } from '../../../preload/shapes';
import { ExperimentError } from './errors';
import type { DataSummary, EpochMetrics, RunOutcome, TrainResult, Weights } from './train';
import { encodeTrainState, type TrainStart, type TrainState } from './resume';

/** Keys a caller adds to a run's summary (the batch-size lab's timings and noise level). */
export type SummaryExtras = Partial<BatchSummaryFields>;

export interface NetworkStore {
  createExperiment(input: { name: string; kind: 'network'; spec: unknown; tags?: string[] }): { id: number };
  createRun(input: { experimentId: number; label: string; seed: number; spec: unknown; status?: RunStatus }): { id: number };
  getRun(id: number): { id: number; experimentId: number; kind: string; spec: unknown; status: RunStatus };
  setRunStatus(id: number, status: RunStatus, patch?: { lastStep?: number; summary?: NetworkRunSummary; error?: string | null }): unknown;
  appendPoints(runId: number, series: string, steps: ArrayLike<number>, values: ArrayLike<number>): number;
  saveCheckpoint(runId: number, step: number, weights: Uint8Array, meta?: Record<string, unknown>): void;
  getCheckpoint(runId: number, step?: number): { step: number; meta: Record<string, unknown>; weights: Uint8Array } | null;
  /** The run's resumable training state (nn/resume.ts encoded), one per run, replaced each epoch. */
  saveResumeState(runId: number, epoch: number, step: number, state: Uint8Array): void;
  getResumeState(runId: number): { epoch: number; step: number; state: Uint8Array } | null;
  deleteResumeState(runId: number): void;
  /** A run failed on a write fault (full disk) is being resumed: its status may leave 'failed' again. */
  retryAfterFault?(runId: number): void;
  /** Keeps the points with step < bound of each named series; series not named are deleted with 'delete'. */
  truncateSeries(runId: number, below: Record<string, number>, others?: 'keep' | 'delete'): void;
  readSeries(runIds: number[], names?: string[]): { name: string; steps: number[]; values: number[] }[];
}

export interface CheckpointMeta {
  inputs: number;
  outputs: number;
  params: number;
  state: number;
  preprocess: { mean: number[]; std: number[] } | null;
}

export function encodeWeights(w: Weights): Uint8Array {
  const all = new Float32Array(w.params.length + w.state.length);
  all.set(w.params);
  all.set(w.state, w.params.length);
  const bytes = new Uint8Array(all.length * 4);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < all.length; i++) view.setFloat32(4 * i, all[i]!, true);
  return bytes;
}

export function decodeWeights(bytes: Uint8Array, meta: CheckpointMeta): Weights {
  if (bytes.length !== 4 * (meta.params + meta.state)) throw new Error(`checkpoint holds ${bytes.length} bytes, expected ${4 * (meta.params + meta.state)}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const read = (from: number, n: number) => Float32Array.from({ length: n }, (_, i) => view.getFloat32(4 * (from + i), true));
  return { params: read(0, meta.params), state: read(meta.params, meta.state) };
}

/** The saved weights of a network run (its latest checkpoint), for fine-tuning and export. */
export function loadRunWeights(store: NetworkStore, runId: number, field = 'init.fromRun'): { weights: Weights; meta: CheckpointMeta; spec: ExperimentSpec } {
  let run;
  try {
    run = store.getRun(runId);
  } catch {
    throw new ExperimentError(field, `run ${runId} not found`);
  }
  if (run.kind !== 'network') throw new ExperimentError(field, `run ${runId} is a ${run.kind} run, not a network run`);
  const checkpoint = store.getCheckpoint(runId);
  if (!checkpoint) throw new ExperimentError(field, `run ${runId} has no saved weights (status ${run.status})`);
  const meta = checkpoint.meta as unknown as CheckpointMeta;
  return { weights: decodeWeights(checkpoint.weights, meta), meta, spec: run.spec as ExperimentSpec };
}

const clean = (v: number | null | undefined): number | null => (v === null || v === undefined || !Number.isFinite(v) ? null : v);

function summaryOf(o: RunOutcome): NetworkSummary {
  const f = o.final;
  return {
    epochs: o.epochs.length,
    trainLoss: clean(f.trainLoss),
    trainAccuracy: clean(f.trainAccuracy),
    valLoss: clean(f.valLoss),
    valAccuracy: clean(f.valAccuracy),
    ...(f.testLoss !== undefined ? { testLoss: clean(f.testLoss), testAccuracy: clean(f.testAccuracy) } : {}),
    bestEpoch: o.bestEpoch,
    samplesPerSecond: Math.round(o.samplesPerSecond),
  };
}

/** confusion[t][p] as the flat series 'confusion' (step = t·K + p), so it travels with the run. */
function confusionSeries(confusion: number[][]): { steps: number[]; values: number[] } {
  const k = confusion.length;
  const steps = Array.from({ length: k * k }, (_, i) => i);
  return { steps, values: steps.map((i) => confusion[Math.floor(i / k)]![i % k]!) };
}

/** The matrix back from its series; null when the run stored none (regression, or not finished). */
export function confusionFromSeries(steps: number[], values: number[]): number[][] | null {
  if (steps.length === 0) return null;
  const k = Math.round(Math.sqrt(Math.max(...steps) + 1));
  const m = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  steps.forEach((s, i) => (m[Math.floor(s / k)]![s % k] = values[i]!));
  return m;
}

/** Resumable states are stored at most this often (ms) while a run trains (NetworkRecorder.checkpointMs). */
const CHECKPOINT_MS = 500;

/** The series a network run writes per epoch (step = epoch, preload/shapes.ts) and per update (step = update index). */
export { EPOCH_SERIES };
export const STEP_SERIES = ['loss', 'gradNorm', 'lr'] as const;

/**
 * What a run measured before `state` was taken, read back from its stored series (cut to the
 * state beforehand); null when the series do not hold exactly its epochs and updates.
 */
export function readHistory(store: NetworkStore, runId: number, state: Pick<TrainState, 'epoch' | 'step'>): TrainStart['history'] | null {
  const byName = new Map(store.readSeries([runId], [...EPOCH_SERIES, ...STEP_SERIES]).map((s) => [s.name, s]));
  const exact = (name: string, first: number, n: number) => {
    const s = byName.get(name);
    return s !== undefined && s.steps.length === n && s.steps.every((step, i) => step === first + i) ? s.values : null;
  };
  const optional = (name: string) => {
    if (!byName.has(name)) return new Array<number | null>(state.epoch).fill(null);
    return exact(name, 1, state.epoch)?.map((v) => (Number.isNaN(v) ? null : v)) ?? null;
  };
  const trainLoss = state.epoch ? exact('trainLoss', 1, state.epoch) : [];
  const lrs = state.epoch ? exact('epochLr', 1, state.epoch) : [];
  const ms = state.epoch ? exact('epochMs', 1, state.epoch) : [];
  const [trainAccuracy, valLoss, valAccuracy] = [optional('trainAccuracy'), optional('valLoss'), optional('valAccuracy')];
  const [fullLoss, fullAccuracy] = [optional('fullTrainLoss'), optional('fullTrainAccuracy')];
  const loss = state.step ? exact('loss', 0, state.step) : [];
  const gradNorm = state.step ? exact('gradNorm', 0, state.step) : [];
  const lr = state.step ? exact('lr', 0, state.step) : [];
  if (!trainLoss || !lrs || !ms || !trainAccuracy || !valLoss || !valAccuracy || !fullLoss || !fullAccuracy || !loss || !gradNorm || !lr) return null;
  const epochs: EpochMetrics[] = trainLoss.map((v, i) => ({
    epoch: i + 1, trainLoss: v, trainAccuracy: trainAccuracy[i]!, valLoss: valLoss[i]!, valAccuracy: valAccuracy[i]!, lr: lrs[i]!, ms: ms[i]!,
    ...(fullLoss[i] !== null ? { fullTrainLoss: fullLoss[i]!, fullTrainAccuracy: fullAccuracy[i]! } : {}),
  }));
  return { epochs, steps: { loss, gradNorm, lr } };
}

/** Rows that exist already: an experiment a new run joins, or also the (queued) run itself. */
export interface RunTarget {
  experimentId: number;
  runId?: number;
}

/** Writes a network experiment as training goes: create on start, series per epoch, the rest at the end. */
export class NetworkRecorder {
  experimentId = 0;
  runId = 0;
  readonly foldRunIds: number[] = [];
  private data: DataSummary | null = null;
  /** Updates of the main run whose series are stored already (resumable checkpoints write them). */
  private written: number;
  /**
   * A resumable state is stored at an epoch's end once this long (ms) after the previous one, so
   * runs of many short epochs do not spend their time writing states; a later one waits in memory
   * and is stored when the run stops or fails. 0: at every epoch's end.
   */
  checkpointMs = CHECKPOINT_MS;
  private lastSave = -Infinity;
  private pending: { state: TrainState; steps: RunOutcome['steps'] } | null = null;

  constructor(
    private readonly store: NetworkStore,
    private readonly spec: ExperimentSpec,
    private readonly target: RunTarget | null = null,
    /** Tags of the experiment made here (none when `target` names one). */
    private readonly tags: string[] = [],
    /** A resumed run: the updates its stored series hold. */
    resumedAt: number | null = null,
  ) {
    this.written = resumedAt ?? 0;
    this.resumed = resumedAt !== null;
  }

  private readonly resumed: boolean;

  start(data: DataSummary): void {
    this.data = data;
    const { store, spec, target } = this;
    const tags = this.tags.length ? { tags: this.tags } : {};
    this.experimentId = target?.experimentId ?? store.createExperiment({ name: spec.name, kind: 'network', spec, ...tags }).id;
    if (target?.runId !== undefined) {
      this.runId = target.runId;
      store.setRunStatus(this.runId, 'running', this.resumed ? { error: null } : {});
      return;
    }
    const label = spec.split.folds >= 2 ? `final (all ${data.train} training samples)` : spec.name;
    this.runId = store.createRun({ experimentId: this.experimentId, label, seed: spec.seed, spec, status: 'running' }).id;
  }

  /** Per-epoch series of the main run, written as each epoch ends (folds are written whole). */
  epoch(m: EpochMetrics & { fold?: number }): void {
    if (m.fold === undefined && this.runId) this.writeEpochs(this.runId, [m]);
  }

  /**
   * The run's resumable state at an epoch's end: first the updates measured since the last one
   * (so a stored state never runs ahead of its series), then the state, replacing the previous.
   */
  checkpoint(state: TrainState, steps: RunOutcome['steps']): void {
    if (!this.runId) return;
    this.pending = { state, steps };
    if (performance.now() - this.lastSave >= this.checkpointMs) this.savePending();
  }

  private savePending(): void {
    const p = this.pending;
    if (!p) return;
    this.pending = null;
    this.writeSteps(this.runId, p.steps, this.written, p.state.step);
    this.written = p.state.step;
    this.store.saveResumeState(this.runId, p.state.epoch, p.state.step, encodeTrainState(p.state));
    this.lastSave = performance.now();
  }

  fold(outcome: RunOutcome & { fold: number }): void {
    const label = `fold ${outcome.fold + 1}/${this.spec.split.folds}`;
    const id = this.store.createRun({ experimentId: this.experimentId, label, seed: this.spec.seed, spec: this.spec, status: 'running' }).id;
    this.foldRunIds.push(id);
    this.writeEpochs(id, outcome.epochs);
    this.finishRun(id, outcome, summaryOf(outcome));
  }

  /** The main run's end; `extra` adds keys to its summary (the batch-size lab's timings). */
  finish(result: TrainResult, extra: SummaryExtras = {}): void {
    // A stopped run resumes from its last epoch end: the state waiting in memory is stored first.
    if (result.status === 'stopped') this.savePending();
    const summary: NetworkRunSummary = { ...summaryOf(result), ...extra };
    if (result.crossValidation) {
      summary.cvValLossMean = clean(result.crossValidation.valLoss.mean);
      summary.cvValLossStd = clean(result.crossValidation.valLoss.std);
      summary.cvValAccuracyMean = clean(result.crossValidation.valAccuracy?.mean);
      summary.cvValAccuracyStd = clean(result.crossValidation.valAccuracy?.std);
    }
    this.finishRun(this.runId, result, summary);
  }

  /** The run failed after it started; `steps`: the per-update series measured until then. */
  fail(error: Error, steps?: RunOutcome['steps']): void {
    if (!this.runId) return;
    try {
      this.savePending();
    } catch {
      // the disk that failed the run may refuse this too; the last stored state stands
    }
    const lastStep = steps ? this.writeSteps(this.runId, steps, this.written) : undefined;
    this.store.setRunStatus(this.runId, 'failed', { error: error.message, ...(lastStep !== undefined ? { lastStep } : {}) });
  }

  private finishRun(id: number, o: RunOutcome, summary: NetworkRunSummary): void {
    const steps = this.writeSteps(id, o.steps, id === this.runId ? this.written : 0);
    if (o.confusion) {
      const c = confusionSeries(o.confusion);
      this.store.appendPoints(id, 'confusion', c.steps, c.values);
    }
    const meta: CheckpointMeta = {
      inputs: this.data!.features, outputs: this.data!.outputs, params: o.weights.params.length, state: o.weights.state.length, preprocess: o.preprocess,
    };
    if (o.status !== 'diverged') this.store.saveCheckpoint(id, steps, encodeWeights(o.weights), meta as unknown as Record<string, unknown>);
    this.store.setRunStatus(id, o.status, { lastStep: steps, summary });
    // A stopped run can be resumed from its last epoch end; a finished one has nothing left to do.
    if (id === this.runId && o.status !== 'stopped') this.store.deleteResumeState(id);
  }

  /** Writes updates [from, to) of the per-update series; returns `to` (the run's last step). */
  private writeSteps(id: number, s: RunOutcome['steps'], from = 0, to = s.loss.length): number {
    if (to <= from) return to;
    const index = Array.from({ length: to - from }, (_, i) => from + i);
    this.store.appendPoints(id, 'loss', index, s.loss.slice(from, to));
    this.store.appendPoints(id, 'gradNorm', index, s.gradNorm.slice(from, to));
    this.store.appendPoints(id, 'lr', index, s.lr.slice(from, to));
    return to;
  }

  private writeEpochs(id: number, ms: EpochMetrics[]): void {
    const epochs = ms.map((m) => m.epoch);
    const series: [(typeof EPOCH_SERIES)[number], (m: EpochMetrics) => number | null][] = [
      ['trainLoss', (m) => m.trainLoss],
      ['trainAccuracy', (m) => m.trainAccuracy],
      ['valLoss', (m) => m.valLoss],
      ['valAccuracy', (m) => m.valAccuracy],
      ['epochLr', (m) => m.lr],
      ['epochMs', (m) => m.ms],
      ['fullTrainLoss', (m) => m.fullTrainLoss ?? null],
      ['fullTrainAccuracy', (m) => m.fullTrainAccuracy ?? null],
    ];
    for (const [name, get] of series) {
      if (ms.every((m) => get(m) === null)) continue;
      this.store.appendPoints(id, name, epochs, ms.map((m) => get(m) ?? NaN));
    }
  }
}
