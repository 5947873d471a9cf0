// SGD, SGD with momentum (SGDM) and Nesterov momentum (NAG) — exactly torch.optim.SGD.
//   d ← g + weightDecay·θ                       (L2: the decay passes through the momentum)
//   buf ← d on the first step, else momentum·buf + (1 − dampening)·d
//   d ← d + momentum·buf if nesterov, else buf  (only when momentum ≠ 0)
//   θ ← θ − lr_t·d
// LECTURE §3 writes momentum as m_t = λm_{t−1} − ηg; torch folds η out of the buffer, which is the
// same trajectory while η is constant and differs (as torch does) once a schedule changes η.
// Reference: Sutskever et al. 2013 (Nesterov form as in torch), PyTorch SGD docs.
// SGDW (sgdw.ts) reuses this loop with the decay taken out of d and applied to θ directly.
import { sgdNative } from '../../../native/sgd';
import type { OptimizerSpec } from '../../../preload/spec';
import { withL2 } from './moments';
import type { Optimizer, Vec } from './types';
import { zerosLike } from './vec';

type SgdLikeSpec = Extract<OptimizerSpec, { name: 'sgd' | 'sgdm' | 'nag' | 'sgdw' }>;

export interface SgdState {
  /** Momentum buffer (absent when momentum is 0, as in torch). */
  buf: Vec | null;
  step: number;
}

export function createSgdLike(spec: SgdLikeSpec, decay: 'l2' | 'decoupled'): Optimizer<SgdState> {
  const { momentum, dampening, nesterov, weightDecay } = spec;
  const l2 = decay === 'l2' ? weightDecay : 0;
  const decoupled = decay === 'decoupled' ? weightDecay : 0;
  return {
    spec,
    init: (params) => ({ buf: momentum !== 0 ? zerosLike(params) : null, step: 0 }),
    update(grads, state, params, lr) {
      const { buf } = state;
      const first = state.step === 0;
      state.step++;
      // float32 networks: the same loop, bit for bit, in the native addon (native/sgd.ts).
      const kernel = params instanceof Float32Array && grads instanceof Float32Array && (!buf || buf instanceof Float32Array) ? sgdNative() : null;
      if (kernel)
        return kernel(params as Float32Array, grads as Float32Array, buf as Float32Array | null, { first, momentum, dampening, nesterov, l2, decoupled, lr });
      for (let i = 0; i < params.length; i++) {
        const p = params[i]!;
        let d = withL2(grads[i]!, p, l2);
        if (buf) {
          buf[i] = first ? d : buf[i]! * momentum + (1 - dampening) * d;
          d = nesterov ? d + momentum * buf[i]! : buf[i]!;
        }
        params[i] = decoupled !== 0 ? p - lr * decoupled * p - lr * d : p + -lr * d;
      }
    },
  };
}

export function createSgd(spec: Extract<OptimizerSpec, { name: 'sgd' | 'sgdm' | 'nag' }>): Optimizer<SgdState> {
  return createSgdLike(spec, 'l2');
}
