// 1-D regression with the model-complexity knob in its plainest form: y = f(x) + noise on
// x ∈ [−1, 1], models = piecewise-constant fits with b bins. Used for the bias–complexity U curve
// and for model selection (public test split vs N-fold CV).
import { createRng, type Rng } from '../engine/random';

export interface Points {
  x: number[];
  y: number[];
}

const target = (x: number) => Math.sin(Math.PI * x) + 0.5 * Math.cos(2.5 * Math.PI * x);

/** n points of y = sin(πx) + ½cos(2.5πx) + N(0, σ²), x uniform on [−1, 1]. */
export function samplePoints(n: number, noise: number, rng: Rng): Points {
  const x: number[] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const xi = 2 * rng.next() - 1;
    x.push(xi);
    y.push(target(xi) + noise * rng.normal());
  }
  return { x, y };
}

export const seededRng = (seed: number) => createRng(seed);

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
