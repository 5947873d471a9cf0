// The network engine's model on the pool: each worker builds the in-process Trainer (nn/trainer.ts)
// over the shared data and binds its network to the shared parameters and state, so a chunk's
// gradient is computed by exactly the code the in-process loop runs (Trainer.chunkGradient:
// gather + augment, forward, loss scaled by 1/batch, backward). With `chunkMean` the pool adds the
// chunks in float32 in chunk order, as the in-process loop does: the same bits on any thread count.
// Batch norm needs the whole batch's statistics, so such a network runs one chunk per batch
// (Trainer.chunkRows), and only the rank that takes it updates the shared running statistics.
// The epoch end's passes (the training pass, validation) are Trainer.evaluate's chunks, which any
// rank evaluates (evalChunk: evaluation mode reads the shared weights and running statistics and
// writes neither); rank 0 adds their sums in chunk order — evaluate()'s bits (pool/trainer.ts).
import type { ExperimentSpec } from '../../../preload/experiment';
import type { Dataset } from '../data/dataset';
import type { PreparedData, Preprocess } from '../data/prepare';
import { GRAD_FRESH, GRAD_SUM } from '../../../native/addon';
import { epochLength } from '../nn/plan';
import type { EarlyStoppingState } from '../nn/resume';
import { Trainer, type Weights } from '../nn/trainer';
import type { ChunkRange, EvalTotals, ModelFactory, ParallelModel } from './model';
import type { SlicedPenalty } from './sharded';
import type { FloatArray } from './shared';

/** What the worker needs to rebuild the run's prepared data and trainer (serializable). */
export interface MlpOptions {
  spec: ExperimentSpec;
  /** The data set without its arrays (they come as shared buffers). */
  meta: Omit<Dataset, 'x' | 'labels' | 'values' | 'noise'>;
  preprocess: Preprocess | null;
  epochs: number;
  paramCount: number;
  stateCount: number;
}

/** Shared buffers of an MLP run: x, background, train, validation, test, state; labels | values; noise; best + bestEpoch (early stopping). */
export type MlpData = Record<string, SharedArrayBuffer>;

/** The run's prepared data over its shared buffers (views: nothing is copied). */
export function sharedPrepared(o: MlpOptions, data: MlpData): PreparedData {
  const f32 = (k: string) => (data[k] ? new Float32Array(data[k]) : null);
  const x = f32('x')!;
  const labels = data.labels ? new Int32Array(data.labels) : null;
  const values = f32('values');
  const noise = f32('noise');
  return {
    dataset: { ...o.meta, x, labels, values, noise },
    x,
    labels,
    values,
    noise,
    preprocess: o.preprocess,
    background: f32('background')!,
    train: new Int32Array(data.train!),
    validation: new Int32Array(data.validation!),
    test: new Int32Array(data.test!),
  };
}

export const mlpModel: ModelFactory = {
  shape: (options, data) => {
    const o = options as MlpOptions;
    return { dtype: 'float32', paramCount: o.paramCount, sampleCount: data.train!.byteLength / 4 };
  },
  create: (options, data) => new MlpModel(options as MlpOptions, data),
};

class MlpModel implements ParallelModel {
  readonly paramCount: number;
  readonly sampleCount: number;
  readonly chunkMean = true;
  chunkCorrect = 0;
  stopRequested = false;
  private trainer: Trainer | null = null;
  private readonly prepared: PreparedData;
  private readonly state: Float32Array;
  private readonly best: Float32Array | null;
  private readonly bestEpoch: Int32Array | null;
  readonly penalty: ((params: FloatArray, grad: FloatArray) => number) | undefined;
  readonly slicedPenalty: SlicedPenalty | undefined;

  constructor(
    private readonly o: MlpOptions,
    data: MlpData,
  ) {
    this.prepared = sharedPrepared(o, data);
    this.state = new Float32Array(data.state!, 0, o.stateCount);
    this.best = data.best ? new Float32Array(data.best) : null;
    this.bestEpoch = data.bestEpoch ? new Int32Array(data.bestEpoch) : null;
    this.paramCount = o.paramCount;
    this.sampleCount = this.prepared.train.length;
    // Only with L2 on the weights; the sharded update adds it by slice (pool/sharded.ts).
    this.penalty = o.spec.l2 > 0 ? (params, grad) => this.l2Penalty(params, grad) : undefined;
    this.slicedPenalty = o.spec.l2 > 0
      ? { addGradient: (grad, lo, hi) => this.l2GradientSlice(grad, lo, hi), value: () => o.spec.l2 * this.trainerOrThrow().network.halfSquaredWeights() }
      : undefined;
  }

  /** The trainer, bound to the job's shared parameters (known only once the job runs). */
  attach(params: FloatArray): void {
    this.trainer = new Trainer(this.o.spec, this.prepared, { epochs: this.o.epochs, binding: { params: params as Float32Array, state: this.state } });
  }

