// The optimizer update split by parameter slice: every rank applies the optimizer to the slice it
// has just reduced (pool/trainer.ts), instead of rank 0 walking all parameters while the others
// wait. The zoo's element-wise optimizers (SGD family, Adagrad, RMSProp, the Adam family, NAdam,
// RAdam, AdaBound) and Lookahead's slow weights touch each parameter with the same arithmetic
// wherever it sits, with scalars (step counts, bias corrections, lr_t) that every rank computes
// identically, so a slice update gives exactly the bits of the whole-array update.
// Global-norm clipping needs ‖g‖ over all parameters: every rank sums it over the whole reduced
// gradient in index order (the wrapper's own sum, hence the same scale) and scales its slice —
// clipping around the optimizer and clipping inside Lookahead's inner optimizer alike (the inner
// wrapper clips before the inner update, which is where the slice clips).
// A sample-independent penalty (L2 on the weights, pool/mlp.ts) is added by slice: each rank adds
// λ·w to its own slice of the reduced gradient, rank 0 takes the penalty's value over the whole
// weights, then one barrier (no slice moves before every slice's gradient is complete, and the
// gradient norm below reads the whole gradient).
// SWATS's switch test needs pᵀp and pᵀg over all parameters: optim/swats.ts sums them in fixed
// blocks of SWATS_BLOCK parameters (each block in index order, then the block sums in block
// order), in the in-process loop too. Here the slices are cut on block boundaries, each rank
// writes its blocks' sums into the chunk slots (free between the reduction and the next batch),
// and after one barrier every rank adds all block sums in block order: the same Λ, the same
// switch, on every rank. (In the SGD phase it is element-wise, no barrier.)
// The recorded gradient norm is the trainers' own (nn/kernels.ts sumOfSquares, eight lanes).
// Gradient noise on the counter stream (stream: 'counter', random.ts counterNormals: Philox of
// (seed, update, parameter index)) is sharded: the slice's optimizer is built with its offset lo and
// adds exactly the whole-array noise at [lo, hi), to a scratch copy of its slice (the noise is added
// in place, and the other ranks may still read the shared gradient for its norm).
// What stays serial on rank 0 (shardable() is false; optim noiseShardable): the sequential noise
// stream of older specs — one seeded stream drawn in parameter order (Box–Muller over xoshiro128**),
// which a rank cannot join at its slice's offset: Box–Muller redraws a zero uniform, so how many
// uniforms precede parameter i is known only by drawing them (and xoshiro's own jump is a fixed
// 2⁶⁴ draws) — and noise with clipping at or below its level (noise comes before the clip, which
// the slice applies first). Also serial: SWATS inside Lookahead, outer and inner clipping together, clipping two
// Lookaheads down, a model whose penalty has no sliced form (the linear model's), and SWATS when
// the chunk slots are smaller than its block sums (a model of a few parameters).
import type { OptimizerSpec } from '../../../preload/spec';
import { nativeAddon } from '../../../native/addon';
import { sumOfSquares } from '../nn/kernels';
import { createOptimizer, hasGradientNoise, noiseShardable, type Optimizer, type Vec } from '../optim';
import { SWATS_BLOCK, swatsBlocks, swatsConclude, swatsPartial, swatsTotals, type SwatsState } from '../optim/swats';
import { restoreState, typedArraysOf, withArrays } from '../optim/snapshot';
import { zerosLike } from '../optim/vec';
import type { FloatArray } from './shared';

/** A model's sample-independent penalty, by slice (pool/mlp.ts: L2 on the weights). */
export interface SlicedPenalty {
  /** grad[i] += the penalty's gradient at i, for i in [lo, hi): the whole-array pass's arithmetic. */
  addGradient(grad: FloatArray, lo: number, hi: number): void;
  /** The penalty's value over all the parameters (taken before any slice moves). */
  value(): number;
}

/** What shardable() needs to know of the model (pool/model.ts ParallelModel, mlp.ts). */
export interface ShardedModel {
  paramCount: number;
  penalty?: unknown;
  slicedPenalty?: SlicedPenalty | undefined;
}

