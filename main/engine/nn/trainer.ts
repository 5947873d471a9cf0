// One training run on prepared data: epochs × mini-batches, any optimizer and schedule.
//
// A step is three phases, kept apart so that the pool's workers can take over the first without
// changing a single bit of the result (pool/mlp.ts runs this very chunkGradient):
//   1. per chunk of the batch (fixed size CHUNK, whatever the thread count): gather the rows
//      (augmented per (seed, epoch, sample)), forward, loss, backward into a zeroed gradient;
//   2. reduction: chunk gradients added in chunk order;
//   3. L2 term, gradient norm, lr_t = schedule(t) with t the update index, optimizer update.
// Batch normalization needs the statistics of the whole batch, so a network with it uses one
// chunk per batch. Chunk rows and epoch sizes (curriculum) come from the run's TrainingPlan
// (plan.ts), which the pool's loop follows too.
import type { NetworkEpoch } from '../../../preload/contract';
import type { ExperimentSpec } from '../../../preload/experiment';
import type { AugmentOptions } from '../data/augment';
import { augmentImage } from '../data/augment';
import type { PreparedData } from '../data/prepare';
import { curriculumOrder } from '../data/prepare';
import { permutation } from '../data/split';
import { baseLearningRate, createOptimizer, type Optimizer } from '../optim';
import { createSchedule, type Schedule } from '../schedules';
import { computeLoss, outputSize, predictClass, type Targets } from './losses';
import type { ForwardContext } from './layer';
import { buildNetwork, type Network } from './network';
import { Stream } from './seeds';
import { ExperimentError } from './errors';
import { chunkGroupSize, sumOfSquares } from './kernels';
import { GRAD_FRESH, GRAD_SUM, nativeAddon } from '../../../native/addon';
import { epochLength, trainingPlan, type TrainingPlan } from './plan';
import type { EarlyStoppingState, TrainStart, TrainState } from './resume';
import { restoreState, snapshotState } from '../optim/snapshot';

/** One epoch's figures (1-based epoch; lr of the epoch's last update): the contract's shape. */
export type EpochMetrics = NetworkEpoch;

export interface StepMetrics {
  /** 0-based update index (the schedule's t). */
  step: number;
  epoch: number;
  loss: number;
  gradNorm: number;
  lr: number;
}

export interface Evaluation {
  loss: number;
  /** Null for regression. */
  accuracy: number | null;
  /** confusion[true][predicted] counts (classification). */
  confusion: number[][] | null;
  samples: number;
}

/** What a training run did, whichever loop ran it (this Trainer, or the pool's Leader). */
export interface TrainingTally {
  status: 'completed' | 'diverged' | 'stopped';
  epochs: EpochMetrics[];
  steps: { loss: number[]; gradNorm: number[]; lr: number[] };
  /** The best validation epoch (early stopping), 0 when none. */
  bestEpoch: number;
  stoppedEarly: boolean;
  /** Time spent training (evaluation between epochs included, pauses excluded). */
  trainingMs: number;
  samplesSeen: number;
}

export interface Weights {
  params: Float32Array;
  state: Float32Array;
}

/** What a progress listener may ask of the model between epochs. */
export interface ModelView {
  predict(raw: ArrayLike<number>, n: number): Float32Array;
}

export interface TrainerOptions {
  onEpoch?: (m: EpochMetrics, model: ModelView) => void;
  onStep?: (m: StepMetrics) => void;
  /** Start from these weights (fine-tuning) instead of the seeded initialisation. */
  initialWeights?: Weights;
  /** Overrides spec.epochs (the retraining after cross-validation). */
  epochs?: number;
  /**
   * Bind the network's params and state to these arrays (a pool worker's shared memory). The
   * weights are then left as they are: whoever owns the arrays initialises them (`initWeights`).
   */
  binding?: { params: Float32Array; state: Float32Array };
  /** Continue a run from its saved state at an epoch's end (nn/resume.ts), its history prefilled. */
  start?: TrainStart;
}

export class Trainer {
  readonly network: Network;
  readonly optimizer: Optimizer;
  readonly schedule: Schedule;
  readonly outSize: number;
  readonly plan: TrainingPlan;
  /** Updates done so far: the schedule's t. */
  step = 0;
  readonly epochs: EpochMetrics[] = [];
  readonly steps = { loss: [] as number[], gradNorm: [] as number[], lr: [] as number[] };
  status: 'running' | 'completed' | 'diverged' | 'stopped' = 'running';
  bestEpoch = 0;
  stoppedEarly = false;
  trainingMs = 0;
  samplesSeen = 0;

