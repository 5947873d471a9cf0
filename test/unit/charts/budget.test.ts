// What a student hit, as pure functions: thinning keeps extremes and shape, log axes keep to the
// data's meaningful range, clicks snap to critical points, rates re-tune on a surface change,
// settings and field/import messages read as people write them.
import { describe, expect, it } from 'vitest';
import { LINE_BUDGET, PATH_BUDGET, indicesUpTo, minMaxLine, pathIndices } from '../../../renderer/charts/decimate';
import { buildLineOption, logRange, type LineSeries } from '../../../renderer/charts/lines';
import { snapToKnown } from '../../../renderer/charts/snap';
import { trajectorySeries, windowTicks } from '../../../renderer/charts/surface';
import { newEntry, retuneEntries } from '../../../renderer/lab/forms';
import { criticalPoints } from '../../../main/engine/surfaces/critical';
import { SURFACES } from '../../../main/engine/surfaces';

describe('line thinning (min/max per bucket)', () => {
  const n = 100_000;
  // A decaying curve with one spike at 61 234 and one dip at 87 000 that a stride would skip.
  const points: [number, number][] = Array.from({ length: n }, (_, i) => [i, i === 61_234 ? 50 : i === 87_000 ? 1e-9 : Math.exp(-i / 20_000)]);

  it('draws at most the budget, keeps first, last, the spike and the dip', () => {
    const thin = minMaxLine(points, LINE_BUDGET);
    expect(thin.length).toBeLessThanOrEqual(LINE_BUDGET);
    expect(thin.length).toBeGreaterThan(LINE_BUDGET / 2);
    expect(thin[0]).toEqual(points[0]);
    expect(thin.at(-1)).toEqual(points.at(-1));
    expect(thin).toContainEqual([61_234, 50]);
    expect(thin).toContainEqual([87_000, 1e-9]);
    // x ascends: the curve's order survives.
    for (let i = 1; i < thin.length; i++) expect(thin[i]![0]).toBeGreaterThan(thin[i - 1]![0]);
  });

  it('keeps the first non-finite point (where a run diverged) as a gap', () => {
    const diverging: [number, number | null][] = points.map(([x, y]) => [x, x >= 70_000 ? null : y]);
    const thin = minMaxLine(diverging, 500);
    expect(thin).toContainEqual([70_000, null]);
  });

  it('leaves a short line whole', () => {
    expect(minMaxLine(points.slice(0, 300), LINE_BUDGET)).toEqual(points.slice(0, 300));
  });

  it('bounds what buildLineOption hands ECharts for a 100k-step run', () => {
    const option = buildLineOption({ series: [{ name: 'a', points }], xName: 'step', yName: 'loss', dark: false });
    const data = (option.series as { data: unknown[] }[])[0]!.data;
    expect(data.length).toBeLessThanOrEqual(LINE_BUDGET);
  });
});

describe('path thinning (2-D trajectories)', () => {
  // A spiral with a one-point excursion far out at step 33 333.
  const n = 100_000;
  const xs = Array.from({ length: n }, (_, i) => (i === 33_333 ? 9 : Math.cos(i / 500) * (1 - i / n)));
  const ys = Array.from({ length: n }, (_, i) => Math.sin(i / 500) * (1 - i / n));

  it('keeps start, end and the excursion, within budget, in order', () => {
    const kept = pathIndices(n, (i) => xs[i]!, (i) => ys[i]!);
    expect(kept.length).toBeLessThanOrEqual(PATH_BUDGET + 1);
    expect(kept[0]).toBe(0);
    expect(kept.at(-1)).toBe(n - 1);
    expect(kept).toContain(33_333);
    for (let i = 1; i < kept.length; i++) expect(kept[i]!).toBeGreaterThan(kept[i - 1]!);
  });

  it('every bucket keeps its extremes, so the drawn path spans the same box as the full one', () => {
    const kept = pathIndices(n, (i) => xs[i]!, (i) => ys[i]!);
    const box = (idx: number[]) => {
      const [x, y] = [idx.map((i) => xs[i]!), idx.map((i) => ys[i]!)];
      return [Math.min(...x), Math.max(...x), Math.min(...y), Math.max(...y)];
    };
    expect(box(kept)).toEqual(box(Array.from({ length: n }, (_, i) => i)));
  });

  it('cuts at the playback step with the exact head point', () => {
    expect(indicesUpTo([0, 5, 9, 20], 12)).toEqual([0, 5, 9, 12]);
    expect(indicesUpTo([0, 5, 9, 20], 9)).toEqual([0, 5, 9]);
  });

  it('trajectorySeries draws a 100k-step race through at most the budget and ends at the step', () => {
    const points = xs.map((x, i): [number, number, number] => [x, ys[i]!, i]);
    const series = trajectorySeries([{ label: 'a', points }], 50_000) as { data: number[][] }[];
    expect(series[0]!.data.length).toBeLessThanOrEqual(PATH_BUDGET + 2);
    expect(series[0]!.data.at(-1)).toEqual([xs[50_000], ys[50_000]]);
    expect(series[1]!.data[0]).toEqual([xs[50_000], ys[50_000], 50_000]);
  });
});

