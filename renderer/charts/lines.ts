// Line charts over steps (or lr): loss, learning rate, gradient norm, schedule preview, compare
// overlays and the LR range test all share this one builder.
import type { EChartsOption, SeriesOption } from 'echarts';
import { LINE_BUDGET, minMaxLine } from './decimate';
import { lineColor } from './palette';

export interface LineSeries {
  name: string;
  points: [number, number][];
  color?: string;
  /** E.g. validation next to training in the same colour. */
  dashed?: boolean;
  /** x where the run diverged: on a log axis its blow-up does not stretch the range; it is marked instead. */
  divergedAt?: number | null;
}

export interface LineChartInput {
  series: LineSeries[];
  xName: string;
  yName: string;
  logY?: boolean;
  logX?: boolean;
  /** A vertical marker, e.g. the playback step. */
  markX?: number | null;
  /** Points to highlight, e.g. the suggested rate of a range test. */
  marks?: { name: string; point: [number, number] }[];
  legend?: boolean;
  /** Whole-number x ticks (epochs). */
  integerX?: boolean;
  /** Label of the mark at a diverged run's last point, e.g. (x) => `diverged at step ${x}`. */
  divergedLabel?: (x: number) => string;
  dark: boolean;
}

/** Decades a log axis spans at most below its top: 1e-20 next to 1e+2 flattens every curve. */
export const LOG_DECADES = 14;

/**
 * The y range of a log axis that the data means: from the smallest to the largest finite positive
 * value, where a diverged run counts only up to the largest value the other runs (and its own
 * start) reach — its blow-up towards 1e+300 would flatten everything else — and the bottom stays
 * within LOG_DECADES of the top. Whole decades (powers of ten); null when nothing is positive.
 */
export function logRange(series: LineSeries[]): { min: number; max: number } | null {
  // Plain loops: a 100k-step race hands over 100k points per series, and spreading them into
  // Math.max or filtering copies cost a long task.
  const usable = (y: number) => y > 0 && Number.isFinite(y);
  let top = -Infinity;
  for (const s of series) {
    const diverged = s.divergedAt !== undefined && s.divergedAt !== null;
    for (const [, y] of s.points) {
      if (!usable(y)) continue;
      if (y > top) top = y;
      if (diverged) break;
    }
  }
  if (top === -Infinity) return null;
  let bottom = Infinity;
  for (const s of series) for (const [, y] of s.points) if (usable(y) && y <= top && y < bottom) bottom = y;
  const max = 10 ** Math.ceil(Math.log10(top) - 1e-9);
  const min = Math.max(10 ** Math.floor(Math.log10(bottom) + 1e-9), max / 10 ** LOG_DECADES);
  return { min, max: max > min ? max : min * 10 };
}

/** On a log axis a value ≤ 0 has no place: it becomes a gap instead of breaking the axis. */
export function forLogAxis(points: [number, number][], logX: boolean, logY: boolean): [number, number | null][] {
  return points
    .filter(([x]) => !logX || x > 0)
    .map(([x, y]) => [x, logY && !(y > 0) ? null : Number.isFinite(y) ? y : null]);
}

export function hasNonPositive(series: LineSeries[]): boolean {
  // NaN/Inf (a diverged run) is left out as a gap anyway; only a finite y ≤ 0 has no place on a log axis.
  return series.some((s) => s.points.some(([, y]) => Number.isFinite(y) && !(y > 0)));
}

export const compact = (v: number) => (v !== 0 && (Math.abs(v) >= 1e4 || Math.abs(v) < 1e-2) ? v.toExponential(1) : String(Number(v.toPrecision(4))));

const SUPERSCRIPT: Record<string, string> = { '-': '⁻', 0: '⁰', 1: '¹', 2: '²', 3: '³', 4: '⁴', 5: '⁵', 6: '⁶', 7: '⁷', 8: '⁸', 9: '⁹' };

/**
 * A tick of a log axis: every power of ten in one form, 10ᵏ (10⁻³, 10⁻², 10⁰, 10²), so one axis
 * never mixes "0.01" with "1.0e-3"; a tick between powers (rare on a log axis) reads as compact.
 */