  private readonly optimizerState: unknown;
  private readonly chunk: number;
  private readonly total: Float32Array;
  private readonly xb: Float32Array;
  private readonly dOut: Float32Array;
  private readonly labelsB: Int32Array;
  private readonly valuesB: Float32Array;
  private readonly targets: Targets;
  private readonly curriculum: Int32Array | null;
  private best: { loss: number; weights: Weights } | null = null;
  private sinceBest = 0;

  constructor(
    readonly spec: ExperimentSpec,
    readonly data: PreparedData,
    readonly options: TrainerOptions = {},
  ) {
    const ds = data.dataset;
    if (spec.loss === 'bce' && ds.classes !== 2)
      throw new ExperimentError('loss', `"bce" needs exactly 2 classes; ${ds.name} has ${ds.classes === 0 ? 'regression targets' : ds.classes + ' classes'} (use "cross-entropy")`);
    if (ds.classes === 0 && spec.loss !== 'mse') throw new ExperimentError('loss', `${ds.name} is a regression data set: use "mse"`);
    if (data.train.length === 0) throw new ExperimentError('split', 'no training samples are left after the split');
    if (spec.augment && !ds.image) throw new ExperimentError('augment', `augmentation is for images; ${ds.name} is not an image data set`);
    this.outSize = outputSize(spec.loss, ds.classes, ds.targetWidth);
    this.network = buildNetwork(spec.model, ds.features, this.outSize, 'float32', options.binding ?? {});
    if (!options.binding) this.initWeights();

    this.optimizer = createOptimizer(spec.optimizer, { seed: spec.seed });
    this.optimizerState = this.optimizer.init(this.network.params);
    this.schedule = createSchedule(spec.schedule, baseLearningRate(spec.optimizer));
    this.plan = trainingPlan(spec, data.train.length, options.epochs);
    this.chunk = this.plan.chunkRows;
    this.total = new Float32Array(this.network.paramSize);
    this.xb = new Float32Array(this.chunk * ds.features);
    this.dOut = new Float32Array(this.chunk * this.outSize);
    this.labelsB = new Int32Array(this.chunk);
    this.valuesB = new Float32Array(this.chunk * Math.max(1, ds.targetWidth));
    this.targets = ds.classes ? { kind: 'labels', labels: this.labelsB } : { kind: 'values', values: this.valuesB };
    this.curriculum = spec.curriculum ? curriculumOrder(data, spec.curriculum.by) : null;
    if (options.start) this.resumeFrom(options.start);
  }

  /** The seeded initial weights, or the fine-tuning start. */
  initWeights(): void {
    const spec = this.spec;
    if (this.options.initialWeights) this.loadWeights(this.options.initialWeights);
    else if (typeof spec.init === 'string') this.network.init(spec.seed, spec.init);
    else throw new ExperimentError('init.fromRun', `the weights of run ${spec.init.fromRun} were not provided`);
  }

  /** Rows per gradient chunk (CHUNK, or the whole batch with batch norm): part of a run's identity. */
  get chunkRows(): number {
    return this.chunk;
  }

  get totalEpochs(): number {
    return this.plan.epochs;
  }

  loadWeights(w: Weights): void {
    const net = this.network;
    if (w.params.length !== net.paramSize || w.state.length !== net.stateSize)
      throw new ExperimentError(
        'init.fromRun',
        `the saved weights (${w.params.length} parameters) do not fit this model (${net.paramSize} parameters): fine-tuning needs the same layers and data shape`,
      );
    net.params.set(w.params);
    net.state.set(w.state);
  }

  weights(): Weights {
    return { params: Float32Array.from(this.network.params), state: Float32Array.from(this.network.state) };
  }

  /** The training indices of an epoch, in the order they are visited. */
  epochOrder(epoch: number): Int32Array {
    const all = this.curriculum ?? this.data.train;
    const pool = all.subarray(0, epochLength(this.spec, epoch, all.length));
    if (!this.spec.shuffle) return pool;
    const p = permutation(pool.length, this.spec.seed, Stream.shuffle, epoch);
    // A plain loop: Int32Array.from with a map function is 5–40× slower (the epoch's start waits for it).
    const ids = new Int32Array(p.length);
    for (let k = 0; k < p.length; k++) ids[k] = pool[p[k]!]!;
    return ids;
  }

