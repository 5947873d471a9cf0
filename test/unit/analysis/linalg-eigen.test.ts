// The Householder + implicit-QL eigensolver (linalg.ts) against closed forms and against the
// independent Jacobi solver; tridiagonal QL's first components as Gauss quadrature weights.
import { describe, expect, it } from 'vitest';
import { eigenSymmetric, eigenTridiagonal, eigenvaluesSymmetric } from '../../../main/engine/linalg';
import { createRng } from '../../../main/engine/random';

function randomSymmetric(n: number, seed: number): Float64Array {
  const rng = createRng(seed);
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) a[i * n + j] = a[j * n + i] = rng.normal();
  return a;
}

describe('eigenTridiagonal', () => {
  it('gives the closed-form spectrum 2 − 2cos(jπ/(k+1)) of the second-difference matrix', () => {
    const k = 40;
    const { values } = eigenTridiagonal(new Array(k).fill(2), new Array(k - 1).fill(-1));
    const expected = Array.from({ length: k }, (_, j) => 2 - 2 * Math.cos(((j + 1) * Math.PI) / (k + 1)));
    expect(values).toHaveLength(k);
    values.forEach((v, j) => expect(v).toBeCloseTo(expected[j]!, 12));
  });

  it('first components square-sum to 1 and match the full eigenvectors', () => {
    const d = [1, -2, 3.5, 0.25, 4];
    const e = [0.5, 1.5, -0.75, 2];
    const t = eigenTridiagonal(d, e, true);
    expect(t.firstComponents.reduce((s, c) => s + c * c, 0)).toBeCloseTo(1, 13);
    const dense = new Float64Array(25);
    for (let i = 0; i < 5; i++) {
      dense[i * 5 + i] = d[i]!;
      if (i < 4) dense[i * 5 + i + 1] = dense[(i + 1) * 5 + i] = e[i]!;
    }
    const j = eigenSymmetric(dense, 5);
    for (let i = 0; i < 5; i++) {
      expect(t.values[i]).toBeCloseTo(j.values[i]!, 12);
      expect(Math.abs(t.firstComponents[i]!)).toBeCloseTo(Math.abs(j.vectors[i * 5]!), 10);
      for (let r = 0; r < 5; r++) expect(t.vectors![i * 5 + r]).toBeCloseTo(j.vectors[i * 5 + r]!, 10);
    }
  });
});

describe('eigenvaluesSymmetric (Householder + QL)', () => {
  it('agrees with Jacobi on random symmetric matrices', () => {
    for (const n of [1, 2, 3, 7, 60]) {
      const a = randomSymmetric(n, n);
      const fast = eigenvaluesSymmetric(a, n);
      const slow = eigenSymmetric(a, n).values;
      for (let i = 0; i < n; i++) expect(fast[i]).toBeCloseTo(slow[i]!, 10);
    }
  });

  it('keeps exact zeros and repeated eigenvalues (a rank-one matrix)', () => {
    const n = 6;
    const u = [1, 2, 0, -1, 3, 1];
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) a[i * n + j] = u[i]! * u[j]!;
    const values = eigenvaluesSymmetric(a, n);
    for (let i = 0; i < n - 1; i++) expect(Math.abs(values[i]!)).toBeLessThan(1e-12);
    expect(values[n - 1]).toBeCloseTo(16, 12);
  });

  it('handles n = 1200 (timed by npm run bench; Jacobi would take hours), trace and Frobenius norm preserved', () => {
    const n = 1200;
    const a = randomSymmetric(n, 7);
    const values = eigenvaluesSymmetric(a, n);
    let trace = 0;
    let frob = 0;
    for (let i = 0; i < n; i++) trace += a[i * n + i]!;
    for (let i = 0; i < n * n; i++) frob += a[i]! * a[i]!;
    expect(values.reduce((s, v) => s + v, 0)).toBeCloseTo(trace, 6);
    expect(values.reduce((s, v) => s + v * v, 0) / frob).toBeCloseTo(1, 10);
    // Wigner's semicircle: the largest eigenvalue of a GOE-like matrix is near 2√n.
    expect(values[n - 1]! / (2 * Math.sqrt(n))).toBeCloseTo(1, 1);
  }, 180_000);
});
