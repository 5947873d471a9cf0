// SWATS (Keskar & Socher 2017): reports its switch, uses Λ afterwards and ignores the schedule.
import { describe, expect, it } from 'vitest';
import { engine, run } from './helpers';

describe('SWATS', () => {
  it('before any switch reports the Adam phase with γ_k and Λ estimates, and no switch', () => {
    const opt = engine({ name: 'swats', lr: 0.01 });
    const { state } = run(opt, 'rosenbrock', [-1.2, 1], 10, () => 0.01);
    const d = opt.describe!(state);
    expect(d.phase).toBe('adam');
    expect(d.switchStep).toBeNull();
    expect(d.Lambda).toBeNull();
    expect(typeof d.gammaK).toBe('number');
    expect(typeof d.lambdaHat).toBe('number');
  });

  it('switchAt N switches after update N with Λ = the estimate of that update, then steps as SGDM with rate (1 − β₁)Λ', () => {
    const opt = engine({ name: 'swats', lr: 0.05, switchAt: 20 });
    const params = Float64Array.of(-8, 0.8);
    const state = opt.init(params);
    const grad = (p: Float64Array) => Float64Array.of(p[0]! / 5, 20 * p[1]!); // ravine x²/10 + 10y²
    let lambdaHat = 0;
    for (let k = 1; k <= 20; k++) {
      opt.update(grad(params), state, params, 0.05);
      if (k < 20) expect(opt.describe!(state).phase).toBe('adam');
      lambdaHat = opt.describe!(state).lambdaHat as number;
    }
    const d = opt.describe!(state);
    expect(d).toMatchObject({ phase: 'sgd', switchStep: 20 });
    expect(d.Lambda).toBe(lambdaHat);
    // Two SGD-phase updates by hand: v₁ = g, θ ← θ − 0.1Λv₁; v₂ = 0.9v₁ + g', θ ← θ − 0.1Λv₂.
    const L = d.Lambda as number;
    const g1 = grad(params);
    const want1 = [params[0]! - 0.1 * L * g1[0]!, params[1]! - 0.1 * L * g1[1]!];
    opt.update(g1.slice(), state, params, 123); // the schedule's rate no longer applies
    expect(params[0]).toBeCloseTo(want1[0]!, 14);
    expect(params[1]).toBeCloseTo(want1[1]!, 14);
    const g2 = grad(params);
    const v2 = [0.9 * g1[0]! + g2[0]!, 0.9 * g1[1]! + g2[1]!];
    const want2 = [params[0]! - 0.1 * L * v2[0]!, params[1]! - 0.1 * L * v2[1]!];
    opt.update(g2.slice(), state, params, 0);
    expect(params[0]).toBeCloseTo(want2[0]!, 14);
    expect(params[1]).toBeCloseTo(want2[1]!, 14);
  });

  it('after the switch the schedule is ignored: two schedules that agree until the switch give the same run', () => {
    const a = run(engine({ name: 'swats', lr: 0.05, switchAt: 30 }), 'himmelblau', [0, 0], 120, () => 0.05).points;
    const b = run(engine({ name: 'swats', lr: 0.05, switchAt: 30 }), 'himmelblau', [0, 0], 120, (t) => (t < 30 ? 0.05 : 1e-6 * t)).points;
    expect(b).toEqual(a);
  });

  it('the paper criterion fires on its own with a loose switchEps, and is reported', () => {
    const opt = engine({ name: 'swats', lr: 0.05, switchEps: 1e-4 });
    const { state } = run(opt, 'ravine', [-8, 0.8], 200, () => 0.05);
    const d = opt.describe!(state);
    expect(d.phase).toBe('sgd');
    expect(d.switchStep).toBeGreaterThan(1);
    expect(d.Lambda).toBeGreaterThan(0);
  });
});
