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

export interface TridiagonalEigen {
  /** Ascending. */
  values: Float64Array;
  /** First component of each unit eigenvector (same order): the quadrature weights of Lanczos (Golub & Welsch 1969). */
  firstComponents: Float64Array;
  /** Row-major k×k, row i the unit eigenvector of values[i]; only when asked for. */
  vectors: Float64Array | null;
}

/**
 * Eigenvalues of a symmetric tridiagonal matrix (diagonal d, off-diagonal e with e[i] between
 * rows i and i+1) by implicit QL with Wilkinson shifts (Numerical Recipes' `tqli`). O(k²) for
 * the values; the rotations are also applied to the first row of the eigenvector matrix, which
 * is all stochastic Lanczos quadrature needs, and to the whole matrix when `vectors` is set.
 */
export function eigenTridiagonal(diagonal: ArrayLike<number>, offDiagonal: ArrayLike<number>, vectors = false): TridiagonalEigen {
  const k = diagonal.length;
  if (offDiagonal.length < k - 1) throw new RangeError(`eigenTridiagonal: need ${k - 1} off-diagonal entries, got ${offDiagonal.length}`);
  const d = Float64Array.from(diagonal);
  const e = new Float64Array(k);
  for (let i = 0; i < k - 1; i++) e[i] = offDiagonal[i]!;
  for (let i = 0; i < k; i++) if (!Number.isFinite(d[i]!) || !Number.isFinite(e[i]!)) throw new RangeError(`eigenTridiagonal: entry ${i} is not finite`);
  // z[r·k + c]: row r of the eigenvector matrix (columns are eigenvectors). Row 0 always; all rows on request.
  const rows = vectors ? k : 1;
  const z = new Float64Array(rows * k);
  for (let r = 0; r < rows; r++) z[r * k + r] = 1;
  // EISPACK tql1's test: an off-diagonal is negligible against the largest |d_l| + |e_l| seen so
  // far, not only against its own diagonal neighbours — a rank-deficient Hessian's tridiagonal
  // has long runs where both are rounding noise (~1e−17) and a purely relative test never passes.
  let scale = 0;
  for (let l = 0; l < k; l++) {
    scale = Math.max(scale, Math.abs(d[l]!) + Math.abs(e[l]!));
    let iterations = 0;
    let m: number;
    do {
      for (m = l; m < k - 1; m++) {
        const dd = Math.abs(d[m]!) + Math.abs(d[m + 1]!);
        if (Math.abs(e[m]!) <= Number.EPSILON * Math.max(dd, scale)) break;
      }
      if (m === l) break;
      if (iterations++ === 60) throw new Error('eigenTridiagonal: QL did not converge in 60 iterations');
      let g = (d[l + 1]! - d[l]!) / (2 * e[l]!);
      let r = Math.hypot(g, 1);
      g = d[m]! - d[l]! + e[l]! / (g + (g >= 0 ? r : -r));
      let s = 1;
      let c = 1;
      let p = 0;
      let i: number;
      for (i = m - 1; i >= l; i--) {
        const f = s * e[i]!;
        const b = c * e[i]!;
        e[i + 1] = r = Math.hypot(f, g);
        if (r === 0) {
          // Underflow: the matrix split; deflate and start this l again.
          d[i + 1]! -= p;
          e[m] = 0;
          break;
        }
        s = f / r;
        c = g / r;
        g = d[i + 1]! - p;
        r = (d[i]! - g) * s + 2 * c * b;
        d[i + 1] = g + (p = s * r);
        g = c * r - b;
        for (let row = 0; row < rows; row++) {
          const o = row * k;
          const zf = z[o + i + 1]!;
          z[o + i + 1] = s * z[o + i]! + c * zf;
          z[o + i] = c * z[o + i]! - s * zf;
        }
      }
      if (r === 0 && i >= l) continue;
      d[l]! -= p;
      e[l] = g;
      e[m] = 0;
    } while (m !== l);
  }
  const order = Array.from({ length: k }, (_, i) => i).sort((a, b) => d[a]! - d[b]!);
  const values = Float64Array.from(order, (i) => d[i]!);
  const firstComponents = Float64Array.from(order, (i) => z[i]!);
  let vecs: Float64Array | null = null;
  if (vectors) {
    vecs = new Float64Array(k * k);
    order.forEach((col, i) => {
      for (let r = 0; r < k; r++) vecs![i * k + r] = z[r * k + col]!;
      normaliseSign(vecs!, i * k, k);
    });
  }
  return { values, firstComponents, vectors: vecs };
}

