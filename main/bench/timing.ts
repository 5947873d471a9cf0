// Durations the tests deliberately do not assert (a test that fails when the machine is busy tests
// the machine): how free this thread stays while a worker computes or a course section runs, how
// fast a cancel lands, how long the digits bar and a large spectrum take. The tests check the behaviour; these rows, the time.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CourseSectionNumber } from '../../preload/course';
import { experimentSpec } from '../../preload/experiment';
import { runSection } from '../course/runner';
import { eigenvaluesSymmetric } from '../engine/linalg';
import { trainNetwork } from '../engine/nn/train';
import { WorkerPool } from '../engine/pool/pool';
import { createRng } from '../engine/random';
import { Store } from '../store';
import type { Row } from './row';

/** The worst gap between 10 ms ticks of this thread's event loop while `work` runs. */
async function tickGapWhile(work: () => Promise<unknown>): Promise<number> {
  let last = performance.now();
  let worst = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    worst = Math.max(worst, now - last);
    last = now;
  }, 10);
  try {
    await work();
    return worst;
  } finally {
    clearInterval(timer);
  }
}

/** The worst tick gap while one worker is busy for `ms`. */
const worstTickGap = (pool: WorkerPool, ms: number) => tickGapWhile(() => pool.submit('diagnostic', { kind: 'busy', ms }).done);

/** The worst gap between 10 ms ticks of this thread while a course section runs (its networks on the pool, its arithmetic here, sliced). */
async function courseTickGap(pool: WorkerPool, section: CourseSectionNumber): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'descent-lab-bench-course-'));
  const store = Store.open(join(dir, 'lab.db'));
  try {
    return await tickGapWhile(() => runSection({ store, pool, section, seeds: 1 }));
  } finally {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
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
      {
        name: 'course §1, one seed: worst gap between 10 ms ticks of this thread (its networks train on the pool meanwhile)',
        value: await courseTickGap(pool, 1),
        unit: 'ms',
        target: '< 50 ms',
        status: 'measured',
        note: 'the section’s arithmetic on this thread pauses every ≤ 8 ms of work',
      },
      {
        name: 'course §6, one seed: worst gap between 10 ms ticks of this thread (bound-lab sampling, measurements only)',
        value: await courseTickGap(pool, 6),
        unit: 'ms',
        target: '< 50 ms',
        status: 'measured',
      },
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
