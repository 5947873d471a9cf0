// A network run's final evaluation as a pool task, so a run's end never holds the main thread
// (Fashion-MNIST's 60,000 rows through 784-256-128-10 take about a second). The worker builds the
// run's Trainer over the data already in shared memory (pool/network.ts mlpSource) bound to the
// weights the run ends with, and runs exactly Trainer.evaluate on each split: the numbers are the
// main thread's to the last bit (nn/train.ts outcomeOf takes them as they come back).
import { evaluateFinal, type FinalEvaluation } from '../nn/train';
import { Trainer } from '../nn/trainer';
import { sharedPrepared, type MlpData, type MlpOptions } from './mlp';
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
