// Charts of the generalization-bound lab (LECTURE §6): the gap histogram, the bad-set frequency
// against Hoeffding's bound, and the edge-count distributions of the two classes.
import type { EChartsOption } from 'echarts';
import type { BoundLabResult } from '../../preload/contract';
import { buildLineOption, compact } from './lines';
import { toCsv } from './csv';

const axisColor = (dark: boolean) => (dark ? '#8b949e' : '#57606a');

interface BarInput {
  labels: string[];
  series: { name: string; values: number[]; color: string }[];
  xName: string;
  yName: string;
  /** Index of a category to mark with a vertical line (e.g. the bin of h_all). */
  markIndex?: number | null;
  markName?: string;
  dark: boolean;
}

function barOption(input: BarInput): EChartsOption {
  const color = axisColor(input.dark);
  return {
    animation: false,
    // Room above the plot for the mark's label when a legend sits there too (h_all under the legend otherwise).
    grid: { left: 56, right: 16, top: input.series.length > 1 && input.markIndex != null ? 44 : 28, bottom: 48 },
    legend: input.series.length > 1 ? { top: 0, textStyle: { color } } : undefined,
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: input.labels, name: input.xName, nameLocation: 'middle', nameGap: 30, axisLabel: { color }, nameTextStyle: { color } },
    yAxis: { type: 'value', name: input.yName, axisLabel: { color }, nameTextStyle: { color } },
    series: input.series.map((s, i) => ({
      type: 'bar',
      name: s.name,
      data: s.values,
      stack: 'all',
      itemStyle: { color: s.color },
      barCategoryGap: '5%',
      ...(i === 0 && input.markIndex != null
        ? { markLine: { symbol: 'none', label: { formatter: input.markName ?? '', color }, lineStyle: { color, type: 'dashed' }, data: [{ xAxis: input.markIndex }] } }
        : {}),
    })),
  };
}

/**
 * Bin edges as labels with as many decimals as their spacing needs: from the bin width's first
 * significant decimal on, one more while two neighbours would still read the same (bins 0.0005
 * wide at 3 decimals read 0.001, 0.001, 0.002, 0.003, 0.003).
 */
export function edgeLabels(edges: readonly number[]): string[] {
  let width = Infinity;
  for (let i = 1; i < edges.length; i++) width = Math.min(width, Math.abs(edges[i]! - edges[i - 1]!));
  let decimals = width > 0 && Number.isFinite(width) ? Math.max(0, Math.ceil(-Math.log10(width) - 1e-9)) : 3;
  for (; ; decimals++) {
    const labels = edges.map((e) => e.toFixed(decimals));
    if (decimals >= 12 || labels.every((l, i) => i === 0 || l !== labels[i - 1])) return labels;
  }
}

export function buildGapOption(r: BoundLabResult, names: { x: string; y: string }, dark: boolean): EChartsOption {
  return barOption({
    labels: edgeLabels(r.gapBins.map((b) => b.to)),
    series: [{ name: names.y, values: r.gapBins.map((b) => b.count), color: '#4c8dff' }],
    xName: names.x,
    yName: names.y,
    dark,
  });
}

export function gapCsv(r: BoundLabResult): string {
  return toCsv(['gap_from', 'gap_to', 'training_sets'], r.gapBins.map((b) => [b.from, b.to, b.count]));
}

/** A probability bound of 1 or more says nothing: every probability is ≤ 1 anyway. */
export const isVacuous = (bound: number) => !(bound < 1);

/**
 * Bad fraction and bound vs ε on a log axis that stops at 1 (the bound spans many orders of
 * magnitude). Where the bound is ≥ 1 it is drawn at 1 and the ε range is shaded as vacuous; the
 * tooltip and the CSV keep its raw value.
 */
export function buildBoundOption(
  r: BoundLabResult,
  epsilon: number,
  names: { x: string; y: string; sampled: string; bound: string; vacuous?: string },
  dark: boolean,
): EChartsOption {
  const sampled = r.epsilons.map((e, i) => [e, r.badFraction[i]!] as [number, number]);
  const bound = r.epsilons.map((e, i) => [e, Math.min(1, r.bound[i]!)] as [number, number]);
  const vacuous = r.epsilons.filter((_, i) => isVacuous(r.bound[i]!));
  const option = buildLineOption({
    series: [
      { name: names.sampled, points: sampled, color: '#4c8dff' },
      { name: names.bound, points: bound, color: '#ff7a45', dashed: true },
    ],
    xName: names.x,
    yName: names.y,
    logY: true,
    markX: epsilon,
    legend: true,
    dark,
  });
  const text = dark ? '#c9d1d9' : '#444';
  const series = option.series as { markArea?: unknown }[];
  if (vacuous.length > 0 && series[1]) {
    series[1].markArea = {
      silent: true,
      itemStyle: { color: dark ? 'rgba(255,122,69,0.12)' : 'rgba(255,122,69,0.10)' },
      label: { show: true, position: 'insideTop', color: text, formatter: names.vacuous ?? 'bound ≥ 1: vacuous' },
      data: [[{ xAxis: Math.min(...vacuous) }, { xAxis: Math.max(...vacuous) }]],
    };
  }
  const nearest = (x: number) => r.epsilons.reduce((best, e, i) => (Math.abs(e - x) < Math.abs(r.epsilons[best]! - x) ? i : best), 0);
  return {
    ...option,
    yAxis: { ...(option.yAxis as object), max: 1 },
    tooltip: {
      trigger: 'axis',
      confine: true,
      formatter: (params: unknown) => {
        const first = (Array.isArray(params) ? params[0] : params) as { axisValue?: number } | undefined;
        const i = nearest(Number(first?.axisValue ?? epsilon));
        const b = r.bound[i]!;
        return `ε = ${compact(r.epsilons[i]!)}<br/>${names.sampled}: ${compact(r.badFraction[i]!)}<br/>${names.bound}: ${compact(b)}${isVacuous(b) ? ` (${names.vacuous ?? 'vacuous'})` : ''}`;
      },
    },
  };
}

