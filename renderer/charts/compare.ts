// The compare page's charts: overlaid metric curves (smoothed over a faint raw curve, or a group's
// mean with a ± std band) and a parallel-coordinates view of hyperparameters → final metric.
import type { EChartsOption, SeriesOption } from 'echarts';
import { compact, divergedMarks, forLogAxis, logRange, valueAxis, type LineSeries } from './lines';
import type { Band } from './series';

export interface CompareLine extends LineSeries {
  /** The unsmoothed curve, drawn faintly behind the smoothed one. */
  raw?: [number, number][];
}

export interface CompareBand {
  name: string;
  color: string;
  band: Band;
}

export interface CompareChartInput {
  lines: CompareLine[];
  bands?: CompareBand[];
  xName: string;
  /** Whole-number x (epochs, steps): no ticks between them. */
  integerX?: boolean;
  yName: string;
  logY?: boolean;
  /** Label of the mark at a diverged run's last point (runs carry divergedAt). */
  divergedLabel?: (x: number) => string;
  dark: boolean;
}

/** Lower and upper edges of a band; on a log axis a non-positive lower edge becomes a tiny positive value. */
export function bandEdges(band: Band, logY: boolean): { lo: number[]; hi: number[] } {
  const lo = band.mean.map((m, i) => m - band.std[i]!);
  const hi = band.mean.map((m, i) => m + band.std[i]!);
  if (logY) for (let i = 0; i < lo.length; i++) if (!(lo[i]! > 0)) lo[i] = band.mean[i]! > 0 ? band.mean[i]! / 10 : Number.NaN;
  return { lo, hi };
}

function withAlpha(hex: string, alpha: number): string {
  const m = /^#([0-9a-f]{6})$/i.exec(hex);
  if (!m) return hex;
  const v = parseInt(m[1]!, 16);
  return `rgba(${(v >> 16) & 255},${(v >> 8) & 255},${v & 255},${alpha})`;
}

/** One polygon per band, drawn by a custom series whose first data item paints the whole outline. */
function bandSeries(b: CompareBand, logY: boolean): SeriesOption {
  const { lo, hi } = bandEdges(b.band, logY);
  const data = b.band.x.map((x, i) => [x, lo[i]!, hi[i]!]);
  const valid = data.filter((d) => Number.isFinite(d[1]) && Number.isFinite(d[2]));
  return {
    name: b.name,
    type: 'custom',
    data,
    silent: true,
    z: 1,
    // The legend lists the lines only; this keeps the band's colour if a legend ever shows it.
    itemStyle: { color: b.color },
    tooltip: { show: false },
    renderItem: ((params: { dataIndex: number }, api: { coord(p: number[]): number[] }) => {
      if (params.dataIndex !== 0 || valid.length < 2) return null;
      const upper = valid.map((d) => api.coord([d[0]!, d[2]!]));
      const lower = valid.map((d) => api.coord([d[0]!, d[1]!])).reverse();
      return { type: 'polygon', shape: { points: [...upper, ...lower] }, style: { fill: withAlpha(b.color, 0.18) }, silent: true };
    }) as never,
    encode: { x: 0, y: [1, 2] },
    animation: false,
  } as SeriesOption;
}

interface TooltipParam {
  seriesName?: string;
  marker?: string;
  value?: unknown;
  axisValue?: unknown;
  componentSubType?: string;
  seriesId?: string;
}

/** Hover text: the x, then each curve's value — a group's mean with its ± std and run count. */
export function compareTooltip(params: TooltipParam[], spreads: Map<string, Map<number, { std: number; n: number }>>): string {
  // The faint raw curves repeat their smoothed curve's name; the hover lists the smoothed value.
  const list = params.filter((p) => p.componentSubType === 'line' && Array.isArray(p.value) && !String(p.seriesId ?? '').startsWith('raw:'));
  if (list.length === 0) return '';
  const x = Number((list[0]!.value as unknown[])[0]);
  const esc = (t: string) => t.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
  const rows = list.map((p) => {
    const y = (p.value as unknown[])[1];
    const spread = spreads.get(p.seriesName ?? '')?.get(x);
    const value = typeof y === 'number' ? compact(y) : '—';
    return `${p.marker ?? ''}${esc(p.seriesName ?? '')}: <b>${value}</b>${spread ? ` ± ${compact(spread.std)} (n=${spread.n})` : ''}`;
  });
  return [`${compact(x)}`, ...rows].join('<br/>');
}

