// The bench's kernel rows: the dense layer's forward + backward on one 32-row chunk (the pool's
// chunk size) for each layer of the 784-256-128-10 MLP, in this thread, with the native addon's
// kernels (native/src, in place), the WebAssembly
// SIMD kernels (native/dense.c, operands copied in and out as in training) and with their
// TypeScript twins (nn/kernels.ts). GFLOP/s counts 2·n·in·out per product: forward, dW, and dX
// except on the first layer (the network skips it there, so the bench does too).
import { denseBackward, denseForward } from '../engine/nn/kernels';
import { loadNativeAddon } from '../../native/addon';
import { instantiateDenseWasm } from '../engine/nn/wasm-kernels';
import { MLP_WIDTHS } from './mlp';

export type KernelImpl = 'native' | 'wasm' | 'ts';

/** GFLOP/s of one forward + backward pass over every layer of the MLP on an n-row chunk, timed over `ms`. */
export function denseKernelGflops(impl: KernelImpl, n = 32, ms = 300): number {
  const addon = impl === 'native' ? loadNativeAddon().addon : null;
  if (impl === 'native' && !addon) return NaN;
  const wasm = impl === 'wasm' ? instantiateDenseWasm() : null;
  let s = 1;
  const rand = (len: number) => Float32Array.from({ length: len }, () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32) - 0.5);
  const layers = MLP_WIDTHS.slice(1).map((out, l) => {
    const inSize = MLP_WIDTHS[l]!;
    return {
      inSize, out, x: rand(n * inSize), w: rand(out * inSize), b: rand(out), y: new Float32Array(n * out), dy: rand(n * out),
      dw: new Float32Array(out * inSize), db: new Float32Array(out), dx: l === 0 ? null : new Float32Array(n * inSize),
    };
  });
  let flop = 0;
  for (const L of layers) flop += 2 * n * L.inSize * L.out * (L.dx ? 3 : 2);
  const pass = () => {
    for (const L of layers) {
      if (addon) {
        addon.denseForward(L.x, n, L.inSize, L.w, L.b, L.out, L.y);
        addon.denseBackward(L.dy, L.x, n, L.inSize, L.w, L.out, L.dw, L.db, L.dx);
      } else if (wasm) {
        wasm.forward(L.x, n, L.inSize, L.w, L.b, L.out, L.y);
        wasm.backward(L.dy, L.x, n, L.inSize, L.w, L.out, L.dw, L.db, L.dx);
      } else {
        denseForward(L.x, n, L.inSize, L.w, L.b, L.out, L.y);
        denseBackward(L.dy, L.x, n, L.inSize, L.w, L.out, L.dw, L.db, L.dx);
      }
    }
  };
  for (let i = 0; i < 5; i++) pass(); // warm-up: JIT and wasm tier-up
  let passes = 0;
  const started = performance.now();
  while (performance.now() - started < ms) {
    pass();
    passes++;
  }
  return (passes * flop) / ((performance.now() - started) * 1e6);
}
