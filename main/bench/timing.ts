// Durations the tests deliberately do not assert (a test that fails when the machine is busy tests
// the machine): how free this thread stays while a worker computes or a course section runs, how
// fast a cancel lands, how long the digits bar and a large spectrum take. The tests check the behaviour; these rows, the time.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CourseSectionNumber } from '../../preload/course';
import { experimentSpec } from '../../preload/experiment';
import { OPTIMIZER_NAMES, surfaceExperimentSpec } from '../../preload/spec';
import { slicedBoundaryPainter, type SlicedPainter } from '../api/boundary-slices';
import { runSection } from '../course/runner';
import { eigenvaluesSymmetric } from '../engine/linalg';
import { trainNetwork } from '../engine/nn/train';
import { WorkerPool } from '../engine/pool/pool';
import { runRaceOnPool } from '../engine/pool/race';
import { recordRun } from '../engine/runs/record';
import { createRng } from '../engine/random';
import { Store } from '../store';
import type { StoreOptions } from '../store/store';
import type { Row } from './row';

/**
 * How long this thread has waited in the run queue for a CPU so far (ms), where Linux reports it
 * (/proc/thread-self/schedstat); null elsewhere. On a shared machine a tick gap can be long
 * without any long task, only because the thread was not given a CPU: subtracting that wait
 * leaves what the thread itself spent (computing, or blocked in a system call such as fsync).
 */
function runQueueWaitMs(): number | null {
  try {
    return Number(readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[1]) / 1e6;
  } catch {
    return null;
  }
}

interface TickGap {
  /** The worst gap between two 10 ms ticks (ms). */
  wall: number;
  /** The worst gap less the run-queue wait inside it (ms): the longest task, however busy the machine. */
  own: number | null;
}

/** The worst gap between 10 ms ticks of this thread's event loop while `work` runs. */
async function tickGapsWhile(work: () => Promise<unknown>): Promise<TickGap> {
  let last = performance.now();
  let lastWait = runQueueWaitMs();
  let wall = 0;
  let own: number | null = lastWait === null ? null : 0;
  const timer = setInterval(() => {
    const now = performance.now();
    const wait = runQueueWaitMs();
    wall = Math.max(wall, now - last);
    if (wait !== null && lastWait !== null && own !== null) own = Math.max(own, now - last - (wait - lastWait));
    last = now;
    lastWait = wait;
  }, 10);
  try {
    await work();
    return { wall, own };
  } finally {
    clearInterval(timer);
  }
}

const tickGapWhile = async (work: () => Promise<unknown>): Promise<number> => (await tickGapsWhile(work)).wall;

/** The worst tick gap while one worker is busy for `ms`. */
const worstTickGap = (pool: WorkerPool, ms: number) => tickGapWhile(() => pool.submit('diagnostic', { kind: 'busy', ms }).done);

/** The worst tick gap while a course section runs (its networks on the pool, its arithmetic here, sliced). */
const courseTickGap = (pool: WorkerPool, section: CourseSectionNumber) =>
  withFileStore({}, (store) => tickGapsWhile(() => runSection({ store, pool, section, seeds: 1 })));

