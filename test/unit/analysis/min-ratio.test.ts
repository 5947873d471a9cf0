// The minimum-ratio study's pieces against hand derivations: the gradient-norm minimiser, the
// minimum ratio of a point whose spectrum is known, and LECTURE §2's saddle escape on
// L = (1 − w₁w₂)² (its worked example), where the loss along the escape direction is exact.
import { describe, expect, it } from 'vitest';
import { minRatioRequest } from '../../../preload/analysis';
import {
  kindAt,
  minimiseGradientNorm,
  saddleEscape,
  spectrumAt,
  studyNetwork,
  studyObjective,
  type PointObjective,
} from '../../../main/engine/analysis/min-ratio';
import { minimumRatio } from '../../../main/engine/analysis/spectrum';

/** L = ½·Σ a_i θ_i²: gradient a ⊙ θ, Hessian diag(a). */
function quadratic(a: number[], start: number[]): PointObjective {
  const params = Float64Array.from(start);
  return {
    size: a.length,
    params,
    evaluate: () => ({ loss: 0.5 * a.reduce((s, ai, i) => s + ai * params[i]! ** 2, 0), gradient: Float64Array.from(a, (ai, i) => ai * params[i]!) }),
    hvp: (v) => Float64Array.from(a, (ai, i) => ai * v[i]!),
  };
}

/** The lecture's y = w₁·w₂·x with one example (x = 1, ŷ = 1): L = (1 − w₁w₂)². */
function w1w2(start: [number, number]): PointObjective {
  const p = Float64Array.from(start);
  return {
    size: 2,
    params: p,
    evaluate: () => {
      const r = 1 - p[0]! * p[1]!;
      return { loss: r * r, gradient: Float64Array.of(-2 * p[1]! * r, -2 * p[0]! * r) };
    },
    // H = [[2w₂², 4w₁w₂ − 2], [4w₁w₂ − 2, 2w₁²]]
    hvp: (v) => {
      const c = 4 * p[0]! * p[1]! - 2;
      return Float64Array.of(2 * p[1]! ** 2 * v[0]! + c * v[1]!, c * v[0]! + 2 * p[0]! ** 2 * v[1]!);
    },
  };
}

describe('minimum-ratio study', () => {
  it('a constructed point with eigenvalues 3, 1, 0.5, −1, −2: ratio 3/5, a saddle', () => {
    const obj = quadratic([3, -1, 1, -2, 0.5], [0, 0, 0, 0, 0]);
    const s = spectrumAt(obj);
    expect(Array.from(s.values)).toEqual([-2, -1, 0.5, 1, 3].map((v) => expect.closeTo(v, 12)));
    expect(minimumRatio(s.values)).toBe(3 / 5);
    expect(kindAt(s.gradientNorm, s.values, 1e-6)).toBe('saddle');
    // The lowest eigenvector is ±e₄ (the −2 axis).
    expect(Math.abs(s.lowest[3]!)).toBeCloseTo(1, 9);
  });

  it('the gradient-norm minimiser lands on the saddle of an indefinite quadratic (where descent runs away)', () => {
    const obj = quadratic([3, -1, 1, -2, 0.5], [1, 1, 1, 1, 1]);
    const trace = minimiseGradientNorm(obj, { tol: 1e-10, maxSteps: 50 });
    expect(trace.gradientNorms.at(-1)!).toBeLessThan(1e-10);
    for (const t of obj.params) expect(Math.abs(t)).toBeLessThan(1e-9);
  });

  it('reduces ‖g‖ on a tiny network, every accepted step lowering it', () => {
    const config = minRatioRequest.parse({ samples: 20 });
    const obj = studyObjective(config, 2, 3);
    const trace = minimiseGradientNorm(obj, { tol: 1e-12, maxSteps: 10 });
    expect(trace.steps).toBeGreaterThan(0);
    for (let i = 1; i < trace.gradientNorms.length; i++) expect(trace.gradientNorms[i]!).toBeLessThan(trace.gradientNorms[i - 1]!);
    expect(trace.gradientNorms.at(-1)!).toBeLessThan(trace.gradientNorms[0]! / 10);
  });

  it('escape from the saddle (0, 0) of (1 − w₁w₂)²: λ = −2, the loss drops by ½|λ|ε² for small ε', () => {
    const obj = w1w2([0, 0]);
    const s = spectrumAt(obj);
    expect(Array.from(s.values)).toEqual([expect.closeTo(-2, 12), expect.closeTo(2, 12)]);
    const e = saddleEscape(obj, s)!;
    expect(e.lambda).toBeCloseTo(-2, 12);
    e.eps.forEach((eps, k) => {
      // u = (1, 1)/√2 up to sign: w₁w₂ = ε²/2, so L = (1 − ε²/2)² = 1 − ε² + ε⁴/4 exactly; the model says 1 − ε².
      expect(e.actual[k]).toBeCloseTo((1 - eps ** 2 / 2) ** 2, 12);
      expect(e.predicted[k]).toBeCloseTo(1 - eps ** 2, 12);
    });
    const k = 2;
    expect((1 - e.actual[k]!) / (0.5 * 2 * e.eps[k]! ** 2)).toBeCloseTo(1, 3);
    // At a minimum there is nothing to escape.
    expect(saddleEscape(obj, spectrumAt(w1w2([1, 1])))).toBeNull();
  });

  it('one network of the study: a point with its spectrum summarised consistently', () => {
    const config = minRatioRequest.parse({ samples: 20, trainSteps: 200, newtonSteps: 5 });
    const p = studyNetwork(config, 2, 1);
    expect(p.params).toBe(13); // 1·2+2 + 2·2+2 + 2·1+1
    // # positive eigenvalues / 13: a whole number of the 13, and none of them among the negative ones.
    const positive = p.minimumRatio * p.params;
    expect(positive).toBeCloseTo(Math.round(positive), 9);
    expect(Math.round(positive)).toBeLessThanOrEqual(p.params - p.negative);
    expect(p.lowest).toBeLessThanOrEqual(p.highest);
    expect(p.escape === null).toBe(p.negative === 0);
  });
});
