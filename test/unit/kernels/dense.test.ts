// The WebAssembly dense kernels (native/dense.c) against their TypeScript twins (nn/kernels.ts).
//
// Tolerance: the twin sums each product in doubles and rounds once; the kernel sums in float32
// (forward: four interleaved lanes of ≤ in/4 terms then 3 lane additions; dW, db: n terms in
// sample order; dx: out terms in unit order). Recursive float32 summation of m terms errs by at
// most ≈ m·2⁻²⁴·Σ|terms| (Higham, Accuracy and Stability §4.2), typically √m·2⁻²⁴·Σ|terms|.
// The shapes here have m ≤ 200 (in/4 + 3 for in = 784; n, out ≤ 40): so |kernel − twin| ≤
// 1e-5 · (Σ|terms| + |initial value|), which also covers the twin's own final rounding.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DENSE_WASM_BASE64 } from '../../../native/dense-wasm';
import { denseBackward, denseForward } from '../../../main/engine/nn/kernels';
import { denseWasm, instantiateDenseWasm, type DenseKernels } from '../../../main/engine/nn/wasm-kernels';
import { createRng } from '../../../main/engine/random';

const RTOL = 1e-5;

function randomArray(rng: ReturnType<typeof createRng>, length: number, zeroFraction = 0): Float32Array {
  const a = new Float32Array(length);
  for (let i = 0; i < length; i++) a[i] = rng.next() < zeroFraction ? 0 : rng.normal();
  return a;
}

interface Case {
  n: number;
  inSize: number;
  outSize: number;
}

/** Worst |got − want| / (RTOL · scale) over a tensor; ≤ 1 passes (one expect per tensor keeps the test fast). */
class Worst {
  ratio = 0;
  add(got: number, want: number, scale: number): void {
    const diff = Math.abs(got - want);
    const r = diff === 0 ? 0 : diff / (RTOL * scale);
    if (!(r <= this.ratio)) this.ratio = Number.isNaN(r) ? Infinity : r;
  }
}

function check(kernels: DenseKernels, { n, inSize, outSize }: Case, seed: number, withDx = true): void {
  const rng = createRng(seed);
  const x = randomArray(rng, n * inSize);
  const w = randomArray(rng, outSize * inSize);
  const b = randomArray(rng, outSize);
  const dy = randomArray(rng, n * outSize, 0.5); // ReLU-like zeros
  const dw0 = randomArray(rng, outSize * inSize);
  const db0 = randomArray(rng, outSize);

  const yTwin = new Float32Array(n * outSize);
  const yWasm = new Float32Array(n * outSize);
  denseForward(x, n, inSize, w, b, outSize, yTwin);
  kernels.forward(x, n, inSize, w, b, outSize, yWasm);
  const fwd = new Worst();
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < outSize; j++) {
      let scale = Math.abs(b[j]!);
      for (let k = 0; k < inSize; k++) scale += Math.abs(x[i * inSize + k]! * w[j * inSize + k]!);
      fwd.add(yWasm[i * outSize + j]!, yTwin[i * outSize + j]!, scale);
    }
  }

  const dwTwin = dw0.slice();
  const dwWasm = dw0.slice();
  const dbTwin = db0.slice();
  const dbWasm = db0.slice();
  const dxTwin = withDx ? new Float32Array(n * inSize) : null;
  const dxWasm = withDx ? new Float32Array(n * inSize).fill(Number.NaN) : null; // overwritten, not accumulated
  denseBackward(dy, x, n, inSize, w, outSize, dwTwin, dbTwin, dxTwin);
  kernels.backward(dy, x, n, inSize, w, outSize, dwWasm, dbWasm, dxWasm);
  const bwd = new Worst();
  for (let j = 0; j < outSize; j++) {
    let dbScale = Math.abs(db0[j]!);
    for (let i = 0; i < n; i++) dbScale += Math.abs(dy[i * outSize + j]!);
    bwd.add(dbWasm[j]!, dbTwin[j]!, dbScale);
    for (let k = 0; k < inSize; k++) {
      let scale = Math.abs(dw0[j * inSize + k]!);
      for (let i = 0; i < n; i++) scale += Math.abs(dy[i * outSize + j]! * x[i * inSize + k]!);
      bwd.add(dwWasm[j * inSize + k]!, dwTwin[j * inSize + k]!, scale);
    }
  }
  if (dxTwin && dxWasm) {
    for (let i = 0; i < n; i++) {
      for (let k = 0; k < inSize; k++) {
        let scale = 0;
        for (let j = 0; j < outSize; j++) scale += Math.abs(dy[i * outSize + j]! * w[j * inSize + k]!);
        bwd.add(dxWasm[i * inSize + k]!, dxTwin[i * inSize + k]!, scale);
      }
    }
  }
  expect(fwd.ratio, `forward ${n}×${inSize}→${outSize}`).toBeLessThanOrEqual(1);
  expect(bwd.ratio, `backward ${n}×${inSize}→${outSize}`).toBeLessThanOrEqual(1);
}

