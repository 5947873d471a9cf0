// The ranks' adaptive spin (pool/barrier.ts Spinner): a wait that ran out and slept tells how long a
// spin should have been. Long waits (the other rank descheduled) shrink the budget to its floor; a
// wait of 50 µs afterwards — the other rank running, just further behind — grows it back to cover
// such waits at once, where halving on every spin that ran out kept it at the floor for good.
import { describe, expect, it } from 'vitest';
import { Spinner } from '../../../main/engine/pool/barrier';

describe('the adaptive spin budget', () => {
  it('falls under long waits, comes back after one short one, doubles on a spin that succeeds', () => {
    const s = new Spinner();
    expect(s.budgetMs).toBe(0.3);
    for (let i = 0; i < 20; i++) s.slept(4); // 4-ms stalls
    expect(s.budgetMs).toBe(0.005);
    s.slept(0.05); // the word moved 50 µs after the wait began
    expect(s.budgetMs).toBeCloseTo(0.1, 12);
    const moved = new Int32Array(new SharedArrayBuffer(4));
    moved[0] = 1;
    expect(s.until(moved, 0, 0, true)).toBe(true); // already moved: a spin that succeeds
    expect(s.budgetMs).toBeCloseTo(0.2, 12);
    expect(s.until(moved, 0, 0, true)).toBe(true);
    expect(s.budgetMs).toBe(0.3); // capped
  });

  it('runs out on a word that does not move within the budget, without touching the budget', () => {
    const s = new Spinner();
    for (let i = 0; i < 6; i++) s.slept(4);
    const before = s.budgetMs;
    const still = new Int32Array(new SharedArrayBuffer(4));
    const t = performance.now();
    expect(s.until(still, 0, 0, true)).toBe(false);
    expect(performance.now() - t).toBeGreaterThanOrEqual(before);
    expect(s.budgetMs).toBe(before);
  });
});
