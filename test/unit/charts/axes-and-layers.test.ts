// What students read off the charts: the labels a real ECharts instance (server-side, SVG) puts on
// step and log loss axes, the bound lab's gap bins, and the analysed point's arrows on the map —
// on a canvas layer of their own under the playback overlay, their eigenvalues with a true minus.
import { describe, expect, it } from 'vitest';
import * as echarts from 'echarts';
import type { EChartsOption } from 'echarts';
import type { CriticalPointAnalysis } from '../../../preload/contract';
import { runBoundLab } from '../../../main/engine/analysis/bound';
import { buildGapOption, edgeLabels } from '../../../renderer/charts/bound';
import { buildLineOption, linearTick, logTicks } from '../../../renderer/charts/lines';
import { OVERLAY_ZLEVEL } from '../../../renderer/charts/overlay';
import { ANALYSIS_ZLEVEL, buildSurfaceOption } from '../../../renderer/charts/surface';

/** The labels ECharts itself shows on the first x and y axes of `option`, drawn at 480 × 300 px. */
function shownLabels(option: EChartsOption): { x: string[]; y: string[] } {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: 480, height: 300 });
  chart.setOption(option);
  type Axis = { getViewLabels(): { formattedLabel: string }[] };
  const model = (chart as unknown as { getModel(): { getComponent(type: string, i: number): { axis: Axis } } }).getModel();
  const labels = (type: string) => model.getComponent(type, 0).axis.getViewLabels().map((l) => l.formattedLabel);
  const shown = { x: labels('xAxis'), y: labels('yAxis') };
  chart.dispose();
  return shown;
}

const steps = (n: number, f: (i: number) => number): [number, number][] => Array.from({ length: n + 1 }, (_, i) => [i, f(i)]);
const decade = (label: string) => Number(label.replace('10', '').replace(/[⁻⁰¹²³⁴⁵⁶⁷⁸⁹]/g, (c) => '-0123456789'['⁻⁰¹²³⁴⁵⁶⁷⁸⁹'.indexOf(c)]!));

describe('step axes', () => {
  it('label 10 000 steps as plain whole numbers, not 8000 then 1.0e+4', () => {
    const option = buildLineOption({ series: [{ name: 'gd', points: steps(10_000, (i) => 1 + 1 / (i + 1)) }], xName: 'step', yName: 'loss', dark: false });
    expect(shownLabels(option).x).toEqual(['0', '2000', '4000', '6000', '8000', '10000']);
    expect(shownLabels(buildLineOption({ series: [{ name: 'gd', points: steps(100_000, () => 1) }], xName: 'step', yName: 'loss', dark: false })).x.at(-1)).toBe('100000');
  });
  it('leaves fractions and huge values to the compact form', () => {
    expect(linearTick(0.25)).toBe('0.25');
    expect(linearTick(12_000)).toBe('12000');
    expect(linearTick(3e8)).toBe('3.0e+8');
  });
});

describe('log loss axes', () => {
  it('tick on equally spaced decades (Course §4: a curve to 1e-21 next to flat ones at 2 and 5)', () => {
    // logRange: top 10¹, bottom held 14 decades under it (10⁻¹³). ECharts alone labelled 10⁻¹³, 10⁻¹⁰, 10⁰, 10¹.
    const option = buildLineOption({
      series: [{ name: 'adagrad', points: steps(10_000, (i) => 5 * Math.exp(-i / 200)) }, { name: 'gd', points: steps(10_000, () => 2) }],
      xName: 'step', yName: 'loss', logY: true, dark: false,
    });
    const y = shownLabels(option).y;
    expect(y).toEqual(['10⁻¹²', '10⁻⁹', '10⁻⁶', '10⁻³', '10⁰']);
    const gaps = y.map(decade).slice(1).map((k, i) => k - decade(y[i]!));
    expect(new Set(gaps).size).toBe(1);
  });
  it('keep one spacing for any range, 10⁰ among the ticks when the range holds it, at most 7 labels', () => {
    for (let hi = -3; hi <= 6; hi++) {
      for (let span = 1; span <= 30; span++) {
        const ticks = logTicks(10 ** (hi - span), 10 ** hi).map((v) => Math.round(Math.log10(v)));
        expect(ticks.length).toBeGreaterThanOrEqual(1);
        expect(ticks.length).toBeLessThanOrEqual(7);
        expect(new Set(ticks.slice(1).map((k, i) => k - ticks[i]!)).size).toBeLessThanOrEqual(1);
        if (hi >= 0 && hi - span <= 0) expect(ticks).toContain(0);
      }
    }
  });
});

