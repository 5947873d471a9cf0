// Writing a chunk's gradient straight into its destination (a pool slot, the trainer's running
// sum) instead of zeroing the network's own buffer, adding into it and copying it out:
// - the native dense backward with GRAD_FRESH (its sums start from +0 in registers) has the bits of
//   zeroing dW and db and adding, whatever the destination held before; with GRAD_SUM it has the
//   bits of computing the chunk's gradient on its own and adding it (AVX2 and AVX-512 alike, one
//   sample block and several);
// - the native row gather copies exactly the rows the TypeScript loop copies, and refuses rows
//   outside the source;
// - Network.gradientsInto + backward(GRAD_FRESH) give the bits of grads.fill(0) + backward, and
//   backward(GRAD_SUM) the bits of target + (that gradient), for dense, batch-norm (zeroed range)
//   and residual/layer-norm networks, on this process's kernels (native here; the wasm and
//   TypeScript levels run the same suite through the fallback tests' pool-vs-in-process checks).
import { describe, expect, it } from 'vitest';
import { GRAD_FRESH, GRAD_SUM, loadNativeAddon } from '../../../native/addon';
import { buildNetwork } from '../../../main/engine/nn/network';
import { createRng } from '../../../main/engine/random';
import type { LayerSpec } from '../../../preload/experiment';

const { addon, why } = loadNativeAddon();
const SKIP = addon ? '' : ` — not run: ${why}`;

function random(seed: number, n: number, zeros = 0): Float32Array {
  const rng = createRng(seed);
  const a = new Float32Array(new SharedArrayBuffer((n + 1) * 4), 4, n); // unaligned, shared: as the pool's slots
  for (let i = 0; i < n; i++) a[i] = rng.next() < zeros ? 0 : rng.normal();
  return a;
}

function sameBits(a: Float32Array, b: Float32Array): boolean {
  const ua = new Uint32Array(Float32Array.from(a).buffer);
  const ub = new Uint32Array(Float32Array.from(b).buffer);
  return ua.length === ub.length && ua.every((v, i) => v === ub[i]);
}

describe(`native dense backward, fresh = zero then add, sum = add a separate chunk gradient, bit for bit${SKIP}`, () => {
  const isas = addon?.cpuIsa() === 'avx512' ? (['avx512', 'avx2'] as const) : (['avx2'] as const);
  for (const isa of isas)
    for (const [n, inSize, outSize] of [[32, 784, 256], [70, 37, 13], [5, 3, 1]] as const) {
      it.runIf(addon)(`${isa}: n ${n}, ${inSize} → ${outSize}`, () => {
        const a = addon!;
        expect(a.forceIsa(isa)).toBe(isa);
        try {
          const dy = random(1, n * outSize, 0.3);
          const x = random(2, n * inSize);
          const w = random(3, outSize * inSize);
          const zeroed = { dw: new Float32Array(outSize * inSize), db: new Float32Array(outSize), dx: new Float32Array(n * inSize) };
          const fresh = { dw: random(4, outSize * inSize), db: random(5, outSize), dx: new Float32Array(n * inSize) };
          expect(a.denseBackward(dy, x, n, inSize, w, outSize, zeroed.dw, zeroed.db, zeroed.dx)).toBe(true);
          expect(a.denseBackward(dy, x, n, inSize, w, outSize, fresh.dw, fresh.db, fresh.dx, GRAD_FRESH)).toBe(true);
          expect(sameBits(fresh.dw, zeroed.dw)).toBe(true);
          expect(sameBits(fresh.db, zeroed.db)).toBe(true);
          expect(sameBits(fresh.dx, zeroed.dx)).toBe(true);
          // Without `fresh` the old values are kept and added to: the flag is what makes the difference.
          const added = { dw: random(4, outSize * inSize), db: random(5, outSize) };
          a.denseBackward(dy, x, n, inSize, w, outSize, added.dw, added.db, null);
          expect(sameBits(added.dw, zeroed.dw)).toBe(false);
          // GRAD_SUM: held + (the chunk's gradient computed alone), one float32 add per element.
          const held = { dw: random(10, outSize * inSize), db: random(11, outSize) };
          const want = { dw: Float32Array.from(held.dw, (v, i) => v + zeroed.dw[i]!), db: Float32Array.from(held.db, (v, j) => v + zeroed.db[j]!) };
          const sum = { dx: new Float32Array(n * inSize) };
          expect(a.denseBackward(dy, x, n, inSize, w, outSize, held.dw, held.db, sum.dx, GRAD_SUM)).toBe(true);
          expect(sameBits(held.dw, want.dw)).toBe(true);
          expect(sameBits(held.db, want.db)).toBe(true);
          expect(sameBits(sum.dx, zeroed.dx)).toBe(true);
        } finally {
          a.forceIsa(null);
        }
      });
    }
});

