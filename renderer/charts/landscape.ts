// The loss landscape's 2-D slice (Li et al. 2018) drawn two ways: the surface lab's contour
// picture (colour image + contour lines, log scale) with the stored weights projected on the
// plane, and a 3-D surface of log10 loss for echarts-gl.
import type { EChartsOption } from 'echarts';
import type { LossLandscape, SurfaceGrid } from '../../preload/contract';
import { rampColor } from './palette';
import { buildSurfaceOption, surfaceLayer } from './surface';

type Plane = NonNullable<LossLandscape['plane']>;

function planeGrid(plane: Plane): SurfaceGrid {
  const all = plane.z.flat();
  // surfaceLayer reads only the grid and its range; the plane belongs to no named surface.
  return { fn: 'ravine', xs: plane.xs, ys: plane.ys, z: plane.z, min: Math.min(...all), max: Math.max(...all) };
}

/** The projected initial weights, or null when they fall outside the plotted window. */
export function initOnPlane(plane: Plane): [number, number] | null {
  const t = plane.trajectory;
  if (!t) return null;
  return [t.x[0]!, t.y[0]!];
}

export function insideWindow(plane: Plane, p: [number, number]): boolean {
  const r = plane.xs[plane.xs.length - 1]!;
  return Math.abs(p[0]) <= r && Math.abs(p[1]) <= r;
}

export function buildPlaneOption(plane: Plane, labels: { x: string; y: string; final: string; init: string; path: string }, dark: boolean): EChartsOption {
  const grid = planeGrid(plane);
  const r0 = plane.xs[0]!;
  const r1 = plane.xs[plane.xs.length - 1]!;
  const init = initOnPlane(plane);
  const shown = init && insideWindow(plane, init) ? init : null;
  return buildSurfaceOption({
    window: [[r0, r1], [plane.ys[0]!, plane.ys[plane.ys.length - 1]!]],
    layer: surfaceLayer(grid, true),
    minima: [[0, 0]],
    start: shown,
    trajectories: shown ? [{ label: labels.path, points: [[shown[0], shown[1], 0], [0, 0, 0]] }] : [],
    step: null,
    analysis: null,
    labels: { start: labels.init, minimum: labels.final, analysed: '', escape: '', eigen: (v) => v, x: labels.x, y: labels.y },
    dark,
  });
}

export interface SurfaceQuad {
  /** Corners on the screen plane (the chart's hidden axes span [−1.6, 1.6]). */
  points: [number, number][];
  /** Mean log10 loss, for the colour. */
  level: number;
  depth: number;
}

/**
 * The plane as a 3-D surface drawn in 2-D: every grid cell a quadrilateral, rotated by azimuth
 * and tilted by elevation, far cells first (painter's algorithm). Height is log10 loss scaled to
 * [0, 1]. (echarts-gl draws real WebGL surfaces but compiles expressions with `new Function`,
 * which the app's CSP forbids.)
 */
export function surfaceQuads(plane: Plane, azimuthDeg: number, elevationDeg = 28): { quads: SurfaceQuad[]; lo: number; hi: number } {
  const a = (azimuthDeg * Math.PI) / 180;
  const e = (elevationDeg * Math.PI) / 180;
  const r = Math.max(Math.abs(plane.xs[0]!), Math.abs(plane.xs[plane.xs.length - 1]!)) || 1;
  const logs = plane.z.map((row) => row.map((v) => Math.log10(Math.max(v, 1e-12))));
  const flat = logs.flat();
  const lo = Math.min(...flat);
  const hi = Math.max(...flat);
  const project = (i: number, j: number): [number, number, number] => {
    const x = plane.xs[i]! / r;
    const y = plane.ys[j]! / r;
    const z = hi > lo ? (logs[j]![i]! - lo) / (hi - lo) : 0.5;
    const u = x * Math.cos(a) - y * Math.sin(a);
    const v = x * Math.sin(a) + y * Math.cos(a);
    return [u, 0.9 * z * Math.cos(e) + v * Math.sin(e) - 0.45, v];
  };
  const quads: SurfaceQuad[] = [];
  for (let j = 0; j + 1 < plane.ys.length; j++)
    for (let i = 0; i + 1 < plane.xs.length; i++) {
      const corners = [project(i, j), project(i + 1, j), project(i + 1, j + 1), project(i, j + 1)];
      quads.push({
        points: corners.map(([sx, sy]) => [sx, sy]),
        level: (logs[j]![i]! + logs[j]![i + 1]! + logs[j + 1]![i + 1]! + logs[j + 1]![i]!) / 4,
        depth: corners.reduce((d, c) => d + c[2], 0) / 4,
      });
    }
  quads.sort((p, q) => q.depth - p.depth);
  return { quads, lo, hi };
}

export function buildPlane3dOption(plane: Plane, azimuthDeg: number, dark: boolean): EChartsOption {
  const { quads, lo, hi } = surfaceQuads(plane, azimuthDeg);
  const colour = (level: number) => `rgb(${rampColor(hi > lo ? (level - lo) / (hi - lo) : 0.5).join(',')})`;
  const hidden = { type: 'value' as const, min: -1.6, max: 1.6, show: false };
  return {
    animation: false,
    grid: { left: 8, right: 8, top: 8, bottom: 8 },
    xAxis: hidden,
    yAxis: { ...hidden, min: -1.2, max: 1.2 },
    series: [
      {
        type: 'custom',
        silent: true,
        data: quads.map((q) => q.points[0]),
        renderItem: (params, api) => {
          const q = quads[params.dataIndex]!;
          return {
            type: 'polygon',
            shape: { points: q.points.map((p) => api.coord(p)) },
            style: { fill: colour(q.level), stroke: dark ? 'rgba(255,255,255,0.18)' : 'rgba(0,0,0,0.22)', lineWidth: 0.5 },
          };
        },
      },
    ],
  };
}
