import { describe, expect, it } from 'vitest';
import { eigenSymmetric, eigenSymmetric2, type Mat2 } from '../../../main/engine/linalg';
import { createRng } from '../../../main/engine/random';

const S = Math.SQRT1_2;

function randomSymmetric(n: number, seed: number): Float64Array {
  const rng = createRng(seed);
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = i; j < n; j++) a[i * n + j] = a[j * n + i] = rng.normal() * 3;
  return a;
}

/** max |A·v − λ·v| over all pairs, max |VᵀV − I|, and whether values ascend. */
function check(a: ArrayLike<number>, n: number, values: ArrayLike<number>, vectors: ArrayLike<number>) {
  let residual = 0;
  let orthogonality = 0;
  for (let i = 0; i < n; i++) {
    for (let r = 0; r < n; r++) {
      let av = 0;
      for (let k = 0; k < n; k++) av += a[r * n + k]! * vectors[i * n + k]!;
      residual = Math.max(residual, Math.abs(av - values[i]! * vectors[i * n + r]!));
    }
    for (let j = 0; j < n; j++) {
      let dot = 0;
      for (let k = 0; k < n; k++) dot += vectors[i * n + k]! * vectors[j * n + k]!;
      orthogonality = Math.max(orthogonality, Math.abs(dot - (i === j ? 1 : 0)));
    }
  }
  let ascending = true;
  for (let i = 1; i < n; i++) ascending &&= values[i - 1]! <= values[i]!;
  return { residual, orthogonality, ascending };
}

describe('eigenSymmetric2', () => {
  it('decomposes the lecture’s w1w2 Hessian at the saddle: −2 along (1,1), 2 along (1,−1)', () => {
    const { values, vectors } = eigenSymmetric2([[0, -2], [-2, 0]]);
    expect(values[0]).toBeCloseTo(-2, 14);
    expect(values[1]).toBeCloseTo(2, 14);
    expect(vectors[0][0]).toBeCloseTo(S, 14);
    expect(vectors[0][1]).toBeCloseTo(S, 14);
    expect(vectors[1][0]).toBeCloseTo(S, 14);
    expect(vectors[1][1]).toBeCloseTo(-S, 14);
  });

  it('matches hand values for [[2,1],[1,2]] (1 and 3) and a diagonal matrix', () => {
    const e = eigenSymmetric2([[2, 1], [1, 2]]);
    expect(e.values[0]).toBeCloseTo(1, 14);
    expect(e.values[1]).toBeCloseTo(3, 14);
    expect(e.vectors[0][0]).toBeCloseTo(S, 14);
    expect(e.vectors[0][1]).toBeCloseTo(-S, 14);
    const d = eigenSymmetric2([[3, 0], [0, -1]]);
    expect(d.values).toEqual([-1, 3]);
    expect(d.vectors[0]).toEqual([0, 1]);
    expect(d.vectors[1]).toEqual([1, 0]);
  });

  it('is well defined for repeated eigenvalues (returns the coordinate axes)', () => {
    const e = eigenSymmetric2([[5, 0], [0, 5]]);
    expect(e.values).toEqual([5, 5]);
    expect(e.vectors[0][0] * e.vectors[1][0] + e.vectors[0][1] * e.vectors[1][1]).toBeCloseTo(0, 15);
    expect(Math.hypot(...e.vectors[0])).toBeCloseTo(1, 15);
    const zero = eigenSymmetric2([[0, 0], [0, 0]]);
    expect(zero.values).toEqual([0, 0]);
  });

  it('keeps the small eigenvalue accurate when the two differ by 16 orders of magnitude', () => {
    const e = eigenSymmetric2([[1e8, 1e-4], [1e-4, 1e-8]]);
    // det = 1e0 − 1e-8, so λ_small = (1 − 1e-8)/λ_big with λ_big ≈ 1e8 (1 + 1e-24).
    expect(e.values[0]).toBeCloseTo(1e-8 - 1e-16, 22);
    expect(e.values[1]).toBe(1e8);
  });

  it('agrees with the Jacobi solver and satisfies A·v = λ·v on random matrices', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const a = randomSymmetric(2, seed);
      const m: Mat2 = [[a[0]!, a[1]!], [a[2]!, a[3]!]];
      const e = eigenSymmetric2(m);
      const flat = [...e.vectors[0], ...e.vectors[1]];
      const c = check(a, 2, e.values, flat);
      expect(c.residual).toBeLessThan(1e-13);
      expect(c.orthogonality).toBeLessThan(1e-14);
      expect(c.ascending).toBe(true);
      const j = eigenSymmetric(a, 2);
      expect(j.values[0]).toBeCloseTo(e.values[0], 12);
      expect(j.values[1]).toBeCloseTo(e.values[1], 12);
      for (let k = 0; k < 4; k++) expect(j.vectors[k]).toBeCloseTo(flat[k]!, 10);
    }
  });

  it('fixes the sign: the first non-zero component of each eigenvector is positive', () => {
    for (let seed = 1; seed <= 50; seed++) {
      const a = randomSymmetric(2, seed);
      const e = eigenSymmetric2([[a[0]!, a[1]!], [a[2]!, a[3]!]]);
      for (const v of e.vectors) expect(v[0] > 0 || (v[0] === 0 && v[1] > 0)).toBe(true);
    }
  });

  it('rejects a non-finite entry with a clear message', () => {
    expect(() => eigenSymmetric2([[1, Number.NaN], [0, 1]])).toThrow(/non-finite/);
  });
});

