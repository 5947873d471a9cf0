// The native addon's kernels (native/src, AVX2+FMA / AVX-512) against their TypeScript twins.
// DESCENT_LAB_KERNELS=ts for this file (each test file runs in its own process), so the engine's
// optimizers run their TypeScript loops (the twins); the addon is loaded directly.
//
// Tolerances:
// - dense products: the twin sums each output in doubles and rounds once (forward, dW, db) or
//   rounds to float32 after every term (dx); the kernel runs one float32 fused multiply-add chain
//   per output, in order (m terms: in for the forward, n for dW, out for dx). Recursive float32
//   summation of m terms errs by at most ≈ m·2⁻²⁴·Σ|terms| (Higham, Accuracy and Stability §4.2);
//   the shapes here have m ≤ 784, so |kernel − twin| ≤ 5e-5 · (Σ|terms| + |initial value|).
// - AVX2 against AVX-512 on one machine, the reduction, the gradient norm's lanes and the fused
//   optimizer updates: bit for bit (the same operations in the same order, IEEE roundings only).
import { describe, expect, it } from 'vitest';
import { loadNativeAddon } from '../../../native/addon';
import { denseBackward, denseForward, lanesTwin, NORM_BLOCK, reluBackward, reluForward, sumOfSquares, sumOfSquaresTwin } from '../../../main/engine/nn/kernels';
import { createOptimizer } from '../../../main/engine/optim';
import type { AdamState } from '../../../main/engine/optim/adam';
import type { SgdState } from '../../../main/engine/optim/sgd';
import { createRng } from '../../../main/engine/random';
import { optimizerSpec } from '../../../preload/spec';

process.env.DESCENT_LAB_KERNELS = 'ts';

const { addon, why } = loadNativeAddon();
/** Named reason shown in the test names where the addon is absent (no compiler at install, another CPU). */
const SKIP = addon ? '' : ` — not run: ${why}`;
const hasAvx512 = addon?.cpuIsa() === 'avx512';

const RTOL = 5e-5;

function shared(values: ArrayLike<number>, offset = 3): Float32Array {
  // Views into a SharedArrayBuffer at an odd offset: the kernels must work in place, unaligned.
  const buf = new SharedArrayBuffer((values.length + offset) * 4);
  const a = new Float32Array(buf, offset * 4, values.length);
  a.set(values);
  return a;
}

function random(rng: ReturnType<typeof createRng>, n: number, zeros = 0): Float32Array {
  const a = new Float32Array(n);
  for (let i = 0; i < n; i++) a[i] = rng.next() < zeros ? 0 : rng.normal();
  return shared(a);
}

function mismatches(a: ArrayLike<number>, b: ArrayLike<number>): { count: number; first: number | null } {
  let count = 0;
  let first: number | null = null;
  for (let i = 0; i < a.length; i++) {
    if (!Object.is(a[i], b[i])) {
      count++;
      first ??= i;
    }
  }
  return { count, first };
}

interface Shape {
  n: number;
  inSize: number;
  outSize: number;
}

// The MLP's layers on a chunk, a whole batch, and ragged shapes for every tile and mask edge
// (27 rows: a sample panel whose second half is partly filled, on both vector widths).
const SHAPES: Shape[] = [
  { n: 32, inSize: 784, outSize: 256 },
  { n: 32, inSize: 256, outSize: 128 },
  { n: 32, inSize: 128, outSize: 10 },
  { n: 100, inSize: 37, outSize: 13 },
  { n: 7, inSize: 5, outSize: 3 },
  { n: 1, inSize: 1, outSize: 1 },
  { n: 33, inSize: 17, outSize: 25 },
  { n: 27, inSize: 50, outSize: 19 },
];

function denseCase({ n, inSize, outSize }: Shape, seed: number) {
  const rng = createRng(seed);
  return {
    x: random(rng, n * inSize), w: random(rng, outSize * inSize), b: random(rng, outSize),
    dy: random(rng, n * outSize, 0.4), dw0: random(rng, outSize * inSize), db0: random(rng, outSize),
  };
}

