// Polynomial regression, the lecture's model-complexity knob in its plainest form: y = f(x) + noise
// on x ∈ [−1, 1], models = Legendre polynomials of degree d fitted by (ridge) least squares.
// Used for the bias–complexity U curve and for model selection (public test split vs N-fold CV).
import { createRng } from '../engine/random';

export interface Points {
  x: number[];
  y: number[];
}

const target = (x: number) => Math.sin(Math.PI * x) + 0.5 * Math.cos(2.5 * Math.PI * x);

/** n points of y = sin(πx) + ½cos(2.5πx) + N(0, σ²), x uniform on [−1, 1]. */
export function samplePoints(n: number, noise: number, rng: { next(): number }): Points {
  const x: number[] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const xi = 2 * rng.next() - 1;
    const g = Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
    x.push(xi);
    y.push(target(xi) + noise * g);
  }
  return { x, y };
}

export const seededRng = (seed: number) => createRng(seed);

function legendre(x: number, degree: number): number[] {
  const p = [1, x];
  for (let k = 1; k < degree; k++) p.push(((2 * k + 1) * x * p[k]! - k * p[k - 1]!) / (k + 1));
  return p.slice(0, degree + 1);
}

/** Coefficients minimising Σ(y − Xw)² + λ‖w‖² (a 1e-10 ridge keeps λ = 0 solvable). */
export function fitPolynomial(data: Points, degree: number, lambda = 0): number[] {
  const m = degree + 1;
  const a = Array.from({ length: m }, () => new Array<number>(m).fill(0));
  const b = new Array<number>(m).fill(0);
  for (let i = 0; i < data.x.length; i++) {
    const f = legendre(data.x[i]!, degree);
    for (let r = 0; r < m; r++) {
      b[r]! += f[r]! * data.y[i]!;
      for (let c = 0; c < m; c++) a[r]![c]! += f[r]! * f[c]!;
    }
  }
  for (let r = 0; r < m; r++) a[r]![r]! += lambda + 1e-10;
  // Cholesky
  const l = Array.from({ length: m }, () => new Array<number>(m).fill(0));
  for (let i = 0; i < m; i++)
    for (let j = 0; j <= i; j++) {
      let s = a[i]![j]!;
      for (let k = 0; k < j; k++) s -= l[i]![k]! * l[j]![k]!;
      l[i]![j] = i === j ? Math.sqrt(Math.max(s, 1e-300)) : s / l[j]![j]!;
    }
  const z = new Array<number>(m).fill(0);
  for (let i = 0; i < m; i++) {
    let s = b[i]!;
    for (let k = 0; k < i; k++) s -= l[i]![k]! * z[k]!;
    z[i] = s / l[i]![i]!;
  }
  const w = new Array<number>(m).fill(0);
  for (let i = m - 1; i >= 0; i--) {
    let s = z[i]!;
    for (let k = i + 1; k < m; k++) s -= l[k]![i]! * w[k]!;
    w[i] = s / l[i]![i]!;
  }
  return w;
}

export function mse(w: number[], data: Points): number {
  let s = 0;
  for (let i = 0; i < data.x.length; i++) {
    const f = legendre(data.x[i]!, w.length - 1);
    let p = 0;
    for (let k = 0; k < w.length; k++) p += w[k]! * f[k]!;
    s += (p - data.y[i]!) ** 2;
  }
  return s / data.x.length;
}

/** Mean validation MSE over `folds` folds (contiguous parts of the given order). */
export function crossValidate(data: Points, degree: number, lambda: number, folds: number): number {
  const n = data.x.length;
  let total = 0;
  for (let k = 0; k < folds; k++) {
    const lo = Math.floor((k * n) / folds);
    const hi = Math.floor(((k + 1) * n) / folds);
    const train: Points = { x: [], y: [] };
    const val: Points = { x: [], y: [] };
    for (let i = 0; i < n; i++) {
      const into = i >= lo && i < hi ? val : train;
      into.x.push(data.x[i]!);
      into.y.push(data.y[i]!);
    }
    total += mse(fitPolynomial(train, degree, lambda), val);
  }
  return total / folds;
}

// ---------------------------------------------------------------- piecewise-constant models
// b equal bins over [−1, 1], each predicting the mean of its training points (an empty bin, the
// mean of all of them): the number of bins is the model's size. Predictions stay within the
// data's range, so no model "blows up" between or beyond the training points as a high-degree
// polynomial does; refining the bins (b → 2b) can only lower the training loss.

export type BinModel = number[];

const binOf = (x: number, bins: number) => Math.min(bins - 1, Math.max(0, Math.floor(((x + 1) / 2) * bins)));

export function fitBins(data: Points, bins: number): BinModel {
  const sum = new Array<number>(bins).fill(0);
  const count = new Array<number>(bins).fill(0);
  let all = 0;
  for (let i = 0; i < data.x.length; i++) {
    const b = binOf(data.x[i]!, bins);
    sum[b]! += data.y[i]!;
    count[b]!++;
    all += data.y[i]!;
  }
  const fallback = data.x.length ? all / data.x.length : 0;
  return sum.map((s, b) => (count[b]! ? s / count[b]! : fallback));
}

export function binMse(model: BinModel, data: Points): number {
  let s = 0;
  for (let i = 0; i < data.x.length; i++) s += (model[binOf(data.x[i]!, model.length)]! - data.y[i]!) ** 2;
  return s / data.x.length;
}

/** Mean validation MSE of the b-bin model over `folds` contiguous folds of the given order. */
export function crossValidateBins(data: Points, bins: number, folds: number): number {
  const n = data.x.length;
  let total = 0;
  for (let k = 0; k < folds; k++) {
    const lo = Math.floor((k * n) / folds);
    const hi = Math.floor(((k + 1) * n) / folds);
    const train: Points = { x: [], y: [] };
    const val: Points = { x: [], y: [] };
    for (let i = 0; i < n; i++) {
      const into = i >= lo && i < hi ? val : train;
      into.x.push(data.x[i]!);
      into.y.push(data.y[i]!);
    }
    total += binMse(fitBins(train, bins), val);
  }
  return total / folds;
}
