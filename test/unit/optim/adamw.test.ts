// AdamW vs Adam + L2 (Loshchilov & Hutter 2019), and SGDW vs SGD + L2: the decay enters
// differently, exactly as the update rules say. Expected values are derived by hand.
import { describe, expect, it } from 'vitest';
import { engine, run } from './helpers';

function oneStep(spec: unknown, theta: number[], g: number[], lr: number): number[] {
  const opt = engine(spec);
  const params = Float64Array.from(theta);
  const state = opt.init(params);
  opt.update(Float64Array.from(g), state, params, lr);
  return Array.from(params);
}

describe('AdamW vs Adam with L2', () => {
  // θ = (1, −2), g = (0.5, 0.3), lr = 0.1, weightDecay = 0.1, step 1: m̂ = g̃, v̂ = g̃², so each
  // coordinate moves lr·g̃/(|g̃| + eps) — by lr against the sign of whatever g̃ is.
  const theta = [1, -2];
  const g = [0.5, 0.3];
  const eps = 1e-8;

  it('Adam + L2 normalizes the decay away: g̃ = g + λθ = (0.6, 0.1), θ₁ = θ − lr·g̃/(|g̃| + eps)', () => {
    const got = oneStep({ name: 'adam', weightDecay: 0.1 }, theta, g, 0.1);
    expect(got[0]).toBeCloseTo(1 - (0.1 * 0.6) / (0.6 + eps), 14); // ≈ 0.9
    expect(got[1]).toBeCloseTo(-2 - (0.1 * 0.1) / (0.1 + eps), 14); // ≈ −2.1
  });

  it('AdamW shrinks θ by (1 − lr·λ) first, then takes the plain Adam step: θ₁ = 0.99θ − lr·g/(|g| + eps)', () => {
    const got = oneStep({ name: 'adamw', weightDecay: 0.1 }, theta, g, 0.1);
    expect(got[0]).toBeCloseTo(0.99 - (0.1 * 0.5) / (0.5 + eps), 14); // ≈ 0.89
    expect(got[1]).toBeCloseTo(-1.98 - (0.1 * 0.3) / (0.3 + eps), 14); // ≈ −2.08
  });

  it('L2 can even reverse the step: θ = −1, g = 0.05, λ = 0.1 gives g̃ = −0.05, so Adam + L2 moves up, AdamW down', () => {
    const l2 = oneStep({ name: 'adam', weightDecay: 0.1 }, [-1, 0], [0.05, 0], 0.1);
    const decoupled = oneStep({ name: 'adamw', weightDecay: 0.1 }, [-1, 0], [0.05, 0], 0.1);
    expect(l2[0]).toBeCloseTo(-1 + (0.1 * 0.05) / (0.05 + eps), 14); // ≈ −0.9
    expect(decoupled[0]).toBeCloseTo(-0.99 - (0.1 * 0.05) / (0.05 + eps), 14); // ≈ −1.09
  });

  it('with weightDecay 0 the two are the same trajectory, bit for bit', () => {
    const a = run(engine({ name: 'adam', lr: 0.01 }), 'rosenbrock', [-1.2, 1], 200, () => 0.01).points;
    const w = run(engine({ name: 'adamw', lr: 0.01, weightDecay: 0 }), 'rosenbrock', [-1.2, 1], 200, () => 0.01).points;
    expect(w).toEqual(a);
  });

  it('with weightDecay > 0 the trajectories part from the first update', () => {
    const a = run(engine({ name: 'adam', lr: 0.01, weightDecay: 0.1 }), 'himmelblau', [1, 1], 50, () => 0.01).points;
    const w = run(engine({ name: 'adamw', lr: 0.01, weightDecay: 0.1 }), 'himmelblau', [1, 1], 50, () => 0.01).points;
    expect(Math.abs(a[0]! - w[0]!)).toBeGreaterThan(0);
    expect(Math.hypot(a[98]! - w[98]!, a[99]! - w[99]!)).toBeGreaterThan(1e-3);
  });
});

describe('SGDW vs SGD with L2 (momentum μ = 0.9)', () => {
  // Constant gradient g, θ₀, lr η, decay λ. Step 1 is the same for both: θ₁ = θ₀ − ηλθ₀ − ηg.
  // Step 2: SGD's buffer holds the decay, buf₂ = μ(g + λθ₀) + g + λθ₁; SGDW's does not,
  // buf₂ = μg + g, and the decay is applied to θ₁ alone: θ₂ = θ₁ − ηλθ₁ − η·buf₂.
  const theta0 = 2;
  const g = 0.5;
  const eta = 0.1;
  const lambda = 0.2;
  const mu = 0.9;

  function twoSteps(name: 'sgdm' | 'sgdw'): number[] {
    const opt = engine({ name, lr: eta, weightDecay: lambda });
    const params = Float64Array.of(theta0, 0);
    const state = opt.init(params);
    const out: number[] = [];
    for (let t = 0; t < 2; t++) {
      opt.update(Float64Array.of(g, 0), state, params, eta);
      out.push(params[0]!);
    }
    return out;
  }

  it('agree on step 1 and differ on step 2 by η·μ·λ·θ₀', () => {
    const theta1 = theta0 - eta * lambda * theta0 - eta * g;
    const sgd = twoSteps('sgdm');
    const sgdw = twoSteps('sgdw');
    expect(sgd[0]).toBeCloseTo(theta1, 14);
    expect(sgdw[0]).toBeCloseTo(theta1, 14);
    expect(sgd[1]).toBeCloseTo(theta1 - eta * (mu * (g + lambda * theta0) + g + lambda * theta1), 14);
    expect(sgdw[1]).toBeCloseTo(theta1 - eta * lambda * theta1 - eta * (mu * g + g), 14);
    expect(sgdw[1]! - sgd[1]!).toBeCloseTo(eta * mu * lambda * theta0, 14);
  });
});
