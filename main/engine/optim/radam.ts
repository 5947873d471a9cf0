// RAdam — rectified Adam (Liu et al., "On the Variance of the Adaptive Learning Rate and
// Beyond", ICLR 2020, Algorithm 2; eps placed as in the authors' code and PyTorch):
//   k ← k + 1;  g ← g + weightDecay·θ (L2, as torch.optim.RAdam)
//   m ← β₁m + (1 − β₁)g;  v ← β₂v + (1 − β₂)g²;  m̂ = m/(1 − β₁ᵏ)
//   ρ_∞ = 2/(1 − β₂) − 1;  ρ_k = ρ_∞ − 2kβ₂ᵏ/(1 − β₂ᵏ)
//   ρ_k > 4: r_k = √((ρ_k−4)(ρ_k−2)ρ_∞ / ((ρ_∞−4)(ρ_∞−2)ρ_k));  θ ← θ − lr_t·r_k·m̂·√(1−β₂ᵏ)/(√v + eps)
//   else:    θ ← θ − lr_t·m̂   (un-adapted momentum while the variance of σ is intractable)
// The threshold is the paper's (and LECTURE §7's) 4. torch.optim.RAdam (1.13 and later) rectifies
// only when ρ_k > 5, so with β₂ = 0.999 it takes one more un-adapted step (k = 5, ρ₅ ≈ 4.99);
// otherwise the two are identical — the fixture script checks exactly that.
import type { OptimizerSpec } from '../../../preload/spec';
import { biasCorrection, ema, emaOfSquare, initMoments, withL2, type Moments } from './moments';
import type { Optimizer } from './types';

export interface RadamState extends Moments {
  step: number;
  /** ρ_k of the last update, for showing when rectification starts. */
  rho: number | null;
}

export const RADAM_RHO_THRESHOLD = 4;

export function createRadam(spec: Extract<OptimizerSpec, { name: 'radam' }>): Optimizer<RadamState> {
  const { beta1, beta2, eps, weightDecay } = spec;
  const rhoInf = 2 / (1 - beta2) - 1;
  return {
    spec,
    init: (params) => ({ ...initMoments(params, false), step: 0, rho: null }),
    update(grads, state, params, lr) {
      const { m, v } = state;
      const k = ++state.step;
      const bc1 = biasCorrection(beta1, k);
      const bc2 = biasCorrection(beta2, k);
      const rho = rhoInf - (2 * k * beta2 ** k) / bc2;
      state.rho = rho;
      const rectified = rho > RADAM_RHO_THRESHOLD;
      const rect = rectified ? Math.sqrt(((rho - 4) * (rho - 2) * rhoInf) / ((rhoInf - 4) * (rhoInf - 2) * rho)) : 0;
      const bc2Sqrt = Math.sqrt(bc2);
      for (let i = 0; i < params.length; i++) {
        const p = params[i]!;
        const g = withL2(grads[i]!, p, weightDecay);
        const mHat = ema(m, i, beta1, g) / bc1;
        const second = emaOfSquare(v, i, beta2, g);
        params[i] = rectified ? p - mHat * lr * (bc2Sqrt / (Math.sqrt(second) + eps)) * rect : p - mHat * lr;
      }
    },
    describe: (state) => ({ rho: state.rho, rectified: state.rho === null ? null : state.rho > RADAM_RHO_THRESHOLD ? 'yes' : 'no' }),
  };
}
