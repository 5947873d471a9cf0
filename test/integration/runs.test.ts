// A network run's life in the store (recordRun) on real worker threads and a real temp SQLite
// file: every artefact of a completed run, pause and resume to the same bits, worker faults,
// divergence, stop / cancel, a queued row that cannot start, surface races on the pool, and
// metrics surviving a SIGKILL.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { experimentSpec, type ExperimentSpec } from '../../preload/experiment';
import { surfaceExperimentSpec } from '../../preload/spec';
import { confusionFromSeries, decodeWeights, type CheckpointMeta } from '../../main/engine/nn/records';
import { trainNetwork } from '../../main/engine/nn/train';
import { WorkerPool } from '../../main/engine/pool/pool';
import { runRaceOnPool } from '../../main/engine/pool/race';
import { CTRL_STATE, TrainerState } from '../../main/engine/pool/shared';
import type { TrainJob } from '../../main/engine/pool/train-job';
import { CANCEL, recordRun } from '../../main/engine/runs';
import { runRace } from '../../main/engine/surfaces';
import { Store } from '../../main/store';

let dir: string;
let store: Store;
let pool: WorkerPool;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'descent-runs-'));
  store = Store.open(join(dir, 'lab.db'));
  pool = new WorkerPool({ size: 2 });
});

afterAll(async () => {
  await pool.shutdown();
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

// 240 training samples / batch 64 = 4 updates per epoch (the last of 48), two chunks per batch.
const spec = (overrides: Record<string, unknown> = {}): ExperimentSpec =>
  experimentSpec.parse({
    name: 'spiral',
    data: { source: 'spiral', samples: 300, noise: 0.1, classes: 3 },
    model: [{ dense: 16, activation: 'tanh' }, { dense: 'output' }],
    optimizer: { name: 'sgd', lr: 0.1, momentum: 0.9 },
    split: { validation: 0.2 },
    batchSize: 64,
    epochs: 8,
    seed: 4,
    ...overrides,
  });

const series = (runId: number, name: string) => store.readSeries([runId], [name])[0] ?? { steps: [], values: [] };
const bitsOf = (values: ArrayLike<number>) => Array.from(values, (v) => v.toString(16)).join();
const until = async (check: () => boolean, ms = 20_000) => {
  const t0 = performance.now();
  while (!check()) {
    if (performance.now() - t0 > ms) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 5));
  }
};

