// The Hessian page's minimum ratio and the counts beside it come from one zero band, so a student
// can check the ratio by hand: ratio = positive / (negative + zero + positive) (LECTURE §2: # positive / # eigenvalues).
import { describe, expect, it } from 'vitest';
import { minimumRatio, signCounts } from '../../../main/engine/analysis/spectrum';
import { EIGEN_TOLERANCE } from '../../../main/engine/surfaces/critical';
import { buildSpectrumOption, symlogScale } from '../../../renderer/charts/bound';
import { translate } from '../../../renderer/i18n/messages';
import { bandNumber, signMessageParams, spectrumSigns, ZERO_BAND } from '../../../renderer/lab/spectrumSigns';

// max|λ| = 32, so the band is 1e-6 · 32 = 3.2e-5:
//   negative (λ < −3.2e-5): −5, −1e-3                      → 2
//   zero (|λ| ≤ 3.2e-5):    −2e-5, 0, 1e-7, 3e-5           → 4
//   positive (λ > 3.2e-5):  3.3e-5, 0.5, 32                → 3
//   ratio = 3 / 9 = 0.333
const SPECTRUM = [-5, -1e-3, -2e-5, 0, 1e-7, 3e-5, 3.3e-5, 0.5, 32];

describe('one zero band for the minimum ratio and the page’s counts', () => {
  it('the engine counts a hand-made spectrum as derived by hand, and its ratio is positive / all', () => {
    const c = signCounts(SPECTRUM);
    expect(c).toEqual({ negative: 2, zero: 4, positive: 3, tolerance: 32 * 1e-6 });
    expect(minimumRatio(SPECTRUM)).toBe(3 / 9);
  });

  it('the page counts with the engine’s band, and its counts add up to the ratio it shows', () => {
    expect(ZERO_BAND).toBe(EIGEN_TOLERANCE);
    const s = spectrumSigns(SPECTRUM);
    const e = signCounts(SPECTRUM);
    expect([s.negative, s.zero, s.positive, s.tolerance]).toEqual([e.negative, e.zero, e.positive, e.tolerance]);
    expect(s.negative + s.zero + s.positive).toBe(s.total);
    expect(s.positive / s.total).toBe(minimumRatio(SPECTRUM));
  });

  it('the lines the page prints let the ratio be checked from the counts (en and zh-CN)', () => {
    const params = signMessageParams(spectrumSigns(SPECTRUM), minimumRatio(SPECTRUM));
    expect(translate('en', 'hessian.signCounts', params)).toBe('negative 2 + zero 4 + positive 3 = 9 eigenvalues');
    expect(translate('en', 'analysis.ratioCounts', params)).toMatch(/^minimum ratio 0\.333 = 3 positive \/ 9 eigenvalues/);
    expect(translate('en', 'hessian.zeroBand', params)).toContain('|λ| ≤ 1e-6·max(1, max|λ|) = 1e-6 × 32 = 3.2e-5');
    expect(translate('zh-CN', 'hessian.signCounts', params)).toBe('负 2 + 零 4 + 正 3 = 9 个特征值');
    expect(translate('zh-CN', 'analysis.ratioCounts', params)).toContain('0.333 = 3 个正特征值 / 全部 9 个特征值');
  });

  it('the histogram colours the same band grey: its three series hold exactly the three counts', () => {
    const s = spectrumSigns(SPECTRUM);
    const o = buildSpectrumOption(SPECTRUM, { x: 'λ', y: 'n', zero: '≈ 0' }, false, 40, true, s.tolerance) as { series: { name: string; data: number[] }[] };
    const sum = (name: string) => o.series.find((x) => x.name === name)!.data.reduce((a, b) => a + b, 0);
    expect([sum('< 0'), sum('≈ 0'), sum('> 0')]).toEqual([2, 4, 3]);
  });

  it('the old pair of bands (ratio 1e-6·max|λ|, counts at the axis scale) does not add up: the check can fail', () => {
    const c = symlogScale(SPECTRUM); // 10^(round(log₁₀ 32) − 8) = 10^(2 − 8) = 1e-6
    expect(c).toBeCloseTo(1e-6, 18);
    const positiveOld = SPECTRUM.filter((v) => v > c).length; // 3e-5 now counts: 4
    expect(positiveOld).toBe(4);
    expect(positiveOld / SPECTRUM.length).not.toBe(minimumRatio(SPECTRUM));
  });

  it('a spectrum below 1 in size keeps the absolute floor 1e-6 (the band of the kind of point)', () => {
    const s = spectrumSigns([-0.5, 5e-7, 2e-6, 0.25]);
    expect([s.negative, s.zero, s.positive, s.tolerance]).toEqual([1, 1, 2, 1e-6]);
    expect(minimumRatio([-0.5, 5e-7, 2e-6, 0.25])).toBe(2 / 4);
    expect(bandNumber(1e-6)).toBe('1.0e-6');
  });
});
