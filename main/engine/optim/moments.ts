// The pieces the Adam family is built from, in the manner of optax's scale_by_adam and
// add_decayed_weights: L2 weight decay joining the gradient, exponential moving averages of the
// gradient and of its square, AMSGrad's running maximum, and the bias correction 1 − βᵏ.
// Adam/AMSGrad/AdamW, NAdam, RAdam, AdaBound/AMSBound and SWATS take their moments from here,
// RMSProp its averages, and every optimizer with an L2 term (SGD, Adagrad, RMSProp too) its decay.
//
// They work one element at a time, inside each optimizer's single loop, rather than as passes over
// whole arrays: a pass that wrote g + λθ back into a Float32Array would round it to float32 before
// the moments see it, and the trajectories (and the WebAssembly twin, native/adam.c) would differ.
// Values are read back from the arrays after each store, so float32 state rounds where it is kept.
// They take arrays, not state objects: V8 inlines them into the loop (10–20% on the TypeScript path
// over 235k float32 parameters), where a piece reading m, v, v̂ off each optimizer's state cost a third.
import type { Vec } from './types';
import { zerosLike } from './vec';

/** g + λθ: L2 weight decay, added to the gradient (torch's `weight_decay` outside the W variants). */
export function withL2(g: number, p: number, weightDecay: number): number {
  return weightDecay !== 0 ? g + weightDecay * p : g;
}

/** avg ← β·avg + (1 − β)·x at element i; returns the stored value. */
export function ema(avg: Vec, i: number, beta: number, x: number): number {
  avg[i] = avg[i]! * beta + (1 - beta) * x;
  return avg[i];
}

/** avg ← β·avg + (1 − β)·x² at element i, computed as ((1 − β)·x)·x like torch's addcmul; returns the stored value. */
export function emaOfSquare(avg: Vec, i: number, beta: number, x: number): number {
  avg[i] = avg[i]! * beta + (1 - beta) * x * x;
  return avg[i];
}

/** AMSGrad / AMSBound: v̂ ← max(v̂, v) at element i, so a rare large gradient is never forgotten; returns v̂. */
export function keepMax(vMax: Vec, i: number, v: number): number {
  vMax[i] = Math.max(vMax[i]!, v);
  return vMax[i];
}

/** 1 − βᵏ: what a moving average started at zero is short of after k updates (k from 1). */
export function biasCorrection(beta: number, k: number): number {
  return 1 - beta ** k;
}

/** Adam's moment estimates: m (first), v (second) and, for AMSGrad / AMSBound, v̂ = the largest v so far. */
export interface Moments {
  m: Vec;
  v: Vec;
  vMax: Vec | null;
}

export function initMoments(params: Vec, amsgrad: boolean): Moments {
  return { m: zerosLike(params), v: zerosLike(params), vMax: amsgrad ? zerosLike(params) : null };
}
