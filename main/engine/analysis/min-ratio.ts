// The minimum-ratio study of LECTURE §2: train many small networks, drive each to a point where
// the gradient is ~0, and look at the Hessian there. The lecture's claim is that such points are
// mostly saddles: the minimum ratio (# positive eigenvalues / # eigenvalues) is usually below 1,
// and the lower the training loss, the closer to 1 it gets.
//
// "Driving to a small gradient" minimises φ(θ) = ½‖∇L(θ)‖², whose zeros are *all* critical points
// (saddles included), not only minima — plain training would slide off saddles and hide them.
// The residual is g(θ) with Jacobian H(θ), so Levenberg–Marquardt on g is a damped Newton step
// δ = −(H² + μI)⁻¹·H·g, done in H's eigenbasis since the full (small) Hessian is built anyway.
import type { z } from 'zod';
import { minRatioRequest, type CriticalKind, type MinRatioPoint, type SaddleEscape } from '../../../preload/analysis';
import { regression1d } from '../data/synthetic';
import { eigenvaluesSymmetric } from '../linalg';
import { buildNetwork } from '../nn/network';
import { classify } from '../surfaces/critical';
import { TrainingObjective } from './dual-network';
import { fullHessian, minimumRatio, zeroTolerance } from './spectrum';

/** A twice-differentiable loss at mutable parameters, with exact gradient and H·v. */
export interface PointObjective {
  readonly size: number;
  /** The point: evaluate() and hvp() read it, the study writes it. */
  readonly params: Float64Array;
  evaluate(): { loss: number; gradient: Float64Array };
  hvp(v: Float64Array): Float64Array;
}

const norm = (v: ArrayLike<number>) => {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i]! * v[i]!;
  return Math.sqrt(s);
};

export interface Spectrum {
  loss: number;
  gradient: Float64Array;
  gradientNorm: number;
  /** All eigenvalues of the Hessian, ascending. */
  values: Float64Array;
  /** Unit eigenvector of values[0]. */
  lowest: Float64Array;
}

/** Loss, gradient, all eigenvalues of the Hessian and the eigenvector of the lowest, at the objective's point. */
export function spectrumAt(obj: PointObjective): Spectrum {
  const n = obj.size;
  const { loss, gradient } = obj.evaluate();
  const g = Float64Array.from(gradient);
  const h = fullHessian((v) => obj.hvp(v), n);
  const values = eigenvaluesSymmetric(h, n);
  return { loss, gradient: g, gradientNorm: norm(g), values, lowest: lowestEigenvector(h, n, values) };
}

/** Inverse iteration on H − σI with σ just below λ_min (positive definite, so Cholesky solves it). */
function lowestEigenvector(h: Float64Array, n: number, values: Float64Array): Float64Array {
  const scale = Math.max(1e-12, ...Array.from(values, Math.abs));
  const sigma = values[0]! - 1e-7 * scale;
  let x = Float64Array.from({ length: n }, (_, i) => 1 + 0.1 * Math.sin(i + 1));
  for (let it = 0; it < 6; it++) {
    const a = new Float64Array(n * n);
    for (let i = 0; i < n * n; i++) a[i] = h[i]!;
    for (let i = 0; i < n; i++) a[i * n + i]! -= sigma;
    if (!choleskySolve(a, x, n)) break;
    const len = norm(x);
    x = Float64Array.from(x, (v) => v / len);
  }
  return x;
}

export interface GradientNormOptions {
  /** Stop once ‖g‖ is at or below this. */
  tol: number;
  /** At most this many accepted (or given-up) Newton steps. */
  maxSteps: number;
}

export interface GradientNormTrace {
  /** ‖g‖ at the start and after every accepted step. */
  gradientNorms: number[];
  steps: number;
}

