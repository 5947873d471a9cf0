// Wrappers that compose around any optimizer by transforming the gradient before it sees it
// (LECTURE §7, "things that help optimization"):
//   gradientNoise: g ← g + N(0, σ_t²), σ_t² = eta/(1 + t)^gamma, t = 0-based update index
//                  (Neelakantan et al. 2015, "Adding Gradient Noise Improves Learning…"), seeded.
//   clipNorm:      g ← g·min(1, c/‖g‖), ‖·‖ the global L2 norm over all parameters. torch's
//                  clip_grad_norm_ divides by ‖g‖ + 1e-6 instead; we keep the exact formula.
// Noise is added before clipping, as TensorFlow's optimize_loss orders them, so a clipped
// gradient never exceeds c. Neither wrapper guards against non-finite values: a NaN gradient
// passes through to the parameters so the race runner / training loop can stop the run.
//
// The noise's normals come from one of two streams (preload/spec.ts NoiseStream):
//   'sequential': one xoshiro128** generator drawn in parameter order, carried from update to
//                 update (its words are part of the state, and of a resumed run's);
//   'counter':    z(seed, t, i), Philox4x32-10 at (update, global parameter index) — the state is
//                 the update count only, and the wrapper applied to params[lo, hi) with
//                 offset lo adds exactly the noise the whole-array pass adds there.
import { noiseStreamOf, type NoiseStream } from '../../../preload/spec';
import { counterNormals, createRng, type Rng } from '../random';
import type { Optimizer, Vec } from './types';
import { sumOfSquares } from './vec';

interface WrappedState<S> {
  inner: S;
  step: number;
  rng: Rng | null;
}

export interface GradientNoise {
  eta: number;
  gamma: number;
  stream?: NoiseStream;
}

/** σ_t of the noise at the 0-based update t. */
export function noiseSigma(noise: GradientNoise, t: number): number {
  return Math.sqrt(noise.eta / (1 + t) ** noise.gamma);
}

/**
 * The counter stream's noise of update t added to a slice of the gradient: grads[j] += σ_t·z(seed, t, offset + j),
 * the normals drawn into `scratch` (at least grads.length long; made when missing).
 */
export function addCounterNoise(grads: Vec, noise: GradientNoise, seed: number, t: number, offset = 0, scratch?: Float64Array): void {
  const z = counterNormals(seed, t, offset, scratch ? scratch.subarray(0, grads.length) : new Float64Array(grads.length));
  const sigma = noiseSigma(noise, t);
  for (let j = 0; j < grads.length; j++) grads[j] = grads[j]! + sigma * z[j]!;
}

export function withGradientTransforms<S>(
  inner: Optimizer<S>,
  options: {
    gradientNoise?: GradientNoise | undefined;
    clipNorm?: number | undefined;
    seed: number;
    /** The global index of grads[0] (a slice's lo); counter-stream noise only. */
    offset?: number | undefined;
  },
): Optimizer<WrappedState<S>> {
  const { gradientNoise, clipNorm, seed } = options;
  const offset = options.offset ?? 0;
  const counter = gradientNoise !== undefined && noiseStreamOf(gradientNoise) === 'counter';
  if (offset !== 0 && gradientNoise && !counter) throw new Error('sequential gradient noise cannot start at a slice offset');
  // Global-norm clipping over a slice would clip by the slice's norm: the pool clips by slice itself.
  if (offset !== 0 && clipNorm !== undefined) throw new Error('global-norm clipping needs the whole gradient, not a slice');
  let scratch = new Float64Array(0);
  return {
    spec: inner.spec,
    init: (params) => ({ inner: inner.init(params), step: 0, rng: gradientNoise && !counter ? createRng(seed) : null }),
    update(grads, state, params, lr) {
      if (gradientNoise) {
        if (counter) {
          if (scratch.length < grads.length) scratch = new Float64Array(grads.length);
          addCounterNoise(grads, gradientNoise, seed, state.step, offset, scratch);
        }
        else if (state.rng) {
          const sigma = noiseSigma(gradientNoise, state.step);
          for (let i = 0; i < grads.length; i++) grads[i] = grads[i]! + sigma * state.rng.normal();
        }
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
