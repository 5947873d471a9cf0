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
import type { Optimizer, Vec } from './types';
import { zerosLike } from './vec';

export interface AdamState {
  m: Vec;
  v: Vec;
  vMax: Vec | null;
  step: number;
}

export function createAdam(spec: Extract<OptimizerSpec, { name: 'adam' | 'amsgrad' | 'adamw' }>): Optimizer<AdamState> {
  const { beta1, beta2, eps, amsgrad, weightDecay } = spec;
  const decoupled = spec.name === 'adamw';
  return {
    spec,
    init: (params) => ({ m: zerosLike(params), v: zerosLike(params), vMax: amsgrad ? zerosLike(params) : null, step: 0 }),
    update(grads, state, params, lr) {
      const { m, v, vMax } = state;
      const k = ++state.step;
      const stepSize = lr / (1 - beta1 ** k);
      const bc2Sqrt = Math.sqrt(1 - beta2 ** k);
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
        let p = params[i]!;
        let g = grads[i]!;
        if (decoupled) p = p * shrink;
        else if (weightDecay !== 0) g = g + weightDecay * p;
        m[i] = m[i]! * beta1 + (1 - beta1) * g;
        v[i] = v[i]! * beta2 + (1 - beta2) * g * g;
        let second = v[i]!;
        if (vMax) second = vMax[i] = Math.max(vMax[i]!, second);
        params[i] = p + (-stepSize * m[i]!) / (Math.sqrt(second) / bc2Sqrt + eps);
      }
    },
  };
}
