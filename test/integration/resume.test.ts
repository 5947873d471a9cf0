// Resuming a run is exact: for each optimizer of the zoo and each piece of training state
// (momentum buffers, moments and their maximum, accumulators, SWATS's phase, Lookahead's slow
// weights, the gradient-noise streams (sequential and counter-based), clipping, a schedule's position, early stopping's memory,
// batch-norm statistics, dropout, augmentation, the curriculum), a run stopped part-way and resumed from its stored state ends
// with the uninterrupted run's weights and series to the last bit — in this thread and on the
// pool with two threads. Real SQLite file, real worker threads. And the check can fail: a resume
// that starts the optimizer afresh gives other weights.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { experimentSpec, type ExperimentSpec } from '../../preload/experiment';
import { decodeWeights, type CheckpointMeta } from '../../main/engine/nn/records';
import { decodeTrainState, encodeTrainState } from '../../main/engine/nn/resume';
import { WorkerPool } from '../../main/engine/pool/pool';
import { recordRun, resumeRun, ResumeRefused } from '../../main/engine/runs';
import { Store } from '../../main/store';

const dir = mkdtempSync(join(tmpdir(), 'descent-resume-'));
const store = Store.open(join(dir, 'lab.db'));
const pool = new WorkerPool({ size: 2 });
afterAll(async () => {
  await pool.shutdown();
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

const base = {
  data: { source: 'spiral', samples: 200, noise: 0.1, classes: 3 },
  model: [{ dense: 12, activation: 'tanh' }, { dense: 'output' }],
  split: { validation: 0.25 },
  // 150 training samples in batches of 64: updates of 2, 2 and 1 chunks, three per epoch.
  batchSize: 64,
  epochs: 5,
  seed: 3,
};

const cases: Record<string, Record<string, unknown>> = {
  sgd: { optimizer: { name: 'sgd', lr: 0.2 } },
  sgdm: { optimizer: { name: 'sgdm', lr: 0.1, momentum: 0.9 } },
  adam: { optimizer: { name: 'adam', lr: 0.02 } },
  adamw: { optimizer: { name: 'adamw', lr: 0.02, weightDecay: 0.05 } },
  amsgrad: { optimizer: { name: 'amsgrad', lr: 0.02 } },
  nadam: { optimizer: { name: 'nadam', lr: 0.02 } },
  radam: { optimizer: { name: 'radam', lr: 0.02 } },
  adabound: { optimizer: { name: 'adabound', lr: 0.02 } },
  adagrad: { optimizer: { name: 'adagrad', lr: 0.1 } },
  rmsprop: { optimizer: { name: 'rmsprop', lr: 0.01 } },
  // Switches to SGD after update 4, before the stop: the SGD phase's buffer and Λ carry over.
  swats: { optimizer: { name: 'swats', lr: 0.02, switchAt: 4 } },
  'lookahead(adam)': { optimizer: { name: 'lookahead', k: 4, alpha: 0.5, inner: { name: 'adam', lr: 0.02 } } },
  'gradient noise + clipping': { optimizer: { name: 'adam', lr: 0.02, gradientNoise: { eta: 0.01 }, clipNorm: 0.5 } },
  // The counter stream keeps no generator: the update count alone continues it.
  'counter-stream gradient noise': { optimizer: { name: 'sgdm', lr: 0.1, gradientNoise: { eta: 0.01, stream: 'counter' } } },
  'lookahead(counter noise) + clipping': {
    optimizer: { name: 'lookahead', k: 4, inner: { name: 'adam', lr: 0.02, gradientNoise: { eta: 0.01, stream: 'counter' } }, clipNorm: 0.5 },
  },
  'clipping (sharded)': { optimizer: { name: 'sgdm', lr: 0.1, clipNorm: 0.3 } },
  'cosine schedule + L2': { optimizer: { name: 'sgdm', lr: 0.1 }, schedule: { name: 'cosine', tMax: 15 }, l2: 1e-3 },
  'step schedule': { optimizer: { name: 'adam', lr: 0.05 }, schedule: { name: 'step', stepSize: 4, gamma: 0.5 } },
  'early stopping': { optimizer: { name: 'adam', lr: 0.05 }, epochs: 12, earlyStopping: { patience: 2, minDelta: 0.02 } },
  'batch norm': { model: [{ dense: 12 }, { batchnorm: {} }, { activation: 'relu' }, { dense: 'output' }], optimizer: { name: 'sgdm', lr: 0.1 } },
  dropout: { model: [{ dense: 16, activation: 'relu' }, { dropout: 0.3 }, { dense: 'output' }], optimizer: { name: 'adam', lr: 0.02 } },
  // The training pass after each epoch (fullTrainLoss, fullTrainAccuracy): its stored epochs come back with the history.
  'training pass': { model: [{ dense: 16, activation: 'relu' }, { dropout: 0.3 }, { dense: 'output' }], optimizer: { name: 'adam', lr: 0.02 }, trainPass: true },
  curriculum: { optimizer: { name: 'rmsprop', lr: 0.01 }, curriculum: { by: 'distance', epochs: 3 } },
  // 8×8 digits, 10% for training (179 images: three updates an epoch), flipped, shifted and rotated per (seed, epoch, sample).
  augmentation: {
    data: { source: 'digits' }, split: { validation: 0.9 }, model: [{ dense: 10 }], augment: { flip: true, shift: 1, rotate: 10 },
    optimizer: { name: 'adam', lr: 0.01 },
  },
};

const specOf = (name: string, extra: Record<string, unknown>): ExperimentSpec => experimentSpec.parse({ ...base, name, ...extra });

/** Everything a run stored, as exact bits: every series but the timings, the final weights, status and summary. */
function stored(runId: number) {
  const run = store.getRun(runId);
  const series = store
    .readSeries([runId])
    .filter((s) => s.name !== 'epochMs')
    .map((s) => ({ name: s.name, steps: s.steps, values: s.values.map((v) => (Object.is(v, -0) ? '-0' : String(v))) }))
    .sort((a, b) => a.name.localeCompare(b.name));
  const checkpoint = store.getCheckpoint(runId)!;
  const w = decodeWeights(checkpoint.weights, checkpoint.meta as unknown as CheckpointMeta);
  const { samplesPerSecond: _rate, ...summary } = run.summary as Record<string, unknown>;
  return { status: run.status, lastStep: run.lastStep, checkpointStep: checkpoint.step, summary, series, params: Buffer.from(w.params.buffer).toString('hex'), state: Buffer.from(w.state.buffer).toString('hex') };
}

/** Trains `spec` with a stop after update `stopAfter` (in process: exactly there; on the pool: a worker fault). */
async function interrupted(spec: ExperimentSpec, onPool: boolean, stopAfter: number): Promise<number> {
  if (onPool) {
    let runId = 0;
    await expect(
      recordRun(spec, store, { pool, threads: 2, fault: { atUpdate: stopAfter + 1, kind: 'throw', rank: 0 }, onStart: (ids) => (runId = ids.runId) }),
    ).rejects.toThrow(/injected fault/);
    expect(store.getRun(runId).status).toBe('failed');
    return runId;
  }
  const stop = new AbortController();
  // In process the state is stored at every epoch's end (checkpointMs 0); on the pool, when the run fails.
  const run = await recordRun(spec, store, { signal: stop.signal, checkpointMs: 0, onStep: (m) => m.step === stopAfter && stop.abort() });
  expect(run.status).toBe('stopped');
  return run.runId;
}

for (const loop of ['in process', 'pool, 2 threads'] as const) {
  const onPool = loop !== 'in process';
  const hooks = onPool ? { pool, threads: 2 } : {};
  describe(`resume (${loop})`, () => {
    for (const [name, extra] of Object.entries(cases)) {
      it(`${name}: stopped in epoch 3, resumed, equals the uninterrupted run bit for bit`, async () => {
        const spec = specOf(name, extra);
        const whole = await recordRun(spec, store, hooks);
        // Update 7 is the second of epoch 3 (three updates per epoch): the state is epoch 2's end.
        const runId = await interrupted(spec, onPool, 7);
        const saved = store.getResumeState(runId)!;
        // (With the curriculum the first epochs are shorter: 1, 2, 3 updates, so epoch 3 ends at update 6.)
        expect(saved).toMatchObject(name === 'curriculum' ? { epoch: 3, step: 6 } : { epoch: 2, step: 6 });
        const resumed = await resumeRun(runId, store, hooks);
        expect(resumed.runId).toBe(runId);
        expect(store.getResumeState(runId)).toBeNull();
        expect(stored(runId)).toEqual(stored(whole.runId));
        expect(store.getRun(runId).status).toBe(whole.status);
      });
    }
  });
}

describe('resume refuses what it cannot do exactly', () => {
  it('cross-validation, a finished run, a run without a state, a surface run, a missing run', async () => {
    const cv = await recordRun(specOf('cv', { optimizer: { name: 'adam', lr: 0.02 }, split: { validation: 0, folds: 3 }, epochs: 2 }), store);
    store.setRunStatus(cv.runId, 'interrupted');
    await expect(resumeRun(cv.runId, store)).rejects.toMatchObject({ code: 'conflict', reason: 'run-not-resumable-folds', params: { id: cv.runId, folds: 3 } });
    const done = await recordRun(specOf('done', { optimizer: { name: 'adam', lr: 0.02 } }), store);
    await expect(resumeRun(done.runId, store)).rejects.toMatchObject({ reason: 'run-not-resumable-status', params: { status: 'completed' } });
    store.setRunStatus(done.runId, 'interrupted');
    await expect(resumeRun(done.runId, store)).rejects.toBeInstanceOf(ResumeRefused);
    await expect(resumeRun(done.runId, store)).rejects.toMatchObject({ reason: 'run-not-resumable-no-state', params: { epochs: 5 } });
    const race = store.createExperiment({ name: 'a race', kind: 'surface', spec: {} });
    const entry = store.createRun({ experimentId: race.id, label: 'adam', seed: 1, spec: {}, status: 'interrupted' });
    await expect(resumeRun(entry.id, store)).rejects.toMatchObject({ code: 'conflict', reason: 'run-not-resumable-kind', params: { kind: 'surface' } });
    await expect(resumeRun(99_999, store)).rejects.toMatchObject({ code: 'not-found' });
  });
});

describe('a run that ended before its first epoch did', () => {
  it('starts again from its first update in the same run, and ends as the uninterrupted run', async () => {
    const spec = specOf('early stop', cases.adam!);
    const whole = await recordRun(spec, store);
    const stop = new AbortController();
    const cut = await recordRun(spec, store, { signal: stop.signal, onStep: (m) => m.step === 0 && stop.abort() });
    expect(cut.status).toBe('stopped');
    expect(store.getResumeState(cut.runId)).toBeNull();
    const resumed = await resumeRun(cut.runId, store);
    expect(resumed.runId).toBe(cut.runId);
    expect(stored(cut.runId)).toEqual(stored(whole.runId));
  });
});

describe('the check can fail', () => {
  it('a resume whose optimizer starts afresh (momentum lost) ends with other weights', async () => {
    const spec = specOf('broken', cases.sgdm!);
    const whole = await recordRun(spec, store);
    const runId = await interrupted(spec, false, 7);
    // The stored state with its momentum buffer zeroed: what a resume that drops optimizer state does.
    const row = store.getResumeState(runId)!;
    const state = decodeTrainState(row.state);
    (state.optimizer as { buf: Float32Array }).buf.fill(0);
    store.saveResumeState(runId, row.epoch, row.step, encodeTrainState(state));
    await resumeRun(runId, store);
    const a = stored(runId);
    const b = stored(whole.runId);
    expect(a.params).not.toEqual(b.params);
    // Up to the state the series agree; after it they part.
    const loss = (s: typeof a) => s.series.find((x) => x.name === 'loss')!.values;
    expect(loss(a).slice(0, 7)).toEqual(loss(b).slice(0, 7));
    expect(loss(a).slice(7)).not.toEqual(loss(b).slice(7));
  });
});
