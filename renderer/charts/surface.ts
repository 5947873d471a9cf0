// The error-surface map: a colour image of f over the view window, contour lines, known minima,
// the start point, trajectories (cut at the playback step) with their end markers, and, at an
// analysed point, the Hessian's eigenvector arrows. Pure: data in, ECharts option out.
import type { EChartsOption, SeriesOption } from 'echarts';
import type { CriticalKind, CriticalPointAnalysis, SurfaceGrid } from '../../preload/contract';
import { contourSegments, evenLevels } from './contour';
import { indicesUpTo, pathIndices } from './decimate';
import { bmpDataUrl } from './image';
import { NEGATIVE_EIGEN, POSITIVE_EIGEN, rampColor, seriesColor } from './palette';

export interface SurfaceLayer {
  /** The grid's values mapped to colour-scale space (log10 above the minimum where logScale). */
  scaled: number[][];
  lo: number;
  hi: number;
  imageUrl: string;
  contours: [[number, number], [number, number]][];
}

/** log10(z − min + δ): spreads the huge dynamic range of e.g. Rosenbrock over the colours. */
export function scaleGrid(grid: SurfaceGrid, logScale: boolean): { scaled: number[][]; lo: number; hi: number } {
  const range = grid.max - grid.min;
  const delta = range > 0 ? range * 1e-4 : 1;
  const f = logScale ? (v: number) => Math.log10(v - grid.min + delta) : (v: number) => v;
  let lo = Infinity;
  let hi = -Infinity;
  const scaled = grid.z.map((row) =>
    row.map((v) => {
      const s = Number.isFinite(v) ? f(v) : Number.NaN;
      if (Number.isFinite(s)) {
        lo = Math.min(lo, s);
        hi = Math.max(hi, s);
      }
      return s;
    }),
  );
  if (!(hi > lo)) hi = lo + 1;
  return { scaled, lo, hi };
}

export function surfaceLayer(grid: SurfaceGrid, logScale: boolean, levels = 14): SurfaceLayer {
  const { scaled, lo, hi } = scaleGrid(grid, logScale);
  const imageUrl = surfaceImage(scaled, lo, hi);
  const contours = contourSegments(grid.xs, grid.ys, scaled, evenLevels(lo, hi, levels));
  return { scaled, lo, hi, imageUrl, contours };
}

/** The scaled grid's colours as an image URL; image row 0 is the top of the chart, i.e. the largest y. */
function surfaceImage(scaled: number[][], lo: number, hi: number): string {
  const rows = scaled.length;
  const cols = scaled[0]?.length ?? 0;
  return bmpDataUrl(cols, rows, (row, col) => rampColor((scaled[rows - 1 - row]![col]! - lo) / (hi - lo)));
}

const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * surfaceLayer in three tasks — the scaling, the image, the contours — with the page free between
 * them (`pause`), so a surface change is not one long task (together 50–150 ms of a 160 × 160 grid
 * here). The same layer as surfaceLayer.
 */
export async function surfaceLayerInTasks(grid: SurfaceGrid, logScale: boolean, levels = 14, pause: () => Promise<void> = nextTask): Promise<SurfaceLayer> {
  const { scaled, lo, hi } = scaleGrid(grid, logScale);
  await pause();
  const imageUrl = surfaceImage(scaled, lo, hi);
  await pause();
  const contours = contourSegments(grid.xs, grid.ys, scaled, evenLevels(lo, hi, levels));
  return { scaled, lo, hi, imageUrl, contours };
}

export interface DrawnTrajectory {
  label: string;
  points: [number, number, number][];
}

export interface SurfaceChartInput {
  window: [[number, number], [number, number]];
  layer: SurfaceLayer | null;
  minima: [number, number][];
  start: [number, number] | null;
  trajectories: DrawnTrajectory[];
  /** Draw each trajectory up to this update (points[0..step]); null = all. */
  step: number | null;
  analysis: CriticalPointAnalysis | null;
  labels: {
    start: string;
    minimum: string;
    analysed: string;
    escape: string;
    eigen: (value: string) => string;
    x: string;
    y: string;
    saddle?: string;
    minimumSet?: string;
  };
  /** The surface's critical points (SurfaceInfo.criticalPoints): its few saddles and a curve of flat minima are marked. */
  criticalPoints?: { at: [number, number]; kind: CriticalKind }[];
  dark: boolean;
}

