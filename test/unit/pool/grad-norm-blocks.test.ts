// The gradient norm by blocks (nn/kernels.ts sumOfSquares, NORM_BLOCK): the pool's rank that
// completes a reduction block takes the block's share of Σ g² while the block is in its cache, and
// every rank adds the shares in block order — the in-process loop's sumOfSquares over the whole
// gradient, to the last bit. A net of four blocks (with one or two blocks any order gives the same
// sum: 0 + a + b = 0 + b + a), on 1, 2 and 3 threads, with and without L2 (whose gradient term comes
// after the reduction, so the norm is then taken over the whole gradient), and the recorded norm
// checked against an independent float64 sum over a gradient computed apart.
import { afterAll, describe, expect, it } from 'vitest';
import { experimentSpec, type ExperimentSpec } from '../../../preload/experiment';
import { loadData } from '../../../main/engine/data/load';
import { prepareData } from '../../../main/engine/data/prepare';
import { splitData } from '../../../main/engine/data/split';
import { GRAD_FRESH } from '../../../native/addon';
import { NORM_BLOCK } from '../../../main/engine/nn/kernels';
import { trainNetwork } from '../../../main/engine/nn/train';
import { Trainer } from '../../../main/engine/nn/trainer';
import { trainNetworkOnPool } from '../../../main/engine/pool/network';
import { WorkerPool } from '../../../main/engine/pool/pool';
import { fingerprint } from './bits';

const pool = new WorkerPool({ size: 3 });
afterAll(() => pool.shutdown());

// 2 → 256 → 200 → 3: 52 771 parameters, four blocks of 16 384; batches of 128 rows, four chunks.
const specOf = (l2: number): ExperimentSpec =>
  experimentSpec.parse({
    data: { source: 'spiral', samples: 600, noise: 0.1, classes: 3 },
    model: [{ dense: 256, activation: 'relu' }, { dense: 200, activation: 'tanh' }, { dense: 'output' }],
    optimizer: { name: 'sgd', lr: 0.05 },
    split: { validation: 0 },
    batchSize: 128, epochs: 2, seed: 11, l2,
  });

describe('the gradient norm by reduction blocks', () => {
  it('has four blocks here, so the order of their shares matters', () => {
    const spec = specOf(0);
    const dataset = loadData(spec.data, spec.seed);
    const split = { train: Int32Array.from({ length: dataset.n }, (_, i) => i), validation: new Int32Array(0), test: new Int32Array(0) };
    const t = new Trainer(spec, prepareData(dataset, split, spec.data, spec.seed));
    expect(Math.ceil(t.network.paramSize / NORM_BLOCK)).toBe(4);
  });

  it.each([
    ['SGD', 0],
    ['SGD with L2 (the norm taken after the penalty)', 1e-3],
  ] as const)('%s: 1, 2 and 3 threads record the in-process norms, losses and weights bit for bit', async (_name, l2) => {
    const spec = specOf(l2);
    const reference = fingerprint(await trainNetwork(spec));
    for (const threads of [1, 2, 3]) expect(fingerprint(await trainNetworkOnPool(pool, spec, { threads })), `${threads} threads`).toBe(reference);
  }, 60_000);

  it("the first update's recorded norm is ‖g‖ of the first batch, against a float64 sum in order", async () => {
    const spec = { ...specOf(0), epochs: 1 };
    const pooled = await trainNetworkOnPool(pool, spec, { threads: 2 });
    // The first batch's gradient, computed apart by the in-process trainer at the initial weights.
    const dataset = loadData(spec.data, spec.seed);
    const t = new Trainer(spec, prepareData(dataset, splitData(dataset.n, spec.split, spec.seed), spec.data, spec.seed));
    const order = t.epochOrder(0);
    const chunk = new Float32Array(t.network.paramSize);
    const sum = new Float64Array(t.network.paramSize);
    for (let c = 0; c < spec.batchSize / t.chunkRows; c++) {
      t.chunkGradient(order.subarray(c * t.chunkRows, (c + 1) * t.chunkRows), 0, spec.batchSize, chunk, GRAD_FRESH);
      for (let i = 0; i < chunk.length; i++) sum[i]! += chunk[i]!;
    }
    let inOrder = 0;
    for (const v of sum) inOrder += v * v;
    // The chunks' float32 sum against a float64 one: within float32 rounding of the gradient.
    expect(Math.abs(pooled.steps.gradNorm[0]! - Math.sqrt(inOrder))).toBeLessThan(1e-5 * Math.sqrt(inOrder));
  }, 60_000);
});
