// The network engine on the pool, on real worker threads: the in-process loop's numbers to the
// last bit on 1, 2 and 3 threads (dropout, L2, augmentation-free MLP; batch norm; early stopping
// with curriculum; batches of three and four chunks), pause/resume, divergence, and an oversized
// network refused up front.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { experimentSpec } from '../../../preload/experiment';
import { trainNetwork, type TrainResult } from '../../../main/engine/nn/train';
import { trainNetworkOnPool } from '../../../main/engine/pool/network';
import type { TrainJob } from '../../../main/engine/pool/train-job';
import { WorkerPool } from '../../../main/engine/pool/pool';
import { CTRL_STATE, TrainerState } from '../../../main/engine/pool/shared';

const pool = new WorkerPool({ size: 3 });
afterAll(() => pool.shutdown());

/** Every number of a result as exact bits (hex of the float64), timings left out. */
function fingerprint(r: TrainResult): string {
  const hex = (v: number | null | undefined) => (typeof v === 'number' ? new Float64Array([v]).reduce((_, x) => x.toString(16) + (Object.is(x, -0) ? '-0' : ''), '') : String(v));
  return JSON.stringify({
    status: r.status,
    steps: [r.steps.loss.map(hex), r.steps.gradNorm.map(hex), r.steps.lr.map(hex)],
    epochs: r.epochs.map((e) => [e.epoch, hex(e.trainLoss), hex(e.trainAccuracy), hex(e.valLoss), hex(e.valAccuracy), hex(e.lr)]),
    final: Object.entries(r.final).map(([k, v]) => [k, hex(v as number)]),
    params: Array.from(r.weights.params, hex),
    state: Array.from(r.weights.state, hex),
    bestEpoch: r.bestEpoch,
    stoppedEarly: r.stoppedEarly,
    confusion: r.confusion,
  });
}

const specs = {
  // 210 training samples → batches of 64, 64, 64, 18: two chunks of 32, a short last batch of one chunk.
  dropout: experimentSpec.parse({
    data: { source: 'spiral', samples: 300, noise: 0.1, classes: 3 },
    model: [{ dense: 24, activation: 'tanh' }, { dropout: 0.2 }, { dense: 16, activation: 'relu' }, { dense: 'output' }],
    optimizer: { name: 'adam', lr: 0.01 },
    schedule: { name: 'cosine', tMax: 20 },
    split: { validation: 0.3 },
    batchSize: 64, epochs: 5, seed: 5, l2: 1e-3,
  }),
  batchnorm: experimentSpec.parse({
    data: { source: 'moons', samples: 200, noise: 0.2 },
    model: [{ dense: 16 }, { batchnorm: {} }, { activation: 'relu' }, { dense: 'output' }],
    optimizer: { name: 'sgd', lr: 0.1, momentum: 0.9 },
    batchSize: 40, epochs: 3, seed: 2,
  }),
  earlyCurriculum: experimentSpec.parse({
    data: { source: 'blobs', samples: 240, noise: 0.5, classes: 4 },
    model: [{ dense: 12, activation: 'relu' }, { dense: 'output' }],
    optimizer: { name: 'rmsprop', lr: 0.05 },
    curriculum: { by: 'distance', epochs: 3 },
    earlyStopping: { patience: 2, minDelta: 0.5 },
    batchSize: 50, epochs: 12, seed: 9,
  }),
  // The chunk is 32 rows and the pool adds the chunks' float32 gradients in chunk order. With one
  // or two chunks any order gives the same sum (a + b = b + a), so only batches of three or more
  // chunks show a rank-dependent order: (a + b) + c ≠ (a + c) + b in the last bits.
  // 300 training samples → batches of 100: chunks of 32, 32, 32 and 4.
  threeChunks: experimentSpec.parse({
    data: { source: 'spiral', samples: 400, noise: 0.1, classes: 3 },
    model: [{ dense: 32, activation: 'relu' }, { dense: 'output' }],
    optimizer: { name: 'nadam', lr: 0.01, weightDecay: 1e-3 },
    split: { validation: 0.25 },
    batchSize: 100, epochs: 4, seed: 3,
  }),
  // 600 samples → four batches of 128 (four chunks each) and a short one of 88 (three chunks).
  fourChunks: experimentSpec.parse({
    data: { source: 'moons', samples: 600, noise: 0.2 },
    model: [{ dense: 24, activation: 'tanh' }, { dense: 12, activation: 'relu' }, { dense: 'output' }],
    optimizer: { name: 'nag', lr: 0.05, weightDecay: 1e-4 },
    batchSize: 128, epochs: 3, seed: 4,
  }),
};

const turn = () => new Promise((r) => setTimeout(r, 5));

/**
 * Waits, by polling rather than a fixed delay, until the job says it is paused (or has finished:
 * null), checks over twenty event-loop turns that its position stays put, resumes it, and returns
 * where it was held. While paused rank 0 is blocked on the command word, so however loaded the
 * machine, a moving position is a failure to hold.
 */
