// AdaBound / AMSBound (Luo, Xiong, Liu & Sun, "Adaptive Gradient Methods with Dynamic Bound of
// Learning Rate", ICLR 2019), as the authors' reference code (github.com/Luolc/AdaBound) computes it:
//   k ← k + 1 (from 1);  m ← β₁m + (1 − β₁)g;  v ← β₂v + (1 − β₂)g²;  amsbound: v ← max(v̂, v)
//   f = finalLr·lr_t/lr            (lr = the spec's rate, lr_t = the scheduled one)
//   η = clip(lr_t·√(1 − β₂ᵏ)/(1 − β₁ᵏ) / (√v + eps),  f·(1 − 1/(γk + 1)),  f·(1 + 1/(γk)))
//   θ ← θ − η·m
// LECTURE §7: Adam's per-parameter rate is clipped between bounds that both close in on an SGD
// rate, so it starts like Adam and ends like SGD. No PyTorch version exists; the fixtures use a
// plain-Python transcription of the authors' code.
import type { OptimizerSpec } from '../../../preload/spec';
import { biasCorrection, ema, emaOfSquare, initMoments, keepMax, type Moments } from './moments';
import type { Optimizer } from './types';

export interface AdaboundState extends Moments {
  step: number;
  /** The clip bounds of the last update, to show how they close in on the final SGD rate. */
  lower: number | null;
  upper: number | null;
}

export function createAdabound(spec: Extract<OptimizerSpec, { name: 'adabound' }>): Optimizer<AdaboundState> {
  const { lr: baseLr, finalLr, gamma, beta1, beta2, eps, amsbound } = spec;
  return {
    spec,
    init: (params) => ({ ...initMoments(params, amsbound), step: 0, lower: null, upper: null }),
    update(grads, state, params, lr) {
      const { m, v, vMax } = state;
      const k = ++state.step;
      const stepSize = (lr * Math.sqrt(biasCorrection(beta2, k))) / biasCorrection(beta1, k);
      const f = (finalLr * lr) / baseLr;
      const lower = f * (1 - 1 / (gamma * k + 1));
      const upper = f * (1 + 1 / (gamma * k));
      state.lower = lower;
      state.upper = upper;
      for (let i = 0; i < params.length; i++) {
        const g = grads[i]!;
        const first = ema(m, i, beta1, g);
        const second = vMax ? keepMax(vMax, i, emaOfSquare(v, i, beta2, g)) : emaOfSquare(v, i, beta2, g);
        const rate = Math.min(Math.max(stepSize / (Math.sqrt(second) + eps), lower), upper);
        params[i] = params[i]! - rate * first;
      }
    },
    describe: (state) => ({ lowerBound: state.lower, upperBound: state.upper }),
  };
}
