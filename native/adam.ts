// Adam / AMSGrad / AdamW's float32 update in the native addon (src/kernels.c, in place) or else in
// WebAssembly (native/adam.c), bit for bit the update
// of main/engine/optim/adam.ts (its twin): on the 784 MLP's 235k parameters in a SharedArrayBuffer,
// ~1.9 ms per update against the twin's ~5.2 ms here (2.5–2.8×; copies included).
// main/engine/optim/adam.ts calls it for Float32Array parameters and keeps its own loop for
// Float64Array and as the fallback (DESCENT_LAB_KERNELS=ts forces the loop).
//
// The arrays stay where the optimizer keeps them; blocks of BLOCK elements are copied into the
// module's memory, updated and copied back, so the module's memory stays small and in cache.
import { ADAM_WASM_BASE64 } from './adam-wasm';
import { nativeAddon, requestedKernels } from './addon';
import { instantiateWasm, WASM_PAGE, wasmBytes, type WasmMemory } from './load';

interface Exports {
  memory: WasmMemory;
  __heap_base: { value: number };
  adam_f32(
    params: number, grads: number, m: number, v: number, vmax: number, len: number, beta1: number, beta2: number, eps: number,
    stepSize: number, bc2Sqrt: number, decoupled: number, shrink: number, weightDecay: number,
  ): void;
}

/** The scalars of one update, computed as adam.ts computes them. */
export interface AdamStep {
  beta1: number;
  beta2: number;
  eps: number;
  /** lr / (1 − β₁ᵏ) */
  stepSize: number;
  /** √(1 − β₂ᵏ) */
  bc2Sqrt: number;
  /** AdamW: θ·(1 − lr·weightDecay) before the step. */
  decoupled: boolean;
  shrink: number;
  weightDecay: number;
}

export interface AdamKernel {
  update(params: Float32Array, grads: Float32Array, m: Float32Array, v: Float32Array, vMax: Float32Array | null, step: AdamStep): void;
}

const BLOCK = 16384;

export function instantiateAdamWasm(): AdamKernel {
  const ex = instantiateWasm<Exports>(wasmBytes(ADAM_WASM_BASE64));
  const base = (ex.__heap_base.value + 15) & ~15;
  const need = base + 5 * BLOCK * 4;
  if (need > ex.memory.buffer.byteLength) ex.memory.grow(Math.ceil((need - ex.memory.buffer.byteLength) / WASM_PAGE));
  const heap = new Float32Array(ex.memory.buffer); // never grows again
  const [po, go, mo, vo, xo] = [0, 1, 2, 3, 4].map((r) => base / 4 + r * BLOCK) as [number, number, number, number, number];
  return {
    update(params, grads, m, v, vMax, s) {
      for (let start = 0; start < params.length; start += BLOCK) {
        const end = Math.min(params.length, start + BLOCK);
        const len = end - start;
        heap.set(params.subarray(start, end), po);
        heap.set(grads.subarray(start, end), go);
        heap.set(m.subarray(start, end), mo);
        heap.set(v.subarray(start, end), vo);
        if (vMax) heap.set(vMax.subarray(start, end), xo);
        ex.adam_f32(
          po * 4, go * 4, mo * 4, vo * 4, vMax ? xo * 4 : 0, len,
          s.beta1, s.beta2, s.eps, s.stepSize, s.bc2Sqrt, s.decoupled ? 1 : 0, s.shrink, s.weightDecay,
        );
        params.set(heap.subarray(po, po + len), start);
        m.set(heap.subarray(mo, mo + len), start);
        v.set(heap.subarray(vo, vo + len), start);
        if (vMax) vMax.set(heap.subarray(xo, xo + len), start);
      }
    },
  };
}

/** The addon's fused update (the same arithmetic, on the arrays in place), or null where the addon is unavailable. */
function adamNative(): AdamKernel | null {
  const addon = nativeAddon();
  if (!addon) return null;
  return {
    update: (params, grads, m, v, vMax, s) =>
      addon.adam(params, grads, m, v, vMax, s.beta1, s.beta2, s.eps, s.stepSize, s.bc2Sqrt, s.decoupled ? 1 : 0, s.shrink, s.weightDecay),
  };
}

let shared: AdamKernel | null | undefined;

/** This realm's kernel: native, else WebAssembly, else null (the TypeScript loop) where both are unavailable or switched off. */
export function adamWasm(): AdamKernel | null {
  if (shared !== undefined) return shared;
  if (requestedKernels() === 'ts') return (shared = null);
  shared = adamNative();
  if (shared) return shared;
  try {
    shared = instantiateAdamWasm();
  } catch {
    // The dense kernels' loader already tells the user once; the loop below is the same update.
    shared = null;
  }
  return shared;
}