describe('log axis range', () => {
  const steps = (f: (i: number) => number, n = 300): [number, number][] => Array.from({ length: n }, (_, i) => [i, f(i)]);

  it('a diverged run does not stretch the axis to 1e+300', () => {
    const good: LineSeries = { name: 'adam', points: steps((i) => 10 * 0.98 ** i) };
    const blowup: LineSeries = { name: 'sgd', points: steps((i) => 10 * 1e10 ** i, 31), divergedAt: 31 };
    const range = logRange([good, blowup])!;
    expect(range.max).toBe(10);
    expect(range.min).toBe(0.01);
    // Without the divergence mark, the same data spans hundreds of decades: the check can fail.
    const stretched = logRange([good, { ...blowup, divergedAt: null }])!;
    expect(stretched.max).toBeGreaterThan(1e200);
  });

  it('keeps at most 14 decades below the top', () => {
    const range = logRange([{ name: 'a', points: steps((i) => 100 * 1e-30 ** (i / 299)) }])!;
    expect(range.max).toBe(100);
    expect(range.min).toBeCloseTo(1e-12, 20);
  });

  it('marks a diverged run with its step', () => {
    const option = buildLineOption({
      series: [{ name: 'sgd', points: steps((i) => 2 ** i, 40), divergedAt: 40 }], xName: 'step', yName: 'loss', logY: true, dark: false,
      divergedLabel: (step) => `diverged at step ${step}`,
    });
    const mark = (option.series as { id?: string; data: { label: { formatter: string } }[] }[]).find((s) => s.id === 'diverged')!;
    expect(mark.data[0]!.label.formatter).toBe('diverged at step 40');
  });
});

describe('snapping and ticks', () => {
  it('snaps a click a few pixels off the saddle of w₁w₂ onto (0, 0), not one farther away', () => {
    const known = criticalPoints('w1w2');
    const perPixel: [number, number] = [5 / 500, 5 / 500];
    expect(snapToKnown([0, 0.01], known, perPixel)).toEqual([0, 0]);
    expect(snapToKnown([0.3, 0.3], known, perPixel)).toBeNull();
  });

  it('finds the critical points the literature lists (Himmelblau: 4 minima, 4 saddles, 1 maximum)', () => {
    const points = criticalPoints('himmelblau');
    const count = (kind: string) => points.filter((p) => p.kind === kind).length;
    expect([count('local-min'), count('saddle'), count('local-max')]).toEqual([4, 4, 1]);
    // Himmelblau (1972): the maximum at (−0.270845, −0.923039), f = 181.617.
    const max = points.find((p) => p.kind === 'local-max')!;
    expect(max.at[0]).toBeCloseTo(-0.270845, 5);
    expect(max.at[1]).toBeCloseTo(-0.923039, 5);
    expect(criticalPoints('saddle')).toEqual([{ at: [0, 0], kind: 'saddle' }]);
    expect(criticalPoints('rosenbrock')).toEqual([{ at: [1, 1], kind: 'local-min' }]);
  });

  it('includes 0 among the ticks of a window that crosses it', () => {
    expect(windowTicks(-2.5, 2.5)).toContain(0);
    expect(windowTicks(-4.5, 4.5)).toContain(0);
    expect(windowTicks(0.5, 3)).not.toContain(0);
  });
});

