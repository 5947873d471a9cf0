// RMSProp (Hinton, Coursera lecture 6e, 2012; centered form from Graves 2013) — exactly
// torch.optim.RMSprop:
//   g ← g + weightDecay·θ
//   v ← α·v + (1 − α)·g²
//   centered: ḡ ← α·ḡ + (1 − α)·g;  σ = √(v − ḡ²) + eps   else σ = √v + eps
//   momentum > 0: buf ← momentum·buf + g/σ;  θ ← θ − lr_t·buf     else θ ← θ − lr_t·g/σ
// LECTURE §4: σ_t = √(α·σ²_{t−1} + (1−α)·g_t²) — unlike Adagrad, recent gradients weigh more.
import type { OptimizerSpec } from '../../../preload/spec';
import { ema, emaOfSquare, withL2 } from './moments';
import type { Optimizer, Vec } from './types';
import { zerosLike } from './vec';

export interface RmspropState {
  squareAvg: Vec;
  gradAvg: Vec | null;
  buf: Vec | null;
}

export function createRmsprop(spec: Extract<OptimizerSpec, { name: 'rmsprop' }>): Optimizer<RmspropState> {
  const { alpha, eps, momentum, centered, weightDecay } = spec;
  return {
    spec,
    init: (params) => ({
      squareAvg: zerosLike(params),
      gradAvg: centered ? zerosLike(params) : null,
      buf: momentum > 0 ? zerosLike(params) : null,
    }),
    update(grads, state, params, lr) {
      const { squareAvg, gradAvg, buf } = state;
      for (let i = 0; i < params.length; i++) {
        const p = params[i]!;
        const g = withL2(grads[i]!, p, weightDecay);
        const square = emaOfSquare(squareAvg, i, alpha, g);
        let avg: number;
        if (gradAvg) {
          const mean = ema(gradAvg, i, alpha, g);
          avg = Math.sqrt(square + -1 * mean * mean) + eps;
        } else {
          avg = Math.sqrt(square) + eps;
        }
        if (buf) {
          buf[i] = buf[i]! * momentum + g / avg;
          params[i] = p + -lr * buf[i]!;
        } else {
          params[i] = p + (-lr * g) / avg;
        }
      }
    },
  };
}
