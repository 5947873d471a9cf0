// Data-parallel training on real worker threads: the same bits for 1, 2 and 3 threads and for
// the in-process reference path, and a least-squares optimum that matches the normal equations.
import { afterAll, describe, expect, it } from 'vitest';
import { optimizerSpec, scheduleSpec } from '../../../preload/spec';
import { GANG_WORDS } from '../../../main/engine/pool/barrier';
import { linearModel, makeLinearSource } from '../../../main/engine/pool/linear';
import { WorkerPool } from '../../../main/engine/pool/pool';
import { allocTrainBuffers, floatView, type Dtype } from '../../../main/engine/pool/shared';
import { startTrainJob, type TrainJobSpec } from '../../../main/engine/pool/train-job';
import { trainRank, type SeriesBatch, type TrainMessage, type TrainPayload } from '../../../main/engine/pool/trainer';

const pool = new WorkerPool({ size: 3 });
afterAll(() => pool.shutdown());

function collect(into: SeriesBatch) {
  return (m: TrainMessage) => {
    if (m.type !== 'metrics') return;
    for (const [name, s] of Object.entries(m.series)) {
      const t = (into[name] ??= { steps: [], values: [] });
      t.steps.push(...s.steps);
      t.values.push(...s.values);
    }
  };
}

const bits = (a: ArrayLike<number>) => Array.from(new Float64Array(Array.from(a)), (v) => v.toString(16) + ':' + Object.is(v, -0)).join();
// epochMs is wall time, the one series that may differ.
const seriesBits = (s: SeriesBatch) => JSON.stringify(Object.fromEntries(Object.entries(s).filter(([k]) => k !== 'epochMs').sort().map(([k, v]) => [k, [v.steps, bits(v.values)]])));

// A batch (100) that is not a multiple of the chunk (16), a short last batch (1030 samples),
// shuffling, a schedule, Adam with gradient noise. float64 makes any change in summation order
// visible in the last bits (float32 storage would round most of it away).
const spec = (threads: number, dtype: Dtype = 'float64'): TrainJobSpec => ({
  model: makeLinearSource({ seed: 7, samples: 1030, features: 24, noise: 0.3, loss: 'squared', dtype }),
  optimizer: optimizerSpec.parse({ name: 'adam', lr: 0.05, gradientNoise: { eta: 0.01 } }),
  schedule: scheduleSpec.parse({ name: 'cosine', tMax: 33 }),
  seed: 11,
  batchSize: 100,
  chunkSize: 16,
  epochs: 3,
  shuffle: true,
  threads,
  reportMs: 5,
});