/** A store on a real file in a fresh temp folder, removed after `use`. */
async function withFileStore<T>(options: StoreOptions, use: (store: Store) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'descent-lab-bench-main-'));
  const store = Store.open(join(dir, 'lab.db'), options);
  try {
    return await use(store);
  } finally {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Bytes stored at every epoch end, standing for a large network's resumable training state. */
const EPOCH_STATE_BYTES = 4 * 2 ** 20;

/** Two hidden ReLU layers of `width` on spirals, Adam, batch 32. */
const spiralSpec = (samples: number, width: number, epochs: number, validation: number) =>
  experimentSpec.parse({
    seed: 1,
    data: { source: 'spiral', samples, noise: 0.1 },
    split: { validation },
    model: [{ dense: width, activation: 'relu' }, { dense: width, activation: 'relu' }, { dense: 'output' }],
    optimizer: { name: 'adam', lr: 0.001 },
    batchSize: 32,
    epochs,
  });

/** A network run on the pool, recorded to `store` as the app records it, its resumable state EPOCH_STATE_BYTES per epoch. */
function recordedRun(pool: WorkerPool, store: Store, epochs: number) {
  const spec = spiralSpec(20_000, 128, epochs, 0.2);
  let runId = 0;
  return recordRun(spec, store, {
    pool,
    threads: 1,
    onStart: (ids) => void (runId = ids.runId),
    // As the recorder stores resumable state (handed over, so a fresh array each time).
    onEpoch: (m) => store.saveResumeState(runId, m.epoch, 0, new Uint8Array(EPOCH_STATE_BYTES).fill(m.epoch)),
  });
}

/**
 * The worst gap between 10 ms ticks of this thread while a network run trains on the pool and is
 * recorded into a real SQLite file (its epoch and update series and a 4 MiB resumable state per epoch as it goes,
 * its confusion matrix and weights at the end), with the store's checkpoints as given.
 */
const recordedRunTickGap = (pool: WorkerPool, checkpoints: StoreOptions['checkpoints']) =>
  withFileStore({ checkpoints }, (store) => tickGapsWhile(() => recordedRun(pool, store, 8)));

/** The worst tick gap while a wide planar network trains and its boundary is painted as the Network lab paints it. */
function boundaryTickGap(pool: WorkerPool): Promise<TickGap> {
  const spec = spiralSpec(600, 512, 6, 0);
  return withFileStore({}, (store) =>
    tickGapsWhile(async () => {
      let painter: SlicedPainter | null = null;
      const paints: Promise<unknown>[] = [];
      await recordRun(spec, store, {
        pool,
        threads: 1,
        onStart: (_ids, data, dataset) => void (painter = slicedBoundaryPainter(dataset, data.classes)),
        onEpoch: (_m, model) => void (painter && paints.push(painter.paint(model))),
      });
      await Promise.all(paints);
    }),
  );
}

/** The worst tick gap during 300-step races of 14 optimizers, one after another, while a recorded network run trains. */
function raceWhileTrainingTickGap(pool: WorkerPool): Promise<TickGap & { races: number }> {
  const race = surfaceExperimentSpec.parse({
    fn: 'rosenbrock',
    start: [-1.2, 1],
    steps: 300,
    seed: 1,
    entries: OPTIMIZER_NAMES.map((name) => ({ optimizer: name === 'lookahead' ? { name, inner: { name: 'adam', lr: 0.001 } } : { name, lr: 0.001 } })),
  });
  return withFileStore({}, async (store) => {
    let training = true;
    const run = recordedRun(pool, store, 4).finally(() => (training = false));
    let races = 0;
    const gap = await tickGapsWhile(async () => {
      while (training) {
        await runRaceOnPool(pool, race);
        races++;
      }
      await run;
    });
    return { ...gap, races };
  });
}

/** From cancel() to the job's settling, for a worker stuck in a loop (it is terminated and replaced). */
async function cancelLatency(pool: WorkerPool): Promise<number> {
  const job = pool.submit('diagnostic', { kind: 'busy', ms: 600_000 });
  while (job.state !== 'running') await new Promise((r) => setTimeout(r, 10));
  await new Promise((r) => setTimeout(r, 100));
  const t0 = performance.now();
  job.cancel();
  await job.done.catch(() => undefined);
  return performance.now() - t0;
}

/** The digits bar of test/unit/nn/training.test.ts: 64-64-10, Adam, 30 epochs, in process. */
async function digitsSeconds(): Promise<number> {
  const t0 = performance.now();
  await trainNetwork(
    experimentSpec.parse({
      seed: 1,
      data: { source: 'digits', standardize: true },
      split: { validation: 0.2 },
      model: [{ dense: 64, activation: 'relu' }, { dense: 10 }],
      optimizer: { name: 'adam', lr: 0.001 },
      batchSize: 32,
      epochs: 30,
    }),
  );
  return (performance.now() - t0) / 1000;
}

function spectrumSeconds(n: number): number {
  const rng = createRng(7);
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) a[i * n + j] = a[j * n + i] = rng.normal();
  const t0 = performance.now();
  eigenvaluesSymmetric(a, n);
  return (performance.now() - t0) / 1000;
}

type Median = (reps: number, once: () => number | Promise<number>) => Promise<number>;

