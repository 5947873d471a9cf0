// The optimizer update split by parameter slice: every rank applies the optimizer to the slice it
// has just reduced (pool/trainer.ts), instead of rank 0 walking all parameters while the others
// wait. The zoo's element-wise optimizers (SGD family, Adagrad, RMSProp, the Adam family, NAdam,
// RAdam, AdaBound) and Lookahead's slow weights touch each parameter with the same arithmetic
// wherever it sits, with scalars (step counts, bias corrections, lr_t) that every rank computes
// identically, so a slice update gives exactly the bits of the whole-array update.
// Global-norm clipping needs ‖g‖ over all parameters: every rank sums it over the whole reduced
// gradient in index order (the wrapper's own sum, hence the same scale) and scales its slice.
// The recorded gradient norm is the trainers' own (nn/kernels.ts sumOfSquares, eight lanes).
// What stays serial on rank 0 (shardable() is false): gradient noise (one seeded stream drawn in
// parameter order), SWATS (its switch test sums p·g over all parameters in order), clipping inside
// Lookahead's inner optimizer, and models with a sample-independent penalty (L2 on the weights).
import type { OptimizerSpec } from '../../../preload/spec';
import { nativeAddon } from '../../../native/addon';
import { sumOfSquares } from '../nn/kernels';
import { createOptimizer, type Optimizer } from '../optim';
import type { FloatArray } from './shared';

/** True when `spec` can be applied slice by slice with the same bits as over the whole array. */
export function shardable(spec: OptimizerSpec): boolean {
  if (spec.gradientNoise || spec.name === 'swats') return false;
  if (spec.name === 'lookahead') return spec.inner.clipNorm === undefined && shardable(spec.inner);
  return true;
}

/** Σ v² in index order, each square and sum in double: the clip wrapper's sum (optim/vec.ts). */
function sumOfSquaresInOrder(v: FloatArray): number {
  const addon = nativeAddon();
  if (addon) return addon.sumSquares(v);
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i]! * v[i]!;
  return s;
}

export function allFinite(v: FloatArray): boolean {
  const addon = nativeAddon();
  if (addon) return addon.allFinite(v);
  for (let i = 0; i < v.length; i++) if (!Number.isFinite(v[i]!)) return false;
  return true;
}

export interface ShardVerdict {
  /** Mean loss and gradient norm of the update (the same on every rank). */
  loss: number;
  gradNorm: number;
  /** This rank's slice is finite after the update (true when no update was applied). */
  sliceFinite: boolean;
}

/** One rank's share of the optimizer: its own optimizer state over params[lo, hi). */
export class ShardedUpdate {
  private readonly optimizer: Optimizer;
  private state: unknown = null;
  private readonly clipNorm: number | undefined;
  private readonly scratch: FloatArray | null;
  private readonly paramSlice: FloatArray;
  private readonly gradSlice: FloatArray;

  constructor(
    spec: OptimizerSpec,
    seed: number,
    private readonly schedule: (t: number) => number,
    private readonly grad: FloatArray,
    params: FloatArray,
    lo: number,
    hi: number,
  ) {
    const { clipNorm, ...bare } = spec;
    this.clipNorm = clipNorm;
    this.optimizer = createOptimizer(bare as OptimizerSpec, { seed });
    this.paramSlice = params.subarray(lo, hi);
    this.gradSlice = grad.subarray(lo, hi);
    // Clipped gradients go to a scratch slice: the other ranks may still be reading the shared one.
    this.scratch = clipNorm === undefined ? null : params instanceof Float32Array ? new Float32Array(hi - lo) : new Float64Array(hi - lo);
  }

  /**
   * After the reduction's barrier: the update's loss and gradient norm, and (when both are finite)
   * the optimizer applied to this rank's slice with lr = schedule(t).
   */
  step(lossSum: number, batch: number, t: number): ShardVerdict {
    const loss = lossSum / batch; // finiteness only: rank 0 records the loss
    const gradNorm = Math.sqrt(sumOfSquares(this.grad));
    if (!Number.isFinite(loss) || !Number.isFinite(gradNorm)) return { loss, gradNorm, sliceFinite: true };
    // First update: rank 0 has written the initial parameters before this job's first barrier.
    this.state ??= this.optimizer.init(this.paramSlice);
    let g = this.gradSlice;
    if (this.scratch) {
      this.scratch.set(g);
      g = this.scratch;
      const norm = Math.sqrt(sumOfSquaresInOrder(this.grad));
      if (norm > this.clipNorm!) {
        const scale = this.clipNorm! / norm;
        for (let i = 0; i < g.length; i++) g[i] = g[i]! * scale;
      }
    }
    this.optimizer.update(g, this.state, this.paramSlice, this.schedule(t));
    return { loss, gradNorm, sliceFinite: allFinite(this.paramSlice) };
  }
}
