// The Network lab's charts: the data (scatter, regression curve, image grid) with the decision
// boundary beneath 2-D points, and the confusion matrix. Pure: data in, ECharts option out.
import type { EChartsOption, SeriesOption } from 'echarts';
import type { DecisionBoundary } from '../../preload/contract';
import { toCsv } from './csv';
import { bmpDataUrl } from './image';
import { imageSeries, windowAxis } from './surface';

/** One colour per class, distinct on light and dark backgrounds and under the boundary tint. */
export const CLASS_COLORS: [number, number, number][] = [
  [31, 119, 180], [255, 127, 14], [44, 160, 44], [214, 39, 40], [148, 103, 189],
  [140, 86, 75], [227, 119, 194], [127, 127, 127], [188, 189, 34], [23, 190, 207],
];
export const classColor = (k: number) => {
  const [r, g, b] = CLASS_COLORS[k % CLASS_COLORS.length]!;
  return `rgb(${r}, ${g}, ${b})`;
};

/**
 * The boundary as an image: each cell takes its class's colour, faded towards the background where
 * the network is unsure (probability near 1/K), so the boundary reads as a soft edge.
 */
export function boundaryImageUrl(b: DecisionBoundary, dark: boolean): string {
  const bg: [number, number, number] = dark ? [22, 27, 34] : [255, 255, 255];
  const n = b.resolution;
  const floor = 1 / Math.max(2, b.classes);
  return bmpDataUrl(n, n, (row, col) => {
    const cell = (n - 1 - row) * n + col; // image row 0 is the top, grid row 0 the bottom
    const c = CLASS_COLORS[b.argmax[cell]! % CLASS_COLORS.length]!;
    const sure = Math.min(1, Math.max(0, (b.confidence[cell]! - floor) / (1 - floor)));
    const w = 0.18 + 0.32 * sure;
    return [bg[0] + (c[0] - bg[0]) * w, bg[1] + (c[1] - bg[1]) * w, bg[2] + (c[2] - bg[2]) * w];
  });
}

export interface PointsChartInput {
  /** [x, y, class] (classification) or [x, y, 0] (regression). */
  points: [number, number, number][];
  window: [[number, number], [number, number]];
  boundaryUrl: string | null;
  classLabel: (k: number) => string;
  regression: boolean;
  xName: string;
  yName: string;
  dark: boolean;
}

export function buildPointsOption(input: PointsChartInput): EChartsOption {
  const [[x0, x1], [y0, y1]] = input.window;
  const series: SeriesOption[] = [];
  if (input.boundaryUrl) series.push(imageSeries('boundary', input.window, input.boundaryUrl));
  const classes = input.regression ? [0] : [...new Set(input.points.map((p) => p[2]))].sort((a, b) => a - b);
  for (const k of classes) {
    series.push({
      id: `class-${k}`,
      name: input.regression ? input.yName : input.classLabel(k),
      type: 'scatter',
      data: input.points.filter((p) => input.regression || p[2] === k).map((p) => [p[0], p[1]]),
      symbolSize: 5,
      // One path for all of a class's points at any count (ECharts' default switches at 2000): with
      // an element per point, each epoch's redraw of the chart took about twice the CPU time.
      large: true,
      largeThreshold: 0,
      animation: false,
      itemStyle: { color: classColor(k), borderColor: input.dark ? '#0d1117' : '#ffffff', borderWidth: 0.6, opacity: 0.9 },
      z: 3,
    });
  }
  const text = input.dark ? '#c9d1d9' : '#444';
  return {
    backgroundColor: 'transparent',
    animation: false,
    grid: { left: 52, right: 18, top: input.regression ? 14 : 34, bottom: 44 },
    legend: input.regression ? { show: false } : { top: 4, textStyle: { color: text } },
    tooltip: { trigger: 'item', confine: true },
    xAxis: windowAxis(input.xName, x0, x1, 26, input.dark),
    yAxis: windowAxis(input.yName, y0, y1, 36, input.dark),
    series,
  };
}

export interface ImageGridInput {
  images: { width: number; height: number; pixels: number[][]; labels: number[] };
  columns: number;
  label: (k: number) => string;
  dark: boolean;
}

/** A grey thumbnail, ink dark on light paper. */
export function greyImageUrl(pixels: number[], width: number, height: number): string {
  return bmpDataUrl(width, height, (row, col) => {
    const v = 255 * (1 - (pixels[row * width + col] ?? 0));
    return [v, v, v];
  });
}

