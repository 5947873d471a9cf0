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

interface KnownCriticalPoint {
  at: Point;
  kind: CriticalKind;
}

/** Newton seeds per axis over the window: dense enough for Rastrigin's lattice (one point per ½ unit). */
const SEEDS_PER_AXIS = 64;
/** At most this many points per surface (w1w2's minima form a whole curve; a sample of it is enough to snap to). */
const MAX_CRITICAL_POINTS = 1500;
const known = new Map<SurfaceName, KnownCriticalPoint[]>();

/**
 * The critical points of `fn` inside its window: Newton's method on ∇f = 0 from a grid of seeds,
 * keeping the points where ‖∇f‖ ≤ GRADIENT_TOLERANCE, merged when closer than 1e-4 of the window,
 * each classified as analyzePoint would. Computed once per surface. The lab snaps a click near
 * one of them onto it, so "is this a saddle?" does not depend on hitting it to the pixel.
 */
export function criticalPoints(fn: SurfaceName): KnownCriticalPoint[] {
  const cached = known.get(fn);
  if (cached) return cached;
  const surface = requireSurface(fn);
  const [[x0, x1], [y0, y1]] = surface.window;
  const merge = 1e-4 * Math.max(x1 - x0, y1 - y0);
  const found: KnownCriticalPoint[] = [];
  for (let i = 0; i < SEEDS_PER_AXIS && found.length < MAX_CRITICAL_POINTS; i++) {
    for (let j = 0; j < SEEDS_PER_AXIS && found.length < MAX_CRITICAL_POINTS; j++) {
      const p = newton(surface, x0 + ((x1 - x0) * (i + 0.5)) / SEEDS_PER_AXIS, y0 + ((y1 - y0) * (j + 0.5)) / SEEDS_PER_AXIS);
      if (!p || p[0] < x0 || p[0] > x1 || p[1] < y0 || p[1] > y1) continue;
      if (found.some((q) => Math.abs(q.at[0] - p[0]) <= merge && Math.abs(q.at[1] - p[1]) <= merge)) continue;
      const kind = analyzePoint(fn, p).kind;
      if (kind !== 'not-critical') found.push({ at: p, kind });
    }
  }
  known.set(fn, found);
  return found;
}

function newton(surface: ReturnType<typeof requireSurface>, x: number, y: number): Point | null {
  for (let k = 0; k < 100; k++) {
    const [gx, gy] = surface.gradient(x, y);
    if (!Number.isFinite(gx) || !Number.isFinite(gy)) return null;
    if (Math.hypot(gx, gy) <= 1e-15) break;
    const [[a, b], [, d]] = surface.hessian(x, y);
    const det = a * d - b * b;
    if (!Number.isFinite(det) || Math.abs(det) < 1e-300) break;
    x -= (d * gx - b * gy) / det;
    y -= (a * gy - b * gx) / det;
  }
  // Newton lands within rounding of the point: (0, 1e-17) is the saddle at (0, 0).
  const round = (v: number) => (Math.abs(v) < 1e-12 ? 0 : Number(v.toPrecision(13)));
  [x, y] = [round(x), round(y)];
  const [gx, gy] = surface.gradient(x, y);
  return Math.hypot(gx, gy) <= GRADIENT_TOLERANCE && Number.isFinite(x) && Number.isFinite(y) ? [x, y] : null;
}
