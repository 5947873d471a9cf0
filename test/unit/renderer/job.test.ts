// A page's repeated request keeps the latest call's outcome only: an older answer that comes back
// after a newer call (a slider moved twice) neither shows nor clears the busy flag.
import { describe, expect, it } from 'vitest';
import { createJob } from '../../../renderer/stores/job';

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

describe('createJob', () => {
  it('keeps the latest call’s answer when an older one arrives late', async () => {
    const calls: ReturnType<typeof deferred<string>>[] = [];
    const job = createJob(() => {
      const d = deferred<string>();
      calls.push(d);
      return d.promise;
    });
    const first = job.run();
    const second = job.run();
    calls[1]!.resolve('new');
    await second;
    expect(job.result.value).toBe('new');
    expect(job.busy.value).toBe(false);
    calls[0]!.resolve('old');
    expect(await first).toBeNull();
    expect(job.result.value).toBe('new');
  });

  it('keeps the error of a failed call, and clears it when the next one starts', async () => {
    let fail = true;
    const job = createJob(async () => {
      if (fail) throw new Error('refused');
      return 1;
    });
    expect(await job.run()).toBeNull();
    expect((job.error.value as Error).message).toBe('refused');
    fail = false;
    const next = job.run();
    expect(job.error.value).toBeNull();
    expect(await next).toBe(1);
  });
});
