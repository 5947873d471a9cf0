// The network lab's front door: a parsed experiment in, a trained run out, progress streamed.
//
//   const result = await trainNetwork(spec, { onEpoch, onStep, signal, initialWeights });
//
// Training is synchronous arithmetic; this wrapper yields to the event loop every ~50 ms so that
// progress events flow and `signal` (AbortSignal) can stop the run between two updates (status
// 'stopped', what was trained is kept). Yielding never changes the numbers. Nothing is stored
// here: a run that is kept goes through recordRun (engine/runs/record.ts).
//
// With split.folds = N ≥ 2: N runs, fold k validating on the k-th part of the non-test data, then
// a final run on all of it (LECTURE §1: pick by mean validation loss, then retrain on everything);
// the result is the final run's, with the folds and their mean ± std alongside.
import type { ExperimentSpec } from '../../../preload/experiment';
import type { Dataset } from '../data/dataset';
import { loadData } from '../data/load';
import { prepareData, type PreparedData, type Preprocess } from '../data/prepare';
import { kFold, splitData, type Split } from '../data/split';
import { outputSize } from './losses';
import type { TrainStart, TrainState } from './resume';
import { Trainer, type EpochMetrics, type Evaluation, type ModelView, type StepMetrics, type TrainingTally, type Weights } from './trainer';

export type { EpochMetrics, ModelView, StepMetrics, Weights } from './trainer';

export type TrainStatus = 'completed' | 'diverged' | 'stopped';

export interface FinalMetrics {
  epoch: number;
  trainLoss: number;
  trainAccuracy: number | null;
  valLoss: number | null;
  valAccuracy: number | null;
  testLoss?: number;
  testAccuracy?: number | null;
}

export interface RunOutcome {
  status: TrainStatus;
  epochs: EpochMetrics[];
  /** Per update: batch loss (with the L2 term), global gradient norm, learning rate. */
  steps: { loss: number[]; gradNorm: number[]; lr: number[] };
  /** Evaluation-mode metrics of the weights the run ends with (the best epoch's, with early stopping). */
  final: FinalMetrics;
  /** confusion[true][predicted] on the validation data (else the training data); null for regression. */
  confusion: number[][] | null;
  bestEpoch: number | null;
  stoppedEarly: boolean;
  /** The weights the run ends with; as layers with nested arrays (out × in), Network.describe() builds them where wanted (`lab export`). */
  weights: Weights;
  preprocess: Preprocess | null;
  samplesPerSecond: number;
  ms: number;
}

export interface FoldOutcome extends RunOutcome {
  fold: number;
}

export interface DataSummary {
  name: string;
  samples: number;
  features: number;
  /** 0 for regression. */
  classes: number;
  /** Output units of the network. */
  outputs: number;
  train: number;
  validation: number;
  test: number;
}

export interface TrainResult extends RunOutcome {
  data: DataSummary;
  folds?: FoldOutcome[];
  /** Mean ± sample standard deviation over the folds of the final validation metrics. */
  crossValidation?: { valLoss: { mean: number; std: number }; valAccuracy: { mean: number; std: number } | null };
}

export interface TrainHooks {
  /** After each epoch; `model.predict(rawRows, n)` gives outputs for any points (decision-boundary heatmaps). */
  onEpoch?: (m: EpochMetrics & { fold?: number }, model: ModelView) => void;
  onStep?: (m: StepMetrics & { fold?: number }) => void;
  /** Called when each fold run (cross-validation) ends, before the final run starts. */
  onFold?: (f: FoldOutcome) => void;
  /**
   * Called once the data is loaded and the model built, before the first update: anything wrong
   * with the spec or its files has been reported by then (thrown), so this is where a caller
   * creates its records. `dataset` is the loaded data (raw, before the split's preprocessing).
   */
  onStart?: (data: DataSummary, dataset: Dataset) => void;
  signal?: AbortSignal;
  /** Weights to start from when spec.init is {"fromRun": id} (the caller reads them from the store). */
  initialWeights?: Weights;
  /** Continue a run from its state at an epoch's end (nn/resume.ts); not with cross-validation. */
  start?: TrainStart;
  /**
   * At each epoch's end while the run goes on (not under cross-validation): the whole training
   * state, and the per-update series measured so far (from update 0, a resumed run's history
   * included). What a caller keeps here is what a run interrupted later resumes from.
   */
  onCheckpoint?: (state: TrainState, steps: RunOutcome['steps']) => void;
}

