// The bound lab's chart builders: pure data → ECharts options and CSV.
import { describe, expect, it } from 'vitest';
import { runBoundLab } from '../../../main/engine/analysis/bound';
import { boundCsv, buildBoundOption, buildEdgesOption, buildGapOption, buildSpectrumOption, edgesCsv, gapCsv, spectrumCsv, symlog, symlogScale } from '../../../renderer/charts/bound';

const r = runBoundLab({ n: 200, hypotheses: 10000, epsilon: 0.1, trainingSets: 100, target: 0.1, seed: 1 });

describe('bound lab charts', () => {
  it('gap histogram: one bar per bin, counts summing to K', () => {
    const o = buildGapOption(r, { x: 'gap', y: 'sets' }, false) as { series: { data: number[] }[] };
    expect(o.series[0]!.data.reduce((s, c) => s + c, 0)).toBe(100);
    expect(gapCsv(r).split('\r\n')[0]).toBe('gap_from,gap_to,training_sets');
  });

  it('bound curve: log axis up to 1, the bound drawn at 1 where it is ≥ 1 (vacuous), ε marked', () => {
    const o = buildBoundOption(r, 0.1, { x: 'ε', y: 'p', sampled: 'sampled', bound: 'bound' }, true) as {
      yAxis: { type: string; max: number };
      series: { name: string; data: [number, number | null][]; markLine?: { data: { xAxis: number }[] } }[];
    };
    expect(o.yAxis.type).toBe('log');
    expect(o.yAxis.max).toBe(1);
    const bound = o.series.find((s) => s.name === 'bound')!;
    // N = 200, |H| = 10000: 2·10000·exp(−400ε²) ≥ 1 for ε ≤ √(ln 20000 / 400) = 0.157, so the curve is held at 1 there.
    expect(Math.max(...bound.data.map(([, y]) => y ?? 0))).toBe(1);
    expect(o.series[0]!.markLine!.data[0]!.xAxis).toBe(0.1);
    expect(boundCsv(r).split('\r\n')).toHaveLength(r.epsilons.length + 2);
  });

  it('edge histograms: two stacked classes over the population, h_all marked', () => {
    const o = buildEdgesOption(r, { x: 'e', y: 'n', pokemon: 'P', digimon: 'D', hAll: 'h_all' }, false) as { series: { data: number[] }[] };
    expect(o.series[0]!.data.reduce((s, c) => s + c, 0) + o.series[1]!.data.reduce((s, c) => s + c, 0)).toBe(r.population);
    expect(edgesCsv(r).startsWith('edges_from,edges_to,pokemon,digimon')).toBe(true);
  });
});

describe('Hessian spectrum chart', () => {
  it('counts each eigenvalue by its own sign, even in a bin straddling 0', () => {
    const values = [-2, -1e-9, 1e-9, 0.5, 3];
    const o = buildSpectrumOption(values, { x: 'λ', y: 'n' }, false, 4, false) as { series: { data: number[] }[] };
    // bins of width 5/4 from −2: [−2, −0.75) [−0.75, 0.5) [0.5, 1.75) [1.75, 3]; bin 1 holds −1e-9 and +1e-9
    expect(o.series[0]!.data).toEqual([1, 1, 0, 0]);
    expect(o.series[1]!.data).toEqual([0, 1, 1, 1]);
    expect(spectrumCsv(values).split('\r\n')[1]).toBe('0,-2');
  });

  it('spreads a spectrum of a few large and many tiny eigenvalues over the bins on the symmetric log axis', () => {
    // Typical at a trained network: |λ| from 1e-5 to 1e+3, most near 0, a few negative.
    const values = [...Array.from({ length: 300 }, (_, i) => 1e-5 * 1.04 ** i), -1e-3, -0.02, -0.5, 800, 1200];
    const bars = (symlogAxis: boolean) => {
      const o = buildSpectrumOption(values, { x: 'λ', y: 'n' }, false, 40, symlogAxis) as { series: { data: number[] }[] };
      return o.series[0]!.data.map((n, i) => n + o.series[1]!.data[i]!);
    };
    const used = (counts: number[]) => counts.filter((n) => n > 0).length;
    // Linear bins pile nearly everything into the bar at 0: the "one unreadable bar".
    expect(Math.max(...bars(false))).toBeGreaterThan(values.length * 0.9);
    expect(used(bars(true))).toBeGreaterThan(15);
    expect(Math.max(...bars(true))).toBeLessThan(values.length * 0.25);
    expect(symlog(-symlogScale(values), symlogScale(values))).toBeCloseTo(-Math.log10(2), 12);
  });
});
