// NAdam — Adam with Nesterov momentum (Dozat 2016, "Incorporating Nesterov Momentum into Adam"),
// exactly as current torch.optim.NAdam computes it (and 1.13's foreach=True path; 1.13's
// single-tensor path multiplies μ_k into the next product twice, a bug fixed upstream):
//   k ← k + 1;  g ← g + weightDecay·θ
//   μ_k = β₁(1 − ½·0.96^(k·momentumDecay)),  μ_{k+1} likewise,  Π_k = μ₁…μ_k
//   m ← β₁m + (1 − β₁)g;  v ← β₂v + (1 − β₂)g²;  σ = √v/√(1 − β₂ᵏ) + eps
//   θ ← θ − lr_t·(1 − μ_k)/(1 − Π_k) · g/σ − lr_t·μ_{k+1}/(1 − Π_k·μ_{k+1}) · m/σ
// LECTURE §7: NAG looks where momentum is about to carry you; NAdam does that inside Adam.
import type { OptimizerSpec } from '../../../preload/spec';
import { biasCorrection, ema, emaOfSquare, initMoments, withL2, type Moments } from './moments';
import type { Optimizer } from './types';

export interface NadamState extends Moments {
  muProduct: number;
  step: number;
}

export function createNadam(spec: Extract<OptimizerSpec, { name: 'nadam' }>): Optimizer<NadamState> {
  const { beta1, beta2, eps, momentumDecay, weightDecay } = spec;
  const muAt = (k: number) => beta1 * (1 - 0.5 * 0.96 ** (k * momentumDecay));
  return {
    spec,
    init: (params) => ({ ...initMoments(params, false), muProduct: 1, step: 0 }),
    update(grads, state, params, lr) {
      const { m, v } = state;
      const k = ++state.step;
      const mu = muAt(k);
      const muNext = muAt(k + 1);
      state.muProduct *= mu;
      const bc2Sqrt = Math.sqrt(biasCorrection(beta2, k));
      const gradStep = -(lr * (1 - mu) / (1 - state.muProduct));
      const momentumStep = -(lr * muNext / (1 - state.muProduct * muNext));
      for (let i = 0; i < params.length; i++) {
        const p = params[i]!;
        const g = withL2(grads[i]!, p, weightDecay);
        const first = ema(m, i, beta1, g);
        const denom = Math.sqrt(emaOfSquare(v, i, beta2, g)) / bc2Sqrt + eps;
        const afterGrad = p + (gradStep * g) / denom;
        params[i] = afterGrad + (momentumStep * first) / denom;
      }
    },
  };
}