const YIELD_MS = 50;

export async function trainNetwork(spec: ExperimentSpec, hooks: TrainHooks = {}): Promise<TrainResult> {
  return trainWith(runInProcess, spec, hooks);
}

/** One training run on a split: in process (`trainNetwork`) or on the worker pool (pool/network.ts). */
export type RunOne = (
  spec: ExperimentSpec,
  dataset: Dataset,
  split: Split,
  hooks: TrainHooks,
  fold: number | undefined,
  ready: () => void,
  epochs?: number,
) => Promise<RunOutcome>;

/** How a run's data set is loaded: here (loadData) or elsewhere (a pool worker, pool/prepare-task.ts). */
export type LoadData = (spec: ExperimentSpec['data'], seed: number) => Dataset | Promise<Dataset>;

/** Data, split, folds and the final retraining around any way of running one training run. */
export async function trainWith(runOne: RunOne, spec: ExperimentSpec, hooks: TrainHooks = {}, load: LoadData = loadData): Promise<TrainResult> {
  const dataset = await load(spec.data, spec.seed);
  const split = splitData(dataset.n, spec.split, spec.seed);
  const outputs = outputSize(spec.loss, dataset.classes, dataset.targetWidth);
  const summary = (s: Split): DataSummary => ({
    name: dataset.name, samples: dataset.n, features: dataset.features, classes: dataset.classes, outputs,
    train: s.train.length, validation: s.validation.length, test: s.test.length,
  });
  let started = false;
  const start = (s: Split) => {
    if (!started) hooks.onStart?.(summary(s), dataset);
    started = true;
  };

  if (hooks.start && spec.split.folds >= 2) throw new Error('a run with cross-validation cannot be resumed');
  if (spec.split.folds < 2) {
    const outcome = await runOne(spec, dataset, split, hooks, undefined, () => start(split));
    return { ...outcome, data: summary(split) };
  }

  const rest = Int32Array.from([...split.train, ...split.validation]);
  const folds: FoldOutcome[] = [];
  const announce = () => start({ train: rest, validation: new Int32Array(0), test: split.test });
  for (const [k, part] of kFold(rest, spec.split.folds).entries()) {
    const outcome = { ...(await runOne(spec, dataset, { ...part, test: split.test }, hooks, k, announce)), fold: k };
    folds.push(outcome);
    hooks.onFold?.(outcome);
    if (outcome.status === 'stopped') return { ...outcome, data: summary({ ...part, test: split.test }), folds };
  }
  // Retrain on all non-test data; with early stopping, for the folds' mean best epoch.
  const bestEpochs = folds.map((f) => f.bestEpoch).filter((e): e is number => e !== null);
  const epochs = bestEpochs.length ? Math.max(1, Math.round(mean(bestEpochs))) : spec.epochs;
  const all = { train: rest, validation: new Int32Array(0), test: split.test };
  const finalSpec = { ...spec, earlyStopping: undefined };
  const outcome = await runOne(finalSpec, dataset, all, hooks, undefined, () => start(all), epochs);
  const losses = folds.map((f) => f.final.valLoss ?? NaN);
  const accuracies = folds.map((f) => f.final.valAccuracy);
  return {
    ...outcome,
    data: summary(all),
    folds,
    crossValidation: {
      valLoss: meanStd(losses),
      valAccuracy: accuracies.every((a): a is number => a !== null) ? meanStd(accuracies) : null,
    },
  };
}