/**
 * Two rows for one main-thread measurement, each the median over `reps` runs: the worst tick gap
 * (what a student waits for an answer) and the worst gap less the thread's run-queue wait inside
 * it (its longest task: what remains of a gap on a machine busy with other work).
 */
async function gapRows(what: string, reps: number, once: () => Promise<TickGap & { note?: string }>, note?: string): Promise<Row[]> {
  const runs: (TickGap & { note?: string })[] = [];
  for (let i = 0; i < Math.max(1, reps); i++) runs.push(await once());
  const mid = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const extra = runs[runs.length - 1]!.note ?? note;
  const rows: Row[] = [
    { name: `${what}: worst gap between 10 ms ticks of this thread`, value: mid(runs.map((r) => r.wall)), unit: 'ms', target: '< 50 ms', status: 'measured', ...(extra ? { note: extra } : {}) },
  ];
  if (runs[0]!.own !== null) {
    const load = loadavg()[0]!.toFixed(1);
    rows.push({
      name: `${what}: longest task of this thread (worst gap less its wait for a CPU)`,
      value: mid(runs.map((r) => r.own!)),
      unit: 'ms',
      target: '< 50 ms',
      status: 'measured',
      note: `load average ${load} on ${availableParallelism()} cores`,
    });
  }
  return rows;
}

export async function timingRows(median: Median, opts: { quick: boolean; reps: number }): Promise<Row[]> {
  const pool = new WorkerPool({ size: 1 });
  const n = opts.quick ? 600 : 1200;
  try {
    return [
      {
        name: 'pool: worst gap between 10 ms ticks of this thread while a worker is busy 300 ms',
        value: await median(opts.reps, () => worstTickGap(pool, 300)),
        unit: 'ms',
        target: '≪ 300 ms',
        status: 'measured',
      },
      {
        name: 'pool: cancel a job whose worker is stuck in a loop, until it settles',
        value: await median(opts.reps, () => cancelLatency(pool)),
        unit: 'ms',
        target: '< 2,000 ms',
        status: 'measured',
        note: 'the worker is terminated after the grace period and replaced',
      },
      ...(await gapRows('course §1, one seed (its networks train on the pool meanwhile)', Math.min(opts.reps, 3), () => courseTickGap(pool, 1), 'the section’s arithmetic on this thread pauses every ≤ 8 ms of work')),
      ...(await gapRows('course §6, one seed (bound-lab sampling, measurements only)', Math.min(opts.reps, 3), () => courseTickGap(pool, 6))),
      ...(await gapRows('Network lab, 2-512-512-3 on spirals: the live decision boundary painted at every epoch', 1, () => boundaryTickGap(pool))),
      ...(await gapRows(
        'network run recorded to a SQLite file (metrics, 4 MiB state per epoch, weights)',
        Math.min(opts.reps, 3),
        () => recordedRunTickGap(pool, 'background'),
        'spiral 20k, 2-128-128-3, 8 epochs on the pool; WAL checkpoints and large states in the store’s worker thread',
      )),
      ...(opts.quick
        ? []
        : await gapRows(
            'the same run the old way (SQLite’s own checkpoints inside commits, the state written on this thread), for comparison',
            Math.min(opts.reps, 3),
            () => recordedRunTickGap(pool, 'inline'),
          )),
      ...(await gapRows('races (14 optimizers × 300 steps) while a recorded network run trains', 1, async () => {
        const r = await raceWhileTrainingTickGap(pool);
        return { ...r, note: `${r.races} races during one 4-epoch run` };
      })),
      {
        name: 'digits 64-64-10 MLP, Adam, 30 epochs (in process)',
        value: await median(opts.quick ? 1 : Math.min(opts.reps, 3), digitsSeconds),
        unit: 's',
        target: '< 15 s',
        status: 'measured',
      },
      {
        name: `eigenvaluesSymmetric, n = ${n} (Householder + tridiagonal QL), once`,
        value: spectrumSeconds(n),
        unit: 's',
        ...(opts.quick ? {} : { target: '< 60 s' }),
        status: 'measured',
      },
    ];
  } finally {
    await pool.shutdown();
  }
}