const fmt = (v: number) => (Math.abs(v) >= 1e4 || (Math.abs(v) < 1e-3 && v !== 0) ? v.toExponential(2) : Number(v.toPrecision(4)).toString());

/** Below this fraction of the window's size a coordinate is rounding noise, not a position. */
const COORDINATE_NOISE = 1e-12;

/**
 * A coordinate on the map as people read it: like formatNumber, but one below COORDINATE_NOISE
 * times the window's largest |bound| (1e-165 next to a window of ±5) reads "≈ 0"; the CSV keeps it.
 */
export function formatCoordinate(v: number, window: [[number, number], [number, number]]): string {
  const size = Math.max(...window.flat().map(Math.abs));
  return v !== 0 && Math.abs(v) < COORDINATE_NOISE * size ? '≈ 0' : fmt(v);
}

/** More saddles than this (Rastrigin's lattice) would bury the map: then none is marked. */
export const MAX_SADDLE_MARKS = 8;
/** At least this many degenerate critical points are a sampled curve of them (w1w2's xy = 1), drawn as one. */
const MIN_CURVE_POINTS = 20;

/** The marks a surface's critical points get: its saddles (when few) and a curve of degenerate points (when sampled). */
export function criticalMarks(points: readonly { at: [number, number]; kind: CriticalKind }[]): { saddles: [number, number][]; curve: [number, number][] } {
  const saddles = points.filter((p) => p.kind === 'saddle').map((p) => p.at);
  const curve = points.filter((p) => p.kind === 'degenerate').map((p) => p.at);
  return { saddles: saddles.length <= MAX_SADDLE_MARKS ? saddles : [], curve: curve.length >= MIN_CURVE_POINTS ? curve : [] };
}

/** The kept indices of a trajectory's thinned path (pathIndices), computed once per result (not per frame). */
const drawnPaths = new WeakMap<object, number[]>();
export function drawnPath(points: DrawnTrajectory['points']): number[] {
  let indices = drawnPaths.get(points);
  if (!indices) {
    indices = pathIndices(points.length, (i) => points[i]![0], (i) => points[i]![1]);
    drawnPaths.set(points, indices);
  }
  return indices;
}

/** Each trajectory up to `step` (null = whole), drawn through at most PATH_BUDGET points. */
export function trajectorySeries(trajectories: DrawnTrajectory[], step: number | null): SeriesOption[] {
  const series: SeriesOption[] = [];
  trajectories.forEach((trajectory, i) => {
    const points = trajectory.points;
    const upTo = step === null ? points.length - 1 : Math.min(step, points.length - 1);
    const kept = indicesUpTo(drawnPath(points), upTo);
    const color = seriesColor(i);
    series.push({
      id: `traj-${i}`,
      name: trajectory.label,
      type: 'line',
      data: kept.map((k) => [points[k]![0], points[k]![1]]),
      showSymbol: false,
      animation: false,
      lineStyle: { color, width: 2.2, shadowBlur: 3, shadowColor: 'rgba(0,0,0,0.55)' },
      itemStyle: { color },
      // Its own canvas layer: a playback frame repaints the paths, not the map's image and contours.
      zlevel: 1,
      z: 5,
      silent: true,
    });
    const last = upTo >= 0 ? points[upTo] : undefined;
    series.push({
      id: `traj-end-${i}`,
      name: trajectory.label,
      type: 'scatter',
      data: last ? [[last[0], last[1], last[2]]] : [],
      symbol: 'circle',
      symbolSize: 10,
      animation: false,
      itemStyle: { color, borderColor: '#111', borderWidth: 1.5 },
      zlevel: 1,
      z: 7,
      tooltip: { formatter: (p) => `${trajectory.label}<br/>(${fmt((p as { value: number[] }).value[0]!)}, ${fmt((p as { value: number[] }).value[1]!)})` },
    });
  });
  return series;
}