const runInProcess: RunOne = async (spec, dataset, split, hooks, fold, ready, epochs) => {
  const started = performance.now();
  const data = prepareData(dataset, split, spec.data, spec.seed);
  const tag = fold === undefined ? {} : { fold };
  const trainer = new Trainer(spec, data, {
    epochs,
    initialWeights: hooks.initialWeights,
    start: hooks.start,
    onEpoch: hooks.onEpoch && ((m, model) => hooks.onEpoch!({ ...m, ...tag }, model)),
    onStep: hooks.onStep && ((m) => hooks.onStep!({ ...m, ...tag })),
  });
  ready();
  let lastYield = performance.now();
  const shouldStop = () => hooks.signal?.aborted === true;
  const checkpoint = fold === undefined && spec.split.folds < 2 ? hooks.onCheckpoint : undefined;
  for (let epoch = trainer.firstEpoch; trainer.status === 'running'; epoch++) {
    trainer.runEpoch(epoch, shouldStop);
    if (checkpoint && trainer.status === 'running') checkpoint(trainer.captureState(epoch + 1), trainer.steps);
    if (performance.now() - lastYield > YIELD_MS) {
      await new Promise((resolve) => setImmediate(resolve));
      lastYield = performance.now();
      if (hooks.signal?.aborted && trainer.status === 'running') trainer.status = 'stopped';
    }
  }
  trainer.finish();
  return outcomeOf(trainer, trainer.tally(), data, spec, started);
};

/** A run's final evaluation: loss, accuracy and confusion matrix per split (null when a split is empty). */
export interface FinalEvaluation {
  train: Evaluation;
  validation: Evaluation | null;
  test: Evaluation | null;
}

/** Trainer.evaluate on the training, validation and test rows, in that order. */
export function evaluateFinal(trainer: Trainer, data: PreparedData): FinalEvaluation {
  return {
    train: trainer.evaluate(data.train),
    validation: data.validation.length ? trainer.evaluate(data.validation) : null,
    test: data.test.length ? trainer.evaluate(data.test) : null,
  };
}

/**
 * The end of a run, whichever loop trained it: the final evaluation of the weights `trainer`
 * now holds (the best epoch's, with early stopping), and the export shape. `tally` is what the
 * loop did. `evaluation`: that evaluation already made elsewhere (the pool's, pool/evaluate-task.ts),
 * of the same weights; by default it is made here.
 */
export function outcomeOf(
  trainer: Trainer, tally: TrainingTally, data: PreparedData, spec: ExperimentSpec, started: number, evaluation: FinalEvaluation = evaluateFinal(trainer, data),
): RunOutcome {
  const { status, bestEpoch, stoppedEarly } = tally;
  const last = tally.epochs[tally.epochs.length - 1];
  const { train, validation: val, test } = evaluation;
  const final: FinalMetrics = {
    epoch: stoppedEarly ? bestEpoch : (last?.epoch ?? 0),
    trainLoss: train.loss,
    trainAccuracy: train.accuracy,
    valLoss: val ? val.loss : null,
    valAccuracy: val ? val.accuracy : null,
    ...(test ? { testLoss: test.loss, testAccuracy: test.accuracy } : {}),
  };
  return {
    status,
    epochs: tally.epochs,
    steps: tally.steps,
    final,
    confusion: (val ?? train).confusion,
    bestEpoch: spec.earlyStopping ? bestEpoch : null,
    stoppedEarly,
    weights: trainer.weights(),
    preprocess: data.preprocess,
    samplesPerSecond: tally.trainingMs > 0 ? (tally.samplesSeen / tally.trainingMs) * 1000 : 0,
    ms: performance.now() - started,
  };
}

function mean(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

function meanStd(xs: number[]): { mean: number; std: number } {
  const m = mean(xs);
  const std = xs.length > 1 ? Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1)) : 0;
  return { mean: m, std };
}
