import { describe, expect, it } from 'vitest';
import { SURFACES, analyzePoint, classify } from '../../../main/engine/surfaces';

const S = Math.SQRT1_2;

describe('analyzePoint', () => {
  it('w1w2 at (0, 0) is the lecture’s saddle: eigenvalues −2 and 2, escape along (1, 1)/√2', () => {
    const a = analyzePoint('w1w2', [0, 0]);
    expect(a.kind).toBe('saddle');
    expect(a.loss).toBe(1);
    expect(a.gradientNorm).toBe(0);
    expect(a.hessian).toEqual([[0, -2], [-2, 0]]);
    expect(a.eigenvalues[0]).toBeCloseTo(-2, 14);
    expect(a.eigenvalues[1]).toBeCloseTo(2, 14);
    expect(a.escapeDirection![0]).toBeCloseTo(S, 14);
    expect(a.escapeDirection![1]).toBeCloseTo(S, 14);
    expect(a.eigenvectors[1][0]).toBeCloseTo(S, 14);
    expect(a.eigenvectors[1][1]).toBeCloseTo(-S, 14);
    // LECTURE §2: moving along u lowers the loss, L(θ′+εu) ≈ L(θ′) + ½λε² < L(θ′).
    const [ux, uy] = a.escapeDirection!;
    const eps = 1e-3;
    expect(SURFACES.w1w2.value(eps * ux, eps * uy)).toBeCloseTo(1 - eps * eps, 12);
  });

  it('rosenbrock at (1, 1) is a local minimum with eigenvalues 501 ∓ √(301² + 400²)', () => {
    // H = [[802, −400], [−400, 200]]: mean 501, radius √(301² + 400²) = √250601.
    const a = analyzePoint('rosenbrock', [1, 1]);
    expect(a.kind).toBe('local-min');
    expect(a.eigenvalues[0]).toBeCloseTo(501 - Math.sqrt(250601), 10);
    expect(a.eigenvalues[1]).toBeCloseTo(501 + Math.sqrt(250601), 10);
    expect(a.escapeDirection).toBeNull();
  });

  it('saddle x² − y² at the origin is a saddle escaping along ±y', () => {
    const a = analyzePoint('saddle', [0, 0]);
    expect(a.kind).toBe('saddle');
    expect(a.eigenvalues).toEqual([-2, 2]);
    expect(a.escapeDirection).toEqual([0, 1]);
  });

  it('monkey saddle at the origin is degenerate (g = 0 and H = 0)', () => {
    const a = analyzePoint('monkey', [0, 0]);
    expect(a.kind).toBe('degenerate');
    expect(a.eigenvalues).toEqual([0, 0]);
    expect(a.escapeDirection).toBeNull();
  });

  it('himmelblau: its four minima are local minima, (−0.270845, −0.923039) is its local maximum', () => {
    for (const m of SURFACES.himmelblau.minima) expect(analyzePoint('himmelblau', m).kind).toBe('local-min');
    // The literature's 6-digit maximum has ‖g‖ ≈ 1e-5: not critical until refined by Newton.
    let [x, y] = [-0.270845, -0.923039];
    expect(analyzePoint('himmelblau', [x, y]).kind).toBe('not-critical');
    for (let i = 0; i < 5; i++) {
      const [gx, gy] = SURFACES.himmelblau.gradient(x, y);
      const [[a, b], [, d]] = SURFACES.himmelblau.hessian(x, y);
      const det = a * d - b * b;
      [x, y] = [x - (d * gx - b * gy) / det, y - (a * gy - b * gx) / det];
    }
    const max = analyzePoint('himmelblau', [x, y]);
    expect(max.kind).toBe('local-max');
    expect(max.loss).toBeCloseTo(181.617, 3);
    expect(max.eigenvalues[1]).toBeLessThan(0);
  });

  it('the minima of w1w2 along xy = 1 are degenerate (eigenvalues 0 and 2(x² + y²))', () => {
    const a = analyzePoint('w1w2', [2, 0.5]);
    expect(a.kind).toBe('degenerate');
    expect(a.eigenvalues[0]).toBeCloseTo(0, 14);
    expect(a.eigenvalues[1]).toBeCloseTo(8.5, 13);
  });

  it('beale at (3, 0.5), ravine and rastrigin at (0, 0) are local minima', () => {
    expect(analyzePoint('beale', [3, 0.5]).kind).toBe('local-min');
    const r = analyzePoint('ravine', [0, 0]);
    expect(r.kind).toBe('local-min');
    expect(r.eigenvalues).toEqual([0.2, 20]);
    expect(r.eigenvalues[1] / r.eigenvalues[0]).toBeCloseTo(100, 12);
    expect(analyzePoint('rastrigin', [0, 0]).kind).toBe('local-min');
  });

  it('a point with ‖g‖ > 1e-6 is not critical, whatever its Hessian', () => {
    const a = analyzePoint('rosenbrock', [-1.2, 1]);
    expect(a.kind).toBe('not-critical');
    expect(a.gradientNorm).toBeCloseTo(Math.hypot(215.6, 88), 9);
    expect(a.escapeDirection).toBeNull();
    // Just inside and just outside the gradient tolerance on the saddle (g = (2x, −2y)).
    expect(analyzePoint('saddle', [4.9e-7, 0]).kind).toBe('saddle');
    expect(analyzePoint('saddle', [5.1e-7, 0]).kind).toBe('not-critical');
  });

  it('every eigenvector is unit length and belongs to its eigenvalue', () => {
    const a = analyzePoint('beale', [0.4, -1.3]);
    for (let i = 0; i < 2; i++) {
      const [vx, vy] = a.eigenvectors[i]!;
      expect(Math.hypot(vx, vy)).toBeCloseTo(1, 14);
      const H = a.hessian;
      expect(H[0][0] * vx + H[0][1] * vy).toBeCloseTo(a.eigenvalues[i]! * vx, 10);
      expect(H[1][0] * vx + H[1][1] * vy).toBeCloseTo(a.eigenvalues[i]! * vy, 10);
    }
  });

  it('names bad input instead of returning nonsense', () => {
    expect(() => analyzePoint('bowl' as never, [0, 0])).toThrow(/fn: unknown surface/);
    expect(() => analyzePoint('ravine', [Number.NaN, 0])).toThrow(/at: expected two finite numbers/);
    expect(() => analyzePoint('rosenbrock', [1e200, 0])).toThrow(/at: rosenbrock overflows/);
  });
});

describe('classify', () => {
  it('treats |λ| ≤ 1e-6·max(1, max|λ|) as zero', () => {
    expect(classify(0, [-1, 1])).toBe('saddle');
    expect(classify(0, [-1, 0])).toBe('degenerate');
    expect(classify(0, [0, 1])).toBe('degenerate');
    expect(classify(0, [5e-7, 1])).toBe('degenerate');
    expect(classify(0, [2e-6, 1])).toBe('local-min');
    expect(classify(0, [-2, -1])).toBe('local-max');
    expect(classify(0, [-1e-4, 1000])).toBe('degenerate');
    expect(classify(0, [-1e-2, 1000])).toBe('saddle');
    expect(classify(2e-6, [1, 2])).toBe('not-critical');
  });
});