/** Bytes of scratch SWATS's block sums take (pᵀp and pᵀg per block, float64). */
function swatsScratchBytes(paramCount: number): number {
  return 16 * swatsBlocks(paramCount);
}

/**
 * True when `spec` can be applied slice by slice with the same bits as over the whole array
 * (`model` and the chunk slots' bytes, where known: the penalty and SWATS's scratch).
 */
export function shardable(spec: OptimizerSpec, model?: ShardedModel, scratchBytes = Infinity): boolean {
  if (model?.penalty && !model.slicedPenalty) return false;
  if (!noiseShardable(spec)) return false;
  if (spec.name === 'swats') return model === undefined || swatsScratchBytes(model.paramCount) <= scratchBytes;
  if (spec.name === 'lookahead') {
    const inner = spec.inner;
    if (inner.name === 'swats') return false;
    if (inner.clipNorm !== undefined && spec.clipNorm !== undefined) return false;
    // Only this Lookahead's inner clipping is taken apart: one further down stays serial.
    if (inner.name === 'lookahead' && clipsAnywhere(inner.inner)) return false;
    return shardable(inner, model, scratchBytes);
  }
  return true;
}

function clipsAnywhere(spec: OptimizerSpec): boolean {
  return spec.clipNorm !== undefined || (spec.name === 'lookahead' && clipsAnywhere(spec.inner));
}

/** The norm the slice clips by: the spec's own, or (inside Lookahead) its inner optimizer's. */
function clipNormOf(spec: OptimizerSpec): number | undefined {
  return spec.clipNorm ?? (spec.name === 'lookahead' ? spec.inner.clipNorm : undefined);
}

/** Where the clip wrapper sits in the whole-array state: around the optimizer, inside Lookahead, or nowhere. */
function clipAt(spec: OptimizerSpec): 'outer' | 'inner' | null {
  if (spec.clipNorm !== undefined) return 'outer';
  return spec.name === 'lookahead' && spec.inner.clipNorm !== undefined ? 'inner' : null;
}

/** The optimizer a slice runs: the spec without global-norm clipping (the slice clips by the whole gradient's norm itself). */
function bareSpec(spec: OptimizerSpec): OptimizerSpec {
  const { clipNorm: _clip, ...bare } = spec;
  if (bare.name === 'lookahead') {
    const { clipNorm: _inner, ...inner } = bare.inner;
    return { ...bare, inner: inner as OptimizerSpec } as OptimizerSpec;
  }
  return bare as OptimizerSpec;
}

/**
 * How many parameter-long vectors a sharded optimizer keeps (Adam: m and v; Lookahead: its
 * inner's and the slow weights), for the shared memory they live in (ShardedUpdate's `kept`).
 */
export function stateVectors(spec: OptimizerSpec, seed: number): number {
  // SWATS makes its SGD-phase momentum v at the switch: a third vector, kept ready.
  return typedArraysOf(createOptimizer(bareSpec(spec), { seed }).init(new Float32Array(1))).length + (spec.name === 'swats' ? 1 : 0);
}

/**
 * A whole-array state (the in-process loop's: with clipping, the wrapper's {inner, step, rng}
 * around the optimizer's own, or around Lookahead's inner optimizer's) cut to one slice's bare
 * state over [lo, hi).
 */
function sliceOf(spec: OptimizerSpec, whole: unknown, lo: number, hi: number): unknown {
  const at = clipAt(spec);
  const bare = at === 'outer'
    ? (whole as { inner: unknown }).inner
    : at === 'inner'
      ? { ...(whole as Record<string, unknown>), inner: (whole as { inner: { inner: unknown } }).inner.inner }
      : whole;
  return withArrays(bare, typedArraysOf(bare).map((a) => a.subarray(lo, hi)));
}

