// What a model must provide to train on the pool (see README.md, "Plugging in a model").
// Instances are built inside each worker by a factory from serializable options plus the
// shared data buffers, so no closure ever crosses a thread.
import type { Dtype, FloatArray } from './shared';

export interface ChunkRange {
  /** The epoch's sample order; the chunk covers order[start..end). */
  order: Int32Array;
  start: number;
  end: number;
  /** 0-based epoch and update index: per-sample randomness (dropout, augmentation) must derive
   *  from (seed, epoch, sample index), never from the thread or the chunk's position. */
  epoch: number;
  update: number;
  /** Samples in the whole batch this chunk belongs to. */
  batch: number;
}

export interface ParallelModel {
  readonly paramCount: number;
  /** Training samples (the order array's length). */
  readonly sampleCount: number;
  /** Called once per rank, before anything else, with the job's shared parameters. */
  attach?(params: FloatArray): void;
  /** Writes seeded initial parameters (rank 0 only, fresh runs only). */
  init(params: FloatArray, seed: number): void;
  /**
   * OVERWRITES `out` with the SUM over the chunk's samples of each sample's loss gradient and
   * returns the sum of their losses. Must not write anything shared but `out`; may keep
   * per-instance scratch (one instance per worker). The trainer divides by the batch size.
   * `add` (chunkMean models only: the next chunk of a chunk group, nn/kernels.ts chunkGroupSize):
   * `out` holds the group's running sum; ADD this chunk's gradient, computed on its own, to it.
   */
  chunkGradient(params: FloatArray, chunk: ChunkRange, out: FloatArray, add?: boolean): number;
  /**
   * Optional sample-independent loss term (e.g. λ/2·‖W‖²), rank 0 only, after the reduction:
   * ADDS its gradient to `grad` (already the batch mean) and returns its value.
   */
  penalty?(params: FloatArray, grad: FloatArray): number;
  /** End-of-epoch figures (validation loss, accuracy, …), rank 0 only; keys become series names. */
  evaluate?(params: FloatArray, epoch: number): Record<string, number>;
  /**
   * The end-of-epoch evaluation split into chunks that every rank computes (used instead of
   * evaluate() when present). The chunk count of each pass (e.g. the training pass, then
   * validation; 0 for a pass not run), the same on every rank and for the whole run.
   */
  evalPasses?(): number[];
  /**
   * Any rank, at an epoch's end (the epoch's final weights): chunk `c`, numbered across the passes,
   * in evaluation mode. Writes its loss sum to out[at] and its correct count to out[at + 1];
   * writes nothing shared but these two slots.
   */
  evalChunk?(c: number, out: Float64Array, at: number): void;
  /**
   * Rank 0, once every chunk is in: each pass's loss sums and correct counts added in chunk order
   * (the serial evaluation's order) and its wall time; returns what evaluate() would return.
   */
  evalFigures?(epoch: number, totals: readonly EvalTotals[]): Record<string, number>;
  /**
   * Chunks already scaled by 1/batch (the network trainer's arithmetic): the reduction then adds
   * them in the model's precision, in chunk order, without dividing — exactly what the
   * in-process trainer does, so the pool reproduces it bit for bit. Default: sums, reduced in
   * float64 and divided by the batch size.
   */
  readonly chunkMean?: boolean;
  /** Classification: correct predictions of the last chunkGradient call (epochAccuracy series). */
  readonly chunkCorrect?: number;
  /**
   * The epoch's sample order, written into `order` (rank 0); returns how many samples the epoch
   * visits (curriculum learning visits fewer). Default: 0…sampleCount−1, shuffled per (seed, epoch).
   */
  epochOrder?(epoch: number, order: Int32Array): number;
  /** Samples epoch `epoch` visits, without computing the order (for the update count). */
  epochLength?(epoch: number): number;
  /** Set by evaluate() when the run should end now (early stopping); the outcome is 'completed'. */
  readonly stopRequested?: boolean;
  /** Rank 0, at an epoch's end: the model's own training state (weights, early stopping), structured-cloneable. */
  checkpoint?(): unknown;
  /** Every rank, after attach(), in a resumed job: what checkpoint() returned. */
  restore?(saved: unknown): void;
}

/** One pass of a chunked end-of-epoch evaluation (ParallelModel.evalFigures). */
export interface EvalTotals {
  /** Σ of the chunks' loss sums, added in chunk order from 0. */
  sum: number;
  /** Σ of the chunks' correct counts. */
  correct: number;
  /** Wall time of the pass on the ranks (from its first chunk's start to its last chunk's end). */
  ms: number;
}

export interface ModelSource {
  /** A key of MODELS (models.ts). */
  kind: string;
  /** Serializable options for the factory. */
  options: unknown;
  /** Shared data buffers, loaded once and read by every worker. */
  data: Record<string, SharedArrayBuffer>;
}

export interface ModelShape {
  /** The float type of parameters and gradients. */
  dtype: Dtype;
  paramCount: number;
  sampleCount: number;
}

export interface ModelFactory {
  /** Sizes only, computed without allocating: lets the main thread refuse an oversized model up front. */
  shape(options: unknown, data: Record<string, SharedArrayBuffer>): ModelShape;
  /** One instance per worker (scratch buffers are per instance). */
  create(options: unknown, data: Record<string, SharedArrayBuffer>): ParallelModel;
}
