// SWATS — switching from Adam to SGD (Keskar & Socher 2017, "Improving Generalization
// Performance by Switching from Adam to SGD", Algorithm 1; one parameter group, k from 1):
//   Adam phase:  m ← β₁m + (1 − β₁)g;  a ← β₂a + (1 − β₂)g²
//                p = −lr_k·√(1 − β₂ᵏ)/(1 − β₁ᵏ) · m/(√a + eps);  θ ← θ + p
//                if pᵀg ≠ 0:  γ_k = pᵀp/(−pᵀg);  λ ← β₂λ + (1 − β₂)γ_k;  Λ = λ/(1 − β₂ᵏ)
//                             switch when k > 1 and |Λ − γ_k| < switchEps
//   SGD phase:   v ← β₁v + g (v starts at 0);  θ ← θ − (1 − β₁)·Λ·v   — lr_k no longer applies
// γ_k is the SGD rate whose step, projected on the Adam step, equals it; Λ is its bias-corrected
// running mean. `switchAt: N` forces the switch after update N with the Λ of that update: on 2-D
// surfaces the paper's test rarely fires, and describe() exposes γ_k and Λ so students see why.
// No PyTorch version exists; the fixtures use a plain-Python transcription of Algorithm 1.
// pᵀp and pᵀg are summed in fixed blocks of SWATS_BLOCK parameters: each block in index order,
// then the block sums in block order. The pool cuts its slices on block boundaries, so ranks that
// each sum their own blocks give the same two numbers (pool/sharded.ts); up to SWATS_BLOCK
// parameters (every surface) this is the plain sum in index order.
import type { OptimizerSpec } from '../../../preload/spec';
import { biasCorrection, ema, emaOfSquare } from './moments';
import type { Optimizer, Vec } from './types';
import { zerosLike } from './vec';

export interface SwatsState {
  m: Vec;
  a: Vec;
  /** SGD-phase momentum, allocated at the switch. */
  v: Vec | null;
  step: number;
  lambda: number;
  /** γ_k and the estimate Λ = λ/(1 − β₂ᵏ) of the last Adam-phase update (null before any). */
  gammaK: number | null;
  lambdaHat: number | null;
  phase: 'adam' | 'sgd';
  /** The update after which the optimizer switched, and the SGD rate Λ it switched to. */
  switchStep: number | null;
  switchLr: number | null;
}

/** Parameters per block of the switch test's sums. */
export const SWATS_BLOCK = 4096;

export function swatsBlocks(n: number): number {
  return Math.ceil(n / SWATS_BLOCK);
}

type SwatsSpec = Extract<OptimizerSpec, { name: 'swats' }>;

/**
 * The element-wise part of one update over `params` (the whole array, or a slice starting on a
 * block boundary). In the Adam phase each block's pᵀp and pᵀg go to sums[at + 2b], sums[at + 2b + 1]
 * (b the block within `params`) and true is returned: swatsConclude must follow with the totals.
 * The SGD phase needs no sums (false).
 */
export function swatsPartial(spec: SwatsSpec, grads: Vec, state: SwatsState, params: Vec, lr: number, sums: Float64Array, at = 0): boolean {
  const { beta1, beta2, eps } = spec;
  const k = ++state.step;
  if (state.phase === 'sgd') {
    const v = state.v!;
    const rate = (1 - beta1) * state.switchLr!;
    for (let i = 0; i < params.length; i++) {
      v[i] = beta1 * v[i]! + grads[i]!;
      params[i] = params[i]! - rate * v[i]!;
    }
    return false;
  }
  const { m, a } = state;
  const stepSize = (-lr * Math.sqrt(biasCorrection(beta2, k))) / biasCorrection(beta1, k);
  for (let from = 0, b = at; from < params.length; from += SWATS_BLOCK, b += 2) {
    const to = Math.min(params.length, from + SWATS_BLOCK);
    let pp = 0;
    let pg = 0;
    for (let i = from; i < to; i++) {
      const g = grads[i]!;
      const p = (stepSize * ema(m, i, beta1, g)) / (Math.sqrt(emaOfSquare(a, i, beta2, g)) + eps);
      params[i] = params[i]! + p;
      pp += p * p;
      pg += p * g;
    }
    sums[b] = pp;
    sums[b + 1] = pg;
  }
  return true;
}

/** The Adam phase's switch test on the totals pᵀp, pᵀg of this update; `zeros` makes the SGD phase's v. */
export function swatsConclude(spec: SwatsSpec, state: SwatsState, pp: number, pg: number, zeros: () => Vec): void {
  const { beta2, switchEps, switchAt } = spec;
  const k = state.step;
  let switchNow = false;
  if (pg !== 0) {
    const gammaK = pp / -pg;
    state.lambda = beta2 * state.lambda + (1 - beta2) * gammaK;
    state.gammaK = gammaK;
    state.lambdaHat = state.lambda / biasCorrection(beta2, k);
    switchNow = k > 1 && Math.abs(state.lambdaHat - gammaK) < switchEps;
  }
  if (switchNow || (switchAt !== null && k >= switchAt)) {
    state.phase = 'sgd';
    state.switchStep = k;
    state.switchLr = state.lambda / biasCorrection(beta2, k);
    state.v = zeros();
  }
}

/** Block sums totalled in block order: sums[0] + sums[2] + … and sums[1] + sums[3] + … over `blocks` blocks. */
export function swatsTotals(sums: Float64Array, blocks: number): [number, number] {
  let pp = 0;
  let pg = 0;
  for (let b = 0; b < blocks; b++) {
    pp += sums[2 * b]!;
    pg += sums[2 * b + 1]!;
  }
  return [pp, pg];
}

export function createSwats(spec: SwatsSpec): Optimizer<SwatsState> {
  let sums = new Float64Array(0);
  return {
    spec,
    init: (params) => ({
      m: zerosLike(params), a: zerosLike(params), v: null, step: 0, lambda: 0,
      gammaK: null, lambdaHat: null, phase: 'adam', switchStep: null, switchLr: null,
    }),
    update(grads, state, params, lr) {
      const blocks = swatsBlocks(params.length);
      if (sums.length < 2 * blocks) sums = new Float64Array(2 * blocks);
      if (!swatsPartial(spec, grads, state, params, lr, sums)) return;
      const [pp, pg] = swatsTotals(sums, blocks);
      swatsConclude(spec, state, pp, pg, () => zerosLike(params));
    },
    // While in the Adam phase, the switch test compares these two each step (|Λ − γ_k| < switchEps).
    trace: (state) => ({ gammaK: state.gammaK, Lambda: state.lambdaHat }),
    describe: (state) => ({
      phase: state.phase,
      switchStep: state.switchStep,
      Lambda: state.switchLr,
      gammaK: state.gammaK,
      lambdaHat: state.lambdaHat,
    }),
  };
}