  /** Copies rows `ids` into the chunk buffers (augmenting in training), returns the row count. */
  private gather(ids: Int32Array, epoch: number, train: boolean): number {
    const ds = this.data.dataset;
    const d = ds.features;
    const x = this.data.x;
    const augment: AugmentOptions | undefined = train ? this.spec.augment : undefined;
    // Plain rows: one native call copies them all (no view per row), the same values.
    const addon = augment && ds.image ? null : nativeAddon();
    if (addon) addon.gatherRows(x, ids, ids.length, d, this.xb);
    for (let r = 0; r < ids.length; r++) {
      const i = ids[r]!;
      if (augment && ds.image) augmentImage(x, i * d, this.xb, r * d, ds.image.width, ds.image.height, this.data.background, augment, this.spec.seed, epoch, i);
      else if (!addon) this.xb.set(x.subarray(i * d, (i + 1) * d), r * d);
      if (this.data.labels) this.labelsB[r] = this.data.labels[i]!;
      else {
        const w = ds.targetWidth;
        this.valuesB.set(this.data.values!.subarray(i * w, (i + 1) * w), r * w);
      }
    }
    return ids.length;
  }

  /**
   * Phase 1 of a step for one chunk `rows` (≤ chunkRows) of a batch of `batch` samples: leaves
   * this chunk's share of the batch-mean gradient (loss scaled by 1/batch) in `into` (a pool
   * worker's slot, the step's running sum; nothing copied) or else in network.grads — written
   * over it (GRAD_FRESH) or, GRAD_SUM, computed on its own and added to what it holds (the next chunk
   * of a chunk group) — and returns the chunk's summed loss and correct count. A pool worker calls
   * exactly this.
   */
  chunkGradient(
    rows: Int32Array, epoch: number, batch: number, into: Float32Array | null = null, mode: typeof GRAD_FRESH | typeof GRAD_SUM = GRAD_FRESH,
  ): { sum: number; correct: number } {
    const net = this.network;
    const n = this.gather(rows, epoch, true);
    const ctx: ForwardContext = { train: true, seed: this.spec.seed, epoch, sampleIds: rows };
    const out = net.forward(this.xb, n, ctx);
    const r = computeLoss(this.spec.loss, out, n, this.outSize, this.targets, this.dOut, 1 / batch);
    net.gradientsInto(into);
    net.backward(this.dOut, n, mode); // fresh: the bits of zeroing first
    return { sum: r.sum, correct: r.correct };
  }

  /** One update on the batch `ids`; returns the batch's summed loss and correct count. */
  trainStep(ids: Int32Array, epoch: number): { sum: number; correct: number; diverged: boolean } {
    const net = this.network;
    const batch = ids.length;
    let sum = 0;
    let correct = 0;
    // The summation order (kernels.ts chunkGroupSize, the pool's too): chunk by chunk within a
    // group, the first group straight into the sum, each later group's sum added to it in order.
    // With one chunk a group every chunk is added straight into the sum (GRAD_SUM: the bits of
    // computing it apart and adding); otherwise a later group builds up in network.grads first.
    const chunks = Math.ceil(batch / this.chunk);
    const group = chunkGroupSize(chunks);
    for (let c = 0; c < chunks; c++) {
      const direct = group === 1 || c < group;
      const first = direct ? c === 0 : c % group === 0;
      const rows = ids.subarray(c * this.chunk, Math.min(batch, (c + 1) * this.chunk));
      const r = this.chunkGradient(rows, epoch, batch, direct ? this.total : null, first ? GRAD_FRESH : GRAD_SUM);
      sum += r.sum;
      correct += r.correct;
      const groupEnd = c === chunks - 1 || (c + 1) % group === 0;
      if (!direct && groupEnd) for (let i = 0; i < this.total.length; i++) this.total[i]! += net.grads[i]!;
    }
    let loss = sum / batch;
    if (this.spec.l2 > 0) {
      loss += this.spec.l2 * net.halfSquaredWeights();
      net.addL2Gradient(this.total, this.spec.l2);
    }
    const gradNorm = Math.sqrt(sumOfSquares(this.total));
    const lr = this.schedule(this.step);
    this.steps.loss.push(loss);
    this.steps.gradNorm.push(gradNorm);
    this.steps.lr.push(lr);
    this.options.onStep?.({ step: this.step, epoch: epoch + 1, loss, gradNorm, lr });
    if (!Number.isFinite(loss) || !Number.isFinite(gradNorm)) {
      this.status = 'diverged';
      return { sum, correct, diverged: true };
    }
    this.optimizer.update(this.total, this.optimizerState, net.params, lr);
    this.step++;
    return { sum, correct, diverged: false };
  }