/** A bare whole-array state wrapped back into the in-process loop's form (the clip wrapper's state where it sits). */
function wrapped(spec: OptimizerSpec, bare: unknown, updates: number): unknown {
  const at = clipAt(spec);
  if (at === 'outer') return { inner: bare, step: updates, rng: null };
  if (at === 'inner') {
    const la = bare as Record<string, unknown>;
    return { ...la, inner: { inner: la.inner, step: updates, rng: null } };
  }
  return bare;
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
  /** The model's penalty before the update (rank 0 only; 0 elsewhere and without one). */
  penalty: number;
  /** This rank's slice is finite after the update (true when no update was applied). */
  sliceFinite: boolean;
}

/** How a rank meets the others inside an update (pool/trainer.ts), for the penalty and SWATS. */
export interface ShardRanks {
  rank: number;
  /** Every rank arrives before any goes on (the pool's barrier). */
  sync(): void;
  /** The chunk slots' memory: free between the reduction and the next batch, scratch for SWATS's block sums. */
  scratch: SharedArrayBuffer;
  /** The model: its slicedPenalty, if any, is added by slice. */
  model: ShardedModel;
}

/** A slice bound moved down to a SWATS block boundary (the last bound, P, stays). */
function blockBound(x: number, P: number): number {
  return x >= P ? P : Math.floor(x / SWATS_BLOCK) * SWATS_BLOCK;
}

/** One rank's share of the optimizer: its own optimizer state over params[lo, hi). */
export class ShardedUpdate {
  private readonly optimizer: Optimizer;
  private state: unknown = null;
  private readonly spec: OptimizerSpec;
  private readonly clipNorm: number | undefined;
  private readonly scratch: FloatArray | null;
  private readonly paramSlice: FloatArray;
  private readonly gradSlice: FloatArray;
  private readonly lo: number;
  private readonly hi: number;
  /** The shared whole-length vectors the slices' state lives in, or null (state in this worker only). */
  private readonly kept: Vec[] | null = null;
  /** SWATS: every block's (pᵀp, pᵀg), side by side in the scratch memory; null for the others. */
  private readonly blockSums: Float64Array | null = null;
  private readonly blocks: number;

  constructor(
    spec: OptimizerSpec,
    seed: number,
    private readonly schedule: (t: number) => number,
    private readonly grad: FloatArray,
    params: FloatArray,
    lo: number,
    hi: number,
    /**
     * Shared memory for the state's vectors, stateVectors(spec) × the parameter count: this slice's
     * state lives at [k·P + lo, k·P + hi) of vector k, so rank 0 can read the whole state (wholeState).
     */
    kept?: SharedArrayBuffer,
    /** A resumed job: the whole-array state to start from (the in-process loop's form). */
    start?: unknown,
    /** Needed with a penalty and for SWATS. */
    private readonly ranks?: ShardRanks,
  ) {
    const P = params.length;
    this.spec = spec;
    const swats = spec.name === 'swats';
    if (swats && !ranks) throw new Error('a sharded SWATS or penalty needs the ranks (sync and scratch)');
    this.lo = swats ? blockBound(lo, P) : lo;
    this.hi = swats ? blockBound(hi, P) : hi;
    this.blocks = swatsBlocks(P);
    if (swats) this.blockSums = new Float64Array(ranks!.scratch, 0, 2 * this.blocks);
    this.clipNorm = clipNormOf(spec);
    this.optimizer = createOptimizer(bareSpec(spec), { seed, offset: this.lo });
    this.paramSlice = params.subarray(this.lo, this.hi);
    this.gradSlice = grad.subarray(this.lo, this.hi);
    // Clipped gradients go to a scratch slice: the other ranks may still be reading the shared one.
    const n = this.hi - this.lo;
    // Noise, like clipping, goes to a scratch slice.
    this.scratch = this.clipNorm === undefined && !hasGradientNoise(spec) ? null : params instanceof Float32Array ? new Float32Array(n) : new Float64Array(n);
    if (kept) {
      const f32 = params instanceof Float32Array;
      this.kept = Array.from({ length: stateVectors(spec, seed) }, (_, k) =>
        f32 ? new Float32Array(kept, k * P * 4, P) : new Float64Array(kept, k * P * 8, P),
      );
    }
    if (start !== undefined && start !== null) {
      this.state = this.initState();
      restoreState(this.state, sliceOf(spec, start, this.lo, this.hi));
      // A SWATS state saved in its SGD phase brings v: into the shared memory with it.
      const st = this.state as SwatsState;
      if (swats && this.kept && st.v) st.v = this.keptV(st.v);
    }
  }