  private trainerOrThrow(): Trainer {
    if (!this.trainer) throw new Error('mlp model used before attach()');
    return this.trainer;
  }

  init(_params: FloatArray): void {
    this.trainerOrThrow().initWeights();
  }

  chunkGradient(_params: FloatArray, chunk: ChunkRange, out: FloatArray, add = false): number {
    const t = this.trainerOrThrow();
    // Written straight into the group's slot (the network's gradient views point there): no copy.
    const r = t.chunkGradient(chunk.order.subarray(chunk.start, chunk.end), chunk.epoch, chunk.batch, out as Float32Array, add ? GRAD_SUM : GRAD_FRESH);
    this.chunkCorrect = r.correct;
    return r.sum;
  }

  epochOrder(epoch: number, order: Int32Array): number {
    const ids = this.trainerOrThrow().epochOrder(epoch);
    order.set(ids);
    return ids.length;
  }

  epochLength(epoch: number): number {
    return epochLength(this.o.spec, epoch, this.sampleCount);
  }

  /** Chunks of the epoch end's passes: the training pass (spec.trainPass; else 0), then validation — Trainer.evaluate's chunks. */
  evalPasses(): number[] {
    return [this.trainPassChunks(), Math.ceil(this.prepared.validation.length / this.trainerOrThrow().chunkRows)];
  }

  /** Any rank: chunk c of the passes (training rows first), Trainer.evaluateChunk on this epoch's weights. */
  evalChunk(c: number, out: Float64Array, at: number): void {
    const t = this.trainerOrThrow();
    const chunk = t.chunkRows;
    const trainChunks = this.trainPassChunks();
    const ids = c < trainChunks ? this.prepared.train : this.prepared.validation;
    const start = (c < trainChunks ? c : c - trainChunks) * chunk;
    const r = t.evaluateChunk(ids.subarray(start, Math.min(ids.length, start + chunk)), null);
    out[at] = r.sum;
    out[at + 1] = r.correct;
  }

  /**
   * Rank 0: the passes' sums (added in chunk order, as Trainer.evaluate adds them) → the training
   * pass's figures and its time (kept out of the training time by the main thread), validation's,
   * and early stopping's bookkeeping.
   */
  evalFigures(epoch: number, [train, validation]: readonly EvalTotals[]): Record<string, number> {
    const t = this.trainerOrThrow();
    const figures: Record<string, number> = {};
    if (this.o.spec.trainPass) {
      const f = t.evaluationFigures(train!.sum, train!.correct, this.prepared.train.length);
      figures.fullTrainLoss = f.loss;
      if (f.accuracy !== null) figures.fullTrainAccuracy = f.accuracy;
      figures.trainPassMs = train!.ms;
    }
    if (!this.prepared.validation.length) return figures;
    const v = t.evaluationFigures(validation!.sum, validation!.correct, this.prepared.validation.length);
    if (t.trackBest(v.loss, epoch + 1) && this.best && this.bestEpoch) {
      this.best.set(t.network.params);
      this.best.set(t.network.state, this.paramCount);
      Atomics.store(this.bestEpoch, 0, epoch + 1);
    }
    this.stopRequested = t.stoppedEarly;
    return v.accuracy === null ? { ...figures, valLoss: v.loss } : { ...figures, valLoss: v.loss, valAccuracy: v.accuracy };
  }

  /** Chunks of the training pass (none without spec.trainPass): they come first, then validation's. */
  private trainPassChunks(): number {
    return this.o.spec.trainPass ? Math.ceil(this.prepared.train.length / this.trainerOrThrow().chunkRows) : 0;
  }

  private l2Penalty(_params: FloatArray, grad: FloatArray): number {
    const net = this.trainerOrThrow().network;
    const l2 = this.o.spec.l2;
    const value = l2 * net.halfSquaredWeights();
    net.addL2Gradient(grad, l2);
    return value;
  }

  /** grad += λ·w on the dense weights within [lo, hi): addL2Gradient's arithmetic, by slice. */
  private l2GradientSlice(grad: FloatArray, lo: number, hi: number): void {
    const net = this.trainerOrThrow().network;
    const l2 = this.o.spec.l2;
    const w = net.params;
    for (const [a, b] of net.weightRanges) for (let i = Math.max(a, lo); i < Math.min(b, hi); i++) grad[i]! += l2 * w[i]!;
  }

  /** The weights (batch-norm statistics included) and early stopping's memory, at an epoch's end. */
  checkpoint(): { weights: Weights; earlyStopping: EarlyStoppingState | null } {
    const t = this.trainerOrThrow();
    return { weights: t.weights(), earlyStopping: t.earlyStoppingState() };
  }

  restore(saved: unknown): void {
    this.trainerOrThrow().restoreEarlyStopping((saved as { earlyStopping: EarlyStoppingState | null }).earlyStopping);
  }
}
