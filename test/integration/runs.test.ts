// The run manager on real worker threads and a real temp SQLite file: statuses, control,
// faults, divergence, surface races on the pool, and metrics surviving a SIGKILL.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { optimizerSpec, surfaceExperimentSpec, type OptimizerSpec } from '../../preload/spec';
import { makeLinearSource } from '../../main/engine/pool/linear';
import { WorkerPool } from '../../main/engine/pool/pool';
import { runRaceOnPool } from '../../main/engine/pool/race';
import type { TrainJobSpec } from '../../main/engine/pool/train-job';
import { RunManager, type RunProgress } from '../../main/engine/runs';
import { runRace } from '../../main/engine/surfaces';
import { Store } from '../../main/store';

let dir: string;
let store: Store;
let pool: WorkerPool;
let manager: RunManager;
const events: RunProgress[] = [];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'descent-runs-'));
  store = Store.open(join(dir, 'lab.db'));
  pool = new WorkerPool({ size: 2 });
  manager = new RunManager({ pool, store, flushMs: 50 });
  manager.onProgress((p) => events.push(p));
});

afterAll(async () => {
  await pool.shutdown();
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

function newRun(label: string): number {
  const experiment = store.createExperiment({ name: label, kind: 'network', spec: {} });
  return store.createRun({ experimentId: experiment.id, label, seed: 1, spec: {} }).id;
}

// 2048 samples / batch 64 = 32 updates per epoch.
const training = (overrides: Partial<TrainJobSpec> & { lr?: number; optimizer?: OptimizerSpec } = {}): TrainJobSpec => ({
  model: makeLinearSource({ seed: 4, samples: 2048, features: 32, noise: 0.1, loss: 'squared', dtype: 'float64' }),
  optimizer: optimizerSpec.parse({ name: 'sgdm', lr: overrides.lr ?? 0.01 }),
  schedule: { name: 'constant' },
  seed: 9,
  batchSize: 64,
  epochs: 60,
  shuffle: true,
  threads: 2,
  ...overrides,
});

const series = (runId: number, name: string) => store.readSeries([runId], [name])[0] ?? { steps: [], values: [] };
const bitsOf = (values: ArrayLike<number>) => Array.from(values, (v) => v.toString(16)).join();
const until = async (check: () => boolean, ms = 10_000) => {
  const t0 = performance.now();
  while (!check()) {
    if (performance.now() - t0 > ms) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 5));
  }
};

