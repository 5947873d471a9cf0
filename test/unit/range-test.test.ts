import { describe, expect, it } from 'vitest';
import { debiasedEma, suggestLearningRate, surfaceRangeTest } from '../../main/engine/range-test';
import { optimizerSpec } from '../../preload/spec';

describe('debiased EMA', () => {
  it('matches hand-computed values', () => {
    // β = 0.5: s = 0.5, 1.25, 2.125; divided by 1 − 0.5^(t+1) = 0.5, 0.75, 0.875.
    const s = debiasedEma([1, 2, 3], 0.5);
    expect(s[0]).toBeCloseTo(1, 12);
    expect(s[1]).toBeCloseTo(1.25 / 0.75, 12);
    expect(s[2]).toBeCloseTo(2.125 / 0.875, 12);
  });
  it('β = 0 returns the raw values', () => {
    expect(debiasedEma([3, 1, 2], 0)).toEqual([3, 1, 2]);
  });
});

describe('LR suggestion', () => {
  const lr = Array.from({ length: 101 }, (_, i) => 10 ** (-5 + (5 * i) / 100));

  it('finds the steepest descent of the loss against ln(lr)', () => {
    // loss = 1 − tanh(ln(lr / 1e-2)) falls fastest where its argument is 0, i.e. at lr = 1e-2.
    const loss = lr.map((r) => 1 - Math.tanh(Math.log(r / 1e-2)));
    const s = suggestLearningRate(lr, loss);
    expect(s.steepestLr).toBeCloseTo(1e-2, 12);
    expect(s.suggestedLr).toBe(s.steepestLr);
  });

  it('ignores the curve after it blows up', () => {
    // Falls steepest at 1e-3, bottoms out at 1e-2, then explodes; the explosion must not count.
    const loss = lr.map((r) => (r <= 1e-2 ? 2 - Math.tanh(Math.log(r / 1e-3)) : 1e6 * r));
    const s = suggestLearningRate(lr, loss);
    expect(s.steepestLr).toBeCloseTo(1e-3, 12);
    expect(lr[s.usable]!).toBeGreaterThan(1e-2);
    expect(s.minLossLrOver10).toBeCloseTo(1e-3, 12);
  });

  it('falls back to the lowest loss / 10 when the loss never falls', () => {
    const loss = lr.map((r) => 1 + r);
    const s = suggestLearningRate(lr, loss);
    expect(s.steepestLr).toBeNull();
    expect(s.suggestedLr).toBeCloseTo(lr[0]! / 10, 15);
  });

  it('refuses too few points', () => {
    expect(() => suggestLearningRate([1, 2], [1, 2])).toThrow(/at least 3/);
  });
});

describe('range test on an error surface', () => {
  it('suggests a rate at which plain GD on the ravine is stable', () => {
    // ravine = x²/10 + 10y²: GD multiplies y by (1 − 20·lr) each step, so any lr > 0.1 diverges.
    const curve = surfaceRangeTest({
      fn: 'ravine',
      start: [-4.5, 0.8],
      optimizer: optimizerSpec.parse({ name: 'sgd', lr: 1 }),
      minLr: 1e-4,
      maxLr: 1,
      steps: 200,
      seed: 1,
      smoothing: 0,
    });
    expect(curve.lr).toHaveLength(200);
    expect(curve.lr[0]).toBeCloseTo(1e-4, 15);
    expect(curve.lr[199]).toBeCloseTo(1, 12);
    expect(curve.suggestedLr).toBeGreaterThan(1e-4);
    expect(curve.suggestedLr).toBeLessThan(0.1);
    // The usable part ends once the loss has blown up, which needs lr > 0.1.
    expect(curve.lr[Math.min(curve.usable, curve.lr.length - 1)]!).toBeGreaterThan(0.1);
  });

  it('reports where a run diverged, and refuses a range that diverges at once', () => {
    // y is multiplied by (1 − 20·lr): from lr = 1e3 on, |y| grows ~2·10⁴× per step and overflows.
    const base = { fn: 'ravine' as const, start: [-4.5, 0.8] as [number, number], optimizer: optimizerSpec.parse({ name: 'sgd' }), steps: 100, seed: 1, smoothing: 0 };
    const curve = surfaceRangeTest({ ...base, minLr: 1e-3, maxLr: 1e6 });
    expect(curve.status).toBe('diverged');
    const n = curve.lr.length;
    expect(curve.divergedAtLr).toBeCloseTo(1e-3 * 1e9 ** (n / 99), 6);
    expect(curve.divergedAtLr!).toBeGreaterThan(curve.lr[n - 1]!);
    // At lr ≥ 1e150 the loss 10y² overflows on the second update.
    expect(() => surfaceRangeTest({ ...base, minLr: 1e150, maxLr: 1e160 })).toThrow(/minLr: the run diverged after 1 updates/);
  });
});
