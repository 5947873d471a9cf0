// The network lab on the pool: `trainNetworkOnPool(pool, spec, hooks)` is `trainNetwork(spec, hooks)`
// (nn/train.ts: same hooks, same result) with the updates computed by pool workers. Data, split,
// folds and the final evaluation are the in-process code's (a large data set loaded and prepared
// by a worker, pool/prepare-task.ts; the evaluation run by a worker, pool/evaluate-task.ts, over
// the same shared data and weights); each training run becomes one data-parallel job over the
// prepared data in shared memory (mlp.ts; a small data set's copied there once), following
// the run's TrainingPlan (nn/plan.ts), and what the workers report comes back as a
// TrainingTally for outcomeOf. The numbers are those of the in-process loop to the last bit, on
// any thread count. Runs that are stored go through recordRun (runs/record.ts).
//
// Differences a caller can see: progress arrives in batches (rank 0 posts every `reportMs`, and
// at every epoch end), so onStep fires in bursts; onEpoch's `model.predict` reads the live
// weights, which may already be a few updates past that epoch; a run stopped mid-epoch reports
// only its completed epochs; a worker fault rejects with `PoolRunError` (status 'failed' for the
// caller's records) carrying the metrics that had arrived.
import type { ExperimentSpec, LayerSpec, PlainLayerSpec } from '../../../preload/experiment';
import { loadData } from '../data/load';
import { prepareData } from '../data/prepare';
import type { Dataset } from '../data/dataset';
import type { PreparedData } from '../data/prepare';
import { ExperimentError } from '../nn/errors';
import { outputSize } from '../nn/losses';
import { outcomeOf, trainWith, type FinalEvaluation, type RunOne, type RunOutcome, type TrainHooks, type TrainResult } from '../nn/train';
import { chunkRowsOf, samplesSeen } from '../nn/plan';
import type { EarlyStoppingState } from '../nn/resume';
import { Trainer, type EpochMetrics, type TrainingTally, type Weights } from '../nn/trainer';
import { sharedFloats, submitEvaluation, type EvaluatePayload, type SharedFloats } from './evaluate-task';
import type { MlpData, MlpOptions } from './mlp';
import type { ModelSource } from './model';
import { PoolError, type WorkerPool } from './pool';
import { DATA_IN_WORKER_BYTES, dataBytes, loadOnPool, prepareOnPool, sharedOf } from './prepare-task';
import { memoryLimitBytes, trainBufferBytes } from './shared';
import { startTrainJob, type TrainJob, type TrainJobSpec } from './train-job';
import type { SeriesBatch, TrainMessage } from './trainer';

export interface PoolTrainHooks extends TrainHooks {
  /** Workers per run; default spec.threads, else the whole pool (capped by the pool size and the chunks in a batch). */
  threads?: number;
  /** Each run's job as it starts: job.command('pause' | 'run' | 'stop'), job.position(). */
  onJob?: (job: TrainJob) => void;
  /** How often rank 0 posts progress (ms, default 50: at most ~20 batches a second). */
  reportMs?: number;
  /** Fault injection, for the tests of the fault path (see TrainPayload.fault). */
  fault?: TrainJobSpec['fault'];
  /** Ranks made late at each publication, for the tests of it (see TrainPayload.late). */
  late?: number;
  /** Data this large (bytes, prepare-task.ts dataBytes) is loaded and prepared on the pool; default DATA_IN_WORKER_BYTES. */
  dataInWorkerBytes?: number;
}

/** A worker fault (a thrown error, a dead worker): the run failed; what it measured is kept. */
export class PoolRunError extends Error {
  constructor(
    message: string,
    readonly partial: Pick<RunOutcome, 'epochs' | 'steps'>,
    override readonly cause?: unknown,
  ) {
    super(message);
    this.name = 'PoolRunError';
  }
}

export function trainNetworkOnPool(pool: WorkerPool, spec: ExperimentSpec, hooks: PoolTrainHooks = {}): Promise<TrainResult> {
  // A large data set is decoded and prepared by a pool worker (prepare-task.ts), into shared
  // memory the run's job then reads; a small one here, as in process.
  const inWorker = (data: ExperimentSpec['data']) => dataBytes(data) >= (hooks.dataInWorkerBytes ?? DATA_IN_WORKER_BYTES);
  return trainWith(runOnPool(pool, hooks), spec, hooks, (data, seed) => (inWorker(data) ? loadOnPool(pool, data, seed) : loadData(data, seed)));
}

