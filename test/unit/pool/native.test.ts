// The native path on real worker threads: every optimizer of the zoo (and the gradient wrappers)
// trained on the pool with 1, 2 and 3 threads gives the in-process loop's bits, with the reduction,
// gradient norm and dense products on the native kernels and the optimizer update sharded by
// parameter slice where the optimizer allows it (pool/sharded.ts) — batches of 100 rows, so
// four chunks of 32, 32, 32, 4: the reduction's chunk order matters. float64 (the linear model)
// too. Where the addon is absent the same runs check the WebAssembly path (the names say so).
import { afterAll, describe, expect, it } from 'vitest';
import { experimentSpec } from '../../../preload/experiment';
import { optimizerSpec, scheduleSpec, type OptimizerSpec } from '../../../preload/spec';
import { kernelsInUse } from '../../../main/engine/nn/wasm-kernels';
import { trainNetwork } from '../../../main/engine/nn/train';
import { makeLinearSource } from '../../../main/engine/pool/linear';
import { trainNetworkOnPool } from '../../../main/engine/pool/network';
import { WorkerPool } from '../../../main/engine/pool/pool';
import { shardable } from '../../../main/engine/pool/sharded';
import { startTrainJob } from '../../../main/engine/pool/train-job';
import type { SeriesBatch, TrainMessage } from '../../../main/engine/pool/trainer';
import { fingerprint, hex } from './bits';

const pool = new WorkerPool({ size: 3 });
afterAll(() => pool.shutdown());

const inUse = kernelsInUse();
const NATIVE = inUse.kernels.startsWith('native');
const PATH = NATIVE ? `native (${inUse.kernels})` : `${inUse.kernels}, native not run: ${inUse.detail}`;

const ZOO: Record<string, unknown> = {
  sgd: { name: 'sgd', lr: 0.05 },
  sgdm: { name: 'sgdm', lr: 0.05, momentum: 0.9, weightDecay: 1e-3 },
  nag: { name: 'nag', lr: 0.05 },
  sgdw: { name: 'sgdw', lr: 0.05, weightDecay: 0.01 },
  adagrad: { name: 'adagrad', lr: 0.05 },
  rmsprop: { name: 'rmsprop', lr: 0.01 },
  adam: { name: 'adam', lr: 0.01 },
  amsgrad: { name: 'amsgrad', lr: 0.01 },
  adamw: { name: 'adamw', lr: 0.01, weightDecay: 0.05 },
  nadam: { name: 'nadam', lr: 0.01 },
  radam: { name: 'radam', lr: 0.01 },
  adabound: { name: 'adabound', lr: 0.01 },
  swats: { name: 'swats', lr: 0.01 },
  lookahead: { name: 'lookahead', k: 3, inner: { name: 'adam', lr: 0.01 } },
  'adam + clipNorm': { name: 'adam', lr: 0.01, clipNorm: 0.5 },
  'sgdm + gradient noise': { name: 'sgdm', lr: 0.05, momentum: 0.9, gradientNoise: { eta: 0.01 } },
  'sgdm + counter-stream noise': { name: 'sgdm', lr: 0.05, momentum: 0.9, gradientNoise: { eta: 0.01, stream: 'counter' } },
  'lookahead(sgdm + clipNorm)': { name: 'lookahead', inner: { name: 'sgdm', lr: 0.05, momentum: 0.9, clipNorm: 0.3 } },
};

// 300 training rows → three batches of 100 per epoch (chunks 32, 32, 32, 4).
const specOf = (optimizer: unknown, l2 = 0) =>
  experimentSpec.parse({
    data: { source: 'spiral', samples: 400, noise: 0.1, classes: 3 },
    model: [{ dense: 40, activation: 'relu' }, { dense: 24, activation: 'tanh' }, { dense: 'output' }],
    optimizer,
    schedule: { name: 'cosine', tMax: 6 },
    split: { validation: 0.25 },
    batchSize: 100, epochs: 2, seed: 6, l2,
  });

describe(`the pool on the ${PATH} kernels`, () => {
  it('shards the element-wise optimizers and keeps the others serial', () => {
    const parsed = (o: unknown) => optimizerSpec.parse(o) as OptimizerSpec;
    const sharded = Object.entries(ZOO).filter(([, o]) => shardable(parsed(o))).map(([k]) => k);
    expect(sharded).toEqual([
      'sgd', 'sgdm', 'nag', 'sgdw', 'adagrad', 'rmsprop', 'adam', 'amsgrad', 'adamw', 'nadam', 'radam', 'adabound', 'swats', 'lookahead',
      'adam + clipNorm', 'sgdm + counter-stream noise', 'lookahead(sgdm + clipNorm)',
    ]);
  });

  for (const [name, optimizer] of Object.entries(ZOO)) {
    it(`${name}: 1, 2 and 3 threads give the in-process bits`, async () => {
      const spec = specOf(optimizer);
      const reference = fingerprint(await trainNetwork(spec));
      for (const threads of [1, 2, 3]) expect(fingerprint(await trainNetworkOnPool(pool, spec, { threads })), `${threads} threads`).toBe(reference);
    }, 60_000);
  }

  it('L2 on the weights (the penalty added by slice): 1, 2 and 3 threads give the in-process bits', async () => {
    const spec = specOf({ name: 'adam', lr: 0.01 }, 1e-3);
    const reference = fingerprint(await trainNetwork(spec));
    for (const threads of [1, 2, 3]) expect(fingerprint(await trainNetworkOnPool(pool, spec, { threads })), `${threads} threads`).toBe(reference);
  }, 60_000);

  it('a run whose sums went in another order would be told apart (the fingerprint sees last bits)', async () => {
    // Batches of 96 instead of 100: other chunks, other sums. Same data, optimizer and seed.
    const a = fingerprint(await trainNetwork(specOf(ZOO.adam)));
    const b = fingerprint(await trainNetwork({ ...specOf(ZOO.adam), batchSize: 96 }));
    expect(a).not.toBe(b);
  });

  for (const optimizer of [{ name: 'adam', lr: 0.05, clipNorm: 1 }, { name: 'lookahead', inner: { name: 'rmsprop', lr: 0.01 } }, { name: 'nag', lr: 0.05 }]) {
    it(`float64 (linear model), ${JSON.stringify(optimizer)}: 1, 2 and 3 threads give the same bits`, async () => {
      const runs: string[] = [];
      for (const threads of [1, 2, 3]) {
        const series: SeriesBatch = {};
        const job = startTrainJob(
          pool,
          {
            model: makeLinearSource({ seed: 3, samples: 700, features: 30, noise: 0.2, loss: 'logistic', dtype: 'float64' }),
            optimizer: optimizerSpec.parse(optimizer), schedule: scheduleSpec.parse({ name: 'constant' }),
            seed: 2, batchSize: 96, chunkSize: 16, epochs: 2, shuffle: true, threads, reportMs: 5,
          },
          {
            onMessage: (m: TrainMessage) => {
              if (m.type !== 'metrics') return;
              for (const [k, s] of Object.entries(m.series)) if (k !== 'epochMs') ((series[k] ??= { steps: [], values: [] }).values.push(...s.values));
            },
          },
        );
        expect(job.threads).toBe(threads);
        await job.job.done;
        runs.push(JSON.stringify({ params: Array.from(job.params, hex), series: Object.entries(series).sort().map(([k, s]) => [k, s.values.map(hex)]) }));
      }
      expect(runs[1]).toBe(runs[0]);
      expect(runs[2]).toBe(runs[0]);
    }, 60_000);
  }
});
