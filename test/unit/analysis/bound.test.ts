// The generalization-bound lab (LECTURE §6): the sampled frequency of bad training sets never
// exceeds Hoeffding's union bound, the gap is at most 2·sup|L_train − L_all|, N by hand.
import { describe, expect, it } from 'vitest';
import { badProbabilityBound, edgePopulation, runBoundLab, samplesNeeded } from '../../../main/engine/analysis/bound';

describe('generalization bound lab', () => {
  it('N ≥ ln(2|H|/p)/(2ε²), by hand', () => {
    // ln(2·10000/0.1) = ln(200000) = 12.2061…; / (2·0.1²) = 610.3 → 611
    expect(samplesNeeded(10000, 0.1, 0.1)).toBe(611);
    // ln(2·10/0.05) = ln 400 = 5.9915; / (2·0.05²) = 1198.3 → 1199
    expect(samplesNeeded(10, 0.05, 0.05)).toBe(1199);
    expect(badProbabilityBound(10000, 611, 0.1)).toBeLessThanOrEqual(0.1);
    expect(badProbabilityBound(10000, 610, 0.1)).toBeGreaterThan(0.1);
  });

  it('the population is the lecture’s: the best threshold errs about 28 %', () => {
    const r = runBoundLab({ n: 200, hypotheses: 10000, epsilon: 0.1, trainingSets: 10, target: 0.1, seed: 1 });
    expect(r.lossAll).toBeGreaterThan(0.24);
    expect(r.lossAll).toBeLessThan(0.32);
    expect(r.population).toBe(2000);
    const { edges } = edgePopulation(1);
    expect(Math.min(...edges)).toBeGreaterThanOrEqual(1);
  });

  for (const [n, hypotheses] of [
    [200, 10000],
    [50, 100],
    [1000, 10000],
  ] as const) {
    it(`sampled bad frequency ≤ |H|·2·exp(−2Nε²) at every ε (N = ${n}, |H| = ${hypotheses}, K = 400, seed 3)`, () => {
      const r = runBoundLab({ n, hypotheses, epsilon: 0.1, trainingSets: 400, target: 0.1, seed: 3 });
      r.epsilons.forEach((_, i) => expect(r.badFraction[i]).toBeLessThanOrEqual(Math.min(1, r.bound[i]!)));
      expect(r.badFraction[0]).toBeGreaterThan(0); // at ε = 0.005 nearly every set is bad: the check is not vacuous
      // every training set lands in the gap histogram; gaps are never negative (h_all minimises over the same H)
      expect(r.gapBins.reduce((s, b) => s + b.count, 0)).toBe(400);
      expect(r.gapMean).toBeGreaterThanOrEqual(0);
      expect(r.gapMean).toBeLessThanOrEqual(r.gapMax);
      expect(r.gapBins.at(-1)!.to).toBeCloseTo(Math.max(1e-3, r.gapMax), 12); // the histogram reaches the largest gap
    });
  }

  it('a small |H| excludes the good thresholds: L(h_all, D_all) rises', () => {
    const big = runBoundLab({ n: 200, hypotheses: 10000, epsilon: 0.1, trainingSets: 5, target: 0.1, seed: 1 });
    const small = runBoundLab({ n: 200, hypotheses: 2000, epsilon: 0.1, trainingSets: 5, target: 0.1, seed: 1 });
    expect(small.lossAll).toBeGreaterThan(big.lossAll + 0.1);
    expect(small.hAll).toBeLessThanOrEqual(2000);
  });
});
