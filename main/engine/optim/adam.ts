// Adam, AMSGrad and AdamW — exactly torch.optim.Adam / torch.optim.AdamW.
//   k ← k + 1
//   adam/amsgrad: g ← g + weightDecay·θ            (L2: the decay is divided by σ like the gradient)
//   adamw:        θ ← θ·(1 − lr_t·weightDecay)     (decoupled: shrinks θ directly)
//   m ← β₁m + (1 − β₁)g;  v ← β₂v + (1 − β₂)g²
//   amsgrad: v̂ ← max(v̂, v), used in place of v     (Reddi et al. 2018)
//   θ ← θ − (lr_t/(1 − β₁ᵏ)) · m / (√v/√(1 − β₂ᵏ) + eps)
// References: Kingma & Ba 2015; Reddi, Kale & Kumar 2018 (AMSGrad); Loshchilov & Hutter 2019
// (AdamW). LECTURE §4/§7: Adam = RMSProp + momentum with bias correction; AMSGrad keeps the
// largest v so rare large gradients are not forgotten; AdamW is L2 done right for adaptive rates.
import { adamWasm } from '../../../native/adam';
import type { OptimizerSpec } from '../../../preload/spec';
import { biasCorrection, ema, emaOfSquare, initMoments, keepMax, withL2, type Moments } from './moments';
import type { Optimizer } from './types';

export interface AdamState extends Moments {
  step: number;
}

export function createAdam(spec: Extract<OptimizerSpec, { name: 'adam' | 'amsgrad' | 'adamw' }>): Optimizer<AdamState> {
  const { beta1, beta2, eps, amsgrad, weightDecay } = spec;
  const decoupled = spec.name === 'adamw';
  const l2 = decoupled ? 0 : weightDecay;
  return {
    spec,
    init: (params) => ({ ...initMoments(params, amsgrad), step: 0 }),
    update(grads, state, params, lr) {
      const { m, v, vMax } = state;
      const k = ++state.step;
      const stepSize = lr / biasCorrection(beta1, k);
      const bc2Sqrt = Math.sqrt(biasCorrection(beta2, k));
      const shrink = 1 - lr * weightDecay;
      // float32 networks: the same update, bit for bit, in WebAssembly (native/adam.c).
      if (params instanceof Float32Array && grads instanceof Float32Array && m instanceof Float32Array && v instanceof Float32Array) {
        const kernel = adamWasm();
        if (kernel) {
          kernel.update(params, grads, m, v, vMax as Float32Array | null, { beta1, beta2, eps, stepSize, bc2Sqrt, decoupled, shrink, weightDecay });
          return;
        }
      }
      for (let i = 0; i < params.length; i++) {
        const p = decoupled ? params[i]! * shrink : params[i]!;
        const g = withL2(grads[i]!, p, l2);
        const first = ema(m, i, beta1, g);
        const second = vMax ? keepMax(vMax, i, emaOfSquare(v, i, beta2, g)) : emaOfSquare(v, i, beta2, g);
        params[i] = p + (-stepSize * first) / (Math.sqrt(second) / bc2Sqrt + eps);
      }
    },
  };
}