export function buildImageGridOption(input: ImageGridInput): EChartsOption {
  const { width, height, pixels, labels } = input.images;
  const urls = pixels.map((p) => greyImageUrl(p, width, height));
  const cols = input.columns;
  const rows = Math.ceil(pixels.length / cols);
  const text = input.dark ? '#c9d1d9' : '#333';
  return {
    backgroundColor: 'transparent',
    animation: false,
    grid: { left: 8, right: 8, top: 8, bottom: 8 },
    xAxis: { type: 'value', min: 0, max: cols, show: false },
    yAxis: { type: 'value', min: 0, max: rows, show: false, inverse: true },
    series: [
      {
        id: 'images',
        type: 'custom',
        silent: true,
        animation: false,
        data: urls.map((_, i) => [i % cols, Math.floor(i / cols)]),
        renderItem: (params, api) => {
          const i = params.dataIndex;
          const [c, r] = [i % cols, Math.floor(i / cols)];
          const a = api.coord([c, r]);
          const b = api.coord([c + 1, r + 1]);
          const cell = Math.min(b[0]! - a[0]!, b[1]! - a[1]!);
          const side = cell * 0.72;
          const left = a[0]! + (b[0]! - a[0]! - side) / 2;
          return {
            type: 'group',
            children: [
              { type: 'image', style: { image: urls[i]!, x: left, y: a[1]! + 2, width: side, height: side } },
              {
                type: 'text',
                style: { text: input.label(labels[i]!), x: left + side / 2, y: a[1]! + side + 4, align: 'center', verticalAlign: 'top', fill: text, fontSize: 11 },
              },
            ],
          };
        },
      },
    ],
  };
}

export interface ConfusionInput {
  /** matrix[true][predicted]. */
  matrix: number[][];
  truth: string;
  predicted: string;
  dark: boolean;
}

export function buildConfusionOption(input: ConfusionInput): EChartsOption {
  const k = input.matrix.length;
  const names = Array.from({ length: k }, (_, i) => String(i));
  const rowTotals = input.matrix.map((row) => row.reduce((a, b) => a + b, 0));
  const data = input.matrix.flatMap((row, t) => row.map((count, p) => [p, t, count]));
  const text = input.dark ? '#c9d1d9' : '#444';
  const axis = (name: string, inverse: boolean) => ({
    type: 'category' as const,
    data: names,
    name,
    nameLocation: 'middle' as const,
    nameGap: 26,
    inverse,
    axisLine: { lineStyle: { color: text } },
    axisLabel: { color: text },
    nameTextStyle: { color: text },
    splitLine: { show: false },
  });
  return {
    backgroundColor: 'transparent',
    animation: false,
    grid: { left: 52, right: 16, top: 12, bottom: 44 },
    tooltip: { trigger: 'item', confine: true, formatter: (p) => { const v = (p as { value: number[] }).value; return `${input.truth} ${v[1]} → ${input.predicted} ${v[0]}: ${v[2]}`; } },
    xAxis: axis(input.predicted, false),
    yAxis: axis(input.truth, true),
    series: [
      {
        id: 'confusion',
        type: 'custom',
        animation: false,
        data,
        renderItem: (_params, api) => {
          const p = api.value(0) as number;
          const t = api.value(1) as number;
          const count = api.value(2) as number;
          const centre = api.coord([p, t]);
          const size = api.size!([1, 1]) as number[];
          // Shade by the share of the true class's samples, so small classes read as clearly as large ones.
          const share = rowTotals[t]! > 0 ? count / rowTotals[t]! : 0;
          const diagonal = p === t;
          const [r, g, b] = diagonal ? [44, 160, 44] : [214, 39, 40];
          const alpha = count === 0 ? 0.04 : 0.15 + 0.8 * share;
          return {
            type: 'group',
            children: [
              {
                type: 'rect',
                shape: { x: centre[0]! - size[0]! / 2 + 1, y: centre[1]! - size[1]! / 2 + 1, width: size[0]! - 2, height: size[1]! - 2 },
                style: { fill: `rgba(${r}, ${g}, ${b}, ${alpha})` },
              },
              {
                type: 'text',
                style: { text: String(count), x: centre[0]!, y: centre[1]!, align: 'center', verticalAlign: 'middle', fill: share > 0.6 ? '#fff' : text, fontSize: k > 6 ? 10 : 12 },
              },
            ],
          };
        },
      },
    ],
  };
}

export function confusionToCsv(matrix: number[][]): string {
  return toCsv(['true', 'predicted', 'count'], matrix.flatMap((row, t) => row.map((count, p) => [t, p, count])));
}

export function pointsToCsv(points: [number, number, number][], regression: boolean): string {
  return toCsv(regression ? ['x', 'y'] : ['x1', 'x2', 'class'], points.map((p) => (regression ? [p[0], p[1]] : p)));
}

export function imagesToCsv(images: { pixels: number[][]; labels: number[] }): string {
  const width = images.pixels[0]?.length ?? 0;
  return toCsv(['label', ...Array.from({ length: width }, (_, i) => `p${i}`)], images.pixels.map((p, i) => [images.labels[i], ...p]));
}

export function boundaryToCsv(b: DecisionBoundary): string {
  const [[x0, x1], [y0, y1]] = b.window;
  const n = b.resolution;
  const rows: unknown[][] = [];
  for (let j = 0; j < n; j++)
    for (let i = 0; i < n; i++)
      rows.push([x0 + ((i + 0.5) * (x1 - x0)) / n, y0 + ((j + 0.5) * (y1 - y0)) / n, b.argmax[j * n + i], b.confidence[j * n + i]]);
  return toCsv(['x1', 'x2', 'class', 'probability'], rows);
}