describe('learning rates on a surface change', () => {
  it('re-tunes an untouched rate and keeps an edited one', () => {
    const from = SURFACES.rosenbrock.suggestedLr;
    const to = SURFACES.ravine.suggestedLr;
    const untouched = newEntry('sgd', from.sgd);
    const edited = newEntry('sgdm', from.sgdm);
    edited.optimizer.values.lr = '0.005';
    const { changed, kept } = retuneEntries([untouched, edited], from, to);
    expect(untouched.optimizer.values.lr).toBe(String(to.sgd));
    expect(edited.optimizer.values.lr).toBe('0.005');
    expect(changed).toEqual([untouched.uid]);
    expect(kept).toEqual([edited.uid]);
  });

  it("re-tunes Lookahead's inner optimizer", () => {
    const entry = newEntry('lookahead', SURFACES.rosenbrock.suggestedLr.adam);
    retuneEntries([entry], SURFACES.rosenbrock.suggestedLr, SURFACES.saddle.suggestedLr);
    expect(entry.optimizer.inner!.values.lr).toBe(String(SURFACES.saddle.suggestedLr.adam));
  });
});

describe('settings diff numbers', () => {
  it('rounds float noise to 6 significant digits and keeps small rates and integers exact', async () => {
    const { flatten, settingText } = await import('../../../renderer/lab/settingsDiff');
    expect(settingText(0.1 + 0.2)).toBe('0.3');
    expect(settingText(1e-7)).toBe('1e-7');
    expect(settingText(0.012345678)).toBe('0.0123457');
    expect(settingText(100000)).toBe('100000');
    expect(flatten({ optimizer: { lr: 0.30000000000000004, betas: [0.9, 0.999] } })).toEqual({ 'optimizer.lr': '0.3', 'optimizer.betas': '0.9, 0.999' });
  });
});

describe('Compare on a log axis with a diverged run', () => {
  it('keeps to the finite runs and marks where the other diverged', async () => {
    const { buildCompareOption } = await import('../../../renderer/charts/compare');
    const ok = { name: 'adam', points: Array.from({ length: 20 }, (_, i): [number, number] => [i + 1, 2 * 0.9 ** i]) };
    const bad = { name: 'sgd', points: Array.from({ length: 8 }, (_, i): [number, number] => [i + 1, 2 * 1e30 ** i]), divergedAt: 8 };
    const option = buildCompareOption({ lines: [ok, bad], xName: 'epoch', yName: 'loss', logY: true, dark: true, divergedLabel: (x) => `diverged at epoch ${x}` });
    const y = option.yAxis as { min: number; max: number };
    expect([y.min, y.max]).toEqual([0.1, 10]);
    const mark = (option.series as { id?: string; data: { label: { formatter: string } }[] }[]).find((s) => s.id === 'diverged')!;
    expect(mark.data[0]!.label.formatter).toBe('diverged at epoch 8');
  });
});

describe('field messages', () => {
  it("a width of 2.5 says what a width must be, not zod's 'Invalid input'", async () => {
    const { issueToError } = await import('../../../renderer/lab/forms');
    const { experimentSpec } = await import('../../../preload/experiment');
    const r = experimentSpec.safeParse({ name: 'x', data: { source: 'moons' }, model: [{ dense: 2.5, activation: 'relu' }, { dense: 'output' }], optimizer: { name: 'sgd', lr: 0.1 } });
    expect(r.success).toBe(false);
    const issue = r.error!.issues.find((i) => i.path.join('.') === 'model.0.dense')!;
    expect(issueToError(issue as never)).toEqual({ key: 'validation.width' });
  });
});

describe('import errors for people', () => {
  it('a file with no data source and a width of 2.5 names each field, says what is wrong and what to do, in both languages', async () => {
    const { importExperiment } = await import('../../../main/api/experiment-files');
    const { describeError } = await import('../../../renderer/lab/describeError');
    const { translate } = await import('../../../renderer/i18n/messages');
    let error: unknown = null;
    try {
      importExperiment('{"name":"x","model":[{"dense":2.5}],"optimizer":{"name":"sgd","lr":0.1}}');
    } catch (e) {
      error = e;
    }
    const en = describeError('en', error);
    const line = translate('en', 'wb.importFailed', { file: 'bad.json', reason: `${en.text} ${en.details.join('; ')}` });
    expect(line).toContain('data.source: no data source given; expected one of spiral');
    expect(line).toContain('model.0.dense: Must be a whole number of units, from 1 to 16384.');
    expect(line).toContain('import it again');
    expect(line).not.toMatch(/undefined|Something went wrong|Invalid input/);
    const zh = describeError('zh-CN', error);
    expect(zh.details.join('; ')).toContain('model.0.dense: 必须是 1 到 16384 之间的整数个单元。');
  });
});
