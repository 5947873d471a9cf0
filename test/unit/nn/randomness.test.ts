// Randomness inside a step comes from (seed, epoch, sample), not from where a sample sits in a
// batch or which thread computes it (issue 5 relies on this).
import { describe, expect, it } from 'vitest';
import { layerSpec, type LayerSpec } from '../../../preload/experiment';
import { augmentImage } from '../../../main/engine/data/augment';
import { buildNetwork } from '../../../main/engine/nn/network';

describe('per-sample randomness', () => {
  it('a dropout mask depends on the sample id and epoch, not on the row position', () => {
    const net = buildNetwork([{ dense: 32, activation: 'linear' }, { dropout: 0.5 }, { dense: 2 }].map((l) => layerSpec.parse(l) as LayerSpec), 3, 2);
    net.init(1, 'he');
    const rows = [
      [0.1, 0.2, 0.3],
      [1, -1, 0.5],
      [0.3, 0.3, -2],
    ];
    const run = (order: number[], ids: number[], epoch: number) => {
      const x = Float32Array.from(order.flatMap((r) => rows[r]));
      const out = net.forward(x, order.length, { train: true, seed: 9, epoch, sampleIds: Int32Array.from(ids) });
      return order.map((_, i) => Array.from(out.subarray(2 * i, 2 * i + 2)));
    };
    const a = run([0, 1, 2], [10, 11, 12], 0);
    const b = run([2, 0, 1], [12, 10, 11], 0);
    expect(b).toEqual([a[2], a[0], a[1]]);
    expect(run([0, 1, 2], [10, 11, 12], 1)).not.toEqual(a);
    // About half the units survive: train output differs from eval (identity) output.
    const evalOut = Array.from(net.forward(Float32Array.from(rows[0]!), 1, { train: false, seed: 9, epoch: 0, sampleIds: null }));
    expect(a[0]).not.toEqual(evalOut);
  });

  it('augmentation is the identity with no options, seeded per (seed, epoch, sample) otherwise', () => {
    const w = 4;
    const h = 3;
    const img = Float32Array.from({ length: w * h }, (_, i) => i + 1);
    const blank = new Float32Array(w * h);
    const out = new Float32Array(w * h);
    augmentImage(img, 0, out, 0, w, h, blank, { flip: false, shift: 0, rotate: 0 }, 1, 0, 0);
    expect(out).toEqual(img);
    // A flip alone yields the image or its mirror, never anything else.
    const mirror = Float32Array.from({ length: w * h }, (_, k) => img[Math.floor(k / w) * w + (w - 1 - (k % w))]!);
    const seen = new Set<string>();
    for (let epoch = 0; epoch < 20; epoch++) {
      augmentImage(img, 0, out, 0, w, h, blank, { flip: true, shift: 0, rotate: 0 }, 1, epoch, 5);
      expect([String(img), String(mirror)]).toContain(String(out));
      seen.add(String(out));
    }
    expect(seen.size).toBe(2);
    // A shift moves whole pixels and fills with blank; the same coordinates give the same image.
    const a = new Float32Array(w * h);
    const b = new Float32Array(w * h);
    augmentImage(img, 0, a, 0, w, h, blank, { flip: false, shift: 1, rotate: 0 }, 3, 2, 7);
    augmentImage(img, 0, b, 0, w, h, blank, { flip: false, shift: 1, rotate: 0 }, 3, 2, 7);
    expect(b).toEqual(a);
    for (const v of a) expect(v === 0 || (Number.isInteger(v) && v >= 1 && v <= 12)).toBe(true);
  });
});