describe('dense kernels: WebAssembly vs the TypeScript twin', () => {
  it('ships the committed native/dense.wasm byte for byte in native/dense-wasm.ts, and it loads', () => {
    const committed = readFileSync(new URL('../../../native/dense.wasm', import.meta.url));
    expect(Buffer.from(DENSE_WASM_BASE64, 'base64').equals(committed)).toBe(true);
    expect(denseWasm()).not.toBeNull();
  });

  it('agrees on random shapes, including sizes that are not multiples of the SIMD width or the blocks', () => {
    const kernels = instantiateDenseWasm();
    const sizes = [1, 2, 3, 4, 5, 7, 8, 9, 13, 16, 31, 33];
    const rng = createRng(7);
    const pick = () => sizes[Math.floor(rng.next() * sizes.length)]!;
    for (let c = 0; c < 40; c++) check(kernels, { n: pick(), inSize: pick(), outSize: pick() }, 100 + c, c % 3 !== 0);
  });

  it('agrees on the MLP bench shapes at a 32-row chunk (784-256-128-10)', () => {
    const kernels = instantiateDenseWasm();
    check(kernels, { n: 32, inSize: 784, outSize: 40 }, 1, false); // the first layer, a slice of its units
    check(kernels, { n: 32, inSize: 256, outSize: 128 }, 2);
    check(kernels, { n: 37, inSize: 128, outSize: 10 }, 3);
  });

  it('agrees across the cache blocks (more than 64 rows, more than 128 inputs, ragged ends)', () => {
    const kernels = instantiateDenseWasm();
    check(kernels, { n: 130, inSize: 300, outSize: 9 }, 4);
    check(kernels, { n: 67, inSize: 263, outSize: 6 }, 6, false);
  });

  it('handles 1×1 and an empty batch', () => {
    const kernels = instantiateDenseWasm();
    check(kernels, { n: 1, inSize: 1, outSize: 1 }, 5);
    const y = new Float32Array([42]);
    kernels.forward(new Float32Array(0), 0, 3, new Float32Array(6), new Float32Array(2), 2, y);
    expect(Array.from(y)).toEqual([42]);
    const dw = new Float32Array([1, 2, 3, 4, 5, 6]);
    const db = new Float32Array([7, 8]);
    kernels.backward(new Float32Array(0), new Float32Array(0), 0, 3, new Float32Array(6), 2, dw, db, new Float32Array(0));
    expect(Array.from(dw)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(Array.from(db)).toEqual([7, 8]);
  });

  it('declines operands beyond its 32-bit memory without touching them (the layer then runs the twin)', () => {
    const kernels = instantiateDenseWasm();
    const y = new Float32Array([42]);
    expect(kernels.forward(new Float32Array(1), 1, 2 ** 29, new Float32Array(1), new Float32Array(1), 1, y)).toBe(false);
    const one = () => new Float32Array(1);
    expect(kernels.backward(one(), one(), 1, 2 ** 29, one(), 1, one(), one(), null)).toBe(false);
    expect(y[0]).toBe(42);
    check(kernels, { n: 3, inSize: 5, outSize: 2 }, 12); // and carries on
  });

  it('reads subarray views of shared buffers (bound parameters) and survives memory growth', () => {
    const kernels = instantiateDenseWasm();
    const rng = createRng(11);
    const n = 6, inSize = 10, outSize = 3;
    const params = new Float32Array(new SharedArrayBuffer(4 * (5 + outSize * inSize + outSize)));
    params.set(randomArray(rng, params.length));
    const w = params.subarray(5, 5 + outSize * inSize);
    const b = params.subarray(5 + outSize * inSize);
    const x = randomArray(rng, n * inSize + 20); // longer than n rows, as reused activation buffers are
    const expected = new Float32Array(n * outSize);
    denseForward(x, n, inSize, w, b, outSize, expected);
    const before = new Float32Array(n * outSize);
    kernels.forward(x, n, inSize, w, b, outSize, before);
    check(kernels, { n: 64, inSize: 784, outSize: 300 }, 9, false); // grows the module's memory
    const after = new Float32Array(n * outSize);
    kernels.forward(x, n, inSize, w, b, outSize, after);
    expect(after).toEqual(before);
    for (let i = 0; i < expected.length; i++) expect(Math.abs(after[i]! - expected[i]!)).toBeLessThanOrEqual(1e-5 * 10);
  });

  it('gives the same bits on every call and every instance (what the pool’s thread-count equality rests on)', () => {
    const rng = createRng(3);
    const n = 33, inSize = 45, outSize = 19;
    const x = randomArray(rng, n * inSize), w = randomArray(rng, outSize * inSize), b = randomArray(rng, outSize), dy = randomArray(rng, n * outSize);
    const run = (k: DenseKernels) => {
      const y = new Float32Array(n * outSize), dw = new Float32Array(outSize * inSize), db = new Float32Array(outSize), dx = new Float32Array(n * inSize);
      k.forward(x, n, inSize, w, b, outSize, y);
      k.backward(dy, x, n, inSize, w, outSize, dw, db, dx);
      return [y, dw, db, dx];
    };
    const a = instantiateDenseWasm();
    const first = run(a);
    expect(run(a)).toEqual(first);
    expect(run(instantiateDenseWasm())).toEqual(first);
  });
});
