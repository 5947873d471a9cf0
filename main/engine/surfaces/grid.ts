// What the renderer needs to draw a surface: the catalogue (formula, window, start, minima,
// suggested rates) and a sampled grid of values for the contour/heatmap.
import type { SurfaceGrid, SurfaceInfo } from '../../../preload/contract';
import { SURFACE_NAMES, type SurfaceName } from '../../../preload/spec';
import { criticalPoints } from './critical';
import { SURFACES, requireSurface } from './functions';

type Window = [[number, number], [number, number]];

/** Every surface's display facts, in the shared order; plain data (copies), safe to send over IPC. */
export function surfaceInfo(): SurfaceInfo[] {
  return SURFACE_NAMES.map((name) => {
    const s = SURFACES[name];
    return {
      name,
      formula: s.formula,
      window: [[...s.window[0]], [...s.window[1]]],
      start: [...s.start],
      minima: s.minima.map((m) => [...m]),
      logScale: s.logScale,
      suggestedLr: { ...s.suggestedLr },
      criticalPoints: criticalPoints(name).map((p) => ({ at: [p.at[0], p.at[1]], kind: p.kind })),
    };
  });
}

function linspace(from: number, to: number, n: number): number[] {
  // Endpoints exact, so the grid covers the window edge to edge.
  return Array.from({ length: n }, (_, i) => (i === n - 1 ? to : from + ((to - from) * i) / (n - 1)));
}

/**
 * f sampled on resolution × resolution points spanning `window` (the surface's default when
 * omitted), z[j][i] = f(xs[i], ys[j]). min/max ignore non-finite samples (a far-out window on a
 * steep surface may overflow) so colour scales stay usable.
 */
export function surfaceGrid(fn: SurfaceName, window?: Window, resolution = 120): SurfaceGrid {
  const surface = requireSurface(fn);
  const [[x0, x1], [y0, y1]] = window ?? surface.window;
  if (!Number.isFinite(x0) || !Number.isFinite(x1) || !(x0 < x1)) throw new RangeError(`window: x range must be finite with xmin < xmax, got [${x0}, ${x1}]`);
  if (!Number.isFinite(y0) || !Number.isFinite(y1) || !(y0 < y1)) throw new RangeError(`window: y range must be finite with ymin < ymax, got [${y0}, ${y1}]`);
  if (!Number.isInteger(resolution) || resolution < 2) throw new RangeError(`resolution: expected an integer ≥ 2, got ${resolution}`);
  const xs = linspace(x0, x1, resolution);
  const ys = linspace(y0, y1, resolution);
  let min = Infinity;
  let max = -Infinity;
  const z = ys.map((y) =>
    xs.map((x) => {
      const v = surface.value(x, y);
      if (Number.isFinite(v)) {
        if (v < min) min = v;
        if (v > max) max = v;
      }
      return v;
    }),
  );
  if (min === Infinity) throw new RangeError(`window: ${fn} is not finite anywhere in this window`);
  return { fn, xs, ys, z, min, max };
}