describe('run manager', () => {
  it('runs a training job to completion, storing every metric and coalescing progress', async () => {
    const id = newRun('plain');
    manager.start(id, { kind: 'train', job: training({ epochs: 20 }) });
    const end = await manager.finished(id);
    expect(end).toMatchObject({ status: 'completed', error: null, summary: { updates: 640, epochs: 20 } });
    const row = store.getRun(id);
    expect(row).toMatchObject({ status: 'completed', lastStep: 640 });
    expect(row.startedAt).not.toBeNull();
    expect(row.endedAt).not.toBeNull();
    expect(series(id, 'loss').steps).toEqual(Array.from({ length: 640 }, (_, i) => i));
    expect(series(id, 'epochLoss').steps).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    const mine = events.filter((e) => e.runId === id);
    expect(mine.at(-1)).toMatchObject({ status: 'completed', step: 640, total: 640, epoch: 20, etaMs: 0 });
    // Running events come at most every 50 ms (a status change may come sooner).
    const running = mine.filter((e) => e.status === 'running');
    expect(running.length).toBeLessThan(640 / 10);
  });

  it('pauses and resumes to exactly the result of an uninterrupted run', async () => {
    const straight = newRun('straight');
    manager.start(straight, { kind: 'train', job: training({ epochs: 150 }) });
    await manager.finished(straight);

    // Metrics every millisecond, so the pause lands early in the run's 4800 updates.
    const paused = newRun('paused');
    manager.start(paused, { kind: 'train', job: training({ epochs: 150, reportMs: 1 }) });
    await until(() => events.some((e) => e.runId === paused && e.step >= 20));
    manager.pause(paused);
    await until(() => manager.status(paused) !== 'running');
    expect(manager.status(paused)).toBe('paused');
    expect(store.getRun(paused).status).toBe('paused');
    manager.flush();
    const held = series(paused, 'loss').steps.length;
    await new Promise((r) => setTimeout(r, 200));
    manager.flush();
    expect(series(paused, 'loss').steps.length).toBe(held);
    expect(held).toBeLessThan(4800);
    manager.resume(paused);
    expect((await manager.finished(paused)).status).toBe('completed');

    expect(bitsOf(manager.params(paused)!)).toBe(bitsOf(manager.params(straight)!));
    for (const name of ['loss', 'gradNorm', 'epochLoss']) expect(bitsOf(series(paused, name).values)).toBe(bitsOf(series(straight, name).values));
  });

  it.each(['exit', 'throw'] as const)('marks a run failed when a worker %ss mid-run, keeps its metrics, and the next run succeeds', async (kind) => {
    const id = newRun(`fault ${kind}`);
    manager.start(id, { kind: 'train', job: training({ fault: { atUpdate: 300, kind, rank: 1 } }) });
    const end = await manager.finished(id);
    expect(end.status).toBe('failed');
    expect(end.error).toMatch(kind === 'exit' ? /worker died while running train \(exit code 1\)/ : /injected fault at update 300 \(rank 1\)/);
    const row = store.getRun(id);
    expect(row.status).toBe('failed');
    expect(row.error).toBe(end.error);
    // Rank 0 had finished update 299 and posted it before it met the abort at the next barrier.
    expect(series(id, 'loss').steps.at(-1)).toBe(299);
    expect(series(id, 'loss').steps).toHaveLength(300);

    const next = newRun(`after ${kind}`);
    manager.start(next, { kind: 'train', job: training({ epochs: 2 }) });
    expect((await manager.finished(next)).status).toBe('completed');
  });

  it('ends a run with a diverging learning rate as diverged, keeping the finite points', async () => {
    const id = newRun('diverging');
    manager.start(id, { kind: 'train', job: training({ optimizer: optimizerSpec.parse({ name: 'sgd', lr: 50 }) }) });
    const end = await manager.finished(id);
    expect(end.status).toBe('diverged');
    expect(end.error).toMatch(/diverged: the loss or the parameters stopped being finite at update \d+/);
    const loss = series(id, 'loss').values;
    expect(loss.length).toBeGreaterThan(2);
    expect(loss.every(Number.isFinite)).toBe(true);
    expect(loss.at(-1)!).toBeGreaterThan(loss[0]! * 1e6);
    expect(store.getRun(id).status).toBe('diverged');
  });

  it('stops a run keeping what was trained, and cancels a queued one', async () => {
    const running = newRun('stopped');
    const blocked = newRun('queued then cancelled');
    manager.start(running, { kind: 'train', job: training({ epochs: 1000 }) });
    manager.start(blocked, { kind: 'train', job: training() });
    expect(manager.status(blocked)).toBe('queued');
    manager.cancel(blocked);
    expect(await manager.finished(blocked)).toMatchObject({ status: 'cancelled' });
    await until(() => events.some((e) => e.runId === running && e.step >= 50));
    manager.stop(running);
    const end = await manager.finished(running);
    expect(end.status).toBe('stopped');
    const row = store.getRun(running);
    expect(row.status).toBe('stopped');
    expect(row.lastStep).toBeGreaterThanOrEqual(50);
    expect(row.lastStep).toBeLessThan(32_000);
    expect(series(running, 'loss').steps).toHaveLength(row.lastStep);
    expect(manager.params(running)!.some((v) => v !== 0)).toBe(true);
    expect(store.getRun(blocked).status).toBe('cancelled');
  });

  it('runs a race entry per job, matching the in-process race runner', async () => {
    const spec = surfaceExperimentSpec.parse({
      fn: 'rosenbrock', start: [-1.2, 1], steps: 500, seed: 3,
      entries: [
        { optimizer: { name: 'adam', lr: 0.02, gradientNoise: { eta: 0.01 } } },
        { optimizer: { name: 'sgdm', lr: 1e-3 } },
        { optimizer: { name: 'sgd', lr: 0.1 } }, // diverges on rosenbrock
      ],
    });
    const reference = runRace(spec);
    const pooled = await runRaceOnPool(pool, spec);
    expect(pooled.trajectories).toEqual(reference.trajectories);
    expect(pooled.trajectories[2]!.status).toBe('diverged');

    const id = newRun('surface entry');
    manager.start(id, { kind: 'surface-entry', spec, index: 0, label: 'adam' });
    const end = await manager.finished(id);
    expect(end.status).toBe('completed');
    const t = reference.trajectories[0]!;
    expect(series(id, 'x').values).toEqual(t.points.map((p) => p[0]));
    expect(series(id, 'loss').steps).toEqual(t.points.map((_, k) => k));
    expect(series(id, 'lr').values).toEqual(t.lr);
    expect(end.summary).toMatchObject({ steps: 500, finalLoss: t.points.at(-1)![2] });
  });

  it('keeps metrics already written when the process is SIGKILLed; the file reopens intact', async () => {
    const file = join(dir, 'killed.db');
    const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'runs-kill-child.ts'), file], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    await until(() => /ready \d+ \d+\n/.test(out) || child.exitCode !== null, 20_000).catch(() => {});
    expect(err).toBe('');
    const [, runId, committed] = /ready (\d+) (\d+)/.exec(out)!.map(Number);
    expect(committed).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 150)); // a few more flushes may land mid-write
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));

    const reopened = Store.open(file);
    try {
      expect(reopened.integrityCheck()).toEqual({ ok: true, problems: [] });
      expect(reopened.recovered).toBe(1);
      expect(reopened.getRun(runId!).status).toBe('interrupted');
      const loss = reopened.readSeries([runId!], ['loss'])[0]!;
      expect(loss.steps.length).toBeGreaterThanOrEqual(committed!);
      expect(loss.steps).toEqual(Array.from({ length: loss.steps.length }, (_, i) => i));
    } finally {
      reopened.close();
    }
  });
});