export function logTick(v: number): string {
  if (!(v > 0) || !Number.isFinite(v)) return compact(v);
  const k = Math.round(Math.log10(v));
  if (Math.abs(v / 10 ** k - 1) > 1e-9) return compact(v);
  return `10${String(k).replace(/[-0-9]/g, (c) => SUPERSCRIPT[c]!)}`;
}

/**
 * A tick of a linear axis: a whole number as it is (8000, 10000, 100000 — a step axis never ends in
 * "1.0e+4" after "8000"), below 10⁷; anything else as compact.
 */
export const linearTick = (v: number) => (Number.isInteger(v) && Math.abs(v) < 1e7 ? String(v) : compact(v));

/** At most this many labelled ticks on a log axis (logTicks). */
const MAX_LOG_TICKS = 7;

/**
 * The labelled ticks of a log axis over [min, max]: the powers of ten whose exponent is a multiple
 * of one step of decades (1, 2, 3, 5, 10, …), counted from 10⁰, so the gaps are equal — never
 * 10⁰, 10⁻¹⁰ and then the axis' own end 10⁻¹³ squeezed under it.
 */
export function logTicks(min: number, max: number): number[] {
  if (!(min > 0) || !(max > min) || !Number.isFinite(max)) return [];
  const lo = Math.ceil(Math.log10(min) - 1e-9);
  const hi = Math.floor(Math.log10(max) + 1e-9);
  const span = Math.max(0, hi - lo);
  const every = [1, 2, 3, 5, 10, 20, 50, 100].find((d) => Math.floor(span / d) + 1 <= MAX_LOG_TICKS) ?? Math.ceil(span / (MAX_LOG_TICKS - 1));
  const ticks: number[] = [];
  for (let k = Math.ceil(lo / every) * every; k <= hi; k += every) ticks.push(Number(`1e${k}`));
  return ticks;
}

/**
 * A numeric axis in the app's style (shared by every line-like chart). A log axis given its range
 * (logRange) ticks on logTicks; without one ECharts places its ticks.
 */
export function valueAxis(name: string, isX: boolean, log: boolean, dark: boolean, nameGap = isX ? 28 : 48, range: { min: number; max: number } | null = null) {
  const text = dark ? '#c9d1d9' : '#444';
  const split = dark ? 'rgba(255,255,255,0.08)' : 'rgba(0,0,0,0.07)';
  const ticks = log && range ? logTicks(range.min, range.max) : null;
  return {
    type: log ? ('log' as const) : ('value' as const),
    name,
    nameLocation: 'middle' as const,
    nameGap,
    scale: !isX,
    axisLine: { lineStyle: { color: text } },
    axisLabel: { color: text, formatter: (v: number) => (log ? logTick(v) : linearTick(v)), ...(ticks ? { customValues: ticks } : {}) },
    ...(ticks ? { axisTick: { customValues: ticks } } : {}),
    splitLine: { lineStyle: { color: split } },
    nameTextStyle: { color: text },
  };
}

/**
 * A triangle at each diverged run's last finite point (held inside the axis range), labelled with
 * where it diverged; null when no run diverged. Shared by every chart with a log loss axis.
 */
export function divergedMarks(
  series: LineSeries[],
  range: { min: number; max: number } | null,
  label: (x: number) => string,
  text: string,
): SeriesOption | null {
  const diverged = series
    .map((s, i) => ({ s, i, last: s.points.filter(([, y]) => Number.isFinite(y)).at(-1) }))
    .filter(({ s, last }) => s.divergedAt !== undefined && s.divergedAt !== null && last);
  if (diverged.length === 0) return null;
  return {
    id: 'diverged',
    name: 'diverged',
    type: 'scatter',
    silent: true,
    symbol: 'triangle',
    symbolSize: 11,
    z: 6,
    data: diverged.map(({ s, i, last }) => ({
      value: [s.divergedAt!, range ? Math.min(Math.max(last![1], range.min), range.max) : last![1]],
      itemStyle: { color: s.color ?? lineColor(i), borderColor: text, borderWidth: 1 },
      label: { show: true, position: 'left', color: text, formatter: label(s.divergedAt!) },
    })),
    tooltip: { show: false },
  };
}

