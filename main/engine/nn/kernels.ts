// The dense layer's three products, in PyTorch's weight layout (W is out × in, row-major), over a
// chunk of rows (≤ a few dozen samples). Output unit j is the outer loop, so row j of W stays in
// L1 while the chunk's rows (a few hundred KB at most) stay in L2; four samples share every load
// of a weight (register blocking). Inner loops are contiguous, accumulate in doubles and allocate
// nothing. This is where nearly all training time goes.
import { nativeAddon } from '../../../native/addon';
import type { Float } from './tensor';

/** y[n×out] = x[n×in] · Wᵀ + b */
export function denseForward(x: Float, n: number, inSize: number, w: Float, b: Float, outSize: number, y: Float): void {
  const n4 = n - (n % 4);
  for (let j = 0; j < outSize; j++) {
    const wo = j * inSize;
    const bj = b[j]!;
    let i = 0;
    for (; i < n4; i += 4) {
      const x0 = i * inSize;
      const x1 = x0 + inSize;
      const x2 = x1 + inSize;
      const x3 = x2 + inSize;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      for (let k = 0; k < inSize; k++) {
        const v = w[wo + k]!;
        s0 += x[x0 + k]! * v;
        s1 += x[x1 + k]! * v;
        s2 += x[x2 + k]! * v;
        s3 += x[x3 + k]! * v;
      }
      y[i * outSize + j] = bj + s0;
      y[(i + 1) * outSize + j] = bj + s1;
      y[(i + 2) * outSize + j] = bj + s2;
      y[(i + 3) * outSize + j] = bj + s3;
    }
    for (; i < n; i++) {
      const xo = i * inSize;
      let s = 0;
      for (let k = 0; k < inSize; k++) s += x[xo + k]! * w[wo + k]!;
      y[i * outSize + j] = bj + s;
    }
  }
}

/**
 * dW += dyᵀ·x and db += Σ dy (accumulated: callers zero them per chunk) and, when `dx` is given,
 * dx[n×in] = dy · W. Same blocking as the forward pass; a block of four rows whose dy are all
 * zero (common after ReLU) is skipped, which is exact.
 */
export function denseBackward(
  dy: Float,
  x: Float,
  n: number,
  inSize: number,
  w: Float,
  outSize: number,
  dw: Float,
  db: Float,
  dx: Float | null,
): void {
  if (dx) dx.fill(0, 0, n * inSize);
  const n4 = n - (n % 4);
  for (let j = 0; j < outSize; j++) {
    const wo = j * inSize;
    let i = 0;
    for (; i < n4; i += 4) {
      const d0 = dy[i * outSize + j]!;
      const d1 = dy[(i + 1) * outSize + j]!;
      const d2 = dy[(i + 2) * outSize + j]!;
      const d3 = dy[(i + 3) * outSize + j]!;
      if (d0 === 0 && d1 === 0 && d2 === 0 && d3 === 0) continue;
      db[j] = db[j]! + (d0 + d1 + d2 + d3);
      const x0 = i * inSize;
      const x1 = x0 + inSize;
      const x2 = x1 + inSize;
      const x3 = x2 + inSize;
      for (let k = 0; k < inSize; k++) dw[wo + k] = dw[wo + k]! + (d0 * x[x0 + k]! + d1 * x[x1 + k]! + d2 * x[x2 + k]! + d3 * x[x3 + k]!);
      if (dx) {
        for (let k = 0; k < inSize; k++) {
          const v = w[wo + k]!;
          dx[x0 + k] = dx[x0 + k]! + d0 * v;
          dx[x1 + k] = dx[x1 + k]! + d1 * v;
          dx[x2 + k] = dx[x2 + k]! + d2 * v;
          dx[x3 + k] = dx[x3 + k]! + d3 * v;
        }
      }
    }
    for (; i < n; i++) {
      const d = dy[i * outSize + j]!;
      if (d === 0) continue;
      db[j] = db[j]! + d;
      const xo = i * inSize;
      for (let k = 0; k < inSize; k++) dw[wo + k] = dw[wo + k]! + d * x[xo + k]!;
      if (dx) for (let k = 0; k < inSize; k++) dx[xo + k] = dx[xo + k]! + d * w[wo + k]!;
    }
  }
}

/**
 * Parameters per block of the gradient norm's sum, and per reduction block of the pool (pool/trainer.ts):
 * the rank that completes a block's reduction takes its share of the norm while the block is in its
 * cache, and every rank adds the blocks' shares in block order.
 */
export const NORM_BLOCK = 16384;

/**
 * Σ v² (the gradient norm's square), each square and sum in double, in a fixed order: blocks of
 * NORM_BLOCK elements, each summed by blockSumOfSquares, the blocks' sums added in block order
 * (from 0). Up to NORM_BLOCK elements (every surface, every small net) it is one block's sum.
 */
