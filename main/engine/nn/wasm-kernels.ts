// The float32 dense kernels compiled to WebAssembly SIMD (native/dense.c), behind the same
// signatures as their TypeScript twins in kernels.ts. One instance (and one WebAssembly.Memory)
// per JS realm, i.e. per pool worker and one in the main thread; the kernels are the same code
// everywhere, so which thread computes a chunk changes no bit.
//
// Operands are copied into the module's memory and results copied back (TypedArray.set: a
// memcpy, ~5× slower from a SharedArrayBuffer, which V8 copies with relaxed atomics): for the
// 784-256-128-10 MLP on a 32-row chunk that is ~2.5 MB moved against ~45 MFLOP computed, ~5–15 %
// of the kernel time, and it leaves the parameters and gradients in the pool's
// SharedArrayBuffers where the trainer and optimizers expect them.
//
// If WebAssembly (or its SIMD) is unavailable the engine says so once and uses the twins. A call
// whose operands exceed 2 GiB runs the twin (decided by the shapes alone, so the same on every
// thread); one whose memory cannot grow, the process being short of memory, does too rather than
// failing the run.
// Ahead of them all, the native addon's kernels (native/src, AVX2+FMA or AVX-512, chosen at run
// time) where it was built and loads: they read and write the operands in place, no copies.
// DESCENT_LAB_KERNELS=wasm skips the addon; =ts forces the twins (benchmarks, bisecting a difference).
import { GRAD_ADD, GRAD_FRESH, GRAD_SUM, nativeAddon, nativeUnavailableReason, requestedKernels, type GradientMode } from '../../../native/addon';
import { DENSE_WASM_BASE64 } from '../../../native/dense-wasm';
import { instantiateWasm, WASM_PAGE, wasmBytes, type WasmMemory } from '../../../native/load';

interface Exports {
  memory: WasmMemory;
  __heap_base: { value: number };
  dense_forward(x: number, n: number, inSize: number, w: number, b: number, outSize: number, y: number): void;
  dense_backward(dy: number, x: number, n: number, inSize: number, w: number, outSize: number, dw: number, db: number, dx: number, dyt: number): void;
}

/** Each returns false, having changed nothing, when its operands do not fit the module's 32-bit memory (the caller then runs the twin). */
export interface DenseKernels {
  forward(x: Float32Array, n: number, inSize: number, w: Float32Array, b: Float32Array, outSize: number, y: Float32Array): boolean;
  /** mode (default add): GradientMode — add to dw and db, overwrite them, or add the chunk's own sums. */
  backward(
    dy: Float32Array, x: Float32Array, n: number, inSize: number, w: Float32Array, outSize: number,
    dw: Float32Array, db: Float32Array, dx: Float32Array | null, mode?: GradientMode,
  ): boolean;
}

/** wasm32 addresses 4 GiB; pointers are passed as signed i32, so stay below 2 GiB. */
const MAX_BYTES = 2 ** 31 - WASM_PAGE;

/** The module's bytes (the committed native/dense.wasm). */
export function denseWasmBytes(): Uint8Array {
  return wasmBytes(DENSE_WASM_BASE64);
}

