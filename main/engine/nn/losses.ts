// Losses over a chunk of rows. Each returns the *sum* of per-sample losses of its rows and, when
// `dOut` is given, writes d(loss)/d(outputs) scaled by `scale` (1/batch size: the step minimises
// the batch mean, and chunks of one batch add up to it). Per-sample losses follow PyTorch's
// reductions: MSE averages over the output units, as nn.MSELoss(reduction='mean') does.
//
//   cross-entropy: softmax + negative log-likelihood, fused (log-sum-exp never overflows).
//   mse (classes):  MSE between softmax(z) and the one-hot label (LECTURE §5's comparison).
//   bce:            one logit, BCE with sigmoid in the stable form max(z,0) − z·y + log(1+e^−|z|).
//   mse (regression): MSE between z and the target values.
import type { LossName } from '../../../preload/experiment';
import type { Float } from './tensor';

export type Targets = { kind: 'labels'; labels: Int32Array } | { kind: 'values'; values: Float };

export interface LossResult {
  /** Sum of the per-sample losses of the rows. */
  sum: number;
  /** Rows predicted right (classification; 0 for regression). */
  correct: number;
}

/** Output units the network needs for this loss on data with `classes` classes (0 = regression with `targets` values). */
export function outputSize(loss: LossName, classes: number, targetWidth: number): number {
  if (classes === 0) return targetWidth;
  return loss === 'bce' ? 1 : classes;
}

/** The predicted class of row `i` (argmax, or logit > 0 for a single-logit BCE output). */
export function predictClass(out: Float, i: number, k: number): number {
  const o = i * k;
  if (k === 1) return out[o]! > 0 ? 1 : 0;
  let best = 0;
  for (let j = 1; j < k; j++) if (out[o + j]! > out[o + best]!) best = j;
  return best;
}

/** Rows [0, n) of `out` (n × k) against targets rows [0, n). */
export function computeLoss(loss: LossName, out: Float, n: number, k: number, targets: Targets, dOut: Float | null, scale: number): LossResult {
  if (targets.kind === 'values') return mseValues(out, n, k, targets.values, dOut, scale);
  const labels = targets.labels;
  let correct = 0;
  for (let i = 0; i < n; i++) if (predictClass(out, i, k) === labels[i]) correct++;
  const sum =
    loss === 'cross-entropy'
      ? crossEntropy(out, n, k, labels, dOut, scale)
      : loss === 'bce'
        ? binaryCrossEntropy(out, n, labels, dOut, scale)
        : mseSoftmax(out, n, k, labels, dOut, scale);
  return { sum, correct };
}

/** Scratch for one row's softmax, kept between calls so the hot loop allocates nothing. */
let probabilities = new Float64Array(16);

function crossEntropy(z: Float, n: number, k: number, labels: Int32Array, dz: Float | null, scale: number): number {
  let total = 0;
  if (probabilities.length < k) probabilities = new Float64Array(k);
  const e = probabilities; // each row's exp(z − max), computed once for the sum and the gradient
  for (let i = 0; i < n; i++) {
    const o = i * k;
    let max = -Infinity;
    for (let j = 0; j < k; j++) if (z[o + j]! > max) max = z[o + j]!;
    let sumExp = 0;
    for (let j = 0; j < k; j++) sumExp += e[j] = Math.exp(z[o + j]! - max);
    const y = labels[i]!;
    total += max + Math.log(sumExp) - z[o + y]!;
    if (dz) {
      for (let j = 0; j < k; j++) dz[o + j] = (e[j]! / sumExp - (j === y ? 1 : 0)) * scale;
    }
  }
  return total;
}

function mseSoftmax(z: Float, n: number, k: number, labels: Int32Array, dz: Float | null, scale: number): number {
  let total = 0;
  if (probabilities.length < k) probabilities = new Float64Array(k);
  const p = probabilities;
  for (let i = 0; i < n; i++) {
    const o = i * k;
    let max = -Infinity;
    for (let j = 0; j < k; j++) if (z[o + j]! > max) max = z[o + j]!;
    let sumExp = 0;
    for (let j = 0; j < k; j++) sumExp += p[j] = Math.exp(z[o + j]! - max);
    let loss = 0;
    let pDotDp = 0;
    for (let j = 0; j < k; j++) {
      p[j]! /= sumExp;
      const r = p[j]! - (j === labels[i] ? 1 : 0);
      loss += r * r;
      pDotDp += p[j]! * r;
    }
    total += loss / k;
    if (dz) {
      // dL/dp_j = 2r_j/k; through softmax: dz_j = p_j (dp_j − Σ_l p_l dp_l).
      const c = (2 / k) * scale;
      for (let j = 0; j < k; j++) dz[o + j] = c * p[j]! * (p[j]! - (j === labels[i] ? 1 : 0) - pDotDp);
    }
  }
  return total;
}

function binaryCrossEntropy(z: Float, n: number, labels: Int32Array, dz: Float | null, scale: number): number {
  let total = 0;
  for (let i = 0; i < n; i++) {
    const v = z[i]!;
    const y = labels[i]!;
    total += Math.max(v, 0) - v * y + Math.log1p(Math.exp(-Math.abs(v)));
    if (dz) {
      const s = v >= 0 ? 1 / (1 + Math.exp(-v)) : Math.exp(v) / (1 + Math.exp(v));
      dz[i] = (s - y) * scale;
    }
  }
  return total;
}

function mseValues(z: Float, n: number, k: number, t: Float, dz: Float | null, scale: number): LossResult {
  let total = 0;
  for (let i = 0; i < n * k; i++) {
    const r = z[i]! - t[i]!;
    total += r * r;
    if (dz) dz[i] = ((2 * r) / k) * scale;
  }
  return { sum: total / k, correct: 0 };
}
