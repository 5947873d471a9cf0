// A pool run on a large data file loads and prepares its data on a pool worker (tasks 'load-data'
// and 'prepare-data'), never on the main thread, and trains to the in-process run's bits: the same
// decode, split, standardisation and label noise; the data jobs do not wait for another run's
// training. A small data set stays on the main thread. A file the engine refuses gives the
// in-process refusal (ExperimentError, same field and message).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { experimentSpec } from '../../../preload/experiment';
import { ExperimentError } from '../../../main/engine/nn/errors';
import { trainNetwork, type TrainResult } from '../../../main/engine/nn/train';
import { trainNetworkOnPool } from '../../../main/engine/pool/network';
import { WorkerPool } from '../../../main/engine/pool/pool';
import { DATA_IN_WORKER_BYTES } from '../../../main/engine/pool/prepare-task';
import { fingerprint, hex } from './bits';

const pool = new WorkerPool({ size: 2 });
const dir = mkdtempSync(join(tmpdir(), 'prepare-data-'));
afterAll(async () => {
  await pool.shutdown();
  rmSync(dir, { recursive: true, force: true });
});
afterEach(() => vi.restoreAllMocks());

/** An IDX file: magic 00 00 08 ndims, big-endian sizes, then the bytes. */
function idx(name: string, dims: number[], values: Uint8Array): string {
  const header = Buffer.alloc(4 + 4 * dims.length);
  header[2] = 0x08;
  header[3] = dims.length;
  dims.forEach((d, i) => header.writeUInt32BE(d, 4 + 4 * i));
  const path = join(dir, name);
  writeFileSync(path, Buffer.concat([header, values]));
  return path;
}

/** n 28×28 images of 10 classes: a class's bright band plus hashed noise (any bytes would do). */
function images(n: number): { pixels: Uint8Array; labels: Uint8Array } {
  const labels = Uint8Array.from({ length: n }, (_, i) => (i * 7) % 10);
  const pixels = new Uint8Array(n * 784);
  for (let i = 0; i < n; i++)
    for (let p = 0; p < 784; p++) {
      const band = Math.floor(p / 78.4) === labels[i] ? 160 : 0;
      pixels[i * 784 + p] = band + (Math.imul(i * 784 + p, 2654435761) >>> 24) % 96;
    }
  return { pixels, labels };
}

const big = images(1400); // 1,097,616 bytes of images: over DATA_IN_WORKER_BYTES
const bigImages = idx('big-images.idx', [1400, 28, 28], big.pixels);
const bigLabels = idx('big-labels.idx', [1400], big.labels);
const small = images(200);
const smallImages = idx('small-images.idx', [200, 28, 28], small.pixels);
const smallLabels = idx('small-labels.idx', [200], small.labels);

const specOn = (images: string, labels: string, extra: Record<string, unknown> = {}) =>
  experimentSpec.parse({
    data: { source: 'idx', images, labels, standardize: true, labelNoise: 0.1 },
    model: [{ dense: 16, activation: 'relu' }, { dense: 'output' }],
    optimizer: { name: 'adam', lr: 0.01 },
    split: { validation: 0.2, test: 0.1 },
    batchSize: 100, epochs: 2, seed: 5,
    ...extra,
  });

/** The pool's submissions by task name. */
function watch(): string[] {
  const tasks: string[] = [];
  const submit = pool.submit.bind(pool);
  vi.spyOn(pool, 'submit').mockImplementation((task, payload, options) => {
    tasks.push(task);
    return submit(task, payload, options);
  });
  return tasks;
}

/** Everything a run reports about its data and its end, as exact bits. */
const bits = (r: TrainResult) =>
  JSON.stringify({
    run: fingerprint(r),
    data: r.data,
    final: Object.entries(r.final).map(([k, v]) => [k, hex(v as number)]),
    confusion: r.confusion,
    preprocess: r.preprocess && [r.preprocess.mean.map(hex), r.preprocess.std.map(hex)],
    folds: r.folds?.map((f) => fingerprint({ ...f, data: r.data })),
  });

/** The refusal, as the caller sees it. */
async function refusal(run: Promise<unknown>): Promise<{ type: string; field: string; message: string }> {
  const e = await run.then(() => null, (err: unknown) => err);
  expect(e).toBeInstanceOf(ExperimentError);
  const x = e as ExperimentError;
  return { type: x.constructor.name, field: x.field, message: x.message };
}