export function sumOfSquares(v: Float): number {
  const addon = nativeAddon();
  return byNormBlocks(v, addon ? (b) => addon.sumSquaresLanes(b) : lanesTwin);
}

/** Σ over v's NORM_BLOCK blocks, in block order from 0, of `block`'s value for each. */
function byNormBlocks(v: Float, block: (b: Float) => number): number {
  let s = 0;
  for (let lo = 0; lo < v.length; lo += NORM_BLOCK) s += block(v.subarray(lo, Math.min(v.length, lo + NORM_BLOCK)));
  return s;
}

/**
 * Σ v² over [lo, hi) in eight interleaved lanes: lane j sums v[i]² for i − lo ≡ j (mod 8) over the
 * largest multiple of 8, the lanes are combined ((l0 + l1) + (l2 + l3)) + ((l4 + l5) + (l6 + l7)),
 * then the tail is added in order. Eight independent chains instead of one: the native twin
 * (native/src/kernels.c sumSquaresLanes) runs it as two f64x4 accumulators with the same bits.
 */
export function blockSumOfSquares(v: Float, lo: number, hi: number): number {
  const addon = nativeAddon();
  const block = v.subarray(lo, hi);
  return addon ? addon.sumSquaresLanes(block) : lanesTwin(block);
}

/** The TypeScript twin of sumOfSquares (the same blocks, the same order within each). */
export function sumOfSquaresTwin(v: Float): number {
  return byNormBlocks(v, lanesTwin);
}

/** blockSumOfSquares's order over a whole array, in TypeScript. */
export function lanesTwin(v: Float): number {
  const n = v.length;
  const n8 = n - (n % 8);
  let l0 = 0, l1 = 0, l2 = 0, l3 = 0, l4 = 0, l5 = 0, l6 = 0, l7 = 0;
  for (let i = 0; i < n8; i += 8) {
    l0 += v[i]! * v[i]!;
    l1 += v[i + 1]! * v[i + 1]!;
    l2 += v[i + 2]! * v[i + 2]!;
    l3 += v[i + 3]! * v[i + 3]!;
    l4 += v[i + 4]! * v[i + 4]!;
    l5 += v[i + 5]! * v[i + 5]!;
    l6 += v[i + 6]! * v[i + 6]!;
    l7 += v[i + 7]! * v[i + 7]!;
  }
  let s = ((l0 + l1) + (l2 + l3)) + ((l4 + l5) + (l6 + l7));
  for (let i = n8; i < n; i++) s += v[i]! * v[i]!;
  return s;
}

/** At most this many chunk groups per batch (see chunkGroupSize). */
const MAX_CHUNK_GROUPS = 8;

/**
 * The summation order of a network's batch gradient over its `chunks` chunks, shared by the
 * in-process trainer and the pool: consecutive chunks form groups of this many (the last may be
 * shorter); within a group the chunk gradients are added in chunk order (the first written, each
 * next one computed from zero and added), then the groups' sums are added in group order. It
 * depends on the chunk count only, never on the thread count. One thread takes a whole group, so
 * its sum builds up in one buffer that stays in cache: at most eight groups (a batch of 512 in
 * 32-row chunks: eight groups of two) instead of one 235k-float slot per chunk for the 784 MLP,
 * which left the pool's reduction reading 15 MB per update; eight rather than four keeps the unit
 * of work small enough (two chunks) for the ranks to even out when one starts late. Up to eight
 * chunks (batch 256) every chunk is its own group: chunk order throughout, as before groups existed.
 */
export function chunkGroupSize(chunks: number): number {
  return Math.max(1, Math.ceil(chunks / MAX_CHUNK_GROUPS));
}

/** ReLU's forward over len elements: y = x > 0 ? x : 0 (NaN and −0 give 0); native for float32 where the addon loads, the same bits. */
export function reluForward(x: Float, y: Float, len: number): void {
  const addon = x instanceof Float32Array && y instanceof Float32Array ? nativeAddon() : null;
  if (addon) return addon.relu(x as Float32Array, y as Float32Array, len);
  for (let i = 0; i < len; i++) y[i] = x[i]! > 0 ? x[i]! : 0;
}

/** ReLU's backward: dx = x > 0 ? dy : 0 (the derivative at 0 is 0, as PyTorch's). */
export function reluBackward(x: Float, dy: Float, dx: Float, len: number): void {
  const addon = x instanceof Float32Array && dy instanceof Float32Array && dx instanceof Float32Array ? nativeAddon() : null;
  if (addon) return addon.relu(x as Float32Array, dy as Float32Array, dx as Float32Array, len);
  for (let i = 0; i < len; i++) dx[i] = x[i]! > 0 ? dy[i]! : 0;
}
