// The course page's pure parts: which curves a chart draws, how measured numbers read, and the
// sidebar's count of reproduced checks.
import { describe, expect, it } from 'vitest';
import type { SeriesData } from '../../preload/contract';
import { courseCurves, legendRows } from '../../renderer/course/curves';
import { gridOf } from '../../renderer/course/grid';
import { formatMeasured, formatValue, measuredLabel, pick } from '../../renderer/course/format';
import { sectionProgress } from '../../renderer/course/progress';
import { medianEpochMs, sweepOf } from '../../renderer/course/sweep';

const names = { train: 'training', validation: 'validation' };
const s = (runId: number, name: string, values: number[], steps = values.map((_, i) => i + 1)): SeriesData => ({ runId, name, steps, values });

describe('courseCurves', () => {
  it('draws network runs by epoch: training solid, validation dashed in the same colour', () => {
    const c = courseCurves(
      [{ runId: 1, label: 'shallow' }, { runId: 2, label: 'deep-plain' }],
      [s(1, 'trainLoss', [0.9, 0.5]), s(1, 'valLoss', [1, 0.6]), s(2, 'trainLoss', [0.7, 0.69]), s(1, 'loss', [3, 2, 1])],
      names,
    );
    expect(c.x).toBe('epoch');
    expect(c.series.map((x) => x.name)).toEqual(['shallow · training', 'shallow · validation', 'deep-plain']);
    expect(c.series[0]!.color).toBe(c.series[1]!.color);
    expect(c.series[1]!.dashed).toBe(true);
    expect(c.series[2]!.color).not.toBe(c.series[0]!.color);
    expect(c.series[0]!.points).toEqual([[1, 0.9], [2, 0.5]]);
    expect(c.positive).toBe(true);
  });

  it('draws races by step from their loss series and says when a log axis would hide values', () => {
    const c = courseCurves([{ runId: 7, label: 'gd' }], [s(7, 'loss', [2, 0, -1], [0, 1, 2])], names);
    expect(c.x).toBe('step');
    expect(c.series).toHaveLength(1);
    expect(c.positive).toBe(false);
  });

  it('draws a measurement’s series against its eps series, on a linear value axis', () => {
    const c = courseCurves([{ runId: 3, label: 'saddle' }], [s(3, 'eps', [0.1, 0.2], [0, 1]), s(3, 'drop', [0.01, 0.04], [0, 1]), s(3, 'predicted', [0.01, 0.04], [0, 1])], names);
    expect(c).toMatchObject({ x: 'ε', y: 'value' });
    expect(c.series.map((x) => x.name)).toEqual(['drop', 'predicted']);
    expect(c.series[0]!.points).toEqual([[0.1, 0.01], [0.2, 0.04]]);
  });

  it('draws nothing for runs stored as numbers only', () => {
    expect(courseCurves([{ runId: 4, label: 'net-w2' }], [], names).series).toEqual([]);
  });

  it('leaves out a run whose series are gone (deleted in History)', () => {
    const c = courseCurves([{ runId: 1, label: 'a' }, { runId: 9, label: 'gone' }], [s(1, 'trainLoss', [1])], names);
    expect(c.series.map((x) => x.name)).toEqual(['a']);
  });
});

describe('measured numbers', () => {
  it('write three significant digits, whole numbers whole, extremes in exponent form', () => {
    expect(formatValue(0.41234)).toBe('0.412');
    expect(formatValue(12)).toBe('12');
    expect(formatValue(1.6e26)).toBe('1.60e+26');
    expect(formatValue(2.5e-7)).toBe('2.50e-7');
    expect(formatValue(Number.NaN)).toBe('NaN');
  });

  it('give the spread over seeds only when there is more than one seed', () => {
    expect(formatMeasured({ mean: 0.41, std: 0.031, n: 5 })).toEqual({ value: '0.41', spread: '0.031', n: 5 });
    expect(formatMeasured({ mean: 0.41, std: 0, n: 1 })).toEqual({ value: '0.41', spread: null, n: 1 });
    expect(formatMeasured(3)).toEqual({ value: '3', spread: null, n: null });
  });

  it('label camelCase keys in words', () => {
    expect(measuredLabel('deepPlainTrainLoss')).toBe('deep plain train loss');
    expect(measuredLabel('batch512ValAccuracy')).toBe('batch 512 val accuracy');
  });

  it('pick the page language of the engine’s strings', () => {
    expect(pick({ en: 'Run', zh: '运行' }, 'en')).toBe('Run');
    expect(pick({ en: 'Run', zh: '运行' }, 'zh-CN')).toBe('运行');
  });
});

describe('sectionProgress', () => {
  const section = { checks: [{ id: 'a', claim: { en: '', zh: '' } }, { id: 'b', claim: { en: '', zh: '' } }, { id: 'c', claim: { en: '', zh: '' } }] };
  const check = (id: string, passed: boolean) => ({ id, passed, claim: { en: '', zh: '' }, measured: {}, summary: { en: '', zh: '' }, runs: {} });

  it('counts the checks whose latest verdict is ✓', () => {
    expect(sectionProgress(section, { checks: [check('a', true), check('b', false), check('c', true)] })).toEqual({ reproduced: 2, total: 3, ran: true });
  });
  it('is 0 of n before the section has run', () => {
    expect(sectionProgress(section, undefined)).toEqual({ reproduced: 0, total: 3, ran: false });
  });
  it('ignores verdicts of checks the section no longer has', () => {
    expect(sectionProgress(section, { checks: [check('old', true)] })).toEqual({ reproduced: 0, total: 3, ran: true });
  });
});