describe(`native dense kernels against the TypeScript twins${SKIP}`, () => {
  for (const shape of SHAPES) {
    const { n, inSize, outSize } = shape;
    it.runIf(addon)(`${n}×${inSize} → ${outSize}: forward, dW, db, dx within ${RTOL}·Σ|terms|${SKIP}`, () => {
      const c = denseCase(shape, n * 1000 + inSize);
      const yT = new Float32Array(n * outSize);
      const yN = shared(new Float32Array(n * outSize));
      denseForward(c.x, n, inSize, c.w, c.b, outSize, yT);
      expect(addon!.denseForward(c.x, n, inSize, c.w, c.b, outSize, yN)).toBe(true);
      let worst = 0;
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < outSize; j++) {
          let scale = Math.abs(c.b[j]!);
          for (let k = 0; k < inSize; k++) scale += Math.abs(c.x[i * inSize + k]! * c.w[j * inSize + k]!);
          worst = Math.max(worst, Math.abs(yN[i * outSize + j]! - yT[i * outSize + j]!) / (RTOL * scale));
        }
      }
      expect(worst, 'forward (1 = the tolerance)').toBeLessThanOrEqual(1);

      const dwT = Float32Array.from(c.dw0), dbT = Float32Array.from(c.db0), dxT = new Float32Array(n * inSize);
      const dwN = shared(c.dw0), dbN = shared(c.db0), dxN = shared(new Float32Array(n * inSize).fill(7)); // dx is overwritten
      denseBackward(c.dy, c.x, n, inSize, c.w, outSize, dwT, dbT, dxT);
      expect(addon!.denseBackward(c.dy, c.x, n, inSize, c.w, outSize, dwN, dbN, dxN)).toBe(true);
      let wW = 0, wB = 0, wX = 0;
      for (let j = 0; j < outSize; j++) {
        let sb = Math.abs(c.db0[j]!);
        for (let i = 0; i < n; i++) sb += Math.abs(c.dy[i * outSize + j]!);
        wB = Math.max(wB, Math.abs(dbN[j]! - dbT[j]!) / (RTOL * sb));
        for (let k = 0; k < inSize; k++) {
          let s = Math.abs(c.dw0[j * inSize + k]!);
          for (let i = 0; i < n; i++) s += Math.abs(c.dy[i * outSize + j]! * c.x[i * inSize + k]!);
          wW = Math.max(wW, Math.abs(dwN[j * inSize + k]! - dwT[j * inSize + k]!) / (RTOL * s));
        }
      }
      for (let i = 0; i < n; i++) {
        for (let k = 0; k < inSize; k++) {
          let s = 0;
          for (let j = 0; j < outSize; j++) s += Math.abs(c.dy[i * outSize + j]! * c.w[j * inSize + k]!);
          wX = Math.max(wX, s === 0 ? Math.abs(dxN[i * inSize + k]!) : Math.abs(dxN[i * inSize + k]! - dxT[i * inSize + k]!) / (RTOL * s));
        }
      }
      expect({ dW: wW <= 1, db: wB <= 1, dx: wX <= 1 }).toEqual({ dW: true, db: true, dx: true });
    });
  }

  it.runIf(addon)(`dx alone (dW and db null, the bench's per-product row) gives the bits of the full backward's dx${SKIP}`, () => {
    const shape = { n: 45, inSize: 70, outSize: 29 };
    const c = denseCase(shape, 9);
    const full = new Float32Array(45 * 70), alone = new Float32Array(45 * 70);
    addon!.denseBackward(c.dy, c.x, 45, 70, c.w, 29, Float32Array.from(c.dw0), Float32Array.from(c.db0), full);
    addon!.denseBackward(c.dy, c.x, 45, 70, c.w, 29, null, null, alone);
    expect(mismatches(alone, full)).toEqual({ count: 0, first: null });
  });

  it.runIf(addon)(`a kernel that is wrong by one term fails the tolerance (the check can fail)${SKIP}`, () => {
    const shape = { n: 32, inSize: 784, outSize: 256 };
    const c = denseCase(shape, 5);
    const yT = new Float32Array(32 * 256), yN = new Float32Array(32 * 256);
    denseForward(c.x, 32, 784, c.w, c.b, 256, yT);
    // The same product with the last input dropped: as if a tail were lost.
    const x2 = Float32Array.from(c.x);
    for (let i = 0; i < 32; i++) x2[i * 784 + 783] = 0;
    addon!.denseForward(x2, 32, 784, c.w, c.b, 256, yN);
    let worst = 0;
    for (let i = 0; i < 32; i++) {
      for (let j = 0; j < 256; j++) {
        let scale = Math.abs(c.b[j]!);
        for (let k = 0; k < 784; k++) scale += Math.abs(c.x[i * 784 + k]! * c.w[j * 784 + k]!);
        worst = Math.max(worst, Math.abs(yN[i * 256 + j]! - yT[i * 256 + j]!) / (RTOL * scale));
      }
    }
    expect(worst).toBeGreaterThan(1);
  });

  it.runIf(addon && hasAvx512)(`AVX2 and AVX-512 give the same bits (one FMA chain per element, in order)${addon && !hasAvx512 ? ' — not run: this CPU has no AVX-512' : SKIP}`, () => {
    try {
      for (const shape of SHAPES) {
        const { n, inSize, outSize } = shape;
        const c = denseCase(shape, 77 + n);
        const run = (isa: 'avx2' | 'avx512') => {
          expect(addon!.forceIsa(isa)).toBe(isa);
          const y = new Float32Array(n * outSize), dw = Float32Array.from(c.dw0), db = Float32Array.from(c.db0), dx = new Float32Array(n * inSize);
          addon!.denseForward(c.x, n, inSize, c.w, c.b, outSize, y);
          addon!.denseBackward(c.dy, c.x, n, inSize, c.w, outSize, dw, db, dx);
          return { y, dw, db, dx };
        };
        const a = run('avx2');
        const b = run('avx512');
        for (const k of ['y', 'dw', 'db', 'dx'] as const) expect(mismatches(a[k], b[k]), `${n}×${inSize}→${outSize} ${k}`).toEqual({ count: 0, first: null });
      }
    } finally {
      addon!.forceIsa(null);
    }
  });
});

