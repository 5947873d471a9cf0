// How the labs write numbers a student reads: log-axis ticks in one form, coordinates that are
// rounding noise as ≈ 0, a probability bound ≥ 1 as vacuous, and the marks of a surface's critical points.
import { describe, expect, it } from 'vitest';
import { runBoundLab } from '../../../main/engine/analysis/bound';
import { criticalPoints } from '../../../main/engine/surfaces/critical';
import { buildBoundOption, isVacuous } from '../../../renderer/charts/bound';
import { buildLineOption, compact, logTick } from '../../../renderer/charts/lines';
import { buildSurfaceOption, criticalMarks, formatCoordinate, MAX_SADDLE_MARKS } from '../../../renderer/charts/surface';

describe('log-axis ticks', () => {
  it('write every power of ten as 10ᵏ, so 0.01 and 1e-3 never sit on one axis in two forms', () => {
    expect([1e-3, 0.01, 0.1, 1, 10, 1e4, 1e-14].map(logTick)).toEqual(['10⁻³', '10⁻²', '10⁻¹', '10⁰', '10¹', '10⁴', '10⁻¹⁴']);
    // The old formatter mixed the two forms on the same axis: the defect this replaces.
    expect([compact(0.01), compact(1e-3)]).toEqual(['0.01', '1.0e-3']);
  });

  it('fall back to the plain form between powers and for non-positive values', () => {
    expect(logTick(2e-3)).toBe('2.0e-3');
    expect(logTick(0)).toBe('0');
  });

  it('are what a line chart with a log y axis uses; a linear axis keeps the plain form', () => {
    const o = buildLineOption({ series: [{ name: 'g', points: [[0, 1], [1, 1e-3]] }], xName: 'step', yName: '‖g‖', logY: true, dark: false }) as {
      xAxis: { axisLabel: { formatter: (v: number) => string } };
      yAxis: { axisLabel: { formatter: (v: number) => string } };
    };
    expect(o.yAxis.axisLabel.formatter(1e-3)).toBe('10⁻³');
    expect(o.yAxis.axisLabel.formatter(0.01)).toBe('10⁻²');
    expect(o.xAxis.axisLabel.formatter(0.01)).toBe('0.01');
  });
});

describe('map coordinates', () => {
  const ravine: [[number, number], [number, number]] = [[-5, 5], [-1.5, 1.5]];
  it('read ≈ 0 below 1e-12 of the window’s size, and keep every other value', () => {
    expect(formatCoordinate(1.19e-165, ravine)).toBe('≈ 0');
    expect(formatCoordinate(9.88e-324, ravine)).toBe('≈ 0');
    expect(formatCoordinate(-1.33e-322, ravine)).toBe('≈ 0');
    expect(formatCoordinate(4.9e-12, ravine)).toBe('≈ 0'); // 1e-12 · 5 = 5e-12
    expect(formatCoordinate(5.1e-12, ravine)).toBe('5.10e-12');
    expect(formatCoordinate(-1.42e-4, ravine)).toBe('-1.42e-4');
    expect(formatCoordinate(-0.03117, ravine)).toBe('-0.03117');
    expect(formatCoordinate(0, ravine)).toBe('0');
  });
});

describe('probability bound', () => {
  it('is vacuous at 1 and above (and when it is not a number)', () => {
    expect([0.068, 0.999, 1, 366.313, Number.NaN].map(isVacuous)).toEqual([false, false, true, true, true]);
  });

  it('its chart shades the ε range where the bound is ≥ 1, and the tooltip gives the raw bound', () => {
    const r = runBoundLab({ n: 200, hypotheses: 10000, epsilon: 0.1, trainingSets: 100, target: 0.1, seed: 1 });
    const o = buildBoundOption(r, 0.1, { x: 'ε', y: 'p', sampled: 'sampled', bound: 'bound', vacuous: 'vacuous' }, false) as {
      series: { markArea?: { data: [{ xAxis: number }, { xAxis: number }][] } }[];
      tooltip: { formatter: (p: unknown) => string };
    };
    const vacuous = r.epsilons.filter((_, i) => r.bound[i]! >= 1);
    // 2·10000·exp(−2·200·ε²) ≥ 1 ⇔ ε ≤ √(ln 20000 / 400) = 0.1573
    expect(Math.max(...vacuous)).toBeLessThanOrEqual(Math.sqrt(Math.log(20000) / 400));
    const area = o.series[1]!.markArea!.data[0]!;
    expect([area[0].xAxis, area[1].xAxis]).toEqual([Math.min(...vacuous), Math.max(...vacuous)]);
    const i = r.epsilons.findIndex((e) => Math.abs(e - 0.1) < 1e-9);
    const raw = 2 * 10000 * Math.exp(-2 * 200 * 0.1 * 0.1); // 366.3
    expect(r.bound[i]).toBeCloseTo(raw, 6);
    expect(o.tooltip.formatter([{ axisValue: 0.1 }])).toContain(`bound: ${compact(raw)} (vacuous)`);
  });
});

describe('critical-point marks on the map', () => {
  it('w1w2: the minima drawn as the curve w₁w₂ = 1 and the saddle (0, 0) marked', () => {
    const marks = criticalMarks(criticalPoints('w1w2'));
    expect(marks.saddles).toEqual([[0, 0]]);
    expect(marks.curve.length).toBeGreaterThan(100);
    for (const [x, y] of marks.curve) expect(x * y).toBeCloseTo(1, 6);
    const o = buildSurfaceOption({
      window: [[-2.5, 2.5], [-2.5, 2.5]], layer: null, minima: [], start: null, trajectories: [], step: null, analysis: null,
      criticalPoints: criticalPoints('w1w2'),
      labels: { start: 's', minimum: 'm', analysed: 'a', escape: 'e', eigen: (v) => v, x: 'x', y: 'y', saddle: 'saddle', minimumSet: 'minima' },
      dark: false,
    }) as { series: { id?: string; data: number[][] }[] };
    expect(o.series.find((s) => s.id === 'saddles')!.data).toEqual([[0, 0]]);
    expect(o.series.find((s) => s.id === 'minimum-set')!.data.length).toBe(marks.curve.length);
  });

  it('Himmelblau’s four saddles are marked; Rastrigin’s lattice of saddles is not', () => {
    expect(criticalMarks(criticalPoints('himmelblau')).saddles).toHaveLength(4);
    expect(criticalPoints('rastrigin').filter((p) => p.kind === 'saddle').length).toBeGreaterThan(MAX_SADDLE_MARKS);
    expect(criticalMarks(criticalPoints('rastrigin')).saddles).toEqual([]);
    // The monkey saddle's single degenerate point is not a curve.
    expect(criticalMarks(criticalPoints('monkey')).curve).toEqual([]);
  });
});