/**
 * All eigenvalues (ascending) of a symmetric n×n matrix (row-major; the symmetric part is used):
 * Householder reduction to tridiagonal form, then implicit QL. About (4/3)·n³ flops against
 * Jacobi's ~2·n³ per sweep times 6–10 sweeps: what makes the full spectrum of a 3,000-parameter
 * network's Hessian a matter of seconds. Eigenvalues only (the vectors would triple the cost).
 */
export function eigenvaluesSymmetric(matrix: ArrayLike<number>, n: number): Float64Array {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`eigenvaluesSymmetric: n must be a positive integer, got ${n}`);
  if (matrix.length !== n * n) throw new RangeError(`eigenvaluesSymmetric: matrix has ${matrix.length} entries, expected n·n = ${n * n}`);
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      const value = (matrix[i * n + j]! + matrix[j * n + i]!) / 2;
      if (!Number.isFinite(value)) throw new RangeError(`eigenvaluesSymmetric: entry (${i}, ${j}) is not finite`);
      a[i * n + j] = value;
    }
  const off = new Float64Array(Math.max(0, n - 1));
  const v = new Float64Array(n);
  const w = new Float64Array(n);
  for (let k = 0; k < n - 2; k++) {
    // Householder reflector H = I − 2vvᵀ (v unit, supported on k+1..n−1) zeroing column k below k+1.
    let norm = 0;
    for (let i = k + 1; i < n; i++) norm += a[i * n + k]! * a[i * n + k]!;
    norm = Math.sqrt(norm);
    const x0 = a[(k + 1) * n + k]!;
    const alpha = x0 > 0 ? -norm : norm;
    off[k] = alpha;
    if (norm === 0) continue;
    let vNorm = 0;
    for (let i = k + 1; i < n; i++) {
      v[i] = a[i * n + k]! - (i === k + 1 ? alpha : 0);
      vNorm += v[i]! * v[i]!;
    }
    vNorm = Math.sqrt(vNorm);
    if (vNorm === 0) continue;
    for (let i = k + 1; i < n; i++) v[i]! /= vNorm;
    // HAH = A − 2(v wᵀ + w vᵀ) with p = Av, w = p − (vᵀp)v, on the trailing block. Only the
    // lower triangle is read and written (each row's stretch is contiguous): half the work.
    for (let i = k + 1; i < n; i++) w[i] = 0;
    for (let i = k + 1; i < n; i++) {
      const row = i * n;
      const vi = v[i]!;
      let s = a[row + i]! * vi;
      for (let j = k + 1; j < i; j++) {
        const aij = a[row + j]!;
        s += aij * v[j]!;
        w[j]! += aij * vi;
      }
      w[i]! += s;
    }
    let vp = 0;
    for (let i = k + 1; i < n; i++) vp += v[i]! * w[i]!;
    for (let i = k + 1; i < n; i++) w[i]! -= vp * v[i]!;
    for (let i = k + 1; i < n; i++) {
      const row = i * n;
      const vi = 2 * v[i]!;
      const wi = 2 * w[i]!;
      for (let j = k + 1; j <= i; j++) a[row + j]! -= vi * w[j]! + wi * v[j]!;
    }
  }
  if (n >= 2) off[n - 2] = a[(n - 1) * n + (n - 2)]!;
  const diagonal = Float64Array.from({ length: n }, (_, i) => a[i * n + i]!);
  return eigenTridiagonal(diagonal, off).values;
}
