// The course page's pure parts: which curves a chart draws, how measured numbers read, and the
// sidebar's count of reproduced checks.
import { describe, expect, it } from 'vitest';
import type { SeriesData } from '../../preload/contract';
import { courseCurves } from '../../renderer/course/curves';
import { formatMeasured, formatValue, measuredLabel, pick } from '../../renderer/course/format';
import { sectionProgress } from '../../renderer/course/progress';

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
