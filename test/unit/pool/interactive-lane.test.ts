// The pool's interactive lane: a short job someone waits for (a surface race) is not queued
// behind training. No durations are asserted: the background job outlasts any test timeout, so
// only the lane can let the interactive job finish while it runs.
import { afterEach, describe, expect, it } from 'vitest';
import { WorkerPool } from '../../../main/engine/pool/pool';

let pool: WorkerPool | null = null;
afterEach(async () => {
  await pool?.shutdown();
  pool = null;
});

describe('interactive lane', () => {
  it('runs an interactive job while background work holds every worker, ahead of queued background jobs', async () => {
    pool = new WorkerPool({ size: 1 });
    await pool.submit('diagnostic', { kind: 'ping' }).done;
    const training = pool.submit('diagnostic', { kind: 'busy', ms: 600_000 });
    const queuedBackground = pool.submit<number>('diagnostic', { kind: 'sleep', ms: 1 });
    const race = pool.submit<{ rank: number }>('diagnostic', { kind: 'ping' }, { interactive: true });
    await expect(race.done).resolves.toMatchObject({ rank: 0 });
    // The same job without the lane waits for the worker the background job holds.
    expect(training.state).toBe('running');
    expect(queuedBackground.state).toBe('queued');
    expect(pool.liveWorkers).toBe(2);
    training.cancel('test over');
    await expect(queuedBackground.done).resolves.toBe(1);
  });

  it('keeps background jobs to the pool size (the reserve is only for interactive ones)', async () => {
    pool = new WorkerPool({ size: 1 });
    const a = pool.submit('diagnostic', { kind: 'busy', ms: 600_000 });
    const b = pool.submit('diagnostic', { kind: 'sleep', ms: 1 });
    await new Promise((r) => setTimeout(r, 50));
    while (a.state === 'queued') await new Promise((r) => setTimeout(r, 20));
    expect(b.state).toBe('queued');
    expect(pool.liveWorkers).toBe(1);
    a.cancel('test over');
    await b.done;
  });
});