describe('bound lab gap histogram', () => {
  it('labels neighbouring bins differently (N = 2000, |H| = 1000, ε = 0.05: bins a few ten-thousandths wide)', () => {
    const r = runBoundLab({ n: 2000, hypotheses: 1000, epsilon: 0.05, trainingSets: 200, target: 0.1, seed: 1 });
    const labels = (buildGapOption(r, { x: 'gap', y: 'sets' }, false).xAxis as { data: string[] }).data;
    expect(labels).toHaveLength(r.gapBins.length);
    for (let i = 1; i < labels.length; i++) expect(labels[i]).not.toBe(labels[i - 1]);
    // Each label is its bin's upper edge, rounded.
    const width = r.gapBins[0]!.to - r.gapBins[0]!.from;
    labels.forEach((l, i) => expect(Math.abs(Number(l) - r.gapBins[i]!.to)).toBeLessThanOrEqual(width / 2));
  });
  it('uses the fewest decimals that tell neighbours apart', () => {
    const edges = (width: number, n = 6) => Array.from({ length: n }, (_, i) => (i + 1) * width);
    // 3 decimals read 0.001, 0.001, 0.002, 0.003, 0.003 here.
    expect(edgeLabels(edges(0.0005))).toEqual(['0.0005', '0.0010', '0.0015', '0.0020', '0.0025', '0.0030']);
    expect(edgeLabels(edges(0.001))).toEqual(['0.001', '0.002', '0.003', '0.004', '0.005', '0.006']);
    expect(edgeLabels(edges(0.05))).toEqual(['0.05', '0.10', '0.15', '0.20', '0.25', '0.30']);
    expect(edgeLabels(edges(2))).toEqual(['2', '4', '6', '8', '10', '12']);
    for (const width of [3.3e-4, 7.7e-4, 0.0123, 0.37]) {
      const labels = edgeLabels(edges(width, 30));
      for (let i = 1; i < labels.length; i++) expect(labels[i]).not.toBe(labels[i - 1]);
    }
  });
});

describe('the analysed point on the map', () => {
  const s = Math.SQRT1_2;
  // w1w2 at the origin (LECTURE §2): H = [[0, −2], [−2, 0]], λ = −2 along (1, 1)/√2.
  const analysis: CriticalPointAnalysis = {
    fn: 'w1w2', at: [0, 0], loss: 1, gradient: [0, 0], gradientNorm: 0, hessian: [[0, -2], [-2, 0]],
    eigenvalues: [-2, 2], eigenvectors: [[s, s], [s, -s]], kind: 'saddle', escapeDirection: [s, s],
  };
  const labels = { start: 'Start', minimum: 'Min', analysed: 'At', escape: 'Escape', eigen: (v: string) => `λ=${v}`, x: 'x', y: 'y' };
  const series = buildSurfaceOption({
    window: [[-2.5, 2.5], [-2.5, 2.5]], layer: null, minima: [], start: [0.5, 0.5], trajectories: [], step: null, analysis, labels, dark: false,
  }).series as { id: string; type: string; zlevel?: number; label?: { formatter?: string } }[];
  const drawn = series.filter((x) => x.id === 'analysed' || x.id.startsWith('eigen-'));

  it('sits on a numbered canvas layer above the map and under the playback overlay', () => {
    // ECharts' 'lines' series clears and creates the layer its zlevel names: left out, a layer
    // "undefined" whose canvas went into the page after the overlay's, so the map's opaque canvas
    // covered the race's paths (the E2E reads the pixels, test/e2e/surface-fixes.spec.ts).
    expect(drawn.map((x) => x.type)).toEqual(['scatter', 'lines', 'lines']);
    for (const x of drawn) expect(x.zlevel).toBe(ANALYSIS_ZLEVEL);
    expect(ANALYSIS_ZLEVEL).toBeGreaterThan(0);
    expect(ANALYSIS_ZLEVEL).toBeLessThan(OVERLAY_ZLEVEL);
  });
  it('labels the escape direction λ=−2 with a true minus', () => {
    expect(drawn.map((x) => x.label?.formatter)).toEqual([undefined, 'Escape λ=\u22122', 'λ=2']);
  });
});
