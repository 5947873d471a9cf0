// What the Hessian of a network's training loss says about the point training stopped at
// (LECTURE §2): the full spectrum for small networks (n Hessian-vector products, then the
// Householder + QL eigensolver), and for larger ones the extremes by Lanczos, the trace by
// Hutchinson's estimator and the spectral density by stochastic Lanczos quadrature (the methods
// PyHessian uses, Yao et al. 2020). Only H·v is ever needed, so any exact HVP plugs in.
import { createRng, type Rng } from '../random';
import { eigenTridiagonal, eigenvaluesSymmetric } from '../linalg';
import { classify, EIGEN_TOLERANCE } from '../surfaces/critical';
import type { HessianAnalysis } from '../../../preload/contract';

export type Hvp = (v: Float64Array) => Float64Array;

/** Up to this many parameters the full Hessian is built and all its eigenvalues reported. */
export const FULL_SPECTRUM_LIMIT = 3000;

/** The full n×n Hessian (row-major) column by column, symmetrised: (H + Hᵀ)/2 removes rounding asymmetry. */
export function fullHessian(hvp: Hvp, n: number, onProgress?: (done: number, total: number) => void): Float64Array {
  return symmetrize(hessianColumns(hvp, n, 0, n, onProgress), n);
}

/**
 * Columns from…to−1 of the Hessian, H·e_j, stored as rows (row j−from holds column j): a block
 * that a pool worker computes while others compute the rest. Stacking every block in order and
 * symmetrising gives fullHessian's matrix, bit for bit.
 */
export function hessianColumns(hvp: Hvp, n: number, from: number, to: number, onProgress?: (done: number, total: number) => void): Float64Array {
  const block = new Float64Array((to - from) * n);
  const e = new Float64Array(n);
  for (let j = from; j < to; j++) {
    e[j] = 1;
    block.set(hvp(e).subarray(0, n), (j - from) * n);
    e[j] = 0;
    onProgress?.(j - from + 1, to - from);
  }
  return block;
}

/** Rows of H·e_j (j = 0…n−1, as hessianColumns gives them) into the symmetric row-major Hessian. */
export function symmetrize(columns: Float64Array, n: number): Float64Array {
  const h = new Float64Array(n * n);
  for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) h[i * n + j] = columns[j * n + i]!;
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++) {
      const s = (h[i * n + j]! + h[j * n + i]!) / 2;
      h[i * n + j] = h[j * n + i] = s;
    }
  return h;
}

/** The zero band of critical.ts: |λ| ≤ EIGEN_TOLERANCE·max(1, max|λ|) counts as 0. */
export function zeroTolerance(eigenvalues: ArrayLike<number>): number {
  let largest = 1;
  for (let i = 0; i < eigenvalues.length; i++) largest = Math.max(largest, Math.abs(eigenvalues[i]!));
  return EIGEN_TOLERANCE * largest;
}

export interface SignCounts {
  /** λ < −tolerance. */
  negative: number;
  /** |λ| ≤ tolerance: counted as zero. */
  zero: number;
  /** λ > tolerance. */
  positive: number;
  /** zeroTolerance of the same eigenvalues. */
  tolerance: number;
}

/** The eigenvalues split by sign with one zero band (zeroTolerance); the three counts add up to the length. */
export function signCounts(eigenvalues: ArrayLike<number>): SignCounts {
  const tolerance = zeroTolerance(eigenvalues);
  let negative = 0;
  let positive = 0;
  for (let i = 0; i < eigenvalues.length; i++) {
    if (eigenvalues[i]! > tolerance) positive++;
    else if (eigenvalues[i]! < -tolerance) negative++;
  }
  return { negative, zero: eigenvalues.length - negative - positive, positive, tolerance };
}

/**
 * LECTURE §2's minimum ratio: # positive eigenvalues / # eigenvalues, all of them (the zero band
 * counted in the denominator, not in the numerator), so positive / (negative + zero + positive).
 */
