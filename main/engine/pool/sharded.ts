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
import { createOptimizer, type Optimizer, type Vec } from '../optim';
import { restoreState, typedArraysOf, withArrays } from '../optim/snapshot';
import type { FloatArray } from './shared';

/** True when `spec` can be applied slice by slice with the same bits as over the whole array. */
export function shardable(spec: OptimizerSpec): boolean {
  if (spec.gradientNoise || spec.name === 'swats') return false;
  if (spec.name === 'lookahead') return spec.inner.clipNorm === undefined && shardable(spec.inner);
  return true;
}

/** The optimizer a slice runs: the spec without global-norm clipping (the slice clips by the whole gradient's norm itself). */
function bareSpec(spec: OptimizerSpec): OptimizerSpec {
  const { clipNorm: _clip, ...bare } = spec;
  return bare as OptimizerSpec;
}

/**
 * How many parameter-long vectors a sharded optimizer keeps (Adam: m and v; Lookahead: its
 * inner's and the slow weights), for the shared memory they live in (ShardedUpdate's `kept`).
 */
export function stateVectors(spec: OptimizerSpec, seed: number): number {
  return typedArraysOf(createOptimizer(bareSpec(spec), { seed }).init(new Float32Array(1))).length;
}

/**
 * A whole-array state (the in-process loop's: with clipping, the wrapper's {inner, step, rng}
 * around the optimizer's own) cut to one slice's bare state over [lo, hi).
 */
function sliceOf(spec: OptimizerSpec, whole: unknown, lo: number, hi: number): unknown {
  const bare = spec.clipNorm === undefined ? whole : (whole as { inner: unknown }).inner;
  return withArrays(bare, typedArraysOf(bare).map((a) => a.subarray(lo, hi)));
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
  /** The shared whole-length vectors the slices' state lives in, or null (state in this worker only). */
  private readonly kept: Vec[] | null = null;

  constructor(
    spec: OptimizerSpec,
    seed: number,
    private readonly schedule: (t: number) => number,
    private readonly grad: FloatArray,
    params: FloatArray,
    private readonly lo: number,
    private readonly hi: number,
    /**
     * Shared memory for the state's vectors, stateVectors(spec) × the parameter count: this slice's
     * state lives at [k·P + lo, k·P + hi) of vector k, so rank 0 can read the whole state (wholeState).
     */
    kept?: SharedArrayBuffer,
    /** A resumed job: the whole-array state to start from (the in-process loop's form). */
    start?: unknown,
  ) {
    this.clipNorm = spec.clipNorm;
    this.optimizer = createOptimizer(bareSpec(spec), { seed });
    this.paramSlice = params.subarray(lo, hi);
    this.gradSlice = grad.subarray(lo, hi);
    // Clipped gradients go to a scratch slice: the other ranks may still be reading the shared one.
    this.scratch = spec.clipNorm === undefined ? null : params instanceof Float32Array ? new Float32Array(hi - lo) : new Float64Array(hi - lo);
    if (kept) {
      const P = params.length;
      const f32 = params instanceof Float32Array;
      this.kept = Array.from({ length: stateVectors(spec, seed) }, (_, k) =>
        f32 ? new Float32Array(kept, k * P * 4, P) : new Float64Array(kept, k * P * 8, P),
      );
    }
    if (start !== undefined && start !== null) {
      this.state = this.initState();
      restoreState(this.state, sliceOf(spec, start, lo, hi));
    }
  }

  /** Fresh state for this slice, its vectors moved into the shared memory when there is one. */
  private initState(): unknown {
    const state = this.optimizer.init(this.paramSlice);
    if (!this.kept) return state;
    const own = typedArraysOf(state);
    if (own.length !== this.kept.length) throw new Error(`the optimizer keeps ${own.length} vectors, ${this.kept.length} were shared`);
    const views = own.map((a, k) => {
      const view = this.kept![k]!.subarray(this.lo, this.hi);
      view.set(a);
      return view;
    });
    return withArrays(state, views);
  }

  /**
   * The whole-array state of the sharded optimizer after `updates` updates, in the in-process
   * loop's form (rank 0, while every other rank waits at a barrier; needs the shared memory).
   */
  wholeState(updates: number): unknown {
    if (!this.kept) throw new Error('wholeState needs the shared optimizer memory');
    const own = this.state;
    if (own === null) throw new Error('wholeState before the first update');
    const whole = withArrays(own, this.kept.map((v) => v.slice()));
    return this.clipNorm === undefined ? whole : { inner: whole, step: updates, rng: null };
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
    this.state ??= this.initState();
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
