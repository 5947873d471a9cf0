// The optimizer library's front door: a parsed spec (preload/spec.ts) in, an Optimizer out,
// with the spec's gradient wrappers applied around it. (The names and explanations the UI shows
// live in the renderer's i18n.)
import { noiseStreamOf, type OptimizerSpec } from '../../../preload/spec';
import { createAdabound } from './adabound';
import { createAdagrad } from './adagrad';
import { createAdam } from './adam';
import { createLookahead } from './lookahead';
import { createNadam } from './nadam';
import { createRadam } from './radam';
import { createRmsprop } from './rmsprop';
import { createSgd } from './sgd';
import { createSgdw } from './sgdw';
import { createSwats } from './swats';
import type { Optimizer, OptimizerOptions } from './types';
import { withGradientTransforms } from './wrappers';

export type { Optimizer, OptimizerOptions, Vec } from './types';

export function createOptimizer(spec: OptimizerSpec, opts: OptimizerOptions): Optimizer {
  const bare = createBare(spec, opts);
  if (!spec.gradientNoise && spec.clipNorm === undefined) return bare;
  return withGradientTransforms(bare, { gradientNoise: spec.gradientNoise, clipNorm: spec.clipNorm, seed: opts.seed, offset: opts.offset });
}

/**
 * True when `spec`'s gradient noise lets the optimizer run slice by slice with the bits of the
 * whole-array pass: no noise, or counter-stream noise only (its own, Lookahead's inner
 * optimizer's, further down) with no global-norm clipping at or below a noisy level. Then
 * createOptimizer(spec without its clipNorms, { seed, offset: lo }) applied to params[lo, hi)
 * adds exactly the whole pass's noise at [lo, hi). A noisy level that clips at or below itself
 * clips the noised gradient, whose norm no slice has alone (a clip the pool applies before the
 * slice's optimizer would come before the noise), so it is false there.
 */
export function noiseShardable(spec: OptimizerSpec): boolean {
  if (spec.gradientNoise && (noiseStreamOf(spec.gradientNoise) !== 'counter' || clipsAtOrBelow(spec))) return false;
  return spec.name === 'lookahead' ? noiseShardable(spec.inner) : true;
}

/** True when `spec` adds gradient noise at any level (its own, Lookahead's inner optimizer's, further down). */
export function hasGradientNoise(spec: OptimizerSpec): boolean {
  return spec.gradientNoise !== undefined || (spec.name === 'lookahead' && hasGradientNoise(spec.inner));
}

function clipsAtOrBelow(spec: OptimizerSpec): boolean {
  return spec.clipNorm !== undefined || (spec.name === 'lookahead' && clipsAtOrBelow(spec.inner));
}

function createBare(spec: OptimizerSpec, opts: OptimizerOptions): Optimizer {
  switch (spec.name) {
    case 'sgd':
    case 'sgdm':
    case 'nag':
      return createSgd(spec);
    case 'sgdw':
      return createSgdw(spec);
    case 'adagrad':
      return createAdagrad(spec);
    case 'rmsprop':
      return createRmsprop(spec);
    case 'adam':
    case 'amsgrad':
    case 'adamw':
      return createAdam(spec);
    case 'nadam':
      return createNadam(spec);
    case 'radam':
      return createRadam(spec);
    case 'adabound':
      return createAdabound(spec);
    case 'swats':
      return createSwats(spec);
    case 'lookahead':
      // A different stream for the inner optimizer's noise, should both levels ask for noise.
      return createLookahead(spec, createOptimizer(spec.inner, { seed: innerSeed(opts.seed), offset: opts.offset }));
  }
}

function innerSeed(seed: number): number {
  return (Math.imul(seed, 0x9e3779b1) + 0x7f4a7c15) >>> 0;
}

/** The rate a schedule starts from: the spec's lr, or for Lookahead its inner optimizer's. */
export function baseLearningRate(spec: OptimizerSpec): number {
  return spec.name === 'lookahead' ? baseLearningRate(spec.inner) : spec.lr;
}