/** Parameters and state of the spec's network, counted without building it. */
export function countParameters(model: LayerSpec[], inSize: number, outSize: number): { params: number; state: number } {
  let params = 0;
  let state = 0;
  const plain = (l: PlainLayerSpec, width: number): number => {
    if ('dense' in l) {
      const units = l.dense === 'output' ? outSize : l.dense;
      params += width * units + units;
      return units;
    }
    if ('batchnorm' in l) {
      params += 2 * width;
      state += 2 * width;
    } else if ('layernorm' in l) params += 2 * width;
    return width;
  };
  let width = inSize;
  for (const l of model) {
    if ('residual' in l) {
      let w = width;
      for (const inner of l.residual) w = plain(inner, w);
    } else width = plain(l, width);
  }
  return { params, state };
}

/**
 * Refuses, before anything is allocated, a network whose training buffers would not fit: the
 * shared parameters, gradient and chunk slots plus, per worker, the network's own gradient and
 * activations and the optimizer's state (up to three vectors).
 */
export function checkNetworkSize(
  spec: ExperimentSpec,
  inSize: number,
  outSize: number,
  samples: number,
  threads: number,
  chunk: number,
  limit = memoryLimitBytes(),
): void {
  const { params } = countParameters(spec.model, inSize, outSize);
  const shared = trainBufferBytes({
    dtype: 'float32',
    paramCount: params,
    samples: Math.max(1, samples),
    batchSize: spec.batchSize,
    chunkSize: chunk,
  });
  const perWorker = params * 4 * 4; // own gradient + optimizer state (Adam: 2) + main-thread copy
  const bytes = shared + perWorker * (threads + 1);
  if (bytes > limit) {
    const mib = (n: number) => `${Math.round(n / 2 ** 20).toLocaleString('en')} MiB`;
    throw new ExperimentError(
      'model',
      `the network is too large to train here: ${params.toLocaleString('en')} parameters need about ${mib(bytes)} for training (limit ${mib(limit)}); use smaller layers or a smaller batch`,
    );
  }
}

function shared(src: ArrayLike<number>, kind: 'f32' | 'i32'): SharedArrayBuffer {
  // Data prepared on the pool (prepare-task.ts) is in shared memory already.
  const whole = (src instanceof Float32Array && kind === 'f32') || (src instanceof Int32Array && kind === 'i32');
  if (whole && src.buffer instanceof SharedArrayBuffer && src.byteOffset === 0 && src.byteLength === src.buffer.byteLength) return src.buffer;
  const buf = new SharedArrayBuffer(src.length * 4);
  (kind === 'f32' ? new Float32Array(buf) : new Int32Array(buf)).set(src);
  return buf;
}

/** The run's prepared data copied once into shared memory, and the worker-side model options. */
export function mlpSource(spec: ExperimentSpec, dataset: Dataset, data: PreparedData, trainer: Trainer): { source: ModelSource; buffers: MlpData } {
  const net = trainer.network;
  const buffers: MlpData = {
    x: shared(data.x, 'f32'),
    background: shared(data.background, 'f32'),
    train: shared(data.train, 'i32'),
    validation: shared(data.validation, 'i32'),
    test: shared(data.test, 'i32'),
    state: shared(net.state, 'f32'),
  };
  if (data.labels) buffers.labels = shared(data.labels, 'i32');
  if (data.values) buffers.values = shared(data.values, 'f32');
  if (data.noise) buffers.noise = shared(data.noise, 'f32');
  if (spec.earlyStopping) {
    buffers.best = new SharedArrayBuffer((net.paramSize + net.stateSize) * 4);
    buffers.bestEpoch = new SharedArrayBuffer(4);
  }
  const { x: _x, labels: _l, values: _v, noise: _n, ...meta } = dataset;
  const options: MlpOptions = { spec, meta, preprocess: data.preprocess, epochs: trainer.totalEpochs, paramCount: net.paramSize, stateCount: net.stateSize };
  return { source: { kind: 'mlp', options, data: buffers }, buffers };
}

