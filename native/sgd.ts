// SGD / SGDM / NAG / SGDW's float32 update in the native addon (src/kernels.c, in place), bit for
// bit the loop of main/engine/optim/sgd.ts (its twin: the same operations in doubles, the momentum
// buffer and the parameters rounded to float32 where the loop stores them). Null where the addon is
// unavailable or DESCENT_LAB_KERNELS=wasm|ts: the loop runs.
import { nativeAddon } from './addon';

export interface SgdStep {
  /** The first update (the buffer takes d itself). */
  first: boolean;
  momentum: number;
  dampening: number;
  nesterov: boolean;
  /** L2 weight decay added to the gradient (0: none). */
  l2: number;
  /** Decoupled weight decay (SGDW; 0: none). */
  decoupled: number;
  lr: number;
}

export type SgdKernel = (params: Float32Array, grads: Float32Array, buf: Float32Array | null, step: SgdStep) => void;

export function sgdNative(): SgdKernel | null {
  const addon = nativeAddon();
  if (!addon) return null;
  return (params, grads, buf, s) => addon.sgd(params, grads, buf, s.first ? 1 : 0, s.momentum, s.dampening, s.nesterov ? 1 : 0, s.l2, s.decoupled, s.lr);
}