/** Solves A·x = b in place of b for a symmetric positive-definite A (row-major n×n, overwritten by its Cholesky factor). */
function choleskySolve(a: Float64Array, b: Float64Array, n: number): boolean {
  for (let j = 0; j < n; j++) {
    let d = a[j * n + j]!;
    for (let k = 0; k < j; k++) d -= a[j * n + k]! * a[j * n + k]!;
    if (!(d > 0)) return false;
    const l = Math.sqrt(d);
    a[j * n + j] = l;
    for (let i = j + 1; i < n; i++) {
      let s = a[i * n + j]!;
      for (let k = 0; k < j; k++) s -= a[i * n + k]! * a[j * n + k]!;
      a[i * n + j] = s / l;
    }
  }
  for (let i = 0; i < n; i++) {
    let s = b[i]!;
    for (let k = 0; k < i; k++) s -= a[i * n + k]! * b[k]!;
    b[i] = s / a[i * n + i]!;
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = b[i]!;
    for (let k = i + 1; k < n; k++) s -= a[k * n + i]! * b[k]!;
    b[i] = s / a[i * n + i]!;
  }
  return true;
}

/**
 * Levenberg–Marquardt on the residual g(θ): (H² + μI)·δ = −H·g. A step is kept only if ‖g‖
 * falls; otherwise μ grows and the step is retried. Converges to saddles as readily as to minima
 * (on ½θᵀAθ with A indefinite it lands on 0, where gradient descent runs away).
 */
export function minimiseGradientNorm(obj: PointObjective, o: GradientNormOptions): GradientNormTrace {
  const n = obj.size;
  const theta = obj.params;
  let g = Float64Array.from(obj.evaluate().gradient);
  let gn = norm(g);
  const gradientNorms = [gn];
  let mu = -1;
  let steps = 0;
  while (steps < o.maxSteps && gn > o.tol && Number.isFinite(gn)) {
    steps++;
    const h = fullHessian((v) => obj.hvp(v), n);
    const h2 = new Float64Array(n * n);
    for (let i = 0; i < n; i++)
      for (let k = 0; k < n; k++) {
        const hik = h[i * n + k]!;
        if (hik === 0) continue;
        for (let j = i; j < n; j++) h2[i * n + j]! += hik * h[k * n + j]!;
      }
    let scale = 0;
    for (let i = 0; i < n; i++) scale = Math.max(scale, h2[i * n + i]!);
    if (mu < 0) mu = 1e-6 * Math.max(scale, 1e-12);
    const hg = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let d = 0;
      for (let j = 0; j < n; j++) d += h[i * n + j]! * g[j]!;
      hg[i] = -d;
    }
    const saved = Float64Array.from(theta);
    let accepted = false;
    for (let attempt = 0; attempt < 30 && !accepted; attempt++) {
      const a = new Float64Array(n * n);
      for (let i = 0; i < n; i++)
        for (let j = i; j < n; j++) a[i * n + j] = a[j * n + i] = h2[i * n + j]! + (i === j ? mu : 0);
      const delta = Float64Array.from(hg);
      if (choleskySolve(a, delta, n)) {
        for (let i = 0; i < n; i++) theta[i] = saved[i]! + delta[i]!;
        const trial = Float64Array.from(obj.evaluate().gradient);
        const tn = norm(trial);
        if (tn < gn) {
          accepted = true;
          g = trial;
          gn = tn;
          mu = Math.max(mu / 5, 1e-15 * Math.max(scale, 1e-12));
          continue;
        }
      }
      mu *= 6;
    }
    if (!accepted) {
      theta.set(saved);
      break;
    }
    gradientNorms.push(gn);
  }
  return { gradientNorms, steps };
}

/**
 * LECTURE §2's escape: along the unit eigenvector u of the lowest eigenvalue λ < 0, the Taylor
 * model predicts L(θ + εu) ≈ L(θ) + ε·gᵀu + ½λε² (gᵀu ≈ 0 at a critical point); the actual loss
 * is measured beside it. Null when no eigenvalue is negative.
 */
export function saddleEscape(obj: PointObjective, s: Spectrum, points = 21): SaddleEscape | null {
  const n = obj.size;
  const lambda = s.values[0]!;
  if (!(lambda < -zeroTolerance(s.values))) return null;
  const u = s.lowest;
  let gu = 0;
  for (let i = 0; i < n; i++) gu += s.gradient[i]! * u[i]!;
  // Short: the quadratic model is local, and tanh nets' third derivatives bend the loss back
  // up within ε ≈ 0.2 when λ is small; at most far enough to halve the loss on paper.
  const reach = Math.min(0.1, Math.max(1e-3, Math.sqrt(s.loss / -lambda)));
  const sign = gu > 0 ? -1 : 1;
  const theta = obj.params;
  const saved = Float64Array.from(theta);
  const eps: number[] = [];
  const predicted: number[] = [];
  const actual: number[] = [];
  for (let k = 0; k < points; k++) {
    const e = (reach * k) / (points - 1);
    for (let i = 0; i < n; i++) theta[i] = saved[i]! + sign * e * u[i]!;
    eps.push(e);
    predicted.push(s.loss + sign * e * gu + 0.5 * lambda * e * e);
    actual.push(obj.evaluate().loss);
  }
  theta.set(saved);
  return { lambda, eps, predicted, actual };
}

