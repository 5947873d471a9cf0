// The per-epoch training pass (spec.trainPass): after each epoch a forward-only pass over the whole
// training set with that epoch's final weights, in evaluation mode (no dropout). Checked against a
// float64 computation by hand of the same tiny network (its weights read from the run), against
// the final metrics' full pass (the last epoch's value is the same number), and on the pool: the
// same bits on 1, 2 and 3 threads as in process, with samplesPerSecond still counting training only.
import { afterAll, describe, expect, it, vi } from 'vitest';
import { experimentSpec, type ExperimentSpec } from '../../../preload/experiment';
import { trainNetwork } from '../../../main/engine/nn/train';
import { Trainer } from '../../../main/engine/nn/trainer';
import { Network } from '../../../main/engine/nn/network';
import { loadData } from '../../../main/engine/data/load';
import { prepareData } from '../../../main/engine/data/prepare';
import { splitData } from '../../../main/engine/data/split';
import { trainNetworkOnPool } from '../../../main/engine/pool/network';
import { WorkerPool } from '../../../main/engine/pool/pool';
import { hex } from '../pool/bits';

const pool = new WorkerPool({ size: 3 });
afterAll(() => pool.shutdown());

const base = {
  data: { source: 'blobs', samples: 240, noise: 0.8, classes: 3 },
  model: [{ dense: 8, activation: 'relu' }, { dropout: 0.5 }, { dense: 'output' }],
  optimizer: { name: 'sgd', lr: 0.1, momentum: 0.9 },
  split: { validation: 0.25, test: 0 },
  batchSize: 16, epochs: 3, seed: 5,
};
const spec = (extra: Record<string, unknown> = {}): ExperimentSpec => experimentSpec.parse({ ...base, ...extra, trainPass: true });

/** Mean cross-entropy and accuracy of dense(8, relu) → dense(k) over the rows, in float64, no dropout. */
function byHand(layers: Record<string, unknown>[], x: Float32Array, labels: Int32Array, rows: Int32Array, d: number) {
  const [first, , last] = layers as { weight: number[][]; bias: number[] }[];
  let sum = 0;
  let correct = 0;
  for (const i of rows) {
    const input = Array.from(x.subarray(i * d, (i + 1) * d));
    const hidden = first!.weight.map((w, u) => Math.max(0, w.reduce((a, wj, j) => a + wj * input[j]!, first!.bias[u]!)));
    const logits = last!.weight.map((w, u) => w.reduce((a, wj, j) => a + wj * hidden[j]!, last!.bias[u]!));
    const top = Math.max(...logits);
    const lse = top + Math.log(logits.reduce((a, z) => a + Math.exp(z - top), 0));
    sum += lse - logits[labels[i]!]!;
    if (logits.indexOf(top) === labels[i]) correct++;
  }
  return { loss: sum / rows.length, accuracy: correct / rows.length };
}

