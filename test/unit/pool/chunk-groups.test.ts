// Batches of more than eight chunks: the gradient is summed in chunk groups (nn/kernels.ts
// chunkGroupSize: chunk order within a group, one rank per group, then the groups in order). The
// pool on 1, 2 and 3 threads must give the in-process loop's bits — with three threads the groups
// are split unevenly between ranks, and a rank that summed a group in another order, or added
// groups out of order, would change the last bits (float32 addition is not associative) — and the
// grouped sum must still be the batch gradient (against a float64 reference, same tolerance as
// the training tests).
import { afterAll, describe, expect, it } from 'vitest';
import { experimentSpec } from '../../../preload/experiment';
import { loadData } from '../../../main/engine/data/load';
import { prepareData } from '../../../main/engine/data/prepare';
import { computeLoss } from '../../../main/engine/nn/losses';
import { chunkGroupSize } from '../../../main/engine/nn/kernels';
import { buildNetwork } from '../../../main/engine/nn/network';
import { trainNetwork, type TrainResult } from '../../../main/engine/nn/train';
import { Trainer } from '../../../main/engine/nn/trainer';
import { trainNetworkOnPool } from '../../../main/engine/pool/network';
import { WorkerPool } from '../../../main/engine/pool/pool';

const pool = new WorkerPool({ size: 3 });
afterAll(() => pool.shutdown());

const hex = (v: number | null | undefined) => (typeof v === 'number' ? new Float64Array([v]).reduce((_, x) => x.toString(16), '') : String(v));

function fingerprint(r: TrainResult): string {
  return JSON.stringify({
    status: r.status,
    steps: [r.steps.loss.map(hex), r.steps.gradNorm.map(hex)],
    epochs: r.epochs.map((e) => [hex(e.trainLoss), hex(e.valLoss)]),
    params: Array.from(r.weights.params, hex),
  });
}

const specs = {
  // 700 training samples, batches of 288 (9 chunks: groups of two, two, two, two and one) and a
  // last one of 124 (4 chunks: one chunk a group).
  nineChunks: experimentSpec.parse({
    data: { source: 'spiral', samples: 800, noise: 0.1, classes: 3 },
    model: [{ dense: 24, activation: 'relu' }, { dense: 16, activation: 'tanh' }, { dense: 'output' }],
    optimizer: { name: 'adam', lr: 0.01 },
    split: { validation: 0.125 },
    batchSize: 288, epochs: 3, seed: 7,
  }),
  // Layer norm's γ and β are summed by the network (not the dense kernels); 400 training samples,
  // batches of 330 (11 chunks, 32 × 10 + 10: groups of two, the last of one) and 70.
  elevenChunksLayerNorm: experimentSpec.parse({
    data: { source: 'moons', samples: 500, noise: 0.2 },
    model: [{ dense: 16, activation: 'relu' }, { layernorm: {} }, { residual: [{ dense: 16, activation: 'relu' }, { dense: 16 }], activation: 'relu' }, { dense: 'output' }],
    optimizer: { name: 'sgd', lr: 0.1, momentum: 0.9 },
    split: { validation: 0.2 },
    batchSize: 330, epochs: 3, seed: 8,
  }),
};

describe('chunk groups', () => {
  it('group sizes: one chunk a group up to eight chunks, at most eight groups beyond', () => {
    expect([1, 2, 4, 8, 9, 16, 17, 32, 33].map(chunkGroupSize)).toEqual([1, 1, 1, 1, 2, 2, 3, 4, 5]);
  });

  it.each(Object.keys(specs) as (keyof typeof specs)[])('the pool reproduces the in-process loop to the last bit on 1, 2 and 3 threads (%s)', async (name) => {
    const spec = specs[name];
    const reference = fingerprint(await trainNetwork(spec));
    for (const threads of [1, 2, 3]) expect(fingerprint(await trainNetworkOnPool(pool, spec, { threads })), `${threads} threads`).toBe(reference);
  }, 60_000);

  it('the grouped sum is the batch gradient (float64 reference over the whole batch)', () => {
    const spec = experimentSpec.parse({
      data: { source: 'spiral', samples: 400, noise: 0.1, classes: 3 },
      model: [{ dense: 16, activation: 'relu' }, { dense: 'output' }],
      optimizer: { name: 'sgd', lr: 0.5 },
      split: { validation: 0 },
      batchSize: 300, epochs: 1, seed: 3, shuffle: false,
    });
    const dataset = loadData(spec.data, spec.seed);
    const split = { train: Int32Array.from({ length: dataset.n }, (_, i) => i), validation: new Int32Array(0), test: new Int32Array(0) };
    const data = prepareData(dataset, split, spec.data, spec.seed);
    const trainer = new Trainer(spec, data);
    const before = Float32Array.from(trainer.network.params);
    const ids = trainer.epochOrder(0).subarray(0, 300); // 10 chunks: five groups of two
    trainer.trainStep(ids, 0);

    const ref = buildNetwork(spec.model, 2, 3, 'float64');
    ref.params.set(before);
    const x = new Float64Array(300 * 2);
    ids.forEach((i, r) => x.set(data.x.subarray(2 * i, 2 * i + 2), 2 * r));
    const out = ref.forward(x, 300, { train: true, seed: spec.seed, epoch: 0, sampleIds: ids });
    const dOut = new Float64Array(900);
    computeLoss('cross-entropy', out, 300, 3, { kind: 'labels', labels: Int32Array.from(ids, (i) => data.labels![i]!) }, dOut, 1 / 300);
    ref.grads.fill(0);
    ref.backward(dOut, 300);
    let worst = 0;
    for (let i = 0; i < before.length; i++) worst = Math.max(worst, Math.abs(trainer.network.params[i]! - (before[i]! - 0.5 * ref.grads[i]!)));
    expect(worst).toBeLessThan(1e-6);
  });
});
