// Small dense linear algebra for Hessians: a closed-form symmetric 2×2 eigen-decomposition for the
// error-surface lab and a cyclic Jacobi eigen-solver for the n×n Hessians of small networks.
// Both return eigenvalues in ascending order with unit eigenvectors whose sign is fixed by one
// rule (first non-negligible component positive), so the same matrix always draws the same arrows.

export type Vec2 = [number, number];
export type Mat2 = [[number, number], [number, number]];

export interface Eigen2 {
  /** Ascending. */
  values: Vec2;
  /** vectors[i] is the unit eigenvector of values[i]. */
  vectors: [Vec2, Vec2];
}

export interface EigenN {
  /** Ascending. */
  values: Float64Array;
  /** Row-major n×n: row i (vectors[i·n .. i·n+n)) is the unit eigenvector of values[i]. */
  vectors: Float64Array;
}

/** Components at or below this (relative to the vector's largest) don't decide the sign. */
const SIGN_TOLERANCE = 1e-12;

/** Flips `v` in place so that its first component that is not ~0 is positive (and −0 reads 0). */
function normaliseSign(v: Float64Array | number[], offset = 0, length = v.length - offset): void {
  let largest = 0;
  for (let k = 0; k < length; k++) largest = Math.max(largest, Math.abs(v[offset + k]!));
  let sign = 1;
  for (let k = 0; k < length; k++) {
    const c = v[offset + k]!;
    if (Math.abs(c) > SIGN_TOLERANCE * largest) {
      sign = c < 0 ? -1 : 1;
      break;
    }
  }
  for (let k = 0; k < length; k++) v[offset + k] = sign * v[offset + k]! || 0;
}

/**
 * Eigen-decomposition of the symmetric part of a 2×2 matrix.
 * Eigenvalues: the one of larger magnitude from mean ± radius, the other as det / that one, which
 * avoids the cancellation of mean − radius when the two differ by many orders of magnitude.
 * Eigenvectors: the rotation angle ½·atan2(2b, a−d), so they are orthonormal by construction
 * and well defined for repeated eigenvalues (atan2(0, 0) = 0 gives the coordinate axes).
 */
export function eigenSymmetric2(m: Mat2): Eigen2 {
  const a = m[0][0];
  const d = m[1][1];
  const b = (m[0][1] + m[1][0]) / 2;
  if (![a, b, d].every(Number.isFinite)) throw new RangeError('eigenSymmetric2: matrix has a non-finite entry');
  const mean = (a + d) / 2;
  const radius = Math.hypot((a - d) / 2, b);
  const big = mean >= 0 ? mean + radius : mean - radius;
  const small = big === 0 ? 0 : (a * d - b * b) / big;
  const lo = Math.min(big, small);
  const hi = Math.max(big, small);

  const theta = Math.atan2(2 * b, a - d) / 2;
  const upper = [Math.cos(theta), Math.sin(theta)]; // belongs to the larger eigenvalue
  const lower = [-Math.sin(theta), Math.cos(theta)];
  normaliseSign(upper);
  normaliseSign(lower);
  return { values: [lo, hi], vectors: [[lower[0]!, lower[1]!], [upper[0]!, upper[1]!]] };
}

/**
 * Eigen-decomposition of a symmetric n×n matrix (row-major) by cyclic Jacobi rotations
 * (Rutishauser's stable form, as in Numerical Recipes' `jacobi`). Only the symmetric part
 * (A + Aᵀ)/2 is used, so a Hessian from finite differences can be passed as is.
 * O(n³) per sweep and typically 6–10 sweeps: meant for n up to a few hundred.
 */
export function eigenSymmetric(matrix: ArrayLike<number>, n: number, maxSweeps = 60): EigenN {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`eigenSymmetric: n must be a positive integer, got ${n}`);
  if (matrix.length !== n * n) throw new RangeError(`eigenSymmetric: matrix has ${matrix.length} entries, expected n·n = ${n * n}`);
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const value = (matrix[i * n + j]! + matrix[j * n + i]!) / 2;
      if (!Number.isFinite(value)) throw new RangeError(`eigenSymmetric: entry (${i}, ${j}) is not finite`);
      a[i * n + j] = value;
    }
  }
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;

  for (let sweep = 0; ; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += Math.abs(a[p * n + q]!);
    if (off === 0) break;
    if (sweep === maxSweeps) throw new Error(`eigenSymmetric: Jacobi did not converge in ${maxSweeps} sweeps`);
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q]!;
        const app = a[p * n + p]!;
        const aqq = a[q * n + q]!;
        // Once an off-diagonal entry no longer changes either diagonal entry it is zero to
        // working precision; dropping it is what makes the iteration terminate.
        const g = 100 * Math.abs(apq);
        if (sweep > 3 && Math.abs(app) + g === Math.abs(app) && Math.abs(aqq) + g === Math.abs(aqq)) {
          a[p * n + q] = 0;
          a[q * n + p] = 0;
          continue;
        }
        if (apq === 0) continue;
        const theta = (aqq - app) / (2 * apq);
        // t = tan φ, the smaller root of t² + 2θt − 1 = 0; 1/(2θ) where θ² would overflow.
        const t = Math.abs(theta) > 1e150 ? 1 / (2 * theta) : Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          if (k === p || k === q) continue;
          const akp = a[k * n + p]!;
          const akq = a[k * n + q]!;
          a[k * n + p] = a[p * n + k] = c * akp - s * akq;
          a[k * n + q] = a[q * n + k] = s * akp + c * akq;
        }
        a[p * n + p] = app - t * apq;
        a[q * n + q] = aqq + t * apq;
        a[p * n + q] = a[q * n + p] = 0;
        for (let k = 0; k < n; k++) {
          const vkp = v[k * n + p]!;
          const vkq = v[k * n + q]!;
          v[k * n + p] = c * vkp - s * vkq;
          v[k * n + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => a[i * n + i]! - a[j * n + j]!);
  const values = new Float64Array(n);
  const vectors = new Float64Array(n * n);
  order.forEach((col, i) => {
    values[i] = a[col * n + col]!;
    for (let k = 0; k < n; k++) vectors[i * n + k] = v[k * n + col]!;
    normaliseSign(vectors, i * n, n);
  });
  return { values, vectors };
}
