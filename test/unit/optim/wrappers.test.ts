// clipNorm and gradientNoise around any optimizer; NaN flows through instead of throwing.
import { describe, expect, it } from 'vitest';
import { OPTIMIZER_NAMES } from '../../../preload/spec';
import { engine } from './helpers';

/** Plain SGD with lr 1 turns θ changes into the (transformed) gradient: Δθ = −g. */
function transformedGradients(spec: Record<string, unknown>, grads: number[][], seed = 1): number[][] {
  const opt = engine({ name: 'sgd', lr: 1, ...spec }, seed);
  const params = new Float64Array(grads[0]!.length);
  const state = opt.init(params);
  return grads.map((g) => {
    const before = Array.from(params);
    opt.update(Float64Array.from(g), state, params, 1);
    return before.map((b, i) => b - params[i]!);
  });
}

describe('clipNorm', () => {
  it('rescales a gradient longer than c to length c: (3, 4) with c = 1 → (0.6, 0.8)', () => {
    const [g] = transformedGradients({ clipNorm: 1 }, [[3, 4]]);
    expect(g![0]).toBeCloseTo(0.6, 15);
    expect(g![1]).toBeCloseTo(0.8, 15);
  });

  it('leaves a shorter gradient alone, bit for bit', () => {
    expect(transformedGradients({ clipNorm: 5.5 }, [[3, 4]])).toEqual([[3, 4]]);
  });

  it('uses the global norm over all parameters', () => {
    const [g] = transformedGradients({ clipNorm: 2 }, [[1, 2, 2, 4]]); // ‖g‖ = 5
    expect(g!.map((v) => Number(v.toFixed(12)))).toEqual([0.4, 0.8, 0.8, 1.6]);
  });
});

describe('gradientNoise', () => {
  const steps = 20_000;
  const zeros = Array.from({ length: steps }, () => [0, 0]);

  it('adds N(0, eta/(1+t)^gamma): noise divided by σ_t has mean 0, variance 1 and normal tails', () => {
    const eta = 0.3;
    const gamma = 0.55;
    const noise = transformedGradients({ gradientNoise: { eta, gamma } }, zeros, 42);
    let sum = 0;
    let sq = 0;
    let beyond2 = 0;
    const n = 2 * steps;
    noise.forEach((g, t) => {
      const sigma = Math.sqrt(eta / (1 + t) ** gamma);
      for (const v of g) {
        const z = v / sigma;
        sum += z;
        sq += z * z;
        if (Math.abs(z) > 2) beyond2++;
      }
    });
    expect(Math.abs(sum / n)).toBeLessThan(5 / Math.sqrt(n));
    expect(Math.abs(sq / n - 1)).toBeLessThan(5 * Math.sqrt(2 / n));
    expect(Math.abs(beyond2 / n - 0.0455)).toBeLessThan(5 * Math.sqrt((0.0455 * 0.9545) / n));
  });

  it('shrinks as the schedule says: the variance over late steps is far below the early one', () => {
    const noise = transformedGradients({ gradientNoise: { eta: 1, gamma: 1 } }, zeros.slice(0, 4000), 3);
    const variance = (rows: number[][]) => rows.flat().reduce((s, v) => s + v * v, 0) / (2 * rows.length);
    // E[g²] = 1/(1+t): mean over t in [0, 100) ≈ 0.0519, over [3000, 4000) ≈ 2.9e-4.
    expect(variance(noise.slice(0, 100))).toBeGreaterThan(0.03);
    expect(variance(noise.slice(3000))).toBeLessThan(5e-4);
  });

  it('is a pure function of the seed', () => {
    const a = transformedGradients({ gradientNoise: { eta: 1 } }, zeros.slice(0, 50), 7);
    const b = transformedGradients({ gradientNoise: { eta: 1 } }, zeros.slice(0, 50), 7);
    const c = transformedGradients({ gradientNoise: { eta: 1 } }, zeros.slice(0, 50), 8);
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
  });

  it('is added before clipping, so a clipped noisy gradient never exceeds c', () => {
    const noise = transformedGradients({ gradientNoise: { eta: 100, gamma: 0 }, clipNorm: 0.5 }, zeros.slice(0, 200), 5);
    expect(Math.max(...noise.map((g) => Math.hypot(g[0]!, g[1]!)))).toBeLessThanOrEqual(0.5 + 1e-12);
  });
});

describe('non-finite values propagate without throwing', () => {
  it.each(OPTIMIZER_NAMES)('%s: a NaN gradient makes NaN parameters', (name) => {
    const spec = name === 'lookahead' ? { name, k: 1, inner: { name: 'adam' } } : { name, clipNorm: 1 };
    const opt = engine(spec);
    const params = Float64Array.of(1, 2);
    const state = opt.init(params);
    expect(() => opt.update(Float64Array.of(NaN, 0), state, params, 0.01)).not.toThrow();
    expect(Number.isNaN(params[0]) || Number.isNaN(params[1])).toBe(true);
  });
});