/**
 * The analysed point and its arrows' canvas layer: above the map (0), under the playback overlay
 * (renderer/charts/overlay.ts, layer 2). It must be a number: a 'lines' series clears and creates
 * the layer its model names, and without a zlevel that is a layer "undefined", whose canvas goes
 * into the page out of order and moved the map's opaque canvas above the race's paths.
 */
export const ANALYSIS_ZLEVEL = 1;

/** A number as the map labels it and prose writes it, with a true minus sign (λ=−2, 1.00e−5; not λ=-2). */
export const signed = (v: number) => fmt(v).replace(/-/g, '−');

function arrowSeries(analysis: CriticalPointAnalysis, window: SurfaceChartInput['window'], labels: SurfaceChartInput['labels']): SeriesOption[] {
  const [[x0, x1], [y0, y1]] = window;
  const [ax, ay] = analysis.at;
  const out: SeriesOption[] = [
    {
      id: 'analysed',
      name: labels.analysed,
      type: 'scatter',
      data: [[ax, ay]],
      symbol: 'rect',
      symbolSize: 9,
      itemStyle: { color: '#fff', borderColor: '#111', borderWidth: 1.5 },
      zlevel: ANALYSIS_ZLEVEL,
      z: 9,
    },
  ];
  analysis.eigenvectors.forEach((v, k) => {
    const lambda = analysis.eigenvalues[k]!;
    // The arrow's length is a fixed share of the view in each axis, so it reads on any window.
    const dx = v[0] * 0.16 * (x1 - x0);
    const dy = v[1] * 0.16 * (y1 - y0);
    const escape = analysis.escapeDirection !== null && lambda < 0 && lambda === analysis.eigenvalues[0];
    const color = lambda < 0 ? NEGATIVE_EIGEN : POSITIVE_EIGEN;
    const value = signed(lambda);
    out.push({
      id: `eigen-${k}`,
      name: escape ? labels.escape : labels.eigen(value),
      type: 'lines',
      coordinateSystem: 'cartesian2d',
      data: [{ coords: [[ax - dx, ay - dy], [ax + dx, ay + dy]] }],
      symbol: ['arrow', 'arrow'],
      symbolSize: 11,
      animation: false,
      lineStyle: { color, width: escape ? 3.5 : 2.5, opacity: 1, shadowBlur: 2, shadowColor: 'rgba(0,0,0,0.6)' },
      label: {
        show: true,
        position: 'end',
        formatter: escape ? `${labels.escape} λ=${value}` : `λ=${value}`,
        color: '#fff',
        backgroundColor: 'rgba(15, 20, 28, 0.72)',
        borderColor: color,
        borderWidth: 1,
        borderRadius: 4,
        padding: [2, 5],
        fontSize: 11,
      },
      zlevel: ANALYSIS_ZLEVEL,
      z: 8,
      silent: true,
    });
  });
  return out;
}

/**
 * An image stretched over a window of the plot (the surface's colours, a decision boundary): a URL,
 * or an image made for the plot's size in CSS px (the contour lines).
 */
export function imageSeries(
  id: string,
  window: [[number, number], [number, number]],
  image: string | ((width: number, height: number) => HTMLCanvasElement),
  z = 0,
): SeriesOption {
  const [[x0, x1], [y0, y1]] = window;
  return {
    id,
    type: 'custom',
    data: [[x0, y1, x1, y0]],
    silent: true,
    animation: false,
    clip: true,
    z,
    renderItem: (_params, api) => {
      const topLeft = api.coord([x0, y1]);
      const bottomRight = api.coord([x1, y0]);
      const width = bottomRight[0]! - topLeft[0]!;
      const height = bottomRight[1]! - topLeft[1]!;
      return {
        type: 'image',
        style: { image: typeof image === 'string' ? image : image(width, height), x: topLeft[0]!, y: topLeft[1]!, width, height },
      };
    },
  };
}

type Segment = [[number, number], [number, number]];

/** The contour lines' colour and width (CSS px) over the map. */
const CONTOUR_STYLE = { color: 'rgba(255,255,255,0.38)', width: 0.8 };

