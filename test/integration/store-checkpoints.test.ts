// WAL checkpoints off the writing thread (main/store/checkpointer.ts), on real SQLite files with a
// real worker thread: no commit of the store's connection copies the WAL back (the database file
// itself does not change while it writes), the checkpoint worker does, the WAL file stays bounded
// over many runs recorded on real pool workers, a store opened with SQLite's own checkpoints does
// checkpoint inside its commits (so the first test's check can fail), large resume states are
// written by the worker in order with what follows them, and SIGKILL in the middle of a
// background checkpoint loses no committed point.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { experimentSpec } from '../../preload/experiment';
import { WorkerPool } from '../../main/engine/pool/pool';
import { recordRun } from '../../main/engine/runs';
import { Store } from '../../main/store';

let dir: string;
beforeAll(() => void (dir = mkdtempSync(join(tmpdir(), 'descent-lab-checkpoints-'))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const size = (file: string) => statSync(file, { throwIfNoEntry: false })?.size ?? 0;

/** `points` points of one series in batches of 10,000, each its own commit (as the metric writer flushes). */
function writePoints(store: Store, runId: number, points: number, from = 0): void {
  for (let at = from; at < from + points; at += 10_000) {
    const steps = Array.from({ length: 10_000 }, (_, i) => at + i);
    store.appendPoints(runId, 'loss', steps, steps.map((s) => Math.sin(s)));
  }
}

function newRun(store: Store): number {
  const e = store.createExperiment({ name: 'wal', kind: 'network', spec: {} });
  return store.createRun({ experimentId: e.id, label: 'r', seed: 1, spec: {}, status: 'running' }).id;
}

describe('WAL checkpoints', () => {
  it('checkpointNow while one is under way runs one more after it, which copies back what was committed since', async () => {
    const file = join(dir, 'now.db');
    const store = Store.open(file);
    try {
      const cp = store.checkpointer!;
      const runId = newRun(store);
      writePoints(store, runId, 100_000);
      const first = cp.checkpointNow(); // under way now
      writePoints(store, runId, 100_000, 100_000); // committed after it began
      const before = cp.results.length;
      await cp.checkpointNow();
      await first;
      // The one under way and one begun after it (waiting for the first alone left these commits in the WAL).
      expect(cp.results.length).toBeGreaterThanOrEqual(before + 2);
      const last = cp.results.at(-1)!;
      expect(last.busy).toBe(0);
      expect(last.checkpointed).toBe(last.log);
      expect(store.readSeries([runId], ['loss'])[0]!.steps.length).toBe(200_000);
    } finally {
      store.close();
    }
  });

  it('commits never checkpoint: the file stays as it was until the worker copies the WAL back', async () => {
    const file = join(dir, 'background.db');
    const store = Store.open(file);
    try {
      expect(store.db.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
      expect(store.checkpointer?.active).toBe(true);
      const runId = newRun(store);
      await store.checkpointer!.checkpointNow();
      const before = size(file);
      // 600,000 points ≈ 5 MiB of pages over 60 commits: past SQLite's 1,000-page threshold.
      writePoints(store, runId, 600_000);
      expect(size(`${file}-wal`)).toBeGreaterThan(4_096 * 1_000);
      expect(size(file), 'a commit copied pages into the database file').toBe(before);
      await store.checkpointer!.checkpointNow();
      const last = store.checkpointer!.results.at(-1)!;
      expect(last.busy).toBe(0);
      expect(last.checkpointed).toBe(last.log);
      expect(size(file)).toBeGreaterThan(before + 4_096 * 1_000);
      // The next commit starts the WAL over: the file holds the data, the WAL only that commit.
      writePoints(store, runId, 10_000, 600_000);
      const s = store.readSeries([runId], ['loss'])[0]!;
      expect(s.steps.length).toBe(610_000);
      expect(s.values[123_456]).toBe(Math.sin(123_456));
      expect(store.integrityCheck().ok).toBe(true);
    } finally {
      store.close();
    }
    // The store's close is the last connection: no -wal is left behind.
    expect(size(`${file}-wal`)).toBe(0);
  }, 60_000);

  it('with SQLite’s own checkpoints (checkpoints: inline) the same writes do reach the file inside the commits', () => {
    const file = join(dir, 'inline.db');
    const store = Store.open(file, { checkpoints: 'inline' });
    try {
      expect(store.db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
      expect(store.checkpointer).toBeNull();
      const runId = newRun(store);
      const before = size(file);
      writePoints(store, runId, 600_000);
      expect(size(file)).toBeGreaterThan(before + 4_096 * 500);
    } finally {
      store.close();
    }
  });

  it('network runs recorded on the pool: the worker checkpoints as they train, the WAL starts over once it has caught up, every run is whole', async () => {
    const file = join(dir, 'runs.db');
    const store = Store.open(file);
    const pool = new WorkerPool({ size: 1 });
    const spec = experimentSpec.parse({
      seed: 3,
      data: { source: 'spiral', samples: 2_000, noise: 0.1 },
      split: { validation: 0.2 },
      model: [{ dense: 64, activation: 'relu' }, { dense: 'output' }],
      optimizer: { name: 'adam', lr: 0.01 },
      batchSize: 16,
      epochs: 4,
    });
    const blob = new Uint8Array(2 * 2 ** 20).fill(7);
    try {
      for (let r = 0; r < 6; r++) {
        let runId = 0;
        const run = await recordRun({ ...spec, seed: r + 1 }, store, {
          pool,
          onStart: (ids) => void (runId = ids.runId),
          // 2 MiB at every epoch end: a large network's state, 48 MiB over the six runs.
          onEpoch: (m) => store.saveCheckpoint(runId, -m.epoch, blob),
        });
        expect(run.status).toBe('completed');
        expect(store.readSeries([run.runId], ['loss'])[0]!.steps.length).toBe(4 * 100);
        expect(store.readSeries([run.runId], ['trainLoss'])[0]!.steps).toEqual([1, 2, 3, 4]);
      }
      // The worker checkpointed while the runs trained…
      expect(store.checkpointer!.results.filter((c) => c.busy === 0 && c.log > 0).length).toBeGreaterThan(0);
      // …and once it has caught up, the next commit starts the WAL over and trims the file to
      // journal_size_limit (16 MiB): without checkpoints it would keep all ~50 MiB written.
      await store.checkpointer!.checkpointNow();
      writePoints(store, newRun(store), 10_000);
      expect(size(`${file}-wal`)).toBeLessThanOrEqual(16 * 2 ** 20);
      expect(size(file)).toBeGreaterThan(48 * 2 ** 20);
      expect(store.db.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
      expect(store.integrityCheck()).toEqual({ ok: true, problems: [] });
    } finally {
      await pool.shutdown();
      store.close();
    }
  }, 120_000);

  it('a large resume state is written by the worker, in order with a later delete, and lands before close', async () => {
    const file = join(dir, 'states.db');
    let store = Store.open(file);
    const big = (fill: number) => new Uint8Array(3 * 2 ** 20).fill(fill);
    try {
      const runId = newRun(store);
      const walBefore = size(`${file}-wal`);
      store.saveResumeState(runId, 1, 10, big(1));
      // Handed to the worker: nothing of the 3 MiB went through this connection yet.
      expect(store.checkpointer!.pendingWrites).toBe(1);
      expect(size(`${file}-wal`) - walBefore).toBeLessThan(2 ** 20);
      expect(store.getResumeState(runId)).toMatchObject({ epoch: 1, step: 10 });
      expect(store.getResumeState(runId)!.state.every((b) => b === 1)).toBe(true);
      // A delete queued behind a state still on its way is not overtaken by it.
      store.saveResumeState(runId, 2, 20, big(2));
      store.deleteResumeState(runId);
      expect(store.getResumeState(runId)).toBeNull();
      // Small states stay inline; a pending large one is on disk once the store has closed.
      store.saveResumeState(runId, 3, 30, new Uint8Array(1000).fill(3));
      expect(store.checkpointer!.pendingWrites).toBe(0);
      expect(store.getResumeState(runId)!.epoch).toBe(3);
      store.saveResumeState(runId, 4, 40, big(4));
      store.close();
      store = Store.open(file);
      const kept = store.getResumeState(runId)!;
      expect(kept.epoch).toBe(4);
      expect(kept.state.length).toBe(3 * 2 ** 20);
      expect(kept.state.every((b) => b === 4)).toBe(true);
      // The worker's writes are checkpointed too.
      await store.checkpointer!.checkpointNow();
      expect(store.integrityCheck().ok).toBe(true);
    } finally {
      store.close();
    }
  });

  it('SIGKILL during background checkpoints: every committed batch is there after reopening', async () => {
    const file = join(dir, 'kill.db');
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', CHILD, file], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    const t0 = Date.now();
    // Kill once the worker has finished a few checkpoints and is likely inside the next one.
    while (!/checkpoints [2-9]/.test(out) && child.exitCode === null && Date.now() - t0 < 60_000) await new Promise((r) => setTimeout(r, 5));
    expect(err).toBe('');
    child.kill('SIGKILL');
    if (child.exitCode === null) await new Promise((r) => child.once('exit', r));
    const committed = Math.max(...[...out.matchAll(/committed (\d+)/g)].map((m) => Number(m[1])));
    expect(committed).toBeGreaterThan(0);
    const store = Store.open(file);
    try {
      expect(store.integrityCheck()).toEqual({ ok: true, problems: [] });
      const s = store.readSeries([1], ['loss'])[0]!;
      // Whole commits only, none missing that the child reported committed.
      expect(s.steps.length % 10_000).toBe(0);
      expect(s.steps.length).toBeGreaterThanOrEqual(committed);
      expect(s.steps.every((step, i) => step === i)).toBe(true);
    } finally {
      store.close();
    }
  }, 90_000);
});

// The child: commits batches of 10,000 points, one per event-loop turn, printing what is committed
// and how many background checkpoints have finished.
const CHILD = `
import { Store } from ${JSON.stringify(new URL('../../main/store/index.ts', import.meta.url).href)};
const store = Store.open(process.argv[1]);
const e = store.createExperiment({ name: 'kill', kind: 'network', spec: {} });
const run = store.createRun({ experimentId: e.id, label: 'r', seed: 1, spec: {}, status: 'running' });
let at = 0;
const tick = () => {
  const steps = Array.from({ length: 10000 }, (_, i) => at + i);
  store.appendPoints(run.id, 'loss', steps, steps);
  at += 10000;
  const done = store.checkpointer.results.filter((c) => c.log > 0).length;
  process.stdout.write('committed ' + at + ' checkpoints ' + done + '\\n');
  setTimeout(tick, 2);
};
tick();
`;
