// Loading the Node-API addon (native/src, built at install by native/install.mjs into
// native/build/Release/descent_lab_native.node). Node-API is a stable C ABI: the same binary loads
// in Node and in Electron. Where it is missing (no compiler at install, another CPU architecture,
// a CPU without AVX2+FMA) `nativeAddon()` is null and the engine runs the WebAssembly kernels, or
// the TypeScript twins. DESCENT_LAB_KERNELS=native|wasm|ts picks a level (native: the addon
// where it loads); DESCENT_LAB_NATIVE=/path/to/descent_lab_native.node replaces the lookup (a path
// that does not exist: as if the addon had not been built).
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export type NativeIsa = 'avx512' | 'avx2' | 'none';

/**
 * What a dense backward does with dW and db: 0 adds to them (continuing their sums), 1 overwrites
 * them (the bits of zeroing them first), 2 adds the chunk's own sums (each from zero) to them.
 */
export type GradientMode = 0 | 1 | 2;
export const GRAD_ADD = 0;
export const GRAD_FRESH = 1;
export const GRAD_SUM = 2;

/** The sources' version of the addon's interface (src/addon.c `version()`): an older binary is not used. */
const INTERFACE_VERSION = 3;

/** The addon's functions (src/addon.c). Every array is read and written in place. */
export interface NativeAddon {
  denseForward(x: Float32Array, n: number, inSize: number, w: Float32Array, b: Float32Array, outSize: number, y: Float32Array): boolean;
  /** dw and db null: dx alone (the bench's per-product rows); mode: see GradientMode (default 0, add). */
  denseBackward(
    dy: Float32Array, x: Float32Array, n: number, inSize: number, w: Float32Array, outSize: number,
    dw: Float32Array | null, db: Float32Array | null, dx: Float32Array | null, mode?: GradientMode,
  ): boolean;
  /** dst row r = src row rows[r] (width floats) for r < count, in place (a chunk's input rows). */
  gatherRows(src: Float32Array, rows: Int32Array, count: number, width: number, dst: Float32Array): void;
  /**
   * grad[lo,hi) from chunk slots `stride` apart: mode 0 float32 sum in chunk order, mode 1 double sum / len.
   * `first` (mode 0, default 0): grad[lo,hi) already holds the sum of slots [0, first) and the others are added on — the same adds in the same order.
   */
  reduce(
    grad: Float32Array | Float64Array, slots: Float32Array | Float64Array, stride: number, chunks: number, lo: number, hi: number, mode: 0 | 1, len: number,
    first?: number,
  ): boolean;
  /** Σ v² in index order (the clip wrapper's order). */
  sumSquares(v: Float32Array | Float64Array): number;
  /** Σ v² in eight interleaved lanes: nn/kernels.ts sumOfSquares's order. */
  sumSquaresLanes(v: Float32Array | Float64Array): number;
  allFinite(v: Float32Array | Float64Array): boolean;
  /** ReLU forward: y = x > 0 ? x : 0 over len elements; with dx: backward dx = x > 0 ? dy : 0. */
  relu(x: Float32Array, y: Float32Array, len: number): void;
  relu(x: Float32Array, dy: Float32Array, dx: Float32Array, len: number): void;
  sgd(
    params: Float32Array, grads: Float32Array, buf: Float32Array | null,
    first: number, momentum: number, dampening: number, nesterov: number, l2: number, decoupled: number, lr: number,
  ): void;
  adam(
    params: Float32Array, grads: Float32Array, m: Float32Array, v: Float32Array, vMax: Float32Array | null,
    beta1: number, beta2: number, eps: number, stepSize: number, bc2Sqrt: number, decoupled: number, shrink: number, weightDecay: number,
  ): void;
  /** The interface version the binary was built from. */
  version(): number;
  /** The instruction set in use, and the CPU's best. */
  isa(): NativeIsa;
  cpuIsa(): NativeIsa;
  /** Tests: run the AVX2 path on an AVX-512 CPU; null restores the CPU's. Returns null when the CPU lacks it. */
  forceIsa(isa: 'avx2' | 'avx512' | null): NativeIsa | null;
}

export type KernelLevel = 'native' | 'wasm' | 'ts';

/** The level DESCENT_LAB_KERNELS asks for (default: the fastest that loads). */
export function requestedKernels(): KernelLevel {
  const v = process.env.DESCENT_LAB_KERNELS;
  return v === 'wasm' || v === 'ts' ? v : 'native';
}

const FILE = 'descent_lab_native.node';

/** Where the binary may be: beside the sources (tsx, vitest), beside the bundle (out/main → ../../native), the working folder, an unpacked asar. */
function candidates(): string[] {
  const forced = process.env.DESCENT_LAB_NATIVE;
  if (forced) return [forced];
  const here = dirname(fileURLToPath(import.meta.url));
  const list = [
    join(here, 'build', 'Release', FILE),
    join(here, '..', '..', 'native', 'build', 'Release', FILE),
    join(here, '..', 'native', 'build', 'Release', FILE),
    resolve('native', 'build', 'Release', FILE),
  ];
  return list.map((p) => p.replace(`app.asar${'/'}`, 'app.asar.unpacked/'));
}

let loaded: NativeAddon | null | undefined;
let why = '';

/** The addon, or null (why: `nativeUnavailableReason()`); always null under DESCENT_LAB_KERNELS=wasm|ts. */
export function nativeAddon(): NativeAddon | null {
  if (loaded !== undefined) return loaded;
  if (requestedKernels() !== 'native') {
    why = `DESCENT_LAB_KERNELS=${process.env.DESCENT_LAB_KERNELS}`;
    return (loaded = null);
  }
  const r = loadNativeAddon();
  why = r.why;
  return (loaded = r.addon);
}

/** Loads the addon whatever DESCENT_LAB_KERNELS says (tests compare it with the twins in one process). */
export function loadNativeAddon(): { addon: NativeAddon | null; why: string } {
  const path = candidates().find((p) => existsSync(p));
  if (!path) return { addon: null, why: 'the addon was not built (no C compiler at install, or `node native/install.mjs` not run)' };
  try {
    const addon = createRequire(import.meta.url)(path) as NativeAddon;
    if (addon.cpuIsa() === 'none') return { addon: null, why: 'this CPU has neither AVX2+FMA nor AVX-512' };
    // A binary built from older sources lacks newer entry points and argument meanings.
    if (typeof addon.version !== 'function' || addon.version() !== INTERFACE_VERSION)
      return { addon: null, why: 'the addon is out of date (rebuild it: node native/install.mjs)' };
    return { addon, why: '' };
  } catch (e) {
    return { addon: null, why: `the addon did not load (${e instanceof Error ? e.message.split('\n')[0] : String(e)})` };
  }
}

/** Why `nativeAddon()` is null ('' when it loaded). */
export function nativeUnavailableReason(): string {
  nativeAddon();
  return why;
}
