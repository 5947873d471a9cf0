// Series arithmetic for the compare page: smoothing, x-axis conversion, seed bands, summaries and
// display downsampling. Pure functions over [x, y] pairs, so they are tested without a browser.
import { EPOCH_SERIES } from '../../preload/shapes';

export type Point = [number, number];

/**
 * Debiased exponential moving average (as TensorBoard and Adam's bias correction do it):
 * s_t = β·s_{t−1} + (1−β)·x_t with s_{−1} = 0, shown as s_t / (1 − β^{t+1}), so the first point is
 * x_0 itself instead of being dragged toward 0. Non-finite values are skipped (they stay in the
 * output as they are) and do not advance t, so one NaN does not poison the rest of the curve.
 */
export function debiasedEma(points: Point[], beta: number): Point[] {
  if (!(beta > 0)) return points.map(([x, y]) => [x, y]);
  const b = Math.min(beta, 0.999);
  let s = 0;
  let t = 0;
  return points.map(([x, y]) => {
    if (!Number.isFinite(y)) return [x, y];
    s = b * s + (1 - b) * y;
    t += 1;
    return [x, s / (1 - b ** t)];
  });
}

export type XMode = 'step' | 'epoch' | 'time';

/** Per-epoch series are stored with step = epoch (1-based); per-update ones with step = update index. */
const PER_EPOCH: ReadonlySet<string> = new Set(EPOCH_SERIES);

export interface RunClock {
  /** Updates per epoch, when known (network runs). */
  updatesPerEpoch: number | null;
  /** Cumulative milliseconds at the end of epoch 1, 2, … (network runs' epochMs summed). */
  cumulativeMs: number[] | null;
}

/** Wall time in ms at the end of each epoch: the running sum of per-epoch durations. */
export function cumulativeSum(values: number[]): number[] {
  let total = 0;
  return values.map((v) => (total += Number.isFinite(v) ? v : 0));
}

/** Seconds at fractional epoch e (0 = start), linear within an epoch. */
function secondsAt(epoch: number, cumMs: number[]): number {
  if (epoch <= 0) return 0;
  const i = Math.min(Math.ceil(epoch), cumMs.length);
  const end = cumMs[i - 1] ?? 0;
  const start = i >= 2 ? cumMs[i - 2]! : 0;
  const frac = Math.min(1, epoch - (i - 1));
  return (start + (end - start) * frac) / 1000;
}

/**
 * Moves one series onto the chosen x-axis. Returns null when the run cannot be placed there
 * (e.g. wall time for a surface race, which keeps no clock).
 */
export function toXAxis(points: Point[], seriesName: string, mode: XMode, clock: RunClock): Point[] | null {
  const perEpoch = PER_EPOCH.has(seriesName);
  const upe = clock.updatesPerEpoch && clock.updatesPerEpoch > 0 ? clock.updatesPerEpoch : null;
  const epochOf = (x: number): number | null => (perEpoch ? x : upe ? x / upe : null);
  if (mode === 'step') return perEpoch ? (upe ? points.map(([x, y]) => [x * upe, y]) : null) : points;
  if (mode === 'epoch') {
    if (!perEpoch && !upe) return null;
    return points.map(([x, y]) => [epochOf(x)!, y]);
  }
  const cum = clock.cumulativeMs;
  if (!cum || cum.length === 0) return null;
  if (!perEpoch && !upe) return null;
  return points.map(([x, y]) => [secondsAt(epochOf(x)!, cum), y]);
}

// ---------------------------------------------------------------- seed bands

export interface Band {
  /** x values, ascending. */
  x: number[];
  mean: number[];
  /** Sample standard deviation (n − 1 in the denominator; 0 where only one run has a value). */
  std: number[];
  /** How many runs had a finite value at each x. */
  n: number[];
}

/**
 * Mean ± std across runs at each x any of them reached. Runs sampled at different x (wall time)
 * are linearly interpolated inside their own range, never extrapolated, so a run stopped early
 * simply stops contributing. The spread is the sample standard deviation (Bessel's n − 1), the
 * usual choice for "seed-to-seed variation" estimated from a handful of seeds.
 */