export function boundCsv(r: BoundLabResult): string {
  return toCsv(['epsilon', 'bad_fraction', 'bound'], r.epsilons.map((e, i) => [e, r.badFraction[i], r.bound[i]]));
}

export function buildEdgesOption(
  r: BoundLabResult,
  names: { x: string; y: string; pokemon: string; digimon: string; hAll: string },
  dark: boolean,
): EChartsOption {
  const w = r.edgeBinWidth;
  return barOption({
    labels: r.pokemonEdges.map((_, i) => String(i * w + 1)),
    series: [
      { name: names.pokemon, values: r.pokemonEdges, color: '#f5a623' },
      { name: names.digimon, values: r.digimonEdges, color: '#36cfc9' },
    ],
    xName: names.x,
    yName: names.y,
    markIndex: Math.min(r.pokemonEdges.length - 1, Math.floor((r.hAll - 1) / w)),
    markName: names.hAll,
    dark,
  });
}

export function edgesCsv(r: BoundLabResult): string {
  const w = r.edgeBinWidth;
  return toCsv(['edges_from', 'edges_to', 'pokemon', 'digimon'], r.pokemonEdges.map((p, i) => [i * w + 1, (i + 1) * w, p, r.digimonEdges[i]]));
}

/** Eigenvalue histogram of a Hessian (negative bins red, positive teal): the minimum ratio at a glance. */
/** The linear threshold of the symmetric log axis: eight decades below the largest |λ| (smaller ones are rounding). */
export function symlogScale(eigenvalues: readonly number[]): number {
  const top = Math.max(0, ...eigenvalues.map(Math.abs).filter(Number.isFinite));
  return top > 0 ? 10 ** (Math.round(Math.log10(top)) - 8) : 1;
}

/** sign(λ)·log₁₀(1 + |λ|/c): linear near 0, logarithmic beyond c, so 1e-5 and 1e+3 both show. */
export const symlog = (v: number, c: number) => Math.sign(v) * Math.log10(1 + Math.abs(v) / c);
const unsymlog = (t: number, c: number) => Math.sign(t) * c * (10 ** Math.abs(t) - 1);

/**
 * Histogram of a Hessian spectrum. On the symmetric log axis (default) a spectrum with a few large
 * eigenvalues and many near 0 — the usual shape at a trained network — spreads over the bins
 * instead of piling into one bar; `symlogAxis = false` bins λ linearly.
 */
export function buildSpectrumOption(
  eigenvalues: number[],
  names: { x: string; y: string; zero?: string },
  dark: boolean,
  bins = 40,
  symlogAxis = true,
  /** With it, |λ| ≤ zeroTolerance is counted (and coloured) as zero, as the minimum ratio counts it. */
  zeroTolerance?: number,
): EChartsOption {
  const c = symlogScale(eigenvalues);
  const f = symlogAxis ? (v: number) => symlog(v, c) : (v: number) => v;
  const back = symlogAxis ? (t: number) => unsymlog(t, c) : (t: number) => t;
  const values = eigenvalues.filter(Number.isFinite).map(f);
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const width = (hi - lo || 1) / bins;
  // Counted by the eigenvalue's own sign, not the bin's: a bin straddling 0 shows both colours stacked.
  const negative = new Array<number>(bins).fill(0);
  const zero = new Array<number>(bins).fill(0);
  const positive = new Array<number>(bins).fill(0);
  const band = zeroTolerance === undefined ? null : f(zeroTolerance);
  for (const v of values) {
    const bin = Math.min(bins - 1, Math.floor((v - lo) / width));
    if (band !== null && Math.abs(v) <= band) zero[bin]!++;
    else (v < 0 ? negative : positive)[bin]!++;
  }
  const label = (v: number) => (v !== 0 && (Math.abs(v) >= 1e4 || Math.abs(v) < 1e-2) ? v.toExponential(1) : String(Number(v.toPrecision(3))));
  return barOption({
    labels: negative.map((_, i) => label(back(lo + (i + 0.5) * width))),
    series: [
      { name: '< 0', values: negative, color: '#ff4d4f' },
      ...(band === null ? [] : [{ name: names.zero ?? '≈ 0', values: zero, color: '#9aa4b2' }]),
      { name: band === null ? '≥ 0' : '> 0', values: positive, color: '#52e0c4' },
    ],
    xName: names.x,
    yName: names.y,
    dark,
  });
}

export function spectrumCsv(eigenvalues: number[]): string {
  return toCsv(['index', 'eigenvalue'], eigenvalues.map((v, i) => [i, v]));
}
