// A network run's final evaluation as a pool task, so a run's end never holds the main thread
// (Fashion-MNIST's 60,000 rows through 784-256-128-10 take about a second). The worker builds the
// run's Trainer over the data already in shared memory (pool/network.ts mlpSource) bound to the
// weights the run ends with, and runs exactly Trainer.evaluate on each split: the numbers are the
// main thread's to the last bit (nn/train.ts outcomeOf takes them as they come back).
import type { PreparedData } from '../data/prepare';
import { evaluateFinal, type FinalEvaluation } from '../nn/train';
import { Trainer } from '../nn/trainer';
import type { MlpData, MlpOptions } from './mlp';
import type { PoolJob, WorkerPool } from './pool';
import type { TaskHandler } from './task';

/** Float32 values in shared memory: `length` of them from float `offset` of `buffer`. */
export interface SharedFloats {
  buffer: SharedArrayBuffer;
  offset: number;
  length: number;
}

export interface EvaluatePayload {
  /** The run's model options and data buffers, as its training job had them. */
  options: MlpOptions;
  data: MlpData;
  /** The weights to evaluate: the job's parameters and state, or early stopping's best. */
  params: SharedFloats;
  state: SharedFloats;
}

export const sharedFloats = (f: SharedFloats): Float32Array => new Float32Array(f.buffer, f.offset * 4, f.length);

/** The run's prepared data over its shared buffers (the arrays are views, nothing is copied). */
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

export const evaluateTask: TaskHandler = (payload) => {
  const p = payload as EvaluatePayload;
  const prepared = sharedPrepared(p.options, p.data);
  const binding = { params: sharedFloats(p.params), state: sharedFloats(p.state) };
  const trainer = new Trainer(p.options.spec, prepared, { epochs: p.options.epochs, binding });
  return evaluateFinal(trainer, prepared);
};

/** Submits the final evaluation of a run's weights to the pool (one worker). */
export function submitEvaluation(pool: WorkerPool, payload: EvaluatePayload): PoolJob<FinalEvaluation> {
  return pool.submit<FinalEvaluation>('evaluate', payload);
}
