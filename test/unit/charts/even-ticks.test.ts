// A linear x axis (Course §2's ε sweep, a run's steps) ticks on multiples of one round step from
// its first label on: 0, 0.025, 0.05 … rather than the data's own 0.01 followed by 0.03, 0.06.
import { describe, expect, it } from 'vitest';
import { buildLineOption, niceStep } from '../../../renderer/charts/lines';

describe('even x ticks', () => {
  it('puts a linear x axis on multiples of one round step', () => {
    expect(niceStep(0.11)).toBe(0.025);
    expect(niceStep(300)).toBe(100);
    expect(niceStep(1)).toBe(0.2);
    const o = buildLineOption({ series: [{ name: 'a', points: [[0.01, 1], [0.06, 2], [0.12, 3]] }], xName: 'ε', yName: 'y', dark: false }) as {
      xAxis: { min: number; max: number; interval: number };
    };
    expect(o.xAxis).toMatchObject({ min: 0, max: 0.125, interval: 0.025 });
  });
});