export function buildCompareOption(input: CompareChartInput): EChartsOption {
  const spreads = new Map((input.bands ?? []).map((b) => [b.name, new Map(b.band.x.map((x, i) => [x, { std: b.band.std[i]!, n: b.band.n[i]! }]))]));
  const logY = input.logY ?? false;
  const text = input.dark ? '#c9d1d9' : '#444';
  const series: SeriesOption[] = [];
  for (const b of input.bands ?? []) series.push(bandSeries(b, logY));
  for (const line of input.lines) {
    const color = line.color ?? '#888888';
    if (line.raw) {
      series.push({
        id: `raw:${line.name}`,
        name: line.name,
        type: 'line',
        data: forLogAxis(line.raw, false, logY),
        showSymbol: false,
        silent: true,
        lineStyle: { width: 1, color, opacity: 0.25, type: line.dashed ? 'dashed' : 'solid' },
        itemStyle: { color },
        tooltip: { show: false },
        z: 2,
        animation: false,
      });
    }
    series.push({
      name: line.name,
      type: 'line',
      data: forLogAxis(line.points, false, logY),
      showSymbol: false,
      connectNulls: false,
      lineStyle: { width: 1.8, color, type: line.dashed ? 'dashed' : 'solid' },
      itemStyle: { color },
      emphasis: { focus: 'series' },
      z: 3,
      animation: false,
    });
  }
  // A log axis keeps to the data's meaningful range; a diverged run is marked, not stretching it.
  const range = logY ? logRange(input.lines) : null;
  const marks = input.divergedLabel ? divergedMarks(input.lines, range, input.divergedLabel, text) : null;
  if (marks) series.push(marks);
  return {
    backgroundColor: 'transparent',
    animation: false,
    grid: { left: 68, right: 20, top: 40, bottom: 44 },
    // One icon shape for every entry: a group's first series is its band, a run's its line.
    legend: { top: 4, type: 'scroll', icon: 'roundRect', textStyle: { color: text }, data: input.lines.map((l) => l.name) },
    tooltip: { trigger: 'axis', confine: true, formatter: ((params: TooltipParam[]) => compareTooltip(params, spreads)) as never },
    xAxis: { ...valueAxis(input.xName, true, false, input.dark), min: 'dataMin', max: 'dataMax', ...(input.integerX ? { minInterval: 1 } : {}) },
    yAxis: { ...valueAxis(input.yName, false, logY, input.dark, 52, range), ...(range ? { min: range.min, max: range.max } : {}) },
    series,
  };
}

// ---------------------------------------------------------------- parallel coordinates

export interface ParallelDim {
  name: string;
  /** Category axes list their values; numeric ones leave this out. */
  categories?: string[];
  log?: boolean;
  /** Whole numbers only (seeds, batch sizes): ticks at integers. */
  integer?: boolean;
}

export interface ParallelRow {
  name: string;
  color: string;
  /** One per dimension: numbers on value axes, strings on category axes. */
  values: (number | string | null)[];
}

/**
 * Which settings differ across runs and can stand on a parallel axis: numbers stay numeric
 * (log-scaled when they span more than a decade and are all positive), anything else is a category.
 */
export function parallelDims(columns: { key: string; values: string[] }[]): { dim: ParallelDim; parse: (v: string) => number | string | null }[] {
  return columns.map(({ key, values }) => {
    const nums = values.map((v) => (v.trim() === '' ? Number.NaN : Number(v)));
    if (nums.every((n) => Number.isFinite(n))) {
      const lo = Math.min(...nums);
      const hi = Math.max(...nums);
      const dim: ParallelDim = { name: key, log: lo > 0 && hi / lo > 10 };
      if (nums.every((v) => Number.isInteger(v))) dim.integer = true;
      return { dim, parse: (v: string) => Number(v) };
    }
    return { dim: { name: key, categories: [...new Set(values)] }, parse: (v: string) => v };
  });
}

/** CJK ideographs and punctuation, and the full-width forms: one em wide, and a line may break between any two. */
const WIDE = '\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef';
const WIDE_CHAR = new RegExp(`[${WIDE}]`);
/** A wide character, or a run of others, each with the spaces after it: the pieces a line breaks between. */
const BREAKABLE = new RegExp(`[${WIDE}]\\s*|[^\\s${WIDE}]+\\s*`, 'g');

