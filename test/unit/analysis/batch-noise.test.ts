// The gradient-noise statistic of the batch-size lab, against hand computations.
import { describe, expect, it } from 'vitest';
import { experimentSpec, type ExperimentSpec } from '../../../preload/experiment';
import { gradientNoise, networkGradientSource, predictedNoise, type GradientSource } from '../../../main/engine/analysis/batch-noise';
import { loadData } from '../../../main/engine/data/load';
import { prepareData } from '../../../main/engine/data/prepare';
import { splitData } from '../../../main/engine/data/split';
import { createRng } from '../../../main/engine/random';

/** Per-sample gradients given as rows: the mean over a selection, as a network would give it. */
function fixed(rows: number[][]): GradientSource {
  return {
    count: rows.length,
    size: rows[0]!.length,
    meanGradient(ids, out) {
      out.fill(0);
      for (const i of ids) rows[i]!.forEach((v, k) => (out[k]! += v / ids.length));
    },
  };
}

/** E‖g_B − ḡ‖² by listing every B-subset (the definition, no formula). */
function enumerate(rows: number[][], b: number): number {
  const n = rows.length;
  const mean = rows[0]!.map((_, k) => rows.reduce((s, r) => s + r[k]!, 0) / n);
  let total = 0;
  let count = 0;
  const pick = (from: number, chosen: number[]) => {
    if (chosen.length === b) {
      const gb = mean.map((_, k) => chosen.reduce((s, i) => s + rows[i]![k]!, 0) / b);
      total += gb.reduce((s, v, k) => s + (v - mean[k]!) ** 2, 0);
      count++;
      return;
    }
    for (let i = from; i < n; i++) pick(i + 1, [...chosen, i]);
  };
  pick(0, []);
  return total / count;
}

describe('gradient noise E‖g_B − ḡ‖²', () => {
  it('matches a hand computation on four 1-D gradients', async () => {
    // g = 1, 2, 3, 6: ḡ = 3, σ² = (4 + 1 + 0 + 9)/4 = 3.5. The six pairs have means 1.5, 2, 3.5,
    // 2.5, 4, 4.5: squared deviations 2.25, 1, 0.25, 0.25, 1, 2.25 → mean 7/6.
    const rows = [[1], [2], [3], [6]];
    const s = await gradientNoise(fixed(rows), [1, 2, 4], { draws: 4000, seed: 3 });
    expect(s.perSampleVariance).toBeCloseTo(3.5, 12);
    expect(s.fullGradientNormSq).toBeCloseTo(9, 12);
    expect(s.levels[0]!.predicted).toBeCloseTo(3.5, 12);
    expect(s.levels[1]!.predicted).toBeCloseTo(7 / 6, 12);
    expect(enumerate(rows, 2)).toBeCloseTo(7 / 6, 12);
    expect(s.levels[2]!.predicted).toBe(0);
    expect(s.levels[2]!.measured).toBeCloseTo(0, 12);
    for (const level of s.levels.slice(0, 2)) expect(Math.abs(level.measured - level.predicted)).toBeLessThan(4 * level.standardError + 1e-12);
  });

  it('agrees with enumeration in two dimensions for every batch size', async () => {
    const rows = [[1, 0], [0, 2], [-1, 1], [3, -2], [0.5, 0.5]];
    const s = await gradientNoise(fixed(rows), [1, 2, 3, 4, 5], { draws: 3000, seed: 5 });
    for (const level of s.levels) {
      expect(level.predicted).toBeCloseTo(enumerate(rows, level.batchSize), 12);
      expect(Math.abs(level.measured - level.predicted)).toBeLessThan(4 * level.standardError + 1e-12);
    }
  });

  it('falls as ≈ 1/B for i.i.d. gradients when B ≪ n', async () => {
    const rng = createRng(11);
    const rows = Array.from({ length: 4000 }, () => [rng.normal(), rng.normal(), 2 * rng.normal()]);
    const s = await gradientNoise(fixed(rows), [4, 16, 64], { draws: 600, seed: 2 });
    // σ² of (N(0,1), N(0,1), N(0,4)) is 6; the finite-population factor (n−B)/(n−1) is ≥ 0.98 here.
    expect(s.perSampleVariance).toBeGreaterThan(5.6);
    expect(s.perSampleVariance).toBeLessThan(6.4);
    const [b4, b16, b64] = s.levels.map((l) => l.measured);
    expect(b4! / b16!).toBeGreaterThan(3);
    expect(b4! / b16!).toBeLessThan(5.3);
    expect(b16! / b64!).toBeGreaterThan(3);
    expect(b16! / b64!).toBeLessThan(5.3);
    expect(predictedNoise(6, 4000, 64) * 64).toBeCloseTo((6 * 3936) / 3999, 12);
  });

  it('on a network: the per-sample gradients average to the full-batch gradient, and the noise falls with B', async () => {
    const spec = experimentSpec.parse({
      name: 't',
      seed: 4,
      data: { source: 'spiral', samples: 120, noise: 0.1, classes: 2 },
      model: [{ dense: 8, activation: 'tanh' }, { dense: 2 }],
    }) as ExperimentSpec;
    const ds = loadData(spec.data, spec.seed);
    const split = splitData(ds.n, spec.split, spec.seed);
    const source = networkGradientSource(spec, prepareData(ds, split, spec.data, spec.seed));
    const n = source.count;
    const full = new Float64Array(source.size);
    source.meanGradient(Int32Array.from({ length: n }, (_, i) => i), full);
    const sum = new Float64Array(source.size);
    const g = new Float64Array(source.size);
    for (let i = 0; i < n; i++) {
      source.meanGradient(Int32Array.of(i), g);
      for (let k = 0; k < g.length; k++) sum[k]! += g[k]! / n;
    }
    for (let k = 0; k < g.length; k++) expect(sum[k]).toBeCloseTo(full[k]!, 5);
    const s = await gradientNoise(source, [2, 16, n], { draws: 200, seed: 1 });
    expect(s.levels[0]!.measured).toBeGreaterThan(s.levels[1]!.measured);
    expect(s.levels[2]!.measured).toBeLessThan(1e-9);
  });
});
