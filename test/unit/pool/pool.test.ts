// The worker pool with real worker threads started from the TypeScript sources (the bootstrap
// registers tsx inside each worker, since vitest's transform does not reach worker threads).
// Nothing here asserts a duration: how fast the main thread ticks or a cancel lands is measured
// by `npm run bench` (main/bench/timing.ts); here a job outlasts any test timeout, so only the
// behaviour under test can end it.
import { afterEach, describe, expect, it } from 'vitest';
import { PoolError, WorkerPool } from '../../../main/engine/pool/pool';

let pool: WorkerPool | null = null;
afterEach(async () => {
  await pool?.shutdown();
  pool = null;
});

describe('worker pool', () => {
  it('starts workers lazily and runs a task from TypeScript sources', async () => {
    pool = new WorkerPool({ size: 2 });
    expect(pool.liveWorkers).toBe(0);
    const result = await pool.submit<{ rank: number; ranks: number; threadId: number }>('diagnostic', { kind: 'ping' }).done;
    expect(result.rank).toBe(0);
    expect(result.ranks).toBe(1);
    expect(result.threadId).toBeGreaterThan(0);
    expect(pool.liveWorkers).toBe(1);
  });

  it('queues jobs beyond its workers and runs them all', async () => {
    pool = new WorkerPool({ size: 2 });
    const jobs = [1, 2, 3, 4, 5].map((i) => pool!.submit<number>('diagnostic', { kind: 'sleep', ms: 20 * i }));
    expect(pool.queuedJobs).toBeGreaterThanOrEqual(3);
    expect(await Promise.all(jobs.map((j) => j.done))).toEqual([20, 40, 60, 80, 100]);
    expect(pool.liveWorkers).toBe(2);
  });

  it('keeps the main thread free while workers compute', async () => {
    pool = new WorkerPool({ size: 1 });
    await pool.submit('diagnostic', { kind: 'ping' }).done;
    // Ten minutes of work: only this thread's timers, firing while the worker computes, end it.
    // Were the work done on this thread, no timer could fire and the test would time out.
    const job = pool.submit('diagnostic', { kind: 'busy', ms: 600_000 });
    let ticks = 0;
    const timer = setInterval(() => ++ticks === 5 && job.cancel('five ticks went by'), 10);
    await expect(job.done).rejects.toMatchObject({ kind: 'cancelled', message: 'five ticks went by' });
    clearInterval(timer);
    expect(ticks).toBeGreaterThanOrEqual(5);
  });

  it('fails only the job whose task throws, keeping the message, and runs the next', async () => {
    pool = new WorkerPool({ size: 1 });
    const bad = pool.submit('diagnostic', { kind: 'throw', message: 'bad hyperparameter' });
    const good = pool.submit('diagnostic', { kind: 'sleep', ms: 1 });
    await expect(bad.done).rejects.toMatchObject({ name: 'PoolError', kind: 'task', message: 'bad hyperparameter' });
    await expect(good.done).resolves.toBe(1);
    expect(bad.state).toBe('failed');
  });

  it.each([
    ['exits', { kind: 'exit', code: 3 }, /exit code 3/],
    ['throws outside the task', { kind: 'uncaught', message: 'boom in a timer' }, /boom in a timer/],
  ])('replaces a worker that %s and fails only its job', async (_name, payload, message) => {
    pool = new WorkerPool({ size: 1 });
    const first = await pool.submit<{ threadId: number }>('diagnostic', { kind: 'ping' }).done;
    const dying = pool.submit('diagnostic', payload);
    const after = pool.submit<{ threadId: number }>('diagnostic', { kind: 'ping' });
    const error = await dying.done.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PoolError);
    expect((error as PoolError).kind).toBe('crash');
    expect((error as PoolError).message).toMatch(message);
    expect((await after.done).threadId).not.toBe(first.threadId);
  });

  it('runs a multi-thread job on distinct workers, one rank each', async () => {
    pool = new WorkerPool({ size: 3 });
    const job = pool.submit('diagnostic', { kind: 'ping' }, { threads: 3 });
    const result = await job.done;
    expect(result).toMatchObject({ rank: 0, ranks: 3 });
    expect(job.threads).toBe(3);
    expect(pool.liveWorkers).toBe(3);
  });

  it('cancels a queued job and a running one; the pool keeps working', async () => {
    pool = new WorkerPool({ size: 1 });
    // Busy for longer than any test timeout: only terminating the worker can end it.
    const running = pool.submit('diagnostic', { kind: 'busy', ms: 600_000 });
    const queued = pool.submit('diagnostic', { kind: 'ping' });
    queued.cancel('not needed');
    await expect(queued.done).rejects.toMatchObject({ kind: 'cancelled', message: 'not needed' });
    while (running.state !== 'running') await new Promise((r) => setTimeout(r, 10)); // the worker starts lazily
    await new Promise((r) => setTimeout(r, 100)); // most likely inside its loop by now; cancel must work either way
    running.cancel();
    await expect(running.done).rejects.toMatchObject({ kind: 'cancelled' });
    expect(running.state).toBe('cancelled');
    await expect(pool.submit('diagnostic', { kind: 'sleep', ms: 1 }).done).resolves.toBe(1);
  });

  it('rejects unknown tasks by name and refuses work after shutdown', async () => {
    pool = new WorkerPool({ size: 1 });
    await expect(pool.submit('nope', {}).done).rejects.toThrow(/unknown pool task "nope"/);
    await pool.shutdown();
    expect(() => pool!.submit('diagnostic', { kind: 'ping' })).toThrow(/shut down/);
  });
});
