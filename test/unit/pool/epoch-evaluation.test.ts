// The epoch end's evaluation on the pool (the training pass and validation) runs on every rank:
// Trainer.evaluate's chunks claimed by any rank, each chunk's loss sum and correct count in its own
// slot, added by rank 0 in chunk order. The in-process run's every number, to the last bit, on 1, 2
// and 3 threads: per-epoch training pass and validation figures, early stopping's best epoch and
// stop, the final metrics, the weights kept. With more validation chunks than the slots hold the
// evaluation runs in rounds, the sums carried from one to the next.
import { afterAll, describe, expect, it } from 'vitest';
import { experimentSpec, type ExperimentSpec } from '../../../preload/experiment';
import { trainNetwork, type TrainResult } from '../../../main/engine/nn/train';
import { trainNetworkOnPool } from '../../../main/engine/pool/network';
import { WorkerPool } from '../../../main/engine/pool/pool';
import { hex } from './bits';

// Every pass split across the ranks, however small (the default keeps passes under ~2²⁵ multiply-adds
// on rank 0, which train-pass.test.ts covers); read by the workers when they start.
process.env.DESCENT_LAB_EVAL_SPLIT_MIN = '0';
const pool = new WorkerPool({ size: 3 });
afterAll(() => pool.shutdown());

/** Every figure a run records (timings left out), the final metrics and the weights, as exact bits. */
function fingerprint(r: TrainResult) {
  return {
    status: r.status,
    steps: [r.steps.loss.map(hex), r.steps.gradNorm.map(hex)],
    epochs: r.epochs.map((e) => [e.epoch, e.trainLoss, e.trainAccuracy, e.fullTrainLoss, e.fullTrainAccuracy, e.valLoss, e.valAccuracy].map(hex).join(' ')),
    final: Object.entries(r.final).map(([k, v]) => [k, hex(v as number)]),
    confusion: r.confusion,
    bestEpoch: r.bestEpoch,
    stoppedEarly: r.stoppedEarly,
    params: Array.from(r.weights.params, hex),
    state: Array.from(r.weights.state, hex),
  };
}

const spec = (o: Record<string, unknown>): ExperimentSpec =>
  experimentSpec.parse({
    data: { source: 'blobs', samples: 640, noise: 1.2, classes: 4 },
    model: [{ dense: 16, activation: 'relu' }, { dropout: 0.3 }, { dense: 'output' }],
    optimizer: { name: 'sgd', lr: 0.05, momentum: 0.9 },
    // 96 rows a batch: three chunks of 32, so three ranks each take one.
    batchSize: 96,
    epochs: 10,
    seed: 7,
    trainPass: true,
    ...o,
  });

const specs = {
  // 480 training rows (15 chunks), 160 validation rows (5 chunks); stops early on the validation loss.
  earlyStopping: spec({ split: { validation: 0.25, test: 0 }, earlyStopping: { patience: 1, minDelta: 0.02 } }),
  // 192 training rows (6 chunks: the slots hold 6), 448 validation rows (14 chunks: three rounds of 6, 6 and 2).
  rounds: spec({ split: { validation: 0.7, test: 0 }, epochs: 3 }),
  // Batch norm: one chunk per batch (the whole batch), so its runs take one worker; the passes read the shared running statistics.
  batchnorm: spec({
    model: [{ dense: 16 }, { batchnorm: {} }, { activation: 'relu' }, { dense: 'output' }],
    split: { validation: 0.25, test: 0 },
    epochs: 3,
  }),
  // Regression: loss sums only, no accuracy.
  regression: spec({
    data: { source: 'sine', samples: 400, noise: 0.1 }, model: [{ dense: 12, activation: 'tanh' }, { dense: 'output' }],
    loss: 'mse', split: { validation: 0.25, test: 0 }, epochs: 3,
  }),
};

describe('the epoch end’s evaluation on every rank', () => {
  it.each(Object.keys(specs) as (keyof typeof specs)[])('gives the in-process run’s figures, summary and weights to the bit on 1, 2 and 3 threads (%s)', async (name) => {
    const s = specs[name];
    const reference = await trainNetwork(s);
    expect(reference.epochs.every((e) => typeof e.fullTrainLoss === 'number' && typeof e.valLoss === 'number')).toBe(true);
    if (name === 'earlyStopping') {
      // The run this case is about: it stops early and keeps an earlier epoch's weights.
      expect(reference.stoppedEarly).toBe(true);
      expect(reference.bestEpoch).toBeLessThan(reference.epochs.length);
      expect(reference.epochs.length).toBeLessThan(10);
    }
    const want = fingerprint(reference);
    for (const threads of [1, 2, 3]) {
      const r = await trainNetworkOnPool(pool, s, { threads });
      expect(fingerprint(r), `${threads} threads`).toEqual(want);
    }
  });
});

describe('publication (1): rank 0 goes on without ranks that are late', () => {
  // The other ranks sleep 20 ms before each wait for rank 0's next batch or evaluation round, so
  // rank 0 has claimed (nearly) every chunk without them; they still pick up exactly the
  // publication they are due (a rank reading the next one's words would change the bits).
  it.each(['earlyStopping', 'rounds'] as const)('keeps the in-process run’s every figure on 2 and 3 threads (%s)', async (name) => {
    const s = specs[name];
    const want = fingerprint(await trainNetwork(s));
    for (const threads of [2, 3]) {
      const r = await trainNetworkOnPool(pool, s, { threads, late: 20 });
      expect(fingerprint(r), `${threads} threads`).toEqual(want);
    }
  }, 60_000);
});