/** The study's kind of point: critical once ‖g‖ ≤ tol, then the signs of the eigenvalues decide. */
export function kindAt(gradientNorm: number, eigenvalues: ArrayLike<number>, tol: number): CriticalKind {
  return classify(gradientNorm <= tol ? 0 : gradientNorm, Array.from(eigenvalues));
}

/** Adam on the full batch: the "training" that precedes the Newton polish. */
function train(obj: PointObjective, steps: number, lr: number): void {
  const n = obj.size;
  const m = new Float64Array(n);
  const v = new Float64Array(n);
  const theta = obj.params;
  for (let t = 1; t <= steps; t++) {
    const { gradient } = obj.evaluate();
    for (let i = 0; i < n; i++) {
      const g = gradient[i]!;
      m[i] = 0.9 * m[i]! + 0.1 * g;
      v[i] = 0.999 * v[i]! + 0.001 * g * g;
      theta[i]! -= (lr * (m[i]! / (1 - 0.9 ** t))) / (Math.sqrt(v[i]! / (1 - 0.999 ** t)) + 1e-8);
    }
  }
}

/** Settings with every default filled in (the contract's schema fills them for the channel). */
export type MinRatioConfig = z.output<typeof minRatioRequest>;

/** One network of the study: data 1-D regression, model 1 → w (tanh) → w (tanh) → 1, MSE. */
export function studyObjective(c: MinRatioConfig, width: number, seed: number): PointObjective {
  const data = regression1d(c.data, { samples: c.samples, noise: c.noise, degree: 3, seed: c.seed });
  const net = buildNetwork(
    [
      { dense: width, activation: 'tanh' },
      { dense: width, activation: 'tanh' },
      { dense: 1, activation: 'linear' },
    ],
    1,
    1,
    'float64',
  );
  net.init(seed, 'xavier');
  const objective = new TrainingObjective(net, {
    x: data.x,
    rows: data.n,
    targets: { kind: 'values', values: data.values! },
    loss: 'mse',
    l2: 0,
  });
  return {
    size: objective.size,
    params: net.params as Float64Array,
    evaluate: () => objective.evaluate(null),
    hvp: (v) => objective.hvp(v),
  };
}

/** Train, polish to ‖g‖ ≤ tol (or the step cap), and read the spectrum: one point of the scatter. */
export function studyNetwork(c: MinRatioConfig, width: number, seed: number): MinRatioPoint {
  const obj = studyObjective(c, width, seed);
  train(obj, c.trainSteps, c.lr);
  const trainedLoss = obj.evaluate().loss;
  const polish = minimiseGradientNorm(obj, { tol: c.tol, maxSteps: c.newtonSteps });
  const s = spectrumAt(obj);
  const values = s.values;
  return {
    width,
    seed,
    params: obj.size,
    trainedLoss,
    loss: s.loss,
    gradientNorm: s.gradientNorm,
    newtonSteps: polish.steps,
    minimumRatio: minimumRatio(values),
    negative: Array.from(values).filter((l) => l < -zeroTolerance(values)).length,
    lowest: values[0]!,
    highest: values[values.length - 1]!,
    kind: kindAt(s.gradientNorm, values, c.tol),
    curvature: kindAt(0, values, c.tol),
    escape: saddleEscape(obj, s),
  };
}

/** The nets of a study in a fixed order: every width with seeds seed … seed + seeds − 1. */
export function studyNets(c: MinRatioConfig): { width: number; seed: number }[] {
  return c.widths.flatMap((width) => Array.from({ length: c.seeds }, (_, k) => ({ width, seed: c.seed + k })));
}