describe(`native per-parameter passes against the TypeScript twins, bit for bit${SKIP}`, () => {
  it.runIf(addon)(`the chunk reduction: float32 sums in chunk order, and double means${SKIP}`, () => {
    const rng = createRng(3);
    const P = 1037, chunks = 5;
    const slots32 = random(rng, P * chunks);
    const slots64 = new Float64Array(new SharedArrayBuffer(P * chunks * 8)).map(() => rng.normal());
    const g32 = shared(new Float32Array(P)), m32 = shared(new Float32Array(P)), m64 = new Float64Array(P);
    const [lo, hi] = [101, 900];
    addon!.reduce(g32, slots32, P, chunks, lo, hi, 0, 0);
    addon!.reduce(m32, slots32, P, chunks, lo, hi, 1, 77);
    addon!.reduce(m64, slots64, P, chunks, lo, hi, 1, 77);
    const t32 = new Float32Array(P), tm32 = new Float32Array(P), tm64 = new Float64Array(P);
    for (let i = lo; i < hi; i++) {
      t32[i] = slots32[i]!;
      let a = slots32[i]!;
      let b = slots64[i]!;
      for (let c = 1; c < chunks; c++) {
        t32[i] = t32[i]! + slots32[c * P + i]!;
        a += slots32[c * P + i]!;
        b += slots64[c * P + i]!;
      }
      tm32[i] = a / 77;
      tm64[i] = b / 77;
    }
    expect(mismatches(g32, t32)).toEqual({ count: 0, first: null });
    expect(mismatches(m32, tm32)).toEqual({ count: 0, first: null });
    expect(mismatches(m64, tm64)).toEqual({ count: 0, first: null });
  });

  it.runIf(addon)(`a float32 reduction continued from a partial sum (first = d) has the one pass's bits${SKIP}`, () => {
    // The pool's early reduction: slots [0, d) summed while the others are still being written,
    // slots [d, chunks) added on later. Float32 addition is not associative, so restarting the
    // second pass one slot early (d − 1: that slot added twice) or late must not pass.
    const rng = createRng(5);
    const P = 1037, chunks = 7;
    const slots = random(rng, P * chunks);
    const [lo, hi] = [3, 1030];
    const once = shared(new Float32Array(P));
    addon!.reduce(once, slots, P, chunks, lo, hi, 0, 0);
    for (const d of [1, 2, 4, 6, 7]) {
      const split = shared(new Float32Array(P));
      addon!.reduce(split, slots, P, d, lo, hi, 0, 0);
      addon!.reduce(split, slots, P, chunks, lo, hi, 0, 0, d);
      expect(mismatches(split, once), `first = ${d}`).toEqual({ count: 0, first: null });
    }
    const wrong = shared(new Float32Array(P));
    addon!.reduce(wrong, slots, P, 4, lo, hi, 0, 0);
    addon!.reduce(wrong, slots, P, chunks, lo, hi, 0, 0, 3);
    expect(mismatches(wrong, once).count).toBeGreaterThan(100);
    expect(() => addon!.reduce(wrong, slots, P, chunks, lo, hi, 0, 0, chunks + 1)).toThrow(/first slot/);
  });

  it.runIf(addon)(`ReLU forward and backward, NaN, ±0 and ±∞ included, over a prefix of the arrays${SKIP}`, () => {
    const rng = createRng(8);
    const x = random(rng, 1003);
    x.set([NaN, -0, 0, Infinity, -Infinity, 1e-45, -1e-45], 0);
    const dy = random(rng, 1003);
    const len = 999;
    const yT = new Float32Array(1003).fill(5), yN = new Float32Array(1003).fill(5);
    const dxT = new Float32Array(1003).fill(5), dxN = new Float32Array(1003).fill(5);
    reluForward(x, yT, len); // the TypeScript loop (DESCENT_LAB_KERNELS=ts in this file)
    reluBackward(x, dy, dxT, len);
    addon!.relu(x, yN, len);
    addon!.relu(x, dy, dxN, len);
    expect(mismatches(yN, yT)).toEqual({ count: 0, first: null });
    expect(mismatches(dxN, dxT)).toEqual({ count: 0, first: null });
    expect(yN[1000]).toBe(5); // past len: untouched
  });

  it.runIf(addon)(`the gradient norm: blocks of ${NORM_BLOCK} in block order, each in eight lanes; native = twin${SKIP}`, () => {
    const rng = createRng(5);
    for (const n of [0, 5, NORM_BLOCK, NORM_BLOCK + 1, 3 * NORM_BLOCK - 3, 235146]) {
      const v = random(rng, n);
      let blocks = 0;
      let nativeBlocks = 0;
      for (let lo = 0; lo < n; lo += NORM_BLOCK) {
        blocks += lanesTwin(v.subarray(lo, Math.min(n, lo + NORM_BLOCK)));
        nativeBlocks += addon!.sumSquaresLanes(v.subarray(lo, Math.min(n, lo + NORM_BLOCK)));
      }
      expect(nativeBlocks).toBe(blocks);
      expect(sumOfSquares(v)).toBe(blocks); // the engine's (the TypeScript level in this file)
      expect(sumOfSquaresTwin(v)).toBe(blocks);
      if (n <= NORM_BLOCK) expect(sumOfSquares(v)).toBe(lanesTwin(v)); // one block: the whole array's lanes
      // Against an independent sum in order (float64 squares of float32 values: relative error ≤ n·2⁻⁵³).
      let inOrder = 0;
      for (let i = 0; i < n; i++) inOrder += v[i]! * v[i]!;
      expect(Math.abs(sumOfSquares(v) - inOrder)).toBeLessThanOrEqual(n * 2 ** -53 * inOrder);
    }
  });

  it.runIf(addon)(`the gradient norm's eight lanes, the in-order sum and the finiteness check${SKIP}`, () => {
    const rng = createRng(4);
    for (const n of [0, 1, 7, 8, 9, 1000, 235146]) {
      const f32 = random(rng, n);
      const f64 = Float64Array.from(f32, (v) => v * 1.1);
      expect(addon!.sumSquaresLanes(f32)).toBe(lanesTwin(f32));
      expect(addon!.sumSquaresLanes(f64)).toBe(lanesTwin(f64));
      let s = 0;
      for (let i = 0; i < n; i++) s += f32[i]! * f32[i]!;
      expect(addon!.sumSquares(f32)).toBe(s);
      expect(addon!.allFinite(f32)).toBe(true);
      if (n > 0) {
        f64[n - 1] = NaN;
        expect(addon!.allFinite(f64)).toBe(false);
        f32[n >> 1] = -Infinity;
        expect(addon!.allFinite(f32)).toBe(false);
      }
    }
  });

  const len = 40003; // several vectors and a ragged end
  const grads = (rng: ReturnType<typeof createRng>, k: number) => {
    const g = new Float32Array(len);
    for (let i = 0; i < len; i++) g[i] = rng.normal() * (i % 7 === 0 ? 10 : 0.1) * (k % 3 === 0 ? 1 : 0.5);
    return g;
  };

  // Adam runs eight lanes a step on AVX-512 and four on AVX2: both paths, where the CPU has both.
  const adamPaths = hasAvx512 ? (['avx512', 'avx2'] as const) : (['avx2'] as const);
  for (const spec of [
    { name: 'adam', lr: 0.01 },
    { name: 'adam', lr: 0.003, weightDecay: 0.01, beta2: 0.99 },
    { name: 'amsgrad', lr: 0.01 },
    { name: 'adamw', lr: 0.001, weightDecay: 0.05 },
  ]) {
    for (const isa of adamPaths)
    it.runIf(addon)(`fused update bit for bit over 25 steps (${isa}): ${JSON.stringify(spec)}${SKIP}`, () => {
      if (addon!.forceIsa(isa) !== isa) throw new Error(`cannot run the ${isa} path`);
      const parsed = optimizerSpec.parse(spec) as Extract<ReturnType<typeof optimizerSpec.parse>, { name: 'adam' | 'amsgrad' | 'adamw' }>;
      const opt = createOptimizer(parsed, { seed: 1 });
      const rng = createRng(11);
      const twin = random(rng, len);
      const ours = shared(twin);
      const state = opt.init(twin) as AdamState;
      const m = new Float32Array(len), v = new Float32Array(len), vMax = parsed.name === 'amsgrad' ? new Float32Array(len) : null;
      for (let k = 1; k <= 25; k++) {
        const g = grads(rng, k);
        const lr = parsed.lr * (k % 2 ? 1 : 0.5);
        opt.update(g, state, twin, lr);
        addon!.adam(ours, g, m, v, vMax, parsed.beta1, parsed.beta2, parsed.eps, lr / (1 - parsed.beta1 ** k), Math.sqrt(1 - parsed.beta2 ** k), parsed.name === 'adamw' ? 1 : 0, 1 - lr * parsed.weightDecay, parsed.weightDecay);
      }
      const none = { count: 0, first: null };
      expect(mismatches(ours, twin), 'parameters').toEqual(none);
      expect(mismatches(m, state.m), 'm').toEqual(none);
      expect(mismatches(v, state.v), 'v').toEqual(none);
      if (vMax) expect(mismatches(vMax, state.vMax!), 'v̂').toEqual(none);
      addon!.forceIsa(null);
    });
  }

  for (const spec of [
    { name: 'sgd', lr: 0.1 },
    { name: 'sgd', lr: 0.1, weightDecay: 0.01 },
    { name: 'sgdm', lr: 0.05, momentum: 0.9, dampening: 0.1 },
    { name: 'nag', lr: 0.05, momentum: 0.9, weightDecay: 1e-3 },
    { name: 'sgdw', lr: 0.05, momentum: 0.9, weightDecay: 0.01 },
  ]) {
    it.runIf(addon)(`fused update bit for bit over 25 steps: ${JSON.stringify(spec)}${SKIP}`, () => {
      const parsed = optimizerSpec.parse(spec) as Extract<ReturnType<typeof optimizerSpec.parse>, { name: 'sgd' | 'sgdm' | 'nag' | 'sgdw' }>;
      const opt = createOptimizer(parsed, { seed: 1 });
      const rng = createRng(12);
      const twin = random(rng, len);
      const ours = shared(twin);
      const state = opt.init(twin) as SgdState;
      const buf = parsed.momentum !== 0 ? new Float32Array(len) : null;
      const decoupled = parsed.name === 'sgdw';
      for (let k = 1; k <= 25; k++) {
        const g = grads(rng, k);
        const lr = parsed.lr * (k % 2 ? 1 : 0.5);
        opt.update(g, state, twin, lr);
        const [l2, wd] = decoupled ? [0, parsed.weightDecay] : [parsed.weightDecay, 0];
        addon!.sgd(ours, g, buf, k === 1 ? 1 : 0, parsed.momentum, parsed.dampening, parsed.nesterov ? 1 : 0, l2, wd, lr);
      }
      expect(mismatches(ours, twin), 'parameters').toEqual({ count: 0, first: null });
      if (buf) expect(mismatches(buf, state.buf!), 'momentum').toEqual({ count: 0, first: null });
    });
  }
});