describe('eigenSymmetric (Jacobi)', () => {
  it('matches the hand-derived spectrum of the 3×3 second-difference matrix', () => {
    // Eigenvalues 2 − 2cos(kπ/4), k = 1..3, with eigenvectors sin(jkπ/4).
    const { values, vectors } = eigenSymmetric([2, -1, 0, -1, 2, -1, 0, -1, 2], 3);
    expect(values[0]).toBeCloseTo(2 - Math.SQRT2, 14);
    expect(values[1]).toBeCloseTo(2, 14);
    expect(values[2]).toBeCloseTo(2 + Math.SQRT2, 14);
    const expected = [0.5, S, 0.5, S, 0, -S, 0.5, -S, 0.5];
    for (let k = 0; k < 9; k++) expect(vectors[k]).toBeCloseTo(expected[k]!, 13);
  });

  it('handles repeated eigenvalues: the all-ones 4×4 matrix has 0, 0, 0, 4', () => {
    const a = new Float64Array(16).fill(1);
    const { values, vectors } = eigenSymmetric(a, 4);
    for (let i = 0; i < 3; i++) expect(values[i]).toBeCloseTo(0, 14);
    expect(values[3]).toBeCloseTo(4, 14);
    const c = check(a, 4, values, vectors);
    expect(c.residual).toBeLessThan(1e-13);
    expect(c.orthogonality).toBeLessThan(1e-14);
  });

  it.each([1, 3, 5, 20, 60])('satisfies A·v = λ·v with orthonormal vectors for a random %i×%i matrix', (n) => {
    const a = randomSymmetric(n, 1000 + n);
    const { values, vectors } = eigenSymmetric(a, n);
    const c = check(a, n, values, vectors);
    expect(c.residual).toBeLessThan(1e-11 * n);
    expect(c.orthogonality).toBeLessThan(1e-12 * n);
    expect(c.ascending).toBe(true);
    let trace = 0;
    let sum = 0;
    for (let i = 0; i < n; i++) {
      trace += a[i * n + i]!;
      sum += values[i]!;
    }
    expect(sum).toBeCloseTo(trace, 10);
  });

  it('uses the symmetric part of a slightly asymmetric (finite-difference) Hessian', () => {
    const e = eigenSymmetric([2, 1 + 1e-9, 1 - 1e-9, 2], 2);
    expect(e.values[0]).toBeCloseTo(1, 14);
    expect(e.values[1]).toBeCloseTo(3, 14);
  });

  it('names the bad input', () => {
    expect(() => eigenSymmetric([1, 2, 3], 2)).toThrow(/3 entries, expected n·n = 4/);
    expect(() => eigenSymmetric([1, Number.POSITIVE_INFINITY, 0, 1], 2)).toThrow(/entry \(0, 1\) is not finite/);
    expect(() => eigenSymmetric([], 0)).toThrow(/n must be a positive integer/);
  });
});