export function seedBand(runs: Point[][]): Band {
  const clean = runs.map((run) => run.filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y)).sort((a, b) => a[0] - b[0]));
  const x = [...new Set(clean.flatMap((run) => run.map(([px]) => px)))].sort((a, b) => a - b);
  const mean: number[] = [];
  const std: number[] = [];
  const n: number[] = [];
  // x ascends, so each run keeps a cursor on the segment holding x: one linear pass per run.
  const cursor = clean.map(() => 0);
  const ys: number[] = [];
  for (const key of x) {
    ys.length = 0;
    clean.forEach((run, r) => {
      if (run.length === 0 || key < run[0]![0] || key > run.at(-1)![0]) return;
      let j = cursor[r]!;
      while (j < run.length - 1 && run[j + 1]![0] <= key) j++;
      cursor[r] = j;
      const [x0, y0] = run[j]!;
      if (key === x0 || j === run.length - 1) return void ys.push(y0);
      const [x1, y1] = run[j + 1]!;
      ys.push(y0 + ((y1 - y0) * (key - x0)) / (x1 - x0));
    });
    const m = ys.reduce((a, b) => a + b, 0) / ys.length;
    const ss = ys.reduce((a, b) => a + (b - m) * (b - m), 0);
    mean.push(m);
    std.push(ys.length > 1 ? Math.sqrt(ss / (ys.length - 1)) : 0);
    n.push(ys.length);
  }
  return { x, mean, std, n };
}

/** Groups items by a key, keeping the first-seen order of the keys. */
export function groupBy<T>(items: T[], key: (item: T) => string): { key: string; items: T[] }[] {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = map.get(k);
    if (list) list.push(item);
    else map.set(k, [item]);
  }
  return [...map].map(([k, list]) => ({ key: k, items: list }));
}

// ---------------------------------------------------------------- summary

export interface SeriesSummary {
  final: number | null;
  /** The best value: lowest for losses and norms, highest for accuracies. */
  best: number | null;
  bestAt: number | null;
  min: number | null;
  minAt: number | null;
  max: number | null;
  maxAt: number | null;
  count: number;
}

export const higherIsBetter = (seriesName: string) => /accuracy/i.test(seriesName);

export function summarize(points: Point[], seriesName: string): SeriesSummary {
  let final: number | null = null;
  let min: number | null = null;
  let minAt: number | null = null;
  let max: number | null = null;
  let maxAt: number | null = null;
  let count = 0;
  for (const [x, y] of points) {
    if (!Number.isFinite(y)) continue;
    count += 1;
    final = y;
    if (min === null || y < min) {
      min = y;
      minAt = x;
    }
    if (max === null || y > max) {
      max = y;
      maxAt = x;
    }
  }
  const up = higherIsBetter(seriesName);
  return { final, best: up ? max : min, bestAt: up ? maxAt : minAt, min, minAt, max, maxAt, count };
}

// ---------------------------------------------------------------- downsampling

/**
 * Largest-Triangle-Three-Buckets (Steinarsson 2013): keeps the first and last points and, from
 * each of threshold − 2 buckets, the point spanning the largest triangle with its neighbours —
 * the shape survives while 20 runs × 100k points become a few thousand to draw. Non-finite
 * points are kept as gaps only when they fall on a chosen index; the CSV uses the full data.
 */
export function lttb(points: Point[], threshold: number): Point[] {
  const n = points.length;
  if (threshold >= n || threshold < 3) return points;
  const out: Point[] = [points[0]!];
  const every = (n - 2) / (threshold - 2);
  let a = 0;
  for (let i = 0; i < threshold - 2; i++) {
    const nextStart = Math.floor((i + 1) * every) + 1;
    const nextEnd = Math.min(Math.floor((i + 2) * every) + 1, n);
    let avgX = 0;
    let avgY = 0;
    let m = 0;
    for (let j = nextStart; j < nextEnd; j++) {
      const [x, y] = points[j]!;
      if (!Number.isFinite(y)) continue;
      avgX += x;
      avgY += y;
      m += 1;
    }
    if (m > 0) {
      avgX /= m;
      avgY /= m;
    } else [avgX, avgY] = points[Math.min(nextStart, n - 1)]!;
    const start = Math.floor(i * every) + 1;
    const end = Math.floor((i + 1) * every) + 1;
    const [ax, ay] = points[a]!;
    let best = -1;
    let chosen = start;
    for (let j = start; j < end; j++) {
      const [x, y] = points[j]!;
      const area = Number.isFinite(y) ? Math.abs((ax - avgX) * (y - ay) - (ax - x) * (avgY - ay)) : -1;
      if (area > best) {
        best = area;
        chosen = j;
      }
    }
    out.push(points[chosen]!);
    a = chosen;
  }
  out.push(points[n - 1]!);
  return out;
}

/** At most `max` evenly spaced x of a band (first and last kept), for drawing its outline; the CSV keeps all. */
export function thinBand(band: Band, max: number): Band {
  const len = band.x.length;
  if (len <= max || max < 2) return band;
  const idx = Array.from({ length: max }, (_, i) => Math.round((i * (len - 1)) / (max - 1)));
  return { x: idx.map((i) => band.x[i]!), mean: idx.map((i) => band.mean[i]!), std: idx.map((i) => band.std[i]!), n: idx.map((i) => band.n[i]!) };
}
