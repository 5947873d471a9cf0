// SGDW — SGD(M) with decoupled weight decay (Loshchilov & Hutter, "Decoupled Weight Decay
// Regularization", ICLR 2019, Algorithm 1 with η_t = lr_t):
//   buf ← g on the first step, else momentum·buf + (1 − dampening)·g    (no decay term in g)
//   d   ← g + momentum·buf if nesterov, else buf
//   θ   ← θ − lr_t·weightDecay·θ − lr_t·d
// Unlike L2 (sgd's weightDecay), the shrinkage never enters the momentum buffer (LECTURE §7).
// PyTorch has no SGDW; the fixtures use a plain-Python transcription of this rule.
import type { OptimizerSpec } from '../../../preload/spec';
import { createSgdLike, type SgdState } from './sgd';
import type { Optimizer } from './types';

export function createSgdw(spec: Extract<OptimizerSpec, { name: 'sgdw' }>): Optimizer<SgdState> {
  return createSgdLike(spec, 'decoupled');
}
