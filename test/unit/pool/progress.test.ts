// Progress coalescing: at most one event per interval per run, the latest value wins,
// and a status change is never held back.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Coalescer } from '../../../main/engine/runs/progress';

afterEach(() => {
  vi.useRealTimers();
});

describe('progress coalescer', () => {
  it('emits the first value at once, then the latest value at most every interval', () => {
    vi.useFakeTimers();
    const seen: number[] = [];
    const c = new Coalescer<number>(50, (v) => seen.push(v));
    for (let step = 1; step <= 1000; step++) {
      c.push(step);
      vi.advanceTimersByTime(1); // 1000 updates over one second
    }
    vi.advanceTimersByTime(100);
    expect(seen[0]).toBe(1);
    expect(seen.at(-1)).toBe(1000);
    expect(seen.length).toBeLessThanOrEqual(21);
    expect(seen.length).toBeGreaterThanOrEqual(19);
  });

  it('passes an urgent value at once and drops the pending one it supersedes', () => {
    vi.useFakeTimers();
    const seen: string[] = [];
    const c = new Coalescer<string>(50, (v) => seen.push(v));
    c.push('running 1');
    c.push('running 2');
    c.push('paused', true);
    vi.advanceTimersByTime(200);
    expect(seen).toEqual(['running 1', 'paused']);
  });
});