/** About how wide `text` is in the charts' 12-px sans-serif (CJK and full-width forms ≈ one em, others ≈ 0.55 em). */
export function textWidth(text: string, px = 12): number {
  let w = 0;
  for (const c of text) w += WIDE_CHAR.test(c) ? px : 0.55 * px;
  return w;
}

/** `text` in lines no wider than `width` px: broken at spaces and between any two CJK characters, a word longer than a line wherever it must. */
export function wrapText(text: string, width: number): string[] {
  const tokens = text.match(BREAKABLE) ?? [text];
  const words = tokens.flatMap((word) => {
    if (textWidth(word.trimEnd()) <= width) return [word];
    const pieces: string[] = [];
    for (const c of word) (pieces.length && textWidth(pieces.at(-1)! + c) <= width ? (pieces[pieces.length - 1] += c) : pieces.push(c));
    return pieces;
  });
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    if (line && textWidth((line + word).trimEnd()) > width) {
      lines.push(line.trimEnd());
      line = '';
    }
    line += word;
  }
  if (line.trim()) lines.push(line.trimEnd());
  return lines;
}

/** Where the parallel axes and their names go on a chart `width` px wide (see buildParallelOption). */
function parallelLayout(names: string[], width: number) {
  const n = names.length;
  // The first guess of the margins fixes the spacing; each margin then holds half a name (and the last axis' ticks).
  const spacing = n > 1 ? Math.max(40, (width - 60 - 80) / (n - 1)) : width - 140;
  /** Each name breaks into lines no wider than the room between two axes, so no two names meet. */
  const nameWidth = Math.round(Math.min(200, Math.max(36, spacing - 14)));
  const wrapped = names.map((name) => wrapText(name, nameWidth));
  const lines = Math.max(1, ...wrapped.map((l) => l.length));
  const LINE = 15;
  /** Half of a name as drawn (at most its lines' width): the first and last hang out by that much. */
  const half = (lines: string[] = []) => Math.max(0, ...lines.map((l) => textWidth(l))) / 2;
  return {
    /** The names, their lines joined by line breaks. */
    names: wrapped.map((l) => l.join('\n')),
    left: Math.round(Math.max(24, half(wrapped[0]) + 6)),
    right: Math.round(Math.max(80, half(wrapped.at(-1)) + 6)),
    top: 14 + LINE * lines,
    nameWidth,
    labelWidth: Math.round(Math.max(30, spacing - 18)),
    lineHeight: LINE,
  };
}

/**
 * Settings → final metric as parallel coordinates. Axis names sit above their axes, each broken
 * into lines no wider than the room between two axes (the chart's `width`, px, sets that room), the
 * plot starting below the tallest; category labels break into lines within that room too.
 */
export function buildParallelOption(input: { dims: ParallelDim[]; rows: ParallelRow[]; dark: boolean; width?: number }): EChartsOption {
  const text = input.dark ? '#c9d1d9' : '#444';
  const layout = parallelLayout(input.dims.map((d) => d.name), input.width ?? 800);
  return {
    backgroundColor: 'transparent',
    animation: false,
    tooltip: { trigger: 'item', confine: true },
    parallel: {
      left: layout.left,
      right: layout.right,
      top: layout.top,
      bottom: 30,
      parallelAxisDefault: {
        nameLocation: 'end',
        nameGap: 10,
        // The names come broken into lines (wrapText): ECharts would cut a long one to the room with '…'.
        nameTextStyle: { color: text, lineHeight: layout.lineHeight, align: 'center', verticalAlign: 'bottom' },
        nameTruncate: { maxWidth: layout.nameWidth + 24 },
        axisLabel: { color: text, width: layout.labelWidth, overflow: 'break', lineHeight: 14 },
        axisLine: { lineStyle: { color: text } },
      },
    },
    parallelAxis: input.dims.map((d, dim) =>
      d.categories
        ? { dim, name: layout.names[dim], type: 'category' as const, data: d.categories }
        : { dim, name: layout.names[dim], type: d.log ? ('log' as const) : ('value' as const), scale: true, ...(d.integer ? { minInterval: 1 } : {}) },
    ),
    series: input.rows.map((r) => ({
      name: r.name,
      type: 'parallel' as const,
      lineStyle: { width: 2, color: r.color, opacity: 0.85 },
      data: [r.values.map((v) => (v === null ? '-' : v))],
    })) as SeriesOption[],
  };
}
