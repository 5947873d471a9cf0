// The WebAssembly Adam update (native/adam.c) against its twin, the zoo's adam.ts: the same
// operations in the same order in doubles, rounded to float32 where the twin stores, so the
// parameters and state must match to the last bit, step after step.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ADAM_WASM_BASE64 } from '../../../native/adam-wasm';
import { instantiateAdamWasm } from '../../../native/adam';
import { createOptimizer } from '../../../main/engine/optim';
import type { AdamState } from '../../../main/engine/optim/adam';
import { createRng } from '../../../main/engine/random';
import { optimizerSpec } from '../../../preload/spec';

// adam.ts itself calls the kernel for float32; the reference here must be its own loop.
process.env.DESCENT_LAB_KERNELS = 'ts';

function bits(a: Float32Array): Uint32Array {
  return new Uint32Array(a.buffer.slice(a.byteOffset, a.byteOffset + a.byteLength));
}

/** How many elements differ in their bits, and the first that does: a short message where toEqual
 *  on 40,000 elements would spend minutes building a diff. */
function mismatches(ours: Float32Array, twin: Float32Array): { count: number; first: string | null } {
  const [a, b] = [bits(ours), bits(twin)];
  let count = Math.abs(a.length - b.length);
  let first: string | null = a.length === b.length ? null : `lengths ${a.length} vs ${b.length}`;
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (a[i] === b[i]) continue;
    count++;
    first ??= `[${i}]: ${ours[i]} vs ${twin[i]}`;
  }
  return { count, first };
}

describe('Adam update: WebAssembly vs adam.ts', () => {
  it('ships the committed native/adam.wasm in native/adam-wasm.ts', () => {
    const committed = readFileSync(new URL('../../../native/adam.wasm', import.meta.url));
    expect(Buffer.from(ADAM_WASM_BASE64, 'base64').equals(committed)).toBe(true);
  });

  it('finds a one-bit difference among 40,000 elements and names its index', () => {
    const a = new Float32Array(40000).fill(0.5);
    const b = Float32Array.from(a);
    const word = new Uint32Array(b.buffer);
    word[31415] = word[31415]! ^ 1; // the lowest mantissa bit
    expect(mismatches(a, b)).toEqual({ count: 1, first: `[31415]: 0.5 vs ${b[31415]}` });
    expect(mismatches(a, Float32Array.from(a))).toEqual({ count: 0, first: null });
  });

  const cases = [
    { name: 'adam', lr: 1e-3 },
    { name: 'adam', lr: 3e-3, weightDecay: 1e-2, beta1: 0.8 },
    { name: 'amsgrad', lr: 1e-2 },
    { name: 'adamw', lr: 1e-3, weightDecay: 5e-2 },
  ];
  for (const spec of cases) {
    it(`matches bit for bit over 25 steps: ${JSON.stringify(spec)}`, () => {
      const parsed = optimizerSpec.parse(spec) as { name: 'adam' | 'amsgrad' | 'adamw'; beta1: number; beta2: number; eps: number; weightDecay: number };
      const opt = createOptimizer(optimizerSpec.parse(spec), { seed: 1 });
      const rng = createRng(3);
      const len = 40000; // more than two of the kernel's blocks, and a ragged end
      const twin = new Float32Array(new SharedArrayBuffer(len * 4));
      for (let i = 0; i < len; i++) twin[i] = rng.normal();
      const ours = Float32Array.from(twin);
      const state = opt.init(twin) as AdamState;
      const m = new Float32Array(len), v = new Float32Array(len);
      const vMax = parsed.name === 'amsgrad' ? new Float32Array(len) : null;
      const kernel = instantiateAdamWasm();
      for (let k = 1; k <= 25; k++) {
        const g = new Float32Array(len);
        for (let i = 0; i < len; i++) g[i] = rng.normal() * (i % 7 === 0 ? 10 : 0.1);
        const lr = (spec.lr ?? 1e-3) * (k % 2 ? 1 : 0.5);
        opt.update(g, state, twin, lr);
        kernel.update(ours, g, m, v, vMax, {
          beta1: parsed.beta1, beta2: parsed.beta2, eps: parsed.eps,
          stepSize: lr / (1 - parsed.beta1 ** k), bc2Sqrt: Math.sqrt(1 - parsed.beta2 ** k),
          decoupled: parsed.name === 'adamw', shrink: 1 - lr * parsed.weightDecay, weightDecay: parsed.weightDecay,
        });
      }
      const none = { count: 0, first: null };
      expect(mismatches(ours, twin), 'parameters').toEqual(none);
      expect(mismatches(m, state.m as Float32Array), 'm').toEqual(none);
      expect(mismatches(v, state.v as Float32Array), 'v').toEqual(none);
      if (vMax) expect(mismatches(vMax, state.vMax as Float32Array), 'v̂').toEqual(none);
    });
  }
});