  /**
   * Loss (without the L2 term), accuracy and confusion matrix on `ids`, in evaluation mode: the
   * final metrics, the per-epoch validation and, with spec.trainPass, the per-epoch training pass.
   */
  evaluate(ids: Int32Array): Evaluation {
    const k = this.data.dataset.classes;
    const confusion = k ? Array.from({ length: k }, () => new Array<number>(k).fill(0)) : null;
    let sum = 0;
    let correct = 0;
    for (let start = 0; start < ids.length; start += this.chunk) {
      const r = this.evaluateChunk(ids.subarray(start, Math.min(ids.length, start + this.chunk)), confusion);
      sum += r.sum;
      correct += r.correct;
    }
    return { ...this.evaluationFigures(sum, correct, ids.length), confusion, samples: ids.length };
  }

  /** evaluate()'s loss and accuracy from the chunks' summed loss and correct count over `samples` rows. */
  evaluationFigures(sum: number, correct: number, samples: number): { loss: number; accuracy: number | null } {
    return { loss: samples ? sum / samples : NaN, accuracy: this.data.dataset.classes && samples ? correct / samples : null };
  }

  /**
   * One chunk of evaluate(): `rows` (at most `chunkRows` ids) in evaluation mode; returns the chunk's loss sum and correct
   * count, and adds its predictions to `confusion` when given. evaluate() adds the chunks' sums in chunk order.
   */
  evaluateChunk(rows: Int32Array, confusion: number[][] | null): { sum: number; correct: number } {
    const n = this.gather(rows, 0, false);
    const out = this.network.forward(this.xb, n, { train: false, seed: this.spec.seed, epoch: 0, sampleIds: rows });
    const r = computeLoss(this.spec.loss, out, n, this.outSize, this.targets, null, 1);
    if (confusion)
      for (let i = 0; i < n; i++) {
        confusion[this.labelsB[i]!]![predictClass(out, i, this.outSize)]!++;
      }
    return { sum: r.sum, correct: r.correct };
  }

  /**
   * Network outputs (n × outSize, a fresh array) for raw, unprocessed feature rows — the
   * run's standardisation is applied here — in evaluation mode: the decision-boundary heatmap.
   */
  predict(raw: ArrayLike<number>, n: number): Float32Array {
    const d = this.data.dataset.features;
    const out = new Float32Array(n * this.outSize);
    const pre = this.data.preprocess;
    for (let start = 0; start < n; start += this.chunk) {
      const m = Math.min(this.chunk, n - start);
      for (let r = 0; r < m; r++)
        for (let j = 0; j < d; j++) {
          const v = raw[(start + r) * d + j]!;
          this.xb[r * d + j] = pre ? (v - pre.mean[j]!) / pre.std[j]! : v;
        }
      const y = this.network.forward(this.xb, m, { train: false, seed: this.spec.seed, epoch: 0, sampleIds: null });
      out.set(y.subarray(0, m * this.outSize), start * this.outSize);
    }
    return out;
  }

  /** Trains one epoch (0-based index); returns its metrics, or null when the run has ended. */
  runEpoch(epoch: number, shouldStop: () => boolean = () => false): EpochMetrics | null {
    if (this.status !== 'running') return null;
    const started = performance.now();
    const order = this.epochOrder(epoch);
    const bs = this.spec.batchSize;
    let sum = 0;
    let correct = 0;
    let seen = 0;
    let diverged = false;
    for (let b = 0; b < order.length; b += bs) {
      if (shouldStop()) {
        this.status = 'stopped';
        break;
      }
      const ids = order.subarray(b, Math.min(order.length, b + bs));
      const r = this.trainStep(ids, epoch);
      sum += r.sum;
      correct += r.correct;
      seen += ids.length;
      diverged = r.diverged;
      if (diverged) break;
    }
    const trainMs = performance.now() - started;
    this.trainingMs += trainMs;
    this.samplesSeen += seen;
    if (seen === 0) return null;
    const full = this.spec.trainPass && !diverged ? this.evaluate(this.data.train) : null;
    const val = this.data.validation.length && !diverged ? this.evaluate(this.data.validation) : null;
    const metrics: EpochMetrics = {
      epoch: epoch + 1,
      trainLoss: diverged ? NaN : sum / seen,
      trainAccuracy: this.data.dataset.classes ? correct / seen : null,
      valLoss: val ? val.loss : null,
      valAccuracy: val ? val.accuracy : null,
      lr: this.steps.lr[this.steps.lr.length - 1] ?? this.schedule(0),
      ms: performance.now() - started,
      ...(full ? { fullTrainLoss: full.loss, fullTrainAccuracy: full.accuracy } : {}),
    };
    this.epochs.push(metrics);
    this.options.onEpoch?.(metrics, this);
    if (val && this.status === 'running') this.trackBest(val.loss, epoch + 1);
    if (this.status === 'running' && epoch + 1 >= this.totalEpochs) this.status = 'completed';
    return metrics;
  }

