// Critical-point analysis at any point of a surface (LECTURE §2): gradient, Hessian, its
// eigen-decomposition, what kind of point it is and, at a saddle, which way to escape.
import type { CriticalKind, CriticalPointAnalysis } from '../../../preload/contract';
import type { SurfaceName } from '../../../preload/spec';
import { eigenSymmetric2 } from '../linalg';
import { type Point, requireSurface } from './functions';

/** ‖g‖ above this: not a critical point (issue 2). */
export const GRADIENT_TOLERANCE = 1e-6;

/**
 * An eigenvalue with |λ| ≤ EIGEN_TOLERANCE · max(1, max|λ|) counts as zero. The same size as the
 * gradient tolerance on purpose: a point accepted as critical may lie ~1e-6 (relative) away from
 * the true one, and the Hessian's eigenvalues there are only known to about that accuracy, so a
 * smaller eigenvalue cannot be told from 0. This makes the minima of w1w2 on the curve xy = 1
 * (eigenvalues 0 and 2(x²+y²)) `degenerate`, which is what they are: minima along a whole valley
 * that the second-order test cannot classify.
 */
export const EIGEN_TOLERANCE = 1e-6;

export function classify(gradientNorm: number, eigenvalues: readonly number[]): CriticalKind {
  if (gradientNorm > GRADIENT_TOLERANCE) return 'not-critical';
  const scale = Math.max(1, ...eigenvalues.map(Math.abs));
  const zero = EIGEN_TOLERANCE * scale;
  const negative = eigenvalues.some((l) => l < -zero);
  const positive = eigenvalues.some((l) => l > zero);
  if (negative && positive) return 'saddle';
  if (eigenvalues.every((l) => l > zero)) return 'local-min';
  if (eigenvalues.every((l) => l < -zero)) return 'local-max';
  return 'degenerate';
}

export function analyzePoint(fn: SurfaceName, at: Point): CriticalPointAnalysis {
  const surface = requireSurface(fn);
  const [x, y] = at;
  if (!Number.isFinite(x) || !Number.isFinite(y)) throw new RangeError(`at: expected two finite numbers, got ${JSON.stringify(at)}`);
  const loss = surface.value(x, y);
  const gradient = surface.gradient(x, y);
  const hessian = surface.hessian(x, y);
  if (![loss, ...gradient, ...hessian.flat()].every(Number.isFinite)) {
    throw new RangeError(`at: ${fn} overflows at (${x}, ${y}); choose a point nearer its window`);
  }
  const gradientNorm = Math.hypot(gradient[0], gradient[1]);
  const { values, vectors } = eigenSymmetric2(hessian);
  const kind = classify(gradientNorm, values);
  return {
    fn,
    at: [x, y],
    loss,
    gradient,
    gradientNorm,
    hessian,
    eigenvalues: values,
    eigenvectors: vectors,
    kind,
    // Ascending order puts the most negative eigenvalue first; eigenSymmetric2 fixed its sign.
    escapeDirection: kind === 'saddle' ? [vectors[0][0], vectors[0][1]] : null,
  };
}