describe('sweepOf', () => {
  const names = { trainLoss: 'training', valLoss: 'validation', testLoss: 'test', trainAccuracy: 'training', valAccuracy: 'validation', testAccuracy: 'test', msPerEpoch: 'per epoch', msPerUpdate: 'per update' };

  it('puts the runs of a size sweep in order of the setting: the U curve of training and validation loss', () => {
    const w = sweepOf(
      [
        { label: 'size-16', summary: { trainLoss: 0.05, valLoss: 0.4 } },
        { label: 'size-1', summary: { trainLoss: 0.6, valLoss: 0.7 } },
        { label: 'size-4', summary: { trainLoss: 0.2, valLoss: 0.25 } },
      ],
      names,
    )!;
    expect(w.setting).toBe('size');
    expect(w.logX).toBe(true);
    expect(w.loss.map((l) => l.name)).toEqual(['training', 'validation']);
    expect(w.loss[0]!.points).toEqual([[1, 0.6], [4, 0.2], [16, 0.05]]);
    expect(w.loss[1]!.dashed).toBe(true);
    expect(w.accuracy).toEqual([]);
  });

  it('draws accuracy apart from loss, on a linear axis for a narrow range', () => {
    const w = sweepOf(['batch-8', 'batch-16', 'batch-32'].map((label, i) => ({ label, summary: { valAccuracy: 0.9 - i / 10, valLoss: 0.3 + i / 10 } })), names)!;
    expect(w.logX).toBe(false);
    expect(w.accuracy.map((l) => l.points.map(([x]) => x))).toEqual([[8, 16, 32]]);
    expect(w.time).toEqual([]);
  });

  it('draws the batch-size lab’s timings as their own chart', () => {
    const w = sweepOf(['batch-8', 'batch-64', 'batch-512'].map((label, i) => ({ label, summary: { msPerEpoch: 60 / (i + 1), msPerUpdate: 0.3 * (i + 1) } })), names)!;
    expect(w.time.map((l) => l.name)).toEqual(['per epoch', 'per update']);
    expect(w.time[0]!.points).toEqual([[8, 60], [64, 30], [512, 20]]);
  });

  it('is no sweep for fewer than three runs, mixed prefixes, or roles without a number', () => {
    const r = (label: string) => ({ label, summary: { trainLoss: 1 } });
    expect(sweepOf([r('size-1'), r('size-2')], names)).toBeNull();
    expect(sweepOf([r('size-1'), r('size-2'), r('batch-3')], names)).toBeNull();
    expect(sweepOf([r('shallow'), r('deep-plain'), r('deep-residual')], names)).toBeNull();
  });

  it('leaves out a metric that some run lacks', () => {
    const w = sweepOf(['n-1', 'n-2', 'n-3'].map((label, i) => ({ label, summary: { trainLoss: 1, valLoss: i === 1 ? null : 2 } })), names)!;
    expect(w.loss.map((l) => l.name)).toEqual(['training']);
  });
});

describe('legendRows', () => {
  it('is 0 for one series (no legend), one row for a few short names, more as names grow', () => {
    expect(legendRows(['loss'])).toBe(0);
    expect(legendRows(['training', 'validation'])).toBe(1);
    const six = ['shallow · training', 'shallow · validation', 'deep-plain · training', 'deep-plain · validation', 'deep-residual · training', 'deep-residual · validation'];
    expect(legendRows(six)).toBeGreaterThanOrEqual(3);
    expect(legendRows(six, 2000)).toBe(1);
  });
  it('counts Chinese characters as wider than Latin ones', () => {
    expect(legendRows(Array(6).fill('深层残差网络 · 验证'))).toBeGreaterThan(legendRows(Array(6).fill('deep-res · v')));
  });
});

describe('medianEpochMs', () => {
  it('is the median of the finite epoch times, or null without any', () => {
    expect(medianEpochMs([30, 10, 20])).toBe(20);
    expect(medianEpochMs([40, 10, 20, 30])).toBe(25);
    expect(medianEpochMs([Number.NaN])).toBeNull();
    expect(medianEpochMs(undefined)).toBeNull();
  });
});

describe('gridOf', () => {
  it('folds a loss stored row-major over (w, b) back into rows of b, w varying fastest', () => {
    const g = gridOf([s(1, 'w', [-1, 0, 1]), s(1, 'b', [10, 20]), s(1, 'loss', [1, 2, 3, 4, 5, 6])])!;
    expect(g).toMatchObject({ xName: 'w', yName: 'b' });
    expect(g.grid.xs).toEqual([-1, 0, 1]);
    expect(g.grid.ys).toEqual([10, 20]);
    expect(g.grid.z).toEqual([[1, 2, 3], [4, 5, 6]]);
    expect([g.grid.min, g.grid.max]).toEqual([1, 6]);
  });
  it('is no grid when the lengths do not multiply out, or there are no axes', () => {
    expect(gridOf([s(1, 'w', [0, 1]), s(1, 'b', [0, 1]), s(1, 'loss', [1, 2, 3])])).toBeNull();
    expect(gridOf([s(1, 'loss', [1, 2, 3, 4])])).toBeNull();
  });
});
