// A large data set is loaded and prepared on a pool worker, so that a run's start never holds
// the main thread (Fashion-MNIST's 60,000 images: decoding ~0.5–1 s, standardising ~0.4 s).
//
//   'load-data':    loadData (IDX, CSV, generated) in the worker; the arrays come back in
//                   SharedArrayBuffers the worker allocated (no copy on the way).
//   'prepare-data': prepareData over such a data set and a split, writing its arrays straight
//                   into shared memory; the buffers are the run's training data (mlp.ts).
//
// The code is the main thread's own (data/load.ts, data/prepare.ts): the same decode, split and
// float32 rounding, hence the same bits. A spec or file the engine refuses (ExperimentError) comes
// back as such, with its field and message, and is thrown on the main thread as before.
import { statSync } from 'node:fs';
import type { DataSpec } from '../../../preload/experiment';
import type { Dataset } from '../data/dataset';
import { loadData } from '../data/load';
import { prepareData, type Arrays, type PreparedData, type Preprocess } from '../data/prepare';
import type { Split } from '../data/split';
import { ExperimentError } from '../nn/errors';
import { sharedPrepared, type MlpData, type MlpOptions } from './mlp';
import { PoolError, type WorkerPool } from './pool';
import type { TaskHandler } from './task';

type Meta = Omit<Dataset, 'x' | 'labels' | 'values' | 'noise'>;

/** A data set in shared memory: its arrays as buffers (x; labels | values; noise), the rest as is. */
export interface SharedDataset {
  meta: Meta;
  buffers: MlpData;
}

export interface LoadPayload {
  data: DataSpec;
  seed: number;
}

export interface PreparePayload {
  dataset: SharedDataset;
  split: { train: SharedArrayBuffer; validation: SharedArrayBuffer; test: SharedArrayBuffer };
  data: DataSpec;
  seed: number;
}

/** The prepared data's buffers (x, background, train, validation, test; labels | values; noise) and the standardisation. */
export interface PreparedShared {
  buffers: MlpData;
  preprocess: Preprocess | null;
}

/** What a task answers: its result, or the engine's refusal of the spec or file. */
type Answer<T> = { ok: T } | { refused: { field: string; detail: string } };

const sharedArrays: Arrays = {
  f32: (n) => new Float32Array(new SharedArrayBuffer(n * 4)),
  i32: (n) => new Int32Array(new SharedArrayBuffer(n * 4)),
};

/** The array's buffer when it is a whole SharedArrayBuffer, else a shared copy. */
function bufferOf(a: Float32Array | Int32Array): SharedArrayBuffer {
  if (a.buffer instanceof SharedArrayBuffer && a.byteOffset === 0 && a.byteLength === a.buffer.byteLength) return a.buffer;
  const out = a instanceof Float32Array ? sharedArrays.f32(a.length) : sharedArrays.i32(a.length);
  out.set(a);
  return out.buffer as SharedArrayBuffer;
}

function answer<T>(work: () => T): Answer<T> {
  try {
    return { ok: work() };
  } catch (e) {
    if (e instanceof ExperimentError) return { refused: { field: e.field, detail: e.message.slice(e.field.length + 2) } };
    throw e;
  }
}

function sharedDataset(ds: Dataset): SharedDataset {
  const { x, labels, values, noise, ...meta } = ds;
  const buffers: MlpData = { x: bufferOf(x) };
  if (labels) buffers.labels = bufferOf(labels);
  if (values) buffers.values = bufferOf(values);
  if (noise) buffers.noise = bufferOf(noise);
  return { meta, buffers };
}

/** The data set over its shared buffers (views: nothing is copied). */
export function datasetOf(s: SharedDataset): Dataset {
  const f32 = (k: string) => (s.buffers[k] ? new Float32Array(s.buffers[k]) : null);
  return { ...s.meta, x: f32('x')!, labels: s.buffers.labels ? new Int32Array(s.buffers.labels) : null, values: f32('values'), noise: f32('noise') };
}

export const loadDataTask: TaskHandler = (payload) => {
  const p = payload as LoadPayload;
  return answer(() => sharedDataset(loadData(p.data, p.seed)));
};