// The contour lines painted once into a canvas of the plot's size, per layer: drawn as a chart
// series of thousands of segments, every setOption (each playback frame) laid them out and built
// their path again, tens of milliseconds a frame; as one image they cost a drawImage.
const contourCanvases = new WeakMap<Segment[], { key: string; canvas: Canvas }>();

/** The part of a DOM canvas drawn with here (typed by hand: the tests type-check without the DOM library). */
interface Canvas {
  width: number;
  height: number;
  getContext(kind: '2d'): {
    strokeStyle: string;
    lineWidth: number;
    beginPath(): void;
    moveTo(x: number, y: number): void;
    lineTo(x: number, y: number): void;
    stroke(): void;
  } | null;
}

/** `segments` (data coordinates in `window`) stroked onto a transparent canvas of width × height CSS px. */
export function contourCanvas(segments: Segment[], window: [[number, number], [number, number]], width: number, height: number): Canvas {
  const page = globalThis as unknown as { devicePixelRatio?: number; document: { createElement(tag: 'canvas'): Canvas } };
  const ratio = page.devicePixelRatio || 1;
  const w = Math.max(1, Math.round(width * ratio));
  const h = Math.max(1, Math.round(height * ratio));
  const [[x0, x1], [y0, y1]] = window;
  const key = `${w}x${h}:${x0},${x1},${y0},${y1}`;
  const cached = contourCanvases.get(segments);
  if (cached?.key === key) return cached.canvas;
  const canvas = page.document.createElement('canvas');
  canvas.width = w;
  canvas.height = h;
  const context = canvas.getContext('2d');
  if (context) {
    const sx = w / (x1 - x0);
    const sy = h / (y1 - y0);
    context.strokeStyle = CONTOUR_STYLE.color;
    context.lineWidth = CONTOUR_STYLE.width * ratio;
    context.beginPath();
    for (const [[ax, ay], [bx, by]] of segments) {
      context.moveTo((ax - x0) * sx, (y1 - ay) * sy);
      context.lineTo((bx - x0) * sx, (y1 - by) * sy);
    }
    context.stroke();
  }
  contourCanvases.set(segments, { key, canvas });
  return canvas;
}

/** The contour lines as one image over the plot (see contourCanvas). */
const contourSeries = (window: [[number, number], [number, number]], segments: Segment[]): SeriesOption =>
  imageSeries('contours', window, (width, height) => contourCanvas(segments, window, width, height) as unknown as HTMLCanvasElement, 1);

/**
 * Round ticks for a window: the multiples of a 1-2-5 step inside [min, max]. Counted from 0, not
 * from the window's edge, so a window that crosses 0 (w₁w₂'s −2.5…2.5) has a 0 tick and the ends
 * that fall off the grid are not labelled.
 */
export function windowTicks(min: number, max: number, count = 6): number[] {
  const step = niceStep((max - min) / count);
  const first = Math.ceil(min / step - 1e-9);
  const last = Math.floor(max / step + 1e-9);
  const ticks: number[] = [];
  for (let k = first; k <= last; k++) ticks.push(k === 0 ? 0 : Number((k * step).toPrecision(12)));
  return ticks;
}

/** A value axis over [min, max] with the window's round ticks (0 among them when the window crosses it). */
export function windowAxis(name: string, min: number, max: number, nameGap: number, dark: boolean) {
  const axisText = dark ? '#c9d1d9' : '#444';
  const ticks = windowTicks(min, max);
  return {
    type: 'value' as const, min, max, name, nameLocation: 'middle' as const, nameGap,
    axisLine: { onZero: false, lineStyle: { color: axisText } }, splitLine: { show: false },
    axisTick: { customValues: ticks },
    axisLabel: { color: axisText, customValues: ticks },
    nameTextStyle: { color: axisText },
  };
}

