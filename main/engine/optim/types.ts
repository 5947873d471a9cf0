// The shape of every optimizer, in the manner of optax's GradientTransformation:
// data (the parsed spec) plus two pure functions. `update` writes the step into `params`
// and `state` in place, so the same code serves float64 surfaces and float32 networks.
import type { OptimizerSpec } from '../../../preload/spec';

export type Vec = Float64Array | Float32Array;

export interface Optimizer<S = unknown> {
  readonly spec: OptimizerSpec;
  /** Fresh state for parameters shaped like `params` (typed arrays of the same kind). */
  init(params: Vec): S;
  /**
   * One update with the scheduled learning rate `lr` (lr_t for this step).
   * Mutates `params` and `state`; `grads` may be modified (noise, clipping) and must not be reused.
   */
  update(grads: Vec, state: S, params: Vec, lr: number): void;
  /** Facts worth showing a student, e.g. SWATS's switch step and Λ. */
  describe?(state: S): Record<string, number | string | null>;
  /** Values worth plotting after every update, e.g. SWATS's γ_k and its estimate Λ. */
  trace?(state: S): Record<string, number | null>;
}

export interface OptimizerOptions {
  /** Seeds gradient noise; stored with the run. */
  seed: number;
  /**
   * The global index of the first parameter this optimizer sees (a slice [lo, hi) of a larger
   * vector: lo; default 0). Only counter-stream gradient noise depends on it; global-norm
   * clipping and sequential noise refuse a slice (noiseShardable).
   */
  offset?: number;
}
