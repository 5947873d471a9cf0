// SharedArrayBuffer plumbing for data-parallel training: every buffer a step touches lives in
// shared memory, allocated once per run on the main thread and handed to each rank, so a step
// needs no messages and the main thread keeps the parameters after the job ends (stop keeps
// what was trained; a finished run's weights can be saved without a copy across threads).
import { totalmem } from 'node:os';
import { NORM_BLOCK } from '../nn/kernels';

export type Dtype = 'float32' | 'float64';
export type FloatArray = Float32Array | Float64Array;

export function bytesPer(dtype: Dtype): number {
  return dtype === 'float32' ? 4 : 8;
}

export function floatView(dtype: Dtype, buffer: SharedArrayBuffer, offset = 0, length?: number): FloatArray {
  return dtype === 'float32' ? new Float32Array(buffer, offset, length) : new Float64Array(buffer, offset, length);
}

// ------------------------------------------------------------------ control words
// Written by the main thread (CMD) and by rank 0 (the rest); read with Atomics on both sides.
export const CTRL_CMD = 0;
export const CTRL_STATE = 1;
export const CTRL_EPOCH = 2;
export const CTRL_UPDATE = 3;
const CTRL_WORDS = 8;

export const Command = { run: 0, pause: 1, stop: 2, cancel: 3 } as const;
export type CommandName = keyof typeof Command;
export const TrainerState = { running: 0, paused: 1, finished: 2 } as const;

export interface TrainBuffers {
  dtype: Dtype;
  paramCount: number;
  chunkSize: number;
  maxChunks: number;
  /** The model's parameters (paramCount). */
  params: SharedArrayBuffer;
  /** The reduced mini-batch gradient (paramCount). */
  grad: SharedArrayBuffer;
  /** One gradient slot per chunk (maxChunks × paramCount), so chunks never add into each other. */
  chunkGrads: SharedArrayBuffer;
  /**
   * Float64 per chunk: loss sum, then correct count — of a batch's chunks (maxChunks) and, at an
   * epoch's end, of the evaluation's chunks (ceil(samples / chunkSize): a training pass in one round).
   */
  chunkLoss: SharedArrayBuffer;
  /** Float64 per reduction block (ceil(paramCount / NORM_BLOCK)): its share of Σ g², left by the rank that completed it. */
  gradSquares: SharedArrayBuffer;
  /** Int32 sample order of the current epoch (samples). */
  order: SharedArrayBuffer;
  /** Int32 control words (CTRL_*). */
  control: SharedArrayBuffer;
}

export interface TrainBufferShape {
  dtype: Dtype;
  paramCount: number;
  samples: number;
  batchSize: number;
  chunkSize: number;
}

/** Bytes a run's training buffers take; what `allocTrainBuffers` refuses above the limit. */
export function trainBufferBytes(shape: TrainBufferShape): number {
  const maxChunks = Math.ceil(Math.min(shape.batchSize, shape.samples) / shape.chunkSize);
  const floats = shape.paramCount * bytesPer(shape.dtype) * (2 + maxChunks);
  return floats + lossSlots(shape) * 16 + normBlocks(shape.paramCount) * 8 + shape.samples * 4 + CTRL_WORDS * 4;
}

/** Reduction blocks of a gradient (nn/kernels.ts NORM_BLOCK parameters each). */
function normBlocks(paramCount: number): number {
  return Math.ceil(paramCount / NORM_BLOCK);
}

/** Chunks the loss slots hold: a batch's, or a pass over the training samples at an epoch's end. */
function lossSlots(shape: TrainBufferShape): number {
  return Math.max(Math.ceil(Math.min(shape.batchSize, shape.samples) / shape.chunkSize), Math.ceil(shape.samples / shape.chunkSize));
}

/** A quarter of the machine's memory, at most 4 GiB: a request above it is refused up front. */
export function memoryLimitBytes(): number {
  return Math.min(totalmem() / 4, 4 * 2 ** 30);
}

export function allocTrainBuffers(shape: TrainBufferShape, limit = memoryLimitBytes()): TrainBuffers {
  const { dtype, paramCount, samples, batchSize, chunkSize } = shape;
  for (const [key, value] of Object.entries({ paramCount, samples, batchSize, chunkSize })) {
    if (!Number.isInteger(value) || value < 1) throw new RangeError(`${key} must be a positive integer, got ${value}`);
  }
  const bytes = trainBufferBytes(shape);
  if (bytes > limit) {
    const mib = (n: number) => `${Math.round(n / 2 ** 20)} MiB`;
    throw new RangeError(
      `the model is too large to train here: ${paramCount.toLocaleString('en')} parameters need ${mib(bytes)} of training buffers (limit ${mib(limit)}); use smaller layers or a smaller batch`,
    );
  }
  const maxChunks = Math.ceil(Math.min(batchSize, samples) / chunkSize);
  const floats = (n: number) => new SharedArrayBuffer(n * bytesPer(dtype));
  return {
    dtype,
    paramCount,
    chunkSize,
    maxChunks,
    params: floats(paramCount),
    grad: floats(paramCount),
    chunkGrads: floats(paramCount * maxChunks),
    chunkLoss: new SharedArrayBuffer(lossSlots(shape) * 16),
    gradSquares: new SharedArrayBuffer(normBlocks(paramCount) * 8),
    order: new SharedArrayBuffer(samples * 4),
    control: new SharedArrayBuffer(CTRL_WORDS * 4),
  };
}

/** The main thread's side of the control words. */
export function sendCommand(buffers: Pick<TrainBuffers, 'control'>, command: CommandName): void {
  const words = new Int32Array(buffers.control);
  Atomics.store(words, CTRL_CMD, Command[command]);
  Atomics.notify(words, CTRL_CMD);
}

export function readPosition(buffers: Pick<TrainBuffers, 'control'>): { epoch: number; update: number } {
  const words = new Int32Array(buffers.control);
  return { epoch: Atomics.load(words, CTRL_EPOCH), update: Atomics.load(words, CTRL_UPDATE) };
}