export const prepareDataTask: TaskHandler = (payload) => {
  const p = payload as PreparePayload;
  return answer((): PreparedShared => {
    const split: Split = { train: new Int32Array(p.split.train), validation: new Int32Array(p.split.validation), test: new Int32Array(p.split.test) };
    const data = prepareData(datasetOf(p.dataset), split, p.data, p.seed, sharedArrays);
    const buffers: MlpData = { x: bufferOf(data.x), background: bufferOf(data.background), ...p.split };
    if (data.labels) buffers.labels = bufferOf(data.labels);
    if (data.values) buffers.values = bufferOf(data.values);
    if (data.noise) buffers.noise = bufferOf(data.noise);
    return { buffers, preprocess: data.preprocess };
  });
};

/**
 * A data set at least this large is loaded and prepared on the pool (1 MiB: a gzipped IDX file
 * of that size decodes to some 10 MiB of floats, tens of ms). Smaller ones (the bundled digits,
 * a few thousand generated points) stay on the main thread, where they take a few ms.
 */
export const DATA_IN_WORKER_BYTES = 1 << 20;

/** The data's size for that choice: its files' bytes on disk (a missing file: 0), or samples × 12 when generated. */
export function dataBytes(data: DataSpec): number {
  const size = (path: string) => {
    try {
      return statSync(path).size;
    } catch {
      return 0;
    }
  };
  if ('images' in data && 'labels' in data) return size(data.images) + size(data.labels);
  if ('path' in data) return size(data.path);
  if ('samples' in data) return data.samples * 12;
  return 0;
}

async function settle<T>(job: Promise<Answer<T>>): Promise<T> {
  const a = await job;
  if ('refused' in a) throw new ExperimentError(a.refused.field, a.refused.detail);
  return a.ok;
}

/**
 * A run's start is waited for (the caller learns its id once the data is in): its data jobs take
 * the interactive lane, ahead of queued training and on the reserve worker when the pool is busy,
 * so that starting a run never waits for another run to end (a second or so of work, not more).
 */
const LANE = { interactive: true } as const;

/** The pool cannot run jobs at all (shut down, workers that do not start): the main thread does the work. */
const poolGone = (e: unknown) => e instanceof PoolError && (e.kind === 'shutdown' || e.kind === 'start');

/** loadData on a pool worker; the data set's arrays are views of shared memory. */
export async function loadOnPool(pool: WorkerPool, data: DataSpec, seed: number): Promise<Dataset> {
  try {
    return datasetOf(await settle(pool.submit<Answer<SharedDataset>>('load-data', { data, seed } satisfies LoadPayload, LANE).done));
  } catch (e) {
    if (poolGone(e)) return loadData(data, seed);
    throw e;
  }
}

/** The data set's arrays, when they are views of whole SharedArrayBuffers (loadOnPool's), else null. */
export function sharedOf(ds: Dataset): SharedDataset | null {
  const arrays = [ds.x, ds.labels, ds.values, ds.noise].filter((a) => a !== null);
  if (!arrays.every((a) => a.buffer instanceof SharedArrayBuffer && a.byteOffset === 0 && a.byteLength === a.buffer.byteLength)) return null;
  return sharedDataset(ds);
}

/**
 * prepareData on a pool worker, for a data set in shared memory: the prepared arrays are views
 * of the buffers the worker wrote (what the run's training job reads), `dataset` the one given.
 */
export async function prepareOnPool(
  pool: WorkerPool, shared: SharedDataset, dataset: Dataset, split: Split, data: DataSpec, seed: number,
): Promise<PreparedData> {
  const splitBuffers = { train: bufferOf(split.train), validation: bufferOf(split.validation), test: bufferOf(split.test) };
  try {
    const payload: PreparePayload = { dataset: shared, split: splitBuffers, data, seed };
    const r = await settle(pool.submit<Answer<PreparedShared>>('prepare-data', payload, LANE).done);
    const options = { meta: shared.meta, preprocess: r.preprocess } as MlpOptions;
    return { ...sharedPrepared(options, r.buffers), dataset };
  } catch (e) {
    if (poolGone(e)) return prepareData(dataset, split, data, seed);
    throw e;
  }
}
