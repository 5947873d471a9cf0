// The main thread's side of a data-parallel training job: allocate the shared buffers (refusing
// an oversized model before anything is allocated), start the ranks on the pool, steer them
// through the control words. The parameters stay readable here during and after the job.
import { CHUNK } from '../nn/plan';
import type { PoolJob, WorkerPool } from './pool';
import { allocTrainBuffers, bytesPer, floatView, readPosition, sendCommand, type CommandName, type FloatArray, type TrainBuffers } from './shared';
import { shardable, stateVectors } from './sharded';
import { modelFactory, type TrainMessage, type TrainPayload, type TrainResult } from './trainer';

export interface TrainJobSpec extends Pick<TrainPayload, 'model' | 'optimizer' | 'schedule' | 'seed' | 'batchSize' | 'epochs' | 'shuffle' | 'fault' | 'stall' | 'late' | 'checkpoints' | 'resume'> {
  /** Workers to use; more than the batch has chunks would idle, so it is capped there. */
  threads: number;
  /** Samples per chunk, default CHUNK (nn/plan.ts): the unit of work, and of summation order. Part of
   *  a run's identity: a different chunk size sums in a different order and changes the last bits. */
  chunkSize?: number;
  /** Starting weights (fine-tuning); default: the model's seeded init. */
  initialParams?: ArrayLike<number>;
  reportMs?: number;
  /**
   * Refuse buffers above this many bytes (default memoryLimitBytes()). A caller that has checked
   * the whole run's footprint itself (the network engine: checkNetworkSize) passes Infinity, so
   * a run is measured against the limit once.
   */
  memoryLimit?: number;
}

export interface TrainJob {
  readonly buffers: TrainBuffers;
  /** The live parameters (shared memory). */
  readonly params: FloatArray;
  readonly job: PoolJob<TrainResult>;
  readonly threads: number;
  command(command: CommandName): void;
  position(): { epoch: number; update: number };
}

export interface TrainJobHooks {
  /** Rank 0's metrics batches and pause/resume confirmations. */
  onMessage?: (m: TrainMessage) => void;
  /** The job left the queue. */
  onStart?: () => void;
}

export function startTrainJob(pool: WorkerPool, spec: TrainJobSpec, hooks: TrainJobHooks = {}): TrainJob {
  const shape = modelFactory(spec.model).shape(spec.model.options, spec.model.data);
  const chunkSize = spec.chunkSize ?? CHUNK;
  const bufferShape = { dtype: shape.dtype, paramCount: shape.paramCount, samples: shape.sampleCount, batchSize: spec.batchSize, chunkSize };
  const buffers = allocTrainBuffers(bufferShape, spec.memoryLimit);
  const params = floatView(buffers.dtype, buffers.params);
  if (spec.initialParams) {
    if (spec.initialParams.length !== shape.paramCount) throw new RangeError(`initial weights hold ${spec.initialParams.length} values, the model has ${shape.paramCount} parameters`);
    params.set(spec.initialParams);
  }
  const payload: TrainPayload = {
    model: spec.model,
    buffers,
    optimizer: spec.optimizer,
    schedule: spec.schedule,
    seed: spec.seed,
    batchSize: spec.batchSize,
    epochs: spec.epochs,
    shuffle: spec.shuffle,
    initParams: !spec.initialParams,
    reportMs: spec.reportMs ?? 50,
    ...(spec.fault ? { fault: spec.fault } : {}),
    ...(spec.stall ? { stall: spec.stall } : {}),
    ...(spec.late ? { late: spec.late } : {}),
    ...(spec.checkpoints ? { checkpoints: true } : {}),
    ...(spec.resume ? { resume: spec.resume } : {}),
    // A sharded optimizer's vectors in shared memory, so that rank 0 can read the whole state at an epoch's end.
    ...(spec.checkpoints && shardable(spec.optimizer)
      ? { optimizerState: new SharedArrayBuffer(stateVectors(spec.optimizer, spec.seed) * shape.paramCount * bytesPer(shape.dtype)) }
      : {}),
  };
  const threads = Math.max(1, Math.min(spec.threads, buffers.maxChunks));
  const job = pool.submit<TrainResult>('train', payload, {
    threads,
    onStart: hooks.onStart,
    onMessage: (m, rank) => rank === 0 && hooks.onMessage?.(m as TrainMessage),
  });
  return {
    buffers,
    params,
    job,
    threads: job.threads,
    command: (c) => sendCommand(buffers, c),
    position: () => readPosition(buffers),
  };
}