async function holdAndResume(job: TrainJob): Promise<{ at: number; moved: boolean } | null> {
  const control = new Int32Array(job.buffers.control);
  for (;;) {
    const state = Atomics.load(control, CTRL_STATE);
    if (state === TrainerState.finished) return null;
    if (state === TrainerState.paused) break;
    await turn();
  }
  const at = job.position().update;
  let moved = false;
  for (let i = 0; i < 20; i++) {
    await turn();
    moved ||= job.position().update !== at;
  }
  job.command('run');
  return { at, moved };
}

describe('trainNetworkOnPool', () => {
  it.each(Object.keys(specs) as (keyof typeof specs)[])('reproduces in-process trainNetwork to the last bit on 1, 2 and 3 threads (%s)', async (name) => {
    const spec = specs[name];
    const reference = fingerprint(await trainNetwork(spec));
    for (const threads of [1, 2, 3]) {
      const steps: number[] = [];
      const result = await trainNetworkOnPool(pool, spec, { threads, onStep: (m) => steps.push(m.step) });
      expect(fingerprint(result), `${threads} threads`).toBe(reference);
      expect(steps).toEqual(result.steps.loss.map((_, i) => i));
    }
  }, 30_000);

  it('gives the same result after a pause and a resume as uninterrupted', async () => {
    const spec = { ...specs.dropout, epochs: 40 };
    const reference = fingerprint(await trainNetworkOnPool(pool, spec, { threads: 2 }));
    let job: TrainJob | null = null;
    const holds: Promise<{ at: number; moved: boolean } | null>[] = [];
    const result = await trainNetworkOnPool(pool, spec, {
      threads: 2,
      reportMs: 0,
      // Paused as it starts (the command is set before this thread yields, so it lands within the
      // first few of 160 updates): a hold that does not depend on timing. Then a second pause once
      // updates have gone by: where it lands depends on the machine (it may even land after the
      // last update), the bits must not.
      onJob: (j) => {
        job = j;
        j.command('pause');
        holds.push(holdAndResume(j));
      },
      onStep: (m) => {
        if (holds.length !== 1 || m.step < 10 || !job) return;
        job.command('pause');
        holds.push(holdAndResume(job));
      },
    });
    const [first, second] = await Promise.all(holds);
    expect(first).toMatchObject({ moved: false });
    expect(first!.at).toBeLessThan(160);
    if (second) expect(second.moved).toBe(false);
    expect(result.epochs).toHaveLength(40);
    expect(fingerprint(result)).toBe(reference);
  }, 30_000);

  it('stops on request, keeping the weights trained so far', async () => {
    const stop = new AbortController();
    const result = await trainNetworkOnPool(pool, { ...specs.dropout, epochs: 500 }, {
      threads: 2,
      signal: stop.signal,
      onEpoch: (m) => m.epoch === 2 && stop.abort(),
    });
    expect(result.status).toBe('stopped');
    expect(result.epochs.length).toBeGreaterThanOrEqual(2);
    expect(result.steps.loss.length).toBeLessThan(500 * 4);
    expect(result.weights.params.every(Number.isFinite)).toBe(true);
  }, 30_000);

  it("ends 'diverged' on a learning rate that blows up", async () => {
    const spec = experimentSpec.parse({
      data: { source: 'sine', samples: 200, noise: 0.1 },
      model: [{ dense: 16, activation: 'relu' }, { dense: 'output' }],
      loss: 'mse',
      optimizer: { name: 'sgd', lr: 1e4 },
      batchSize: 32, epochs: 20, seed: 1,
    });
    const result = await trainNetworkOnPool(pool, spec, { threads: 2 });
    expect(result.status).toBe('diverged');
    expect(result.epochs.length).toBeLessThan(20);
    expect((await trainNetwork(spec)).status).toBe('diverged');
  }, 30_000);

  it('refuses a 10⁶-unit layer in the schema, and a network too large for memory before allocating anything', async () => {
    expect(() => experimentSpec.parse({ data: { source: 'digits' }, model: [{ dense: 1_000_000 }, { dense: 'output' }] })).toThrow(/16384/);
    // The widest layers the schema allows, four deep, on 784 inputs and 2 classes:
    // 784·16384 + 16384 + 3·(16384² + 16384) + 16384·2 + 2 = 818,249,730 float32 parameters,
    // 3.3 GB for the parameters alone and three times that with the gradient and one chunk slot
    // — above any limit (a quarter of RAM, at most 4 GiB).
    const dir = mkdtempSync(join(tmpdir(), 'descent-oom-'));
    try {
      const file = join(dir, 'wide.csv');
      const rows = Array.from({ length: 8 }, (_, i) => [...Array.from({ length: 784 }, (_, j) => ((i * 7 + j) % 13) / 13), i % 2].join(','));
      writeFileSync(file, rows.join('\n') + '\n');
      const wide = { dense: 16384, activation: 'relu' };
      const spec = experimentSpec.parse({
        data: { source: 'csv', path: file, target: 784, header: false },
        model: [wide, wide, wide, wide, { dense: 'output' }],
        batchSize: 4,
        epochs: 1,
        seed: 1,
      });
      let started = false;
      const run = trainNetworkOnPool(pool, spec, { onStart: () => (started = true) });
      await expect(run).rejects.toThrow(/model: the network is too large to train here: 818,249,730 parameters/);
      expect(started).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000);
});
