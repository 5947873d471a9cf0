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
import type { CriticalKind, MinRatioPoint, minRatioRequest, SaddleEscape } from '../../../preload/analysis';
import { regression1d } from '../data/synthetic';
import { eigenSymmetric, type EigenN } from '../linalg';
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
  eigen: EigenN;
}

/** Loss, gradient and the full eigen-decomposition of the Hessian at the objective's point. */
export function spectrumAt(obj: PointObjective): Spectrum {
  const { loss, gradient } = obj.evaluate();
  const g = Float64Array.from(gradient);
  const h = fullHessian((v) => obj.hvp(v), obj.size);
  return { loss, gradient: g, gradientNorm: norm(g), eigen: eigenSymmetric(h, obj.size) };
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

/**
 * Levenberg–Marquardt on the residual g(θ): δ = −Q·diag(λ/(λ² + μ))·Qᵀg with H = QΛQᵀ.
 * A step is kept only if ‖g‖ falls; otherwise μ grows and the step is retried.
 */
export function minimiseGradientNorm(obj: PointObjective, o: GradientNormOptions): GradientNormTrace {
  const n = obj.size;
  const theta = obj.params;
  let s = spectrumAt(obj);
  const gradientNorms = [s.gradientNorm];
  let largest = Math.max(...Array.from(s.eigen.values, Math.abs), 1e-12);
  let mu = 1e-6 * largest * largest;
  let steps = 0;
  while (steps < o.maxSteps && s.gradientNorm > o.tol && Number.isFinite(s.gradientNorm)) {
    steps++;
    const { values, vectors } = s.eigen;
    const c = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let d = 0;
      for (let j = 0; j < n; j++) d += vectors[i * n + j]! * s.gradient[j]!;
      c[i] = d;
    }
    const saved = Float64Array.from(theta);
    let accepted = false;
    for (let attempt = 0; attempt < 30 && !accepted; attempt++) {
      theta.set(saved);
      for (let i = 0; i < n; i++) {
        const f = (values[i]! * c[i]!) / (values[i]! * values[i]! + mu);
        for (let j = 0; j < n; j++) theta[j]! -= f * vectors[i * n + j]!;
      }
      const trial = norm(obj.evaluate().gradient);
      if (trial < s.gradientNorm) {
        accepted = true;
        mu = Math.max(mu / 4, 1e-15 * largest * largest);
      } else mu *= 8;
    }
    if (!accepted) {
      theta.set(saved);
      break;
    }
    s = spectrumAt(obj);
    largest = Math.max(...Array.from(s.eigen.values, Math.abs), 1e-12);
    gradientNorms.push(s.gradientNorm);
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
  const lambda = s.eigen.values[0]!;
  if (!(lambda < -zeroTolerance(s.eigen.values))) return null;
  const u = s.eigen.vectors.subarray(0, n);
  let gu = 0;
  for (let i = 0; i < n; i++) gu += s.gradient[i]! * u[i]!;
  // Far enough that the quadratic model visibly drops by about half the loss, then bends away.
  const reach = Math.min(2, Math.max(1e-3, Math.sqrt(s.loss / -lambda)));
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

export const MIN_RATIO_DEFAULTS: MinRatioConfig = {
  data: 'sine',
  samples: 40,
  noise: 0.1,
  widths: [2, 3, 4, 6, 8],
  seeds: 4,
  trainSteps: 300,
  lr: 0.02,
  tol: 1e-6,
  newtonSteps: 40,
  seed: 1,
};

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
  const values = s.eigen.values;
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
    escape: saddleEscape(obj, s),
  };
}

/** The nets of a study in a fixed order: every width with seeds seed … seed + seeds − 1. */
export function studyNets(c: MinRatioConfig): { width: number; seed: number }[] {
  return c.widths.flatMap((width) => Array.from({ length: c.seeds }, (_, k) => ({ width, seed: c.seed + k })));
}