/** A round step near span/5: 1, 2, 2.5 or 5 times a power of ten. */
export function niceStep(span: number): number {
  const raw = span / 5;
  const power = 10 ** Math.floor(Math.log10(raw));
  const f = raw / power;
  return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10) * power;
}

/**
 * A linear x axis from a multiple of an even step to one, every tick a multiple of it (0.02, 0.04, …
 * rather than the data's own 0.01 followed by 0.03, 0.06); whole-number axes keep their data range.
 */
function xExtent(input: LineChartInput): { min?: number | 'dataMin'; max?: number | 'dataMax'; interval?: number; minInterval?: number } {
  if (input.logX) return {};
  if (input.integerX) return { min: 'dataMin', max: 'dataMax', minInterval: 1 };
  let lo = Infinity;
  let hi = -Infinity;
  for (const s of input.series) {
    for (const [x] of s.points) {
      if (!Number.isFinite(x)) continue;
      lo = Math.min(lo, x);
      hi = Math.max(hi, x);
    }
  }
  if (!(hi > lo)) return { min: 'dataMin', max: 'dataMax' };
  const step = niceStep(hi - lo);
  const round = (v: number) => Number(v.toPrecision(12));
  return { min: round(Math.floor(lo / step + 1e-9) * step), max: round(Math.ceil(hi / step - 1e-9) * step), interval: step };
}

export function buildLineOption(input: LineChartInput): EChartsOption {
  const text = input.dark ? '#c9d1d9' : '#444';
  const series: SeriesOption[] = input.series.map((s, i) => ({
    name: s.name,
    type: 'line',
    data: minMaxLine(forLogAxis(s.points, input.logX ?? false, input.logY ?? false), LINE_BUDGET),
    showSymbol: false,
    connectNulls: false,
    sampling: 'lttb',
    lineStyle: { width: 1.8, color: s.color ?? lineColor(i), type: s.dashed ? 'dashed' : 'solid' },
    itemStyle: { color: s.color ?? lineColor(i) },
    emphasis: { focus: 'series' },
    animation: false,
  }));
  if (input.markX !== undefined && input.markX !== null && series[0]) {
    (series[0] as { markLine?: unknown }).markLine = {
      silent: true,
      symbol: 'none',
      label: { show: false },
      lineStyle: { color: text, type: 'dashed', width: 1 },
      data: [{ xAxis: input.markX }],
    };
  }
  if (input.marks && input.marks.length > 0) {
    series.push({
      name: input.marks[0]!.name,
      type: 'scatter',
      data: input.marks.map((m) => ({ name: m.name, value: m.point })),
      symbolSize: 12,
      symbol: 'diamond',
      itemStyle: { color: '#ffb000', borderColor: '#000', borderWidth: 1 },
      z: 5,
    });
  }
  const range = input.logY ? logRange(input.series) : null;
  const marks = input.divergedLabel ? divergedMarks(input.series, range, input.divergedLabel, text) : null;
  if (marks) series.push(marks);
  const axis = (log: boolean | undefined, name: string, isX: boolean) => valueAxis(name, isX, log ?? false, input.dark, undefined, isX ? null : range);
  const showLegend = input.legend ?? input.series.length > 1;
  return {
    backgroundColor: 'transparent',
    animation: false,
    grid: { left: 64, right: 20, top: showLegend ? 36 : 14, bottom: 44 },
    legend: showLegend
      ? { top: 4, type: 'scroll', textStyle: { color: text }, data: series.filter((s) => s.id !== 'diverged').map((s) => String(s.name)) }
      : { show: false },
    tooltip: {
      trigger: 'axis',
      confine: true,
      valueFormatter: (v) => (typeof v === 'number' ? compact(v) : String(v ?? '')),
    },
    xAxis: { ...axis(input.logX, input.xName, true), ...xExtent(input) },
    yAxis: { ...axis(input.logY, input.yName, false), ...(range ? { min: range.min, max: range.max } : {}) },
    series,
  };
}
