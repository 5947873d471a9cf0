// The landscape's drawings: one quadrilateral per grid cell, far ones first, and the projected
// initial weights shown only inside the window.
import { describe, expect, it } from 'vitest';
import { insideWindow, surfaceQuads } from '../../../renderer/charts/landscape';

const axis = [-1, -0.5, 0, 0.5, 1];
const plane = { xs: axis, ys: axis, z: axis.map((y) => axis.map((x) => 1 + x * x + 2 * y * y)), seed: 1 };

describe('loss-landscape charts', () => {
  it('the 3-D surface: (n − 1)² cells, painted far to near, the lowest cell at the bowl’s bottom', () => {
    const { quads, lo, hi } = surfaceQuads(plane, 40);
    expect(quads).toHaveLength(16);
    for (let k = 1; k < quads.length; k++) expect(quads[k]!.depth).toBeLessThanOrEqual(quads[k - 1]!.depth);
    expect(lo).toBeCloseTo(0, 12); // log10(1) at the centre
    expect(hi).toBeCloseTo(Math.log10(4), 12);
    // At azimuth 0 a cell's depth is the mean of its corners' y.
    const flat = surfaceQuads(plane, 0).quads;
    expect(flat[0]!.depth).toBeCloseTo(0.75, 12);
    expect(flat.at(-1)!.depth).toBeCloseTo(-0.75, 12);
  });

  it('the initial weights are drawn only when their projection lies inside the window', () => {
    expect(insideWindow(plane, [0.5, -1])).toBe(true);
    expect(insideWindow(plane, [1.2, 0])).toBe(false);
  });
});