export function buildSurfaceOption(input: SurfaceChartInput): EChartsOption {
  const [[x0, x1], [y0, y1]] = input.window;
  const series: SeriesOption[] = [];
  const layer = input.layer;
  if (layer) {
    series.push(imageSeries('surface-image', input.window, layer.imageUrl));
    series.push(contourSeries(input.window, layer.contours));
  }
  const marks = criticalMarks(input.criticalPoints ?? []);
  if (marks.curve.length > 0) {
    // Dense samples of the curve (~1000 Newton solutions) read as a dotted line: no order along it is needed.
    series.push({
      id: 'minimum-set',
      name: input.labels.minimumSet ?? input.labels.minimum,
      type: 'scatter',
      data: marks.curve.map((m) => [m[0], m[1]]),
      symbol: 'circle',
      symbolSize: 3,
      itemStyle: { color: '#ffd54f' },
      z: 3,
      tooltip: { formatter: () => input.labels.minimumSet ?? input.labels.minimum },
    });
  }
  if (marks.saddles.length > 0) {
    series.push({
      id: 'saddles',
      name: input.labels.saddle ?? 'saddle',
      type: 'scatter',
      data: marks.saddles.map((m) => [m[0], m[1]]),
      // A plus turned 45°: an ×, the usual sign of a saddle beside the minima's diamonds.
      symbol: 'path://M4,0H6V4H10V6H6V10H4V6H0V4H4Z',
      symbolRotate: 45,
      symbolSize: 13,
      itemStyle: { color: '#ff7a45', borderColor: '#111', borderWidth: 0.6 },
      z: 4,
      tooltip: { formatter: (p) => `${input.labels.saddle ?? 'saddle'}<br/>(${(p as { value: number[] }).value.map(fmt).join(', ')})` },
    });
  }
  if (input.minima.length > 0) {
    series.push({
      id: 'minima',
      name: input.labels.minimum,
      type: 'scatter',
      data: input.minima.map((m) => [m[0], m[1]]),
      symbol: 'diamond',
      symbolSize: 11,
      itemStyle: { color: '#ffd54f', borderColor: '#111', borderWidth: 1 },
      z: 4,
      tooltip: { formatter: (p) => `${input.labels.minimum}<br/>(${(p as { value: number[] }).value.map(fmt).join(', ')})` },
    });
  }
  if (input.start) {
    series.push({
      id: 'start',
      name: input.labels.start,
      type: 'scatter',
      data: [[input.start[0], input.start[1]]],
      symbol: 'circle',
      symbolSize: 13,
      itemStyle: { color: '#ffffff', borderColor: '#111', borderWidth: 2 },
      z: 6,
      tooltip: { formatter: (p) => `${input.labels.start}<br/>(${(p as { value: number[] }).value.map(fmt).join(', ')})` },
    });
  }
  series.push(...trajectorySeries(input.trajectories, input.step));
  if (input.analysis) series.push(...arrowSeries(input.analysis, input.window, input.labels));

  return {
    backgroundColor: 'transparent',
    animation: false,
    grid: { left: 52, right: 18, top: 14, bottom: 44 },
    tooltip: { trigger: 'item', confine: true },
    xAxis: windowAxis(input.labels.x, x0, x1, 26, input.dark),
    yAxis: windowAxis(input.labels.y, y0, y1, 36, input.dark),
    series,
  };
}

/** 1, 2 or 5 times a power of ten, the first not below `rough`. */
export function niceStep(rough: number): number {
  if (!(rough > 0) || !Number.isFinite(rough)) return 1;
  const power = 10 ** Math.floor(Math.log10(rough));
  const unit = [1, 2, 5, 10].find((m) => m * power >= rough * (1 - 1e-12))!;
  return unit * power;
}

/** The grid value nearest to (x, y), for the hover read-out. */
export function sampleGrid(grid: SurfaceGrid, x: number, y: number): number | null {
  const nearest = (values: number[], v: number) => {
    let best = 0;
    for (let k = 1; k < values.length; k++) if (Math.abs(values[k]! - v) < Math.abs(values[best]! - v)) best = k;
    return best;
  };
  if (grid.xs.length === 0 || grid.ys.length === 0) return null;
  const value = grid.z[nearest(grid.ys, y)]?.[nearest(grid.xs, x)];
  return value === undefined || !Number.isFinite(value) ? null : value;
}

export { fmt as formatNumber };