describe('data-parallel training', () => {
  it.each(['float64', 'float32'] as const)('gives bitwise identical %s parameters and metric series for 1, 2 and 3 threads and the in-process path', async (dtype) => {
    const runs = [];
    for (const threads of [1, 2, 3]) {
      const series: SeriesBatch = {};
      const job = startTrainJob(pool, spec(threads, dtype), { onMessage: collect(series) });
      expect(job.threads).toBe(threads);
      const result = await job.job.done;
      expect(result).toMatchObject({ outcome: 'completed', updates: 33, epochs: 3, totalUpdates: 33 });
      runs.push({ params: bits(job.params), series: seriesBits(series), loss: series.loss!.values });
    }
    // The readable path: the same rank loop on this thread, one rank, no workers.
    const s = spec(1, dtype);
    const buffers = allocTrainBuffers({ dtype, paramCount: 25, samples: 1030, batchSize: 100, chunkSize: 16 });
    const payload: TrainPayload = {
      model: s.model, buffers, optimizer: s.optimizer, schedule: s.schedule, seed: s.seed,
      batchSize: 100, epochs: 3, shuffle: true, initParams: true, reportMs: 0,
    };
    const series: SeriesBatch = {};
    trainRank(payload, { rank: 0, ranks: 1, gang: new Int32Array(new SharedArrayBuffer(GANG_WORDS * 4)), post: collect(series) });
    runs.push({ params: bits(floatView(dtype, buffers.params)), series: seriesBits(series), loss: series.loss!.values });

    for (const run of runs.slice(1)) {
      expect(run.params).toBe(runs[0]!.params);
      expect(run.series).toBe(runs[0]!.series);
    }
    expect(runs[0]!.loss).toHaveLength(33);
    expect(runs[0]!.loss.at(-1)!).toBeLessThan(runs[0]!.loss[0]! / 5);
  });

  it.each([0, 0.3])('reaches the least-squares solution of the normal equations (full batch, float64, L2 λ = %s)', async (l2) => {
    const source = makeLinearSource({ seed: 3, samples: 200, features: 5, noise: 0.5, loss: 'squared', dtype: 'float64', l2 });
    const job = startTrainJob(pool, {
      model: source, optimizer: optimizerSpec.parse({ name: 'sgd', lr: 0.5 }), schedule: { name: 'constant' },
      seed: 1, batchSize: 200, chunkSize: 32, epochs: 400, shuffle: false, threads: 2,
    });
    await job.job.done;
    // Independent answer: solve ([X 1]ᵀ[X 1] + nλ·diag(1,…,1,0)) θ = [X 1]ᵀ y by Gaussian elimination.
    const x = new Float64Array(source.data.x!);
    const y = new Float64Array(source.data.y!);
    const d = 6;
    const a = Array.from({ length: d }, () => new Array<number>(d + 1).fill(0));
    for (let i = 0; i < 200; i++) {
      const row = [...x.subarray(i * 5, i * 5 + 5), 1];
      for (let r = 0; r < d; r++) {
        for (let c = 0; c < d; c++) a[r]![c]! += row[r]! * row[c]!;
        a[r]![d]! += row[r]! * y[i]!;
      }
    }
    for (let r = 0; r < d - 1; r++) a[r]![r]! += 200 * l2;
    for (let k = 0; k < d; k++) {
      for (let r = k + 1; r < d; r++) {
        const f = a[r]![k]! / a[k]![k]!;
        for (let c = k; c <= d; c++) a[r]![c]! -= f * a[k]![c]!;
      }
    }
    const theta = new Array<number>(d).fill(0);
    for (let r = d - 1; r >= 0; r--) {
      let s = a[r]![d]!;
      for (let c = r + 1; c < d; c++) s -= a[r]![c]! * theta[c]!;
      theta[r] = s / a[r]![r]!;
    }
    for (let j = 0; j < d; j++) expect(job.params[j]).toBeCloseTo(theta[j]!, 9);
  });

  it('computes the chunk gradient of both losses as central differences of the chunk loss do', () => {
    for (const loss of ['squared', 'logistic'] as const) {
      const source = makeLinearSource({ seed: 5, samples: 40, features: 4, noise: 0.2, loss, dtype: 'float64' });
      const model = linearModel.create(source.options, source.data);
      const order = Int32Array.from({ length: 40 }, (_, i) => 39 - i);
      const chunk = { order, start: 3, end: 20, epoch: 0, update: 0, batch: 17 };
      const params = Float64Array.from([0.3, -0.2, 0.7, 0.1, -0.4]);
      const grad = new Float64Array(5);
      model.chunkGradient(params, chunk, grad);
      const scratch = new Float64Array(5);
      for (let j = 0; j < 5; j++) {
        const h = 1e-6;
        const plus = Float64Array.from(params);
        plus[j]! += h;
        const minus = Float64Array.from(params);
        minus[j]! -= h;
        const numeric = (model.chunkGradient(plus, chunk, scratch) - model.chunkGradient(minus, chunk, scratch)) / (2 * h);
        expect(grad[j]).toBeCloseTo(numeric, 6);
      }
    }
  });

  it('refuses an oversized model before allocating, naming the sizes', () => {
    // A 784 → 10⁶ dense layer: 785 million parameters.
    expect(() => allocTrainBuffers({ dtype: 'float32', paramCount: 785_000_000, samples: 60_000, batchSize: 128, chunkSize: 32 })).toThrow(
      /too large to train here: 785,000,000 parameters need \d+ MiB/,
    );
  });
});