describe('a pool run on a large data file', () => {
  it('loads and prepares its data on a worker, with the in-process bits', async () => {
    const spec = specOn(bigImages, bigLabels);
    const reference = await trainNetwork(spec);
    const tasks = watch();
    const result = await trainNetworkOnPool(pool, spec, { threads: 2 });
    expect(tasks).toEqual(['load-data', 'prepare-data', 'train', 'evaluate']);
    expect(result.data).toMatchObject({ name: 'idx', samples: 1400, features: 784, classes: 10, train: 980, validation: 280, test: 140 });
    expect(result.preprocess?.mean).toHaveLength(784);
    expect(bits(result)).toBe(bits(reference));
  });

  it('starts while another run holds every worker: the data jobs take the interactive lane', async () => {
    const spec = specOn(bigImages, bigLabels, { epochs: 1 });
    const training = pool.submit('diagnostic', { kind: 'busy', ms: 600_000 }, { threads: pool.size });
    let started = false;
    const run = trainNetworkOnPool(pool, spec, {
      threads: 2,
      onStart: (data) => {
        started = true;
        expect(data.features).toBe(784);
      },
    });
    // Without the lane the data jobs would wait for the busy job, which outlasts any test timeout.
    while (!started) await new Promise((r) => setTimeout(r, 20));
    expect(training.state).toBe('running');
    training.cancel('test over');
    expect((await run).status).toBe('completed');
  });

  it('a small one stays on the main thread (same bits)', async () => {
    expect(big.pixels.length + 16).toBeGreaterThanOrEqual(DATA_IN_WORKER_BYTES);
    const spec = specOn(smallImages, smallLabels);
    const reference = await trainNetwork(spec);
    const tasks = watch();
    const result = await trainNetworkOnPool(pool, spec, { threads: 2 });
    expect(tasks).toEqual(['train', 'evaluate']);
    expect(bits(result)).toBe(bits(reference));
  });

  it('cross-validation prepares each fold and the final run on a worker (same bits)', async () => {
    const spec = specOn(smallImages, smallLabels, { split: { validation: 0, test: 0.2, folds: 2 }, epochs: 1 });
    const reference = await trainNetwork(spec);
    const tasks = watch();
    const result = await trainNetworkOnPool(pool, spec, { threads: 2, dataInWorkerBytes: 0 });
    expect(tasks).toEqual(['load-data', 'prepare-data', 'train', 'evaluate', 'prepare-data', 'train', 'evaluate', 'prepare-data', 'train', 'evaluate']);
    expect(result.folds).toHaveLength(2);
    expect(bits(result)).toBe(bits(reference));
  });

  it('a CSV regression goes the same way (targets in shared memory, same bits)', async () => {
    const rows = Array.from({ length: 300 }, (_, i) => `${(i % 17) / 4},${(i % 5) - 2},${Math.sin(i) + (i % 17) / 8}`);
    const path = join(dir, 'reg.csv');
    writeFileSync(path, `a,b,y\n${rows.join('\n')}\n`);
    const spec = experimentSpec.parse({
      data: { source: 'csv', path, target: 'y', standardize: true },
      model: [{ dense: 8, activation: 'tanh' }, { dense: 'output' }],
      loss: 'mse',
      optimizer: { name: 'sgd', lr: 0.05 },
      split: { validation: 0.2, test: 0.2 },
      batchSize: 30, epochs: 3, seed: 2,
    });
    const reference = await trainNetwork(spec);
    const tasks = watch();
    const result = await trainNetworkOnPool(pool, spec, { threads: 2, dataInWorkerBytes: 0 });
    expect(tasks).toEqual(['load-data', 'prepare-data', 'train', 'evaluate']);
    expect(result.data.classes).toBe(0);
    expect(bits(result)).toBe(bits(reference));
  });

  it('a broken IDX file is refused from the worker as in process', async () => {
    // The header promises 1500 images; the file holds 1400 (over the size at which the worker reads it).
    const truncated = idx('truncated.idx', [1500, 28, 28], big.pixels);
    const tasks = watch();
    const there = await refusal(trainNetworkOnPool(pool, specOn(truncated, bigLabels)));
    expect(tasks).toEqual(['load-data']);
    expect(there).toEqual(await refusal(trainNetwork(specOn(truncated, bigLabels))));
    expect(there.field).toBe('data.images');
    expect(there.message).toMatch(/header promises 1500 × 28 × 28 = 1176000 values but the file holds 1097600 \(truncated\?\)/);

    // Images and labels that do not match, and a label file that is not IDX at all.
    const fewLabels = idx('few-labels.idx', [1300], big.labels.subarray(0, 1300));
    const notIdx = join(dir, 'not-idx.bin');
    writeFileSync(notIdx, 'hello world');
    for (const [images, labels] of [[bigImages, fewLabels], [bigImages, notIdx]] as const) {
      const spec = specOn(images, labels);
      const worker = await refusal(trainNetworkOnPool(pool, spec));
      expect(worker.field).toBe('data.labels');
      expect(worker).toEqual(await refusal(trainNetwork(spec)));
    }
  });

  it('a spec the prepared data refuses is refused from the worker as in process', async () => {
    // Label noise needs classes: a regression refuses it in prepareData (on the worker here).
    const path = join(dir, 'reg2.csv');
    writeFileSync(path, 'x,y\n1,0.5\n2,1.5\n3,2.25\n4,0.75\n5,1.25\n');
    const spec = experimentSpec.parse({
      data: { source: 'csv', path, target: 'y', task: 'regression', labelNoise: 0.2 },
      model: [{ dense: 'output' }], loss: 'mse', optimizer: { name: 'sgd', lr: 0.1 }, split: { validation: 0, test: 0 }, epochs: 1,
    });
    const tasks = watch();
    const there = await refusal(trainNetworkOnPool(pool, spec, { dataInWorkerBytes: 0 }));
    expect(tasks).toEqual(['load-data', 'prepare-data']);
    expect(there).toEqual(await refusal(trainNetwork(spec)));
    expect(there.field).toBe('data.labelNoise');
  });
});
