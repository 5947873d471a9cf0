import { describe, expect, it } from 'vitest';
import { SURFACE_NAMES } from '../../../preload/spec';
import { SURFACES, surfaceGrid, surfaceInfo } from '../../../main/engine/surfaces';

describe('surfaceGrid', () => {
  it('samples the default window edge to edge with z[j][i] = f(xs[i], ys[j])', () => {
    const g = surfaceGrid('ravine', undefined, 11);
    expect(g.fn).toBe('ravine');
    expect(g.xs).toHaveLength(11);
    expect(g.ys).toHaveLength(11);
    expect(g.xs[0]).toBe(-5);
    expect(g.xs[10]).toBe(5);
    expect(g.xs[5]).toBe(0);
    expect(g.ys[0]).toBe(-1);
    expect(g.ys[10]).toBe(1);
    expect(g.z).toHaveLength(11);
    expect(g.z[2]![7]).toBe(SURFACES.ravine.value(g.xs[7]!, g.ys[2]!));
    expect(g.min).toBe(0);
    expect(g.max).toBe(2.5 + 10);
  });

  it('honours a custom window', () => {
    const g = surfaceGrid('saddle', [[0, 1], [-2, 2]], 3);
    expect(g.xs).toEqual([0, 0.5, 1]);
    expect(g.ys).toEqual([-2, 0, 2]);
    expect(g.z).toEqual([[-4, -3.75, -3], [0, 0.25, 1], [-4, -3.75, -3]]);
    expect(g.min).toBe(-4);
    expect(g.max).toBe(1);
  });

  it('names a bad window or resolution', () => {
    expect(() => surfaceGrid('saddle', [[1, 0], [0, 1]], 10)).toThrow(/window: x range/);
    expect(() => surfaceGrid('saddle', [[0, 1], [0, Number.NaN]], 10)).toThrow(/window: y range/);
    expect(() => surfaceGrid('saddle', undefined, 1)).toThrow(/resolution/);
    expect(() => surfaceGrid('nope' as never)).toThrow(/fn: unknown surface/);
  });
});

describe('surfaceInfo', () => {
  it('lists every surface in the shared order as plain, detached data', () => {
    const info = surfaceInfo();
    expect(info.map((i) => i.name)).toEqual([...SURFACE_NAMES]);
    const ravine = info.find((i) => i.name === 'ravine')!;
    expect(ravine.formula).toBe('x²/10 + 10y²');
    expect(ravine.start).toEqual(SURFACES.ravine.start);
    expect(JSON.parse(JSON.stringify(info))).toEqual(info);
    ravine.start[0] = 99;
    ravine.window[0][0] = 99;
    expect(SURFACES.ravine.start[0]).toBe(-4.5);
    expect(SURFACES.ravine.window[0][0]).toBe(-5);
  });

  it('gives w1w2 the lecture’s formula and a window around the saddle and the hyperbola', () => {
    const w = surfaceInfo().find((i) => i.name === 'w1w2')!;
    expect(w.formula).toBe('(1 − xy)²');
    const [[x0, x1], [y0, y1]] = w.window;
    expect(x0 < -1 && x1 > 1 && y0 < -1 && y1 > 1).toBe(true);
  });
});