  /** SWATS's v in the third shared vector (a copy of `from`), or a fresh array without shared memory. */
  private keptV(from?: Vec): Vec {
    const view = this.kept ? this.kept[2]!.subarray(this.lo, this.hi) : zerosLike(this.paramSlice);
    if (from) view.set(from);
    else view.fill(0);
    return view;
  }

  /** Fresh state for this slice, its vectors moved into the shared memory when there is one. */
  private initState(): unknown {
    const state = this.optimizer.init(this.paramSlice);
    if (!this.kept) return state;
    const own = typedArraysOf(state);
    const expected = this.kept.length - (this.spec.name === 'swats' ? 1 : 0);
    if (own.length !== expected) throw new Error(`the optimizer keeps ${own.length} vectors, ${expected} were shared`);
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
    const n = typedArraysOf(own).length; // SWATS before its switch: no v yet
    return wrapped(this.spec, withArrays(own, this.kept.slice(0, n).map((v) => v.slice())), updates);
  }

  /**
   * After the reduction's barrier: the update's loss and gradient norm, and (when both are finite)
   * the optimizer applied to this rank's slice with lr = schedule(t). `squares`: Σ g² of the reduced
   * gradient (sumOfSquares's value, taken by blocks as they were reduced).
   */
  step(lossSum: number, batch: number, t: number, squares?: number): ShardVerdict {
    let penalty = 0;
    const pen = this.ranks?.model.slicedPenalty;
    if (pen) {
      // Every slice's gradient gets its share before anyone reads the whole gradient, and the
      // penalty is taken before any slice moves.
      pen.addGradient(this.grad, this.lo, this.hi);
      if (this.ranks!.rank === 0) penalty = pen.value();
      this.ranks!.sync();
    }
    const loss = lossSum / batch; // finiteness only: rank 0 records the loss
    // The penalty's gradient came after the reduction: then the norm is taken here.
    const gradNorm = Math.sqrt(pen || squares === undefined ? sumOfSquares(this.grad) : squares);
    if (!Number.isFinite(loss) || !Number.isFinite(gradNorm)) return { loss, gradNorm, penalty, sliceFinite: true };
    // First update: rank 0 has written the initial parameters before this job's first barrier.
    this.state ??= this.initState();
    let g = this.gradSlice;
    if (this.scratch) {
      this.scratch.set(g);
      g = this.scratch;
      const norm = this.clipNorm === undefined ? 0 : Math.sqrt(sumOfSquaresInOrder(this.grad));
      if (this.clipNorm !== undefined && norm > this.clipNorm) {
        const scale = this.clipNorm! / norm;
        for (let i = 0; i < g.length; i++) g[i] = g[i]! * scale;
      }
    }
    const lr = this.schedule(t);
    if (this.blockSums) this.swatsStep(g, lr);
    else this.optimizer.update(g, this.state, this.paramSlice, lr);
    return { loss, gradNorm, penalty, sliceFinite: allFinite(this.paramSlice) };
  }

  /** SWATS on this slice: its blocks' sums into the scratch, then (Adam phase) every block's, in block order. */
  private swatsStep(g: Vec, lr: number): void {
    const spec = this.spec as Extract<OptimizerSpec, { name: 'swats' }>;
    const state = this.state as SwatsState;
    const sums = this.blockSums!;
    if (!swatsPartial(spec, g, state, this.paramSlice, lr, sums, 2 * (this.lo / SWATS_BLOCK))) return;
    this.ranks!.sync();
    const [pp, pg] = swatsTotals(sums, this.blocks);
    swatsConclude(spec, state, pp, pg, () => this.keptV());
  }
}
