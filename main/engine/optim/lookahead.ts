// Lookahead (Zhang, Lucas, Hinton & Ba, "Lookahead Optimizer: k steps forward, 1 step back",
// NeurIPS 2019, Algorithm 1) around any inner optimizer:
//   the inner optimizer moves the fast weights θ every update (its state is kept across syncs);
//   after every k-th update: φ ← φ + α(θ − φ);  θ ← φ      (φ, the slow weights, start at θ₀)
// The parameters the caller sees are the fast weights, so after a sync they equal φ.
import type { LookaheadSpec } from '../../../preload/spec';
import type { Optimizer, Vec } from './types';
import { copyOf } from './vec';

export interface LookaheadState<S = unknown> {
  inner: S;
  slow: Vec;
  step: number;
  syncs: number;
}

export function createLookahead(spec: LookaheadSpec, inner: Optimizer): Optimizer<LookaheadState> {
  const { k, alpha } = spec;
  return {
    spec,
    init: (params) => ({ inner: inner.init(params), slow: copyOf(params), step: 0, syncs: 0 }),
    update(grads, state, params, lr) {
      inner.update(grads, state.inner, params, lr);
      state.step++;
      if (state.step % k !== 0) return;
      const { slow } = state;
      for (let i = 0; i < params.length; i++) {
        slow[i] = slow[i]! + alpha * (params[i]! - slow[i]!);
        params[i] = slow[i]!;
      }
      state.syncs++;
    },
    describe: (state) => ({ ...inner.describe?.(state.inner), syncs: state.syncs }),
    ...(inner.trace ? { trace: (state: LookaheadState) => inner.trace!(state.inner) } : {}),
  };
}
