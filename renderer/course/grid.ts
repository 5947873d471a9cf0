// A course measurement stored over a grid (the §5 error surfaces: `loss` at every (w, b), with the
// axes as series `w` and `b`, row-major with w varying fastest) back as the surface lab's grid, so
// its map builder can draw it.
import type { SeriesData, SurfaceGrid } from '../../preload/contract';

/** Axis pairs a grid measurement may use: [x, y]. */
const AXES: [string, string][] = [
  ['w', 'b'],
  ['x', 'y'],
];

export interface StoredGrid {
  xName: string;
  yName: string;
  grid: SurfaceGrid;
}

/** The grid of `value` over a run's two axis series, or null when the lengths do not make a grid. */
export function gridOf(series: SeriesData[], value = 'loss'): StoredGrid | null {
  const by = new Map(series.map((s) => [s.name, s.values]));
  const z = by.get(value);
  if (!z) return null;
  for (const [xName, yName] of AXES) {
    const xs = by.get(xName);
    const ys = by.get(yName);
    if (!xs || !ys || xs.length < 2 || ys.length < 2 || xs.length * ys.length !== z.length) continue;
    const rows = ys.map((_, j) => z.slice(j * xs.length, (j + 1) * xs.length));
    const finite = z.filter((v) => Number.isFinite(v));
    // `fn` names a lab surface; the map builder reads only the grid, so any name does.
    return { xName, yName, grid: { fn: 'saddle', xs: [...xs], ys: [...ys], z: rows, min: Math.min(...finite), max: Math.max(...finite) } };
  }
  return null;
}