/** A fresh instance of the kernels (tests use their own; the engine shares `denseWasm()`). */
export function instantiateDenseWasm(bytes: Uint8Array = denseWasmBytes()): DenseKernels {
  const ex = instantiateWasm<Exports>(bytes);
  const memory = ex.memory;
  const base = (ex.__heap_base.value + 15) & ~15;
  let heap = new Float32Array(memory.buffer);

  /** Float offsets of consecutive 16-byte-aligned regions of the given lengths, growing memory to fit; null when they cannot fit. */
  function layout(lengths: number[]): number[] | null {
    const offsets: number[] = [];
    let at = base;
    for (const len of lengths) {
      offsets.push(at / 4);
      at += Math.ceil((len * 4) / 16) * 16;
    }
    if (at > MAX_BYTES) return null;
    if (at > memory.buffer.byteLength) {
      try {
        memory.grow(Math.ceil((at - memory.buffer.byteLength) / WASM_PAGE));
      } catch {
        return null; // the process could not spare the memory
      }
    }
    if (heap.buffer !== memory.buffer) heap = new Float32Array(memory.buffer); // grow detached the old view
    return offsets;
  }

  return {
    forward(x, n, inSize, w, b, outSize, y) {
      if (n <= 0 || outSize <= 0) return true;
      const at = layout([n * inSize, outSize * inSize, outSize, n * outSize]);
      if (!at) return false;
      const [xo, wo, bo, yo] = at as [number, number, number, number];
      heap.set(x.subarray(0, n * inSize), xo);
      heap.set(w.subarray(0, outSize * inSize), wo);
      heap.set(b.subarray(0, outSize), bo);
      ex.dense_forward(xo * 4, n, inSize, wo * 4, bo * 4, outSize, yo * 4);
      y.set(heap.subarray(yo, yo + n * outSize));
      return true;
    },
    backward(dy, x, n, inSize, w, outSize, dw, db, dx, mode = GRAD_ADD) {
      if (n <= 0 || outSize <= 0) {
        if (dx) dx.fill(0, 0, Math.max(0, n) * inSize);
        if (mode === GRAD_FRESH) {
          dw.fill(0, 0, Math.max(0, outSize) * inSize);
          db.fill(0, 0, Math.max(0, outSize));
        }
        return true;
      }
      const at = layout([n * outSize, n * inSize, dx ? outSize * inSize : 0, outSize * inSize, outSize, dx ? n * inSize : 0, outSize * n]);
      if (!at) return false;
      const [dyo, xo, wo, dwo, dbo, dxo, dto] = at as [number, number, number, number, number, number, number];
      heap.set(dy.subarray(0, n * outSize), dyo);
      heap.set(x.subarray(0, n * inSize), xo);
      if (dx) heap.set(w.subarray(0, outSize * inSize), wo);
      if (mode !== GRAD_ADD) {
        // The chunk's sums from zero: written out (fresh) or added to what dw and db hold (sum).
        heap.fill(0, dwo, dwo + outSize * inSize);
        heap.fill(0, dbo, dbo + outSize);
      } else {
        heap.set(dw.subarray(0, outSize * inSize), dwo);
        heap.set(db.subarray(0, outSize), dbo);
      }
      ex.dense_backward(dyo * 4, xo * 4, n, inSize, wo * 4, outSize, dwo * 4, dbo * 4, dx ? dxo * 4 : 0, dto * 4);
      if (mode === GRAD_SUM) {
        for (let i = 0; i < outSize * inSize; i++) dw[i] = dw[i]! + heap[dwo + i]!;
        for (let j = 0; j < outSize; j++) db[j] = db[j]! + heap[dbo + j]!;
      } else {
        dw.set(heap.subarray(dwo, dwo + outSize * inSize));
        db.set(heap.subarray(dbo, dbo + outSize));
      }
      if (dx) dx.set(heap.subarray(dxo, dxo + n * inSize));
      return true;
    },
  };
}

let shared: DenseKernels | null | undefined;

/** This realm's WebAssembly kernels, or null (after one notice on stderr) where they cannot load or are switched off. */
export function denseWasm(): DenseKernels | null {
  if (shared !== undefined) return shared;
  if (requestedKernels() === 'ts') return (shared = null);
  try {
    shared = instantiateDenseWasm();
  } catch (e) {
    shared = null;
    process.stderr.write(`Descent Lab: WebAssembly dense kernels unavailable (${e instanceof Error ? e.message : String(e)}); training float32 networks with the TypeScript kernels instead.\n`);
  }
  return shared;
}

/** The addon's kernels behind the same interface (false: the CPU has no supported instruction set). */
function nativeDense(): DenseKernels | null {
  const addon = nativeAddon();
  if (!addon) return null;
  return {
    forward: (x, n, inSize, w, b, outSize, y) => addon.denseForward(x, n, inSize, w, b, outSize, y),
    backward: (dy, x, n, inSize, w, outSize, dw, db, dx, mode) => addon.denseBackward(dy, x, n, inSize, w, outSize, dw, db, dx, mode ?? GRAD_ADD),
  };
}

let best: DenseKernels | null | undefined;

/** The float32 dense kernels this realm runs: native, else WebAssembly, else null (the twins). */
export function denseKernels(): DenseKernels | null {
  if (best === undefined) best = nativeDense() ?? denseWasm();
  return best;
}

export type KernelsInUse = 'native-avx512' | 'native-avx2' | 'wasm-simd128' | 'typescript';

/** What float32 training runs on here, as reported by `lab run --json`, the bench and the About page. */
export function kernelsInUse(): { kernels: KernelsInUse; detail: string } {
  const addon = nativeAddon();
  if (addon) {
    const isa = addon.isa();
    return { kernels: isa === 'avx512' ? 'native-avx512' : 'native-avx2', detail: `native addon (Node-API), ${isa === 'avx512' ? 'AVX-512' : 'AVX2+FMA'} micro-kernels, in place` };
  }
  const reason = nativeUnavailableReason();
  if (denseWasm()) return { kernels: 'wasm-simd128', detail: `WebAssembly SIMD kernels (native addon unavailable: ${reason})` };
  return { kernels: 'typescript', detail: `TypeScript kernels (native addon: ${reason}; WebAssembly: ${requestedKernels() === 'ts' ? 'switched off' : 'unavailable'})` };
}
