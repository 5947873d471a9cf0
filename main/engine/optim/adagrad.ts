// Adagrad (Duchi, Hazan & Singer 2011) — exactly torch.optim.Adagrad:
//   k ← k + 1;  g ← g + weightDecay·θ
//   clr = lr_t / (1 + (k − 1)·lrDecay)
//   s ← s + g²                  (s starts at initialAccumulator)
//   θ ← θ − clr·g / (√s + eps)
// LECTURE §4: σ_t is the root of the sum (∝ root mean square) of all past squared gradients of
// each parameter, so steep directions slow down and flat ones speed up — and σ never forgets.
import type { OptimizerSpec } from '../../../preload/spec';
import { withL2 } from './moments';
import type { Optimizer, Vec } from './types';
import { filledLike } from './vec';

export interface AdagradState {
  sum: Vec;
  step: number;
}

export function createAdagrad(spec: Extract<OptimizerSpec, { name: 'adagrad' }>): Optimizer<AdagradState> {
  const { lrDecay, initialAccumulator, eps, weightDecay } = spec;
  return {
    spec,
    init: (params) => ({ sum: filledLike(params, initialAccumulator), step: 0 }),
    update(grads, state, params, lr) {
      const { sum } = state;
      state.step++;
      const clr = lr / (1 + (state.step - 1) * lrDecay);
      for (let i = 0; i < params.length; i++) {
        const p = params[i]!;
        const g = withL2(grads[i]!, p, weightDecay);
        sum[i] = sum[i]! + g * g;
        params[i] = p + (-clr * g) / (Math.sqrt(sum[i]!) + eps);
      }
    },
  };
}