/** An epoch's training pass as rank 0 reported it (pool/mlp.ts evaluate), in Trainer.runEpoch's shape. */
function trainPassOf(loss: number | null, accuracy: number | null, classification: boolean): Pick<EpochMetrics, 'fullTrainLoss' | 'fullTrainAccuracy'> {
  return loss === null ? {} : { fullTrainLoss: loss, fullTrainAccuracy: classification ? accuracy : null };
}

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** trainWith passes back the hooks it was given: `hooks` here, with the pool's extras. */
const runOnPool = (pool: WorkerPool, hooks: PoolTrainHooks): RunOne => async (spec, dataset, split, _hooks, fold, ready, epochs) => {
  const started = performance.now();
  const threads = Math.max(1, Math.min(hooks.threads ?? spec.threads ?? pool.size, pool.size));
  const outputs = outputSize(spec.loss, dataset.classes, dataset.targetWidth);
  checkNetworkSize(spec, dataset.features, outputs, split.train.length, threads, chunkRowsOf(spec));
  // The run's data is prepared on the pool when it was loaded there (a large data set), else
  // here; the event loop runs between the steps on this thread.
  await turn();
  const inShared = sharedOf(dataset);
  const data = inShared ? await prepareOnPool(pool, inShared, dataset, split, spec.data, spec.seed) : prepareData(dataset, split, spec.data, spec.seed);
  await turn();
  // The main thread's trainer checks the spec exactly as in process, holds the run's plan, the
  // fine-tuning or resumed run's starting weights, and the weights the run ends with. A fresh run's
  // seeded weights are drawn by rank 0 in the pool (Trainer.initWeights there: the same stream, the
  // same bits), not here: for a million parameters that is some 70 ms.
  const start = fold === undefined ? hooks.start : undefined;
  const counted = countParameters(spec.model, dataset.features, outputs);
  const fresh = !start && !hooks.initialWeights && typeof spec.init === 'string';
  const binding = fresh ? { params: new Float32Array(counted.params), state: new Float32Array(counted.state) } : undefined;
  let trainer = new Trainer(spec, data, { epochs, initialWeights: hooks.initialWeights, start, binding });
  // (Should the count ever miss a layer's parameters, the weights are drawn here after all.)
  const seeded = fresh && trainer.network.paramSize === counted.params && trainer.network.stateSize === counted.state;
  if (fresh && !seeded) trainer = new Trainer(spec, data, { epochs });
  ready();
  await turn();
  const net = trainer.network;
  const plan = trainer.plan;
  const totalEpochs = plan.epochs;
  const tag = fold === undefined ? {} : { fold };

  const { source, buffers } = mlpSource(spec, dataset, data, trainer);
  // What the workers report, gathered here (the trainer's own loop never runs on this thread).
  // A resumed run's trainer holds its history: the series continue from there.
  const epochsDone: EpochMetrics[] = trainer.epochs;
  const steps = trainer.steps;
  const checkpoints = fold === undefined && spec.split.folds < 2 ? hooks.onCheckpoint : undefined;
  if (start?.state.earlyStopping && buffers.best && buffers.bestEpoch) {
    const es = start.state.earlyStopping;
    new Float32Array(buffers.best).set(es.best.params);
    new Float32Array(buffers.best).set(es.best.state, net.paramSize);
    new Int32Array(buffers.bestEpoch)[0] = es.bestEpoch;
  }

  const liveState = new Float32Array(buffers.state!);
  // Assigned once the job starts; the view's closures below read it only after that.
  // eslint-disable-next-line prefer-const
  let job!: TrainJob;
  const view = {
    predict: (raw: ArrayLike<number>, n: number) => {
      net.params.set(job.params);
      net.state.set(liveState);
      return trainer.predict(raw, n);
    },
  };
  // A hook that throws (the store refusing a write on a full disk) must not escape this worker
  // message listener, where it would be uncaught: it ends the job, and the run fails with it.
  let hookError: unknown = null;
  /** Time rank 0 spent on the epochs' training passes (spec.trainPass) so far, in this job. */
  let passMs = 0;
  const onMessage = (m: TrainMessage) => {
    if (hookError !== null) return;
    try {
      if (m.type === 'metrics') deliver(m.series);
      else if (m.type === 'checkpoint') checkpoint(m);
    } catch (e) {
      hookError = e;
      job.command('stop');
    }
  };
  const deliver = (series: SeriesBatch) => {
    const loss = series.loss;
    if (loss) {
      for (let i = 0; i < loss.steps.length; i++) {
        const step = loss.steps[i]!;
        const gradNorm = series.gradNorm!.values[i]!;
        const lr = series.lr!.values[i]!;
        steps.loss.push(loss.values[i]!);
        steps.gradNorm.push(gradNorm);
        steps.lr.push(lr);
        hooks.onStep?.({ step, epoch: plan.updateEpoch[step] ?? totalEpochs, loss: loss.values[i]!, gradNorm, lr, ...tag });
      }
    }
    const ends = series.epochLoss;
    if (!ends) return;
    for (let i = 0; i < ends.steps.length; i++) {
      const epoch = ends.steps[i]!;
      const at = (name: string) => {
        const s = series[name];
        const k = s ? s.steps.indexOf(epoch) : -1;
        return k >= 0 ? s!.values[k]! : null;
      };
      const metrics = {
        epoch,
        trainLoss: ends.values[i]!,
        trainAccuracy: dataset.classes ? at('epochAccuracy') : null,
        valLoss: at('valLoss'),
        valAccuracy: at('valAccuracy'),
        lr: steps.lr[steps.lr.length - 1] ?? trainer.schedule(0),
        ms: at('epochMs') ?? 0,
        ...(spec.trainPass ? trainPassOf(at('fullTrainLoss'), at('fullTrainAccuracy'), dataset.classes > 0) : {}),
      };
      // The training pass is evaluation, not training: kept out of the training time (samplesPerSecond).
      passMs += at('trainPassMs') ?? 0;
      epochsDone.push(metrics);
      hooks.onEpoch?.({ ...metrics, ...tag }, view);
    }
  };

  // Rank 0's state at an epoch's end, after that epoch's metrics (posted just before it).
  const checkpoint = (m: Extract<TrainMessage, { type: 'checkpoint' }>) => {
    if (!checkpoints) return;
    const model = m.model as { weights: Weights; earlyStopping: EarlyStoppingState | null };
    checkpoints(
      {
        epoch: m.epoch,
        step: m.update,
        weights: model.weights,
        optimizer: m.optimizer,
        earlyStopping: model.earlyStopping,
        trainingMs: (start?.state.trainingMs ?? 0) + m.ms - passMs,
        samplesSeen: samplesSeen(plan, m.update),
      },
      steps,
    );
  };

  job = startTrainJob(
    pool,
    {
      model: source,
      optimizer: spec.optimizer,
      schedule: spec.schedule,
      seed: spec.seed,
      batchSize: spec.batchSize,
      epochs: totalEpochs,
      shuffle: spec.shuffle,
      threads,
      chunkSize: plan.chunkRows,
      ...(seeded ? {} : { initialParams: net.params }),
      reportMs: hooks.reportMs ?? 50,
      // Measured against the memory limit once, above (buffers and the workers' share).
      memoryLimit: Infinity,
      ...(hooks.fault ? { fault: hooks.fault } : {}),
      ...(hooks.late ? { late: hooks.late } : {}),
      ...(checkpoints ? { checkpoints: true } : {}),
      ...(start
        ? {
            resume: {
              epoch: start.state.epoch, update: start.state.step, optimizer: start.state.optimizer, model: { earlyStopping: start.state.earlyStopping },
            },
          }
        : {}),
    },
    { onMessage },
  );
  hooks.onJob?.(job);
  const stop = () => job.command('stop');
  if (hooks.signal?.aborted) stop();
  hooks.signal?.addEventListener('abort', stop, { once: true });
  let result;
  try {
    result = await job.job.done;
  } catch (e) {
    throw new PoolRunError(`training failed: ${(e as Error).message}`, { epochs: epochsDone, steps }, e);
  } finally {
    hooks.signal?.removeEventListener('abort', stop);
  }
  if (hookError !== null) throw hookError;

  if (result.outcome === 'diverged') {
    const lr = trainer.schedule(result.divergedAt ?? result.updates);
    const metrics = { epoch: result.epochs + 1, trainLoss: NaN, trainAccuracy: null, valLoss: null, valAccuracy: null, lr, ms: 0 };
    epochsDone.push(metrics);
    hooks.onEpoch?.({ ...metrics, ...tag }, view);
  }
  const bestEpoch = buffers.bestEpoch ? new Int32Array(buffers.bestEpoch)[0]! : 0;
  // The weights the run ends with, for the final evaluation: the best epoch's with early stopping.
  // Both stay in shared memory: the worker that evaluates them (finalEvaluation) reads them there.
  const best = buffers.best && bestEpoch > 0 && result.outcome !== 'diverged' ? buffers.best : null;
  const params: SharedFloats = { buffer: best ?? job.buffers.params, offset: 0, length: net.paramSize };
  const state: SharedFloats = { buffer: best ?? buffers.state!, offset: best ? net.paramSize : 0, length: net.stateSize };
  trainer.loadWeights({ params: sharedFloats(params), state: sharedFloats(state) });
  const tally: TrainingTally = {
    status: result.outcome === 'cancelled' ? 'stopped' : result.outcome,
    epochs: epochsDone,
    steps,
    bestEpoch,
    stoppedEarly: !!spec.earlyStopping && result.outcome === 'completed' && result.epochs < totalEpochs,
    trainingMs: (start?.state.trainingMs ?? 0) + result.ms - passMs,
    samplesSeen: samplesSeen(plan, result.updates),
  };
  return outcomeOf(trainer, tally, data, spec, started, await finalEvaluation(pool, { options: source.options as MlpOptions, data: buffers, params, state }));
};

/**
 * The final evaluation on a pool worker (Trainer.evaluate there, over the shared data and weights:
 * the same bits), so that a run's end is no long main-thread task. Should the pool fail it (shut
 * down, a worker lost), undefined: the main thread evaluates, and the run's result is kept.
 */
async function finalEvaluation(pool: WorkerPool, payload: EvaluatePayload): Promise<FinalEvaluation | undefined> {
  try {
    return await submitEvaluation(pool, payload).done;
  } catch (e) {
    if (e instanceof PoolError) return undefined;
    throw e;
  }
}
