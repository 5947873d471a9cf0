// The builder's variant rows → the axes main expands (workbench:expand).
import { describe, expect, it } from 'vitest';
import { buildAxes, gridSize, parseRange, parseValueList, type AxisRow } from '../../renderer/lab/variants';

const row = (kind: AxisRow['kind'], text = '', names: string[] = [], path = ''): AxisRow => ({ uid: Math.random(), kind, path, names, text });

describe('variant rows', () => {
  it('reads seed ranges and value lists', () => {
    expect(parseRange('1..3')).toEqual([1, 2, 3]);
    expect(parseRange('3..1')).toBeNull();
    expect(parseRange('1..100')).toBeNull();
    expect(parseValueList('0.001, 0.01,1e-1').values).toEqual([0.001, 0.01, 0.1]);
    expect(parseValueList('32 128 512').values).toEqual([32, 128, 512]);
    expect(parseValueList('{"name":"adam","lr":0.01}, sgd').values).toEqual([{ name: 'adam', lr: 0.01 }, 'sgd']);
    expect(parseValueList('{"name":').bad).toBe('{"name":');
  });

  it('builds optimizer × seeds axes in row order with the grid size', () => {
    const { axes, problems } = buildAxes([row('optimizer', '', ['sgd', 'sgdm', 'adam']), row('seed', '1..2')]);
    expect(problems).toEqual([]);
    expect(axes).toEqual([
      { path: 'optimizer', values: ['sgd', 'sgdm', 'adam'] },
      { path: 'seed', values: [1, 2] },
    ]);
    expect(gridSize(axes)).toBe(6);
    expect(gridSize([])).toBe(1);
  });

  it('names the problem of a bad row and leaves it out', () => {
    const bad = row('optimizer.lr', '0.01, fast');
    const dup = row('seed', '1');
    const { axes, problems } = buildAxes([row('seed', '1..2'), bad, dup, row('custom', '1', [], 'data..noise'), row('batchSize', '')]);
    expect(axes).toEqual([{ path: 'seed', values: [1, 2] }]);
    expect(problems.map((p) => [p.key, p.params])).toEqual([
      ['wb.axisBadValue', { value: 'fast' }],
      ['wb.axisDuplicate', { path: 'seed' }],
      ['wb.axisBadPath', { path: 'data..noise' }],
      ['wb.axisEmpty', { path: 'batchSize' }],
    ]);
  });

  it('lets a custom path take strings', () => {
    expect(buildAxes([row('custom', 'he, xavier', [], 'init')]).axes).toEqual([{ path: 'init', values: ['he', 'xavier'] }]);
  });
});