describe(`native row gather${SKIP}`, () => {
  // Rows are requested a few ahead of the copy (GATHER_AHEAD = 4): fewer rows than that, as many, and many more.
  it.runIf(addon)('copies the rows the loop copies, in place from a shared buffer', () => {
    const width = 19;
    const src = random(6, 50 * width);
    for (const rows of [[49, 0, 7, 7, 23], [3], [2, 9, 1], [0, 1, 2, 3], Array.from({ length: 37 }, (_, i) => (i * 17) % 50)].map((r) => Int32Array.from(r))) {
      const got = new Float32Array(rows.length * width).fill(NaN);
      addon!.gatherRows(src, rows, rows.length, width, got);
      const want = new Float32Array(rows.length * width);
      rows.forEach((r, i) => want.set(src.subarray(r * width, (r + 1) * width), i * width));
      expect(sameBits(got, want), `${rows.length} rows`).toBe(true);
    }
  });

  it.runIf(addon)('refuses a row outside the source and a destination too short', () => {
    const src = new Float32Array(10 * 4);
    expect(() => addon!.gatherRows(src, Int32Array.from([10]), 1, 4, new Float32Array(4))).toThrow(RangeError);
    expect(() => addon!.gatherRows(src, Int32Array.from([-1]), 1, 4, new Float32Array(4))).toThrow(RangeError);
    expect(() => addon!.gatherRows(src, Int32Array.from([1, 2]), 2, 4, new Float32Array(7))).toThrow(RangeError);
  });
});

describe('Network: gradients written into another array, fresh', () => {
  const nets: Record<string, LayerSpec[]> = {
    dense: [{ dense: 24, activation: 'relu' }, { dense: 'output', activation: 'linear' }],
    batchnorm: [{ dense: 16, activation: 'linear' }, { batchnorm: { momentum: 0.1, eps: 1e-5 } }, { activation: 'tanh' }, { dense: 'output', activation: 'linear' }],
    residual: [{ dense: 12, activation: 'relu' }, { residual: [{ dense: 12, activation: 'relu' }, { layernorm: { eps: 1e-5 } }, { dense: 12, activation: 'linear' }], activation: 'relu' }, { dense: 'output', activation: 'linear' }],
  };
  for (const [name, model] of Object.entries(nets)) {
    it(`${name}: the bits of grads.fill(0) + backward, whatever the target held`, () => {
      const n = 9;
      const net = buildNetwork(model, 6, 3, 'float32');
      net.init(4, 'he');
      const x = random(7, n * 6);
      const dOut = random(8, n * 3);
      const ctx = { train: true, seed: 1, epoch: 0, sampleIds: null };
      net.forward(x, n, ctx);
      net.grads.fill(0);
      net.backward(dOut, n);
      const want = Float32Array.from(net.grads);

      const target = random(9, net.paramSize); // garbage: fresh overwrites all of it
      net.grads.fill(7);
      net.gradientsInto(target);
      net.forward(x, n, ctx);
      net.backward(dOut, n, GRAD_FRESH);
      expect(sameBits(target, want)).toBe(true);
      expect(net.grads.every((v) => v === 7)).toBe(true); // the network's own buffer untouched

      // GRAD_SUM onto a running sum: held + gradient, every parameter (dense and normalisation).
      const held = random(12, net.paramSize);
      const summed = Float32Array.from(held, (v, i) => v + want[i]!);
      net.gradientsInto(held);
      net.forward(x, n, ctx);
      net.backward(dOut, n, GRAD_SUM);
      expect(sameBits(held, summed)).toBe(true);

      // Back to the network's own buffer; a second fresh backward gives the same bits again.
      net.gradientsInto(null);
      net.forward(x, n, ctx);
      net.backward(dOut, n, GRAD_FRESH);
      expect(sameBits(net.grads as Float32Array, want)).toBe(true);
    });
  }

  it('refuses a target shorter than the parameters', () => {
    const net = buildNetwork([{ dense: 'output', activation: 'linear' }], 4, 2, 'float32');
    expect(() => net.gradientsInto(new Float32Array(net.paramSize - 1))).toThrow(RangeError);
  });
});