describe('recordRun', () => {
  it('stores every artefact of a completed run: the numbers of in-process training, bit for bit', async () => {
    const s = spec();
    const reference = await trainNetwork(s);
    const started: number[] = [];
    const run = await recordRun(s, store, {
      pool,
      threads: 2,
      tags: ['lifecycle'],
      onStart: ({ runId }) => started.push(store.getRun(runId).status === 'running' ? runId : -1),
    });
    expect(started).toEqual([run.runId]);
    expect(run.status).toBe('completed');
    const row = store.getRun(run.runId);
    expect(row).toMatchObject({ status: 'completed', lastStep: 32, experimentId: run.experimentId });
    expect(row.startedAt).not.toBeNull();
    expect(row.endedAt).not.toBeNull();
    expect(store.getExperiment(run.experimentId).tags).toEqual(['lifecycle']);

    expect(bitsOf(series(run.runId, 'loss').values)).toBe(bitsOf(reference.steps.loss));
    expect(bitsOf(series(run.runId, 'gradNorm').values)).toBe(bitsOf(reference.steps.gradNorm));
    expect(series(run.runId, 'lr').steps).toEqual(Array.from({ length: 32 }, (_, i) => i));
    for (const [name, key] of [['trainLoss', 'trainLoss'], ['valLoss', 'valLoss'], ['valAccuracy', 'valAccuracy'], ['epochLr', 'lr']] as const) {
      expect(series(run.runId, name).steps).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
      expect(bitsOf(series(run.runId, name).values)).toBe(bitsOf(reference.epochs.map((e) => e[key] as number)));
    }
    const c = series(run.runId, 'confusion');
    expect(confusionFromSeries(c.steps, c.values)).toEqual(reference.confusion);
    // 60 validation samples, all counted once.
    expect(reference.confusion!.flat().reduce((a, b) => a + b, 0)).toBe(60);

    const checkpoint = store.getCheckpoint(run.runId)!;
    expect(checkpoint.step).toBe(32);
    const weights = decodeWeights(checkpoint.weights, checkpoint.meta as unknown as CheckpointMeta);
    expect(bitsOf(weights.params)).toBe(bitsOf(reference.weights.params));
    expect(row.summary).toMatchObject({ epochs: 8, trainLoss: reference.final.trainLoss, valAccuracy: reference.final.valAccuracy, bestEpoch: null });
  });

  it('pauses and resumes to exactly the result of an uninterrupted run', async () => {
    const s = spec({ epochs: 60 });
    const straight = await recordRun(s, store, { pool, threads: 2 });
    let job: TrainJob | null = null;
    let resumed = false;
    let heldUpdates = -1;
    const paused = recordRun(s, store, {
      pool,
      threads: 2,
      reportMs: 1,
      onJob: (j) => (job = j),
      onStep: (m) => {
        if (m.step === 20 && job && !resumed) job.command('pause');
      },
    });
    // Held once rank 0 says so (its state word, polled: no fixed delay), then not one update more.
    await until(() => job !== null && Atomics.load(new Int32Array(job.buffers.control), CTRL_STATE) !== TrainerState.running);
    heldUpdates = job!.position().update;
    await new Promise((r) => setTimeout(r, 150));
    // Held: not one update more while paused.
    expect(job!.position().update).toBe(heldUpdates);
    expect(heldUpdates).toBeLessThan(240);
    resumed = true;
    job!.command('run');
    const run = await paused;
    expect(run.status).toBe('completed');
    for (const name of ['loss', 'gradNorm', 'trainLoss', 'valLoss']) {
      expect(bitsOf(series(run.runId, name).values)).toBe(bitsOf(series(straight.runId, name).values));
    }
    expect(Buffer.from(store.getCheckpoint(run.runId)!.weights).equals(Buffer.from(store.getCheckpoint(straight.runId)!.weights))).toBe(true);
  });

  it.each(['exit', 'throw'] as const)('stores a run failed when a worker %ss mid-run, keeping its updates; the next run succeeds', async (kind) => {
    const s = spec({ epochs: 200 });
    let runId = 0;
    const failing = recordRun(s, store, { pool, threads: 2, fault: { atUpdate: 30, kind, rank: 1 }, onStart: (ids) => (runId = ids.runId) });
    await expect(failing).rejects.toThrow(kind === 'exit' ? /worker died while running train \(exit code 1\)/ : /injected fault at update 30/);
    const row = store.getRun(runId);
    expect(row.status).toBe('failed');
    expect(row.error).toMatch(/^training failed: /);
    // Rank 0 had finished update 29 and posted it before it met the abort at the next barrier.
    expect(series(runId, 'loss').steps).toEqual(Array.from({ length: 30 }, (_, i) => i));
    expect(series(runId, 'trainLoss').steps).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(row.lastStep).toBe(30);
    expect(store.getCheckpoint(runId)).toBeNull();

    expect((await recordRun(spec({ epochs: 2 }), store, { pool, threads: 2 })).status).toBe('completed');
  });

  it('stores a run with a diverging learning rate as diverged, its points finite, no weights', async () => {
    const diverging = spec({
      data: { source: 'sine', samples: 200, noise: 0.1 },
      model: [{ dense: 16, activation: 'relu' }, { dense: 'output' }],
      loss: 'mse',
      optimizer: { name: 'sgd', lr: 1e4 },
      epochs: 20,
    });
    const run = await recordRun(diverging, store, { pool, threads: 2 });
    expect(run.status).toBe('diverged');
    expect(store.getRun(run.runId).status).toBe('diverged');
    const loss = series(run.runId, 'loss').values;
    expect(loss.length).toBeGreaterThan(0);
    expect(loss.length).toBeLessThan(20 * 3);
    expect(loss.every(Number.isFinite)).toBe(true);
    expect(store.getCheckpoint(run.runId)).toBeNull();
  });

  it('stops keeping the weights, cancels on the CANCEL reason, and fails a queued row that cannot start', async () => {
    for (const [reason, status] of [[undefined, 'stopped'], [CANCEL, 'cancelled']] as const) {
      const controller = new AbortController();
      const stopAtThree = (m: { epoch: number }) => m.epoch === 3 && controller.abort(reason);
      const run = await recordRun(spec({ epochs: 5000 }), store, { pool, threads: 2, signal: controller.signal, onEpoch: stopAtThree });
      expect(run.status).toBe(status);
      const row = store.getRun(run.runId);
      expect(row.status).toBe(status);
      expect(row.lastStep).toBeGreaterThanOrEqual(12);
      expect(row.lastStep).toBeLessThan(4 * 5000);
      expect(series(run.runId, 'loss').steps).toHaveLength(row.lastStep);
      expect(store.getCheckpoint(run.runId)!.step).toBe(row.lastStep);
    }

    const experiment = store.createExperiment({ name: 'grid', kind: 'network', spec: {} });
    const bad = spec({ model: [{ dense: 8 }, { residual: [{ dense: 3 }] }, { dense: 'output' }] });
    const queued = store.createRun({ experimentId: experiment.id, label: 'bad cell', seed: 1, spec: bad, status: 'queued' });
    await expect(recordRun(bad, store, { pool, target: { experimentId: experiment.id, runId: queued.id } })).rejects.toThrow(/^model\.1\.residual: /);
    const failed = store.getRun(queued.id);
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatch(/^model\.1\.residual: the block must end at the width of its input/);
    expect(store.listRuns({ experimentId: experiment.id })).toHaveLength(1);
  });

  it('races surface entries on the pool exactly as the in-process race runner', async () => {
    const s = surfaceExperimentSpec.parse({
      fn: 'rosenbrock', start: [-1.2, 1], steps: 500, seed: 3,
      entries: [
        { optimizer: { name: 'adam', lr: 0.02, gradientNoise: { eta: 0.01 } } },
        { optimizer: { name: 'sgdm', lr: 1e-3 } },
        { optimizer: { name: 'sgd', lr: 0.1 } }, // diverges on rosenbrock
      ],
    });
    const pooled = await runRaceOnPool(pool, s);
    expect(pooled.trajectories).toEqual(runRace(s).trajectories);
    expect(pooled.trajectories[2]!.status).toBe('diverged');
  });

  it('keeps the epochs already stored when the process is SIGKILLed; the file reopens intact', async () => {
    const file = join(dir, 'killed.db');
    const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'runs-kill-child.ts'), file], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    await until(() => /ready \d+ \d+\n/.test(out) || child.exitCode !== null, 30_000).catch(() => {});
    expect(err).toBe('');
    const [, runId, committed] = /ready (\d+) (\d+)/.exec(out)!.map(Number);
    expect(committed).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 150)); // a few more epochs may land mid-write
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));

    const reopened = Store.open(file);
    try {
      expect(reopened.integrityCheck()).toEqual({ ok: true, problems: [] });
      expect(reopened.recovered).toBe(1);
      expect(reopened.getRun(runId!).status).toBe('interrupted');
      const epochs = reopened.readSeries([runId!], ['trainLoss'])[0]!;
      expect(epochs.steps.length).toBeGreaterThanOrEqual(committed!);
      expect(epochs.steps).toEqual(Array.from({ length: epochs.steps.length }, (_, i) => i + 1));
    } finally {
      reopened.close();
    }
  });
});