describe('training pass after each epoch', () => {
  it('is the evaluation-mode loss of the whole training set with the epoch’s weights (by hand, float64, within 1e-6)', () => {
    const s = spec();
    const dataset = loadData(s.data, s.seed);
    const data = prepareData(dataset, splitData(dataset.n, s.split, s.seed), s.data, s.seed);
    const trainer = new Trainer(s, data);
    for (let epoch = 0; epoch < 3; epoch++) {
      const m = trainer.runEpoch(epoch)!;
      const want = byHand(trainer.network.describe(), data.x, data.labels!, data.train, dataset.features);
      // float32 forward vs float64: a few ulps of float32 on a loss near 1.
      expect(Math.abs(m.fullTrainLoss! - want.loss)).toBeLessThan(1e-6);
      expect(m.fullTrainAccuracy).toBe(want.accuracy);
      // Not the mean mini-batch loss: dropout is on there and the weights move during the epoch.
      expect(Math.abs(m.trainLoss - want.loss)).toBeGreaterThan(1e-3);
    }
  });

  it('the last epoch’s pass is the final metrics’ training loss, to the bit', async () => {
    const r = await trainNetwork(spec());
    const last = r.epochs[r.epochs.length - 1]!;
    expect(hex(last.fullTrainLoss)).toBe(hex(r.final.trainLoss));
    expect(last.fullTrainAccuracy).toBe(r.final.trainAccuracy);
    expect(r.epochs.every((e) => typeof e.fullTrainLoss === 'number')).toBe(true);
  });

  it('with early stopping, the best epoch’s pass is the final training loss (its weights are the ones kept), in process and on the pool', async () => {
    // minDelta 0.5: no epoch after the first counts as better, so the run keeps epoch 1's weights.
    const s = spec({ earlyStopping: { patience: 2, minDelta: 0.5 }, epochs: 8 });
    for (const r of [await trainNetwork(s), await trainNetworkOnPool(pool, s, { threads: 2 })]) {
      expect(r.stoppedEarly).toBe(true);
      expect(r.epochs).toHaveLength(3);
      expect(hex(r.epochs[r.bestEpoch! - 1]!.fullTrainLoss)).toBe(hex(r.final.trainLoss));
      expect(hex(r.epochs[2]!.fullTrainLoss)).not.toBe(hex(r.final.trainLoss));
    }
  });

  it('is absent when the spec does not ask for it, and training is the same bits either way', async () => {
    const off = await trainNetwork(experimentSpec.parse(base));
    const on = await trainNetwork(spec());
    expect(off.epochs.some((e) => 'fullTrainLoss' in e)).toBe(false);
    expect(off.steps.loss.map(hex)).toEqual(on.steps.loss.map(hex));
    expect(off.epochs.map((e) => hex(e.trainLoss))).toEqual(on.epochs.map((e) => hex(e.trainLoss)));
  });

  it('on the pool: the in-process bits on 1, 2 and 3 threads (batch norm too), and absent when off', async () => {
    const bn = spec({ model: [{ dense: 8 }, { batchnorm: {} }, { activation: 'relu' }, { dense: 'output' }] });
    for (const s of [spec(), bn]) {
      const reference = await trainNetwork(s);
      const bits = (e: (typeof reference.epochs)[number]) => [hex(e.fullTrainLoss), hex(e.fullTrainAccuracy)];
      for (const threads of [1, 2, 3]) {
        const r = await trainNetworkOnPool(pool, s, { threads });
        expect(r.epochs.map(bits), `${threads} threads`).toEqual(reference.epochs.map(bits));
        expect(hex(r.final.trainLoss)).toBe(hex(reference.final.trainLoss));
      }
    }
    const off = await trainNetworkOnPool(pool, experimentSpec.parse(base), { threads: 2 });
    expect(off.epochs.some((e) => 'fullTrainLoss' in e)).toBe(false);
  });

  it('regression: a loss and no accuracy', async () => {
    const s = experimentSpec.parse({
      data: { source: 'sine', samples: 120, noise: 0.1 }, model: [{ dense: 8, activation: 'tanh' }, { dense: 'output' }],
      loss: 'mse', epochs: 2, batchSize: 16, trainPass: true,
    });
    const r = await trainNetwork(s);
    expect(r.epochs.map((e) => e.fullTrainAccuracy)).toEqual([null, null]);
    expect(hex(r.epochs[1]!.fullTrainLoss)).toBe(hex(r.final.trainLoss));
    const p = await trainNetworkOnPool(pool, s, { threads: 2 });
    expect(p.epochs.map((e) => [hex(e.fullTrainLoss), e.fullTrainAccuracy])).toEqual(r.epochs.map((e) => [hex(e.fullTrainLoss), e.fullTrainAccuracy]));
  });
});

describe('a run’s end', () => {
  it('builds no nested arrays of the weights on the thread that trains (Network.describe: ~35 ms for 1M parameters)', async () => {
    const describeSpy = vi.spyOn(Network.prototype, 'describe');
    try {
      const r = await trainNetwork(experimentSpec.parse(base));
      await trainNetworkOnPool(pool, experimentSpec.parse(base), { threads: 2 });
      expect(describeSpy).not.toHaveBeenCalled();
      expect(r.weights.params.length).toBeGreaterThan(0);
    } finally {
      describeSpy.mockRestore();
    }
  });
});