  /**
   * Early stopping: remember the best validation loss's weights; stop after `patience` epochs
   * without a better one. Returns true when this epoch is the new best (a pool worker then
   * copies the weights where the main thread can read them).
   */
  trackBest(valLoss: number, epoch: number): boolean {
    const es = this.spec.earlyStopping;
    if (!es) return false;
    if (!this.best || valLoss < this.best.loss - es.minDelta) {
      this.best = { loss: valLoss, weights: this.weights() };
      this.bestEpoch = epoch;
      this.sinceBest = 0;
      return true;
    } else if (++this.sinceBest >= es.patience) {
      this.stoppedEarly = true;
      this.status = 'completed';
    }
    return false;
  }

  /** After the last epoch: with early stopping, go back to the best epoch's weights. */
  finish(): void {
    if (this.best && this.status !== 'diverged') this.loadWeights(this.best.weights);
    if (this.status === 'running') this.status = 'completed';
  }

  /** What this trainer's own loop did (after finish()). */
  tally(): TrainingTally {
    const { epochs, steps, bestEpoch, stoppedEarly, trainingMs, samplesSeen } = this;
    return { status: this.status === 'running' ? 'completed' : this.status, epochs, steps, bestEpoch, stoppedEarly, trainingMs, samplesSeen };
  }

  /** The first epoch (0-based) this trainer runs: 0, or where a resumed run left off. */
  get firstEpoch(): number {
    return this.options.start?.state.epoch ?? 0;
  }

  /** The whole training state after `epochsDone` epochs (call between epochs). */
  captureState(epochsDone: number): TrainState {
    return {
      epoch: epochsDone,
      step: this.step,
      weights: this.weights(),
      optimizer: snapshotState(this.optimizerState),
      earlyStopping: this.earlyStoppingState(),
      trainingMs: this.trainingMs,
      samplesSeen: this.samplesSeen,
    };
  }

  /** Early stopping's memory (the pool's rank 0 keeps it in its own trainer). */
  earlyStoppingState(): EarlyStoppingState | null {
    if (!this.best) return null;
    const { params, state } = this.best.weights;
    return { bestLoss: this.best.loss, bestEpoch: this.bestEpoch, best: { params: params.slice(), state: state.slice() }, sinceBest: this.sinceBest };
  }

  restoreEarlyStopping(es: EarlyStoppingState | null): void {
    this.best = es ? { loss: es.bestLoss, weights: { params: es.best.params.slice(), state: es.best.state.slice() } } : null;
    this.bestEpoch = es?.bestEpoch ?? 0;
    this.sinceBest = es?.sinceBest ?? 0;
  }

  private resumeFrom({ state, history }: TrainStart): void {
    if (!this.options.binding) this.loadWeights(state.weights);
    restoreState(this.optimizerState, state.optimizer);
    this.step = state.step;
    this.restoreEarlyStopping(state.earlyStopping);
    this.trainingMs = state.trainingMs;
    this.samplesSeen = state.samplesSeen;
    // Long runs hold more updates than a spread's argument list allows.
    const append = <T>(to: T[], from: readonly T[]) => {
      for (const v of from) to.push(v);
    };
    append(this.epochs, history.epochs);
    append(this.steps.loss, history.steps.loss);
    append(this.steps.gradNorm, history.steps.gradNorm);
    append(this.steps.lr, history.steps.lr);
    if (state.epoch >= this.totalEpochs) this.status = 'completed';
  }
}
