// Wrappers that compose around any optimizer by transforming the gradient before it sees it
// (LECTURE §7, "things that help optimization"):
//   gradientNoise: g ← g + N(0, σ_t²), σ_t² = eta/(1 + t)^gamma, t = 0-based update index
//                  (Neelakantan et al. 2015, "Adding Gradient Noise Improves Learning…"), seeded.
//   clipNorm:      g ← g·min(1, c/‖g‖), ‖·‖ the global L2 norm over all parameters. torch's
//                  clip_grad_norm_ divides by ‖g‖ + 1e-6 instead; we keep the exact formula.
// Noise is added before clipping, as TensorFlow's optimize_loss orders them, so a clipped
// gradient never exceeds c. Neither wrapper guards against non-finite values: a NaN gradient
// passes through to the parameters so the race runner / training loop can stop the run.
import { createRng, type Rng } from '../random';
import type { Optimizer } from './types';
import { sumOfSquares } from './vec';

interface WrappedState<S> {
  inner: S;
  step: number;
  rng: Rng | null;
}

export interface GradientNoise {
  eta: number;
  gamma: number;
}

export function withGradientTransforms<S>(
  inner: Optimizer<S>,
  options: { gradientNoise?: GradientNoise; clipNorm?: number; seed: number },
): Optimizer<WrappedState<S>> {
  const { gradientNoise, clipNorm, seed } = options;
  return {
    spec: inner.spec,
    init: (params) => ({ inner: inner.init(params), step: 0, rng: gradientNoise ? createRng(seed) : null }),
    update(grads, state, params, lr) {
      if (gradientNoise && state.rng) {
        const sigma = Math.sqrt(gradientNoise.eta / (1 + state.step) ** gradientNoise.gamma);
        for (let i = 0; i < grads.length; i++) grads[i] = grads[i]! + sigma * state.rng.normal();
      }
      if (clipNorm !== undefined) {
        const norm = Math.sqrt(sumOfSquares(grads));
        if (norm > clipNorm) {
          const scale = clipNorm / norm;
          for (let i = 0; i < grads.length; i++) grads[i] = grads[i]! * scale;
        }
      }
      state.step++;
      inner.update(grads, state.inner, params, lr);
    },
    ...(inner.describe ? { describe: (state: WrappedState<S>) => inner.describe!(state.inner) } : {}),
    ...(inner.trace ? { trace: (state: WrappedState<S>) => inner.trace!(state.inner) } : {}),
  };
}