export function minimumRatio(eigenvalues: ArrayLike<number>): number {
  return signCounts(eigenvalues).positive / eigenvalues.length;
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

function randomUnit(n: number, rng: Rng): Float64Array {
  const v = Float64Array.from({ length: n }, () => rng.normal());
  const norm = Math.sqrt(dot(v, v));
  for (let i = 0; i < n; i++) v[i]! /= norm;
  return v;
}

export interface LanczosResult {
  /** Tridiagonal T: diagonal α and off-diagonal β (length steps − 1). */
  alpha: Float64Array;
  beta: Float64Array;
  /** The orthonormal basis q_0 … q_{m−1}. */
  basis: Float64Array[];
}

/**
 * m steps of Lanczos from `start` with full reorthogonalisation (twice, "twice is enough"):
 * without it, rounding makes converged Ritz values reappear as spurious copies. Stops early
 * at an invariant subspace (β ≈ 0), which for m ≥ n is how it ends.
 */
export function lanczos(hvp: Hvp, start: Float64Array, steps: number): LanczosResult {
  const n = start.length;
  const m = Math.min(steps, n);
  const alpha: number[] = [];
  const beta: number[] = [];
  const basis: Float64Array[] = [];
  let q = Float64Array.from(start);
  const norm = Math.sqrt(dot(q, q));
  for (let i = 0; i < n; i++) q[i]! /= norm;
  let scale = 0;
  for (let j = 0; j < m; j++) {
    basis.push(q);
    const w = hvp(q);
    const a = dot(q, w);
    alpha.push(a);
    for (let pass = 0; pass < 2; pass++)
      for (const b of basis) {
        const c = dot(b, w);
        for (let i = 0; i < n; i++) w[i]! -= c * b[i]!;
      }
    const bnorm = Math.sqrt(dot(w, w));
    scale = Math.max(scale, Math.abs(a), bnorm);
    if (j === m - 1 || bnorm <= 1e-12 * Math.max(scale, 1e-300)) break;
    beta.push(bnorm);
    q = Float64Array.from(w, (x) => x / bnorm);
  }
  return { alpha: Float64Array.from(alpha), beta: Float64Array.from(beta), basis };
}

export interface Extremes {
  /** The k smallest Ritz values, ascending. */
  bottom: number[];
  /** The k largest Ritz values, ascending. */
  top: number[];
  /** Lanczos steps taken. */
  steps: number;
}

/** Top-k and bottom-k eigenvalues by Lanczos (Ritz values of T), from a seeded random start. */
export function extremeEigenvalues(hvp: Hvp, n: number, k: number, seed: number, steps = Math.min(n, Math.max(4 * k, 80))): Extremes {
  const { alpha, beta } = lanczos(hvp, randomUnit(n, createRng(seed)), steps);
  const { values } = eigenTridiagonal(alpha, beta);
  const kk = Math.min(k, values.length);
  return { bottom: Array.from(values.subarray(0, kk)), top: Array.from(values.subarray(values.length - kk)), steps: alpha.length };
}

export interface TraceEstimate {
  trace: number;
  /** Standard error of the mean over the probes. */
  standardError: number;
  probes: number;
}

/** Hutchinson's estimator tr(H) ≈ mean of zᵀHz over Rademacher z (seeded), with its standard error. */
export function hutchinsonTrace(hvp: Hvp, n: number, probes: number, seed: number): TraceEstimate {
  const rng = createRng(seed);
  const samples: number[] = [];
  const z = new Float64Array(n);
  for (let p = 0; p < probes; p++) {
    for (let i = 0; i < n; i++) z[i] = rng.next() < 0.5 ? -1 : 1;
    samples.push(dot(z, hvp(z)));
  }
  const mean = samples.reduce((s, x) => s + x, 0) / probes;
  const variance = probes > 1 ? samples.reduce((s, x) => s + (x - mean) ** 2, 0) / (probes - 1) : NaN;
  return { trace: mean, standardError: Math.sqrt(variance / probes), probes };
}

export interface SpectralDensity {
  /** Quadrature nodes (Ritz values) of all probes and their weights (summing to 1). */
  nodes: number[];
  weights: number[];
  probes: number;
  steps: number;
}

/**
 * Stochastic Lanczos quadrature (Golub & Welsch; Lin, Saad & Yang 2016; Ghorbani et al. 2019):
 * for a random unit v, vᵀ f(H) v ≈ Σ τ_i² f(θ_i) with θ_i the Ritz values of m Lanczos steps and
 * τ_i the first components of T's eigenvectors; averaged over probes it estimates the density
 * of eigenvalues (1/n) Σ δ(λ − λ_j).
 */
export function spectralDensity(hvp: Hvp, n: number, probes: number, steps: number, seed: number): SpectralDensity {
  const rng = createRng(seed);
  const nodes: number[] = [];
  const weights: number[] = [];
  let used = 0;
  for (let p = 0; p < probes; p++) {
    const { alpha, beta } = lanczos(hvp, randomUnit(n, rng), steps);
    used = Math.max(used, alpha.length);
    const { values, firstComponents } = eigenTridiagonal(alpha, beta);
    values.forEach((v, i) => {
      nodes.push(v);
      weights.push((firstComponents[i]! * firstComponents[i]!) / probes);
    });
  }
  return { nodes, weights, probes, steps: used };
}

/** The contract's HessianAnalysis without the run's identity, with the SLQ density in full. */
export type HessianReport = Omit<HessianAnalysis, 'runId' | 'trainingRows' | 'density'> & { density: SpectralDensity | null };

export interface ReportOptions {
  k?: number;
  seed?: number;
  fullLimit?: number;
  hutchinsonProbes?: number;
  densityProbes?: number;
  lanczosSteps?: number;
  onProgress?: (phase: string, done: number, total: number) => void;
  /** Every column H·e_j already computed (hessianColumns' layout, j = 0…n−1), e.g. in blocks on several workers. */
  columns?: Float64Array;
}

export function hessianReport(
  objective: { size: number; evaluate(v?: Float64Array | null): { loss: number; gradient: Float64Array }; hvp: Hvp },
  o: ReportOptions = {},
): HessianReport {
  const n = objective.size;
  const k = o.k ?? 5;
  const seed = o.seed ?? 1;
  const hvp: Hvp = (v) => objective.hvp(v);
  const { loss, gradient } = objective.evaluate(null);
  const gradientNorm = Math.sqrt(dot(gradient, gradient));
  if (n <= (o.fullLimit ?? FULL_SPECTRUM_LIMIT)) {
    const h = o.columns && o.columns.length === n * n ? symmetrize(o.columns, n) : fullHessian(hvp, n, (d, t) => o.onProgress?.('hessian', d, t));
    o.onProgress?.('eigenvalues', 0, 1);
    const values = Array.from(eigenvaluesSymmetric(h, n));
    let trace = 0;
    for (let i = 0; i < n; i++) trace += h[i * n + i]!;
    return {
      params: n,
      loss,
      gradientNorm,
      eigenvalues: values,
      minimumRatio: minimumRatio(values),
      minimumRatioEstimated: false,
      kind: classify(gradientNorm, values),
      curvature: classify(0, values),
      trace,
      traceStandardError: null,
      topK: values.slice(-k),
      bottomK: values.slice(0, k),
      density: null,
    };
  }
  o.onProgress?.('lanczos', 0, 1);
  const ext = extremeEigenvalues(hvp, n, k, seed, o.lanczosSteps);
  o.onProgress?.('trace', 0, 1);
  const t = hutchinsonTrace(hvp, n, o.hutchinsonProbes ?? 50, seed + 1);
  o.onProgress?.('density', 0, 1);
  const density = spectralDensity(hvp, n, o.densityProbes ?? 5, o.lanczosSteps ?? 80, seed + 2);
  const extremes = [...ext.bottom, ...ext.top];
  const zero = zeroTolerance(extremes);
  const positiveMass = density.nodes.reduce((s, node, i) => s + (node > zero ? density.weights[i]! : 0), 0);
  return {
    params: n,
    loss,
    gradientNorm,
    eigenvalues: null,
    minimumRatio: positiveMass,
    minimumRatioEstimated: true,
    kind: classify(gradientNorm, extremes),
    curvature: classify(0, extremes),
    trace: t.trace,
    traceStandardError: t.standardError,
    topK: ext.top,
    bottomK: ext.bottom,
    density,
  };
}
