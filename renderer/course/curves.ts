// Which stored curves a course chart draws for a set of runs: network runs by epoch (training loss
// solid, validation loss dashed in the same colour), races by step from their loss, and a course
// measurement (e.g. the saddle escape) as each of its series against its x series — `x`, or `eps`
// for a step length ε — or against the index when it has none.
import type { SeriesData } from '../../preload/contract';
import type { LineSeries } from '../charts/lines';
import { lineColor } from '../charts/palette';

/** Series that place the others rather than being drawn: the x axis of a measurement, by its name. */
const X_SERIES: Record<string, string> = { x: 'x', eps: 'ε', epsilon: 'ε' };

export interface CurveRun {
  runId: number;
  label: string;
}

export interface CourseCurves {
  /** 'epoch' and 'step' are translated by the chart; anything else is the measurement's own x name. */
  x: string;
  /** 'loss' for training curves, 'value' for a measurement's series. */
  y: 'loss' | 'value';
  series: LineSeries[];
  /** Whether every value is positive, so a log axis can show them all. */
  positive: boolean;
}

const points = (s: SeriesData, xs?: SeriesData): [number, number][] =>
  s.steps.map((step, i) => {
    const at = xs ? xs.steps.indexOf(step) : -1;
    return [at >= 0 ? xs!.values[at]! : step, s.values[i]!];
  });

/** The chart's words: training and validation, and (when given) a run's role and a stored series in the page's language. */
interface CurveNames {
  /** The mean mini-batch loss (trainLoss). */
  train: string;
  /** The training loss (full pass after each epoch: fullTrainLoss), drawn instead of the mini-batch mean where a run has it. */
  fullTrain?: string;
  validation: string;
  role?: (role: string) => string;
  series?: (name: string) => string;
}

export function courseCurves(runs: CurveRun[], data: SeriesData[], names: CurveNames): CourseCurves {
  const role = names.role ?? ((r: string) => r);
  const seriesName = names.series ?? ((s: string) => s);
  const byRun = new Map<number, Map<string, SeriesData>>();
  for (const s of data) {
    let m = byRun.get(s.runId);
    if (!m) byRun.set(s.runId, (m = new Map()));
    m.set(s.name, s);
  }
  const has = (name: string) => runs.some((r) => byRun.get(r.runId)?.has(name));
  const mode = has('trainLoss') ? 'epoch' : has('loss') ? 'step' : 'measurement';
  let xName = mode;
  const series: LineSeries[] = [];
  runs.forEach((run, i) => {
    const own = byRun.get(run.runId);
    if (!own) return;
    const color = lineColor(i);
    if (mode === 'epoch') {
      const full = names.fullTrain !== undefined ? own.get('fullTrainLoss') : undefined;
      const train = full ?? own.get('trainLoss');
      const val = own.get('valLoss');
      const both = train && val && val.values.length > 0;
      const trainName = full ? names.fullTrain! : names.train;
      if (train) series.push({ name: both ? `${role(run.label)} · ${trainName}` : role(run.label), points: points(train), color });
      if (val && val.values.length > 0) series.push({ name: `${role(run.label)} · ${names.validation}`, points: points(val), color, dashed: true });
    } else if (mode === 'step') {
      const loss = own.get('loss');
      if (loss) series.push({ name: role(run.label), points: points(loss), color });
    } else {
      const xKey = Object.keys(X_SERIES).find((k) => own.has(k));
      if (xKey) xName = X_SERIES[xKey]!;
      const drawn = [...own.values()].filter((s) => s.name !== xKey && s.values.length > 0);
      // Several runs: each run one colour, its first series solid and the others dashed (as a network run's
      // training and validation loss); one run: a colour per series.
      drawn.forEach((s, j) =>
        series.push({ name: runs.length > 1 ? `${role(run.label)} · ${seriesName(s.name)}` : seriesName(s.name), points: points(s, xKey ? own.get(xKey) : undefined), color: lineColor(runs.length > 1 ? i : j), dashed: runs.length > 1 && j > 0 }),
      );
    }
  });
  if (mode === 'measurement' && xName === 'measurement') xName = 'step';
  return { x: xName, y: mode === 'measurement' ? 'value' : 'loss', series, positive: series.every((s) => s.points.every(([, y]) => y > 0)) };
}

/**
 * Rows a wrapped legend takes in a chart about `width` px wide (the verdict card's). With `measure`
 * (the names' widths in the legend's font, as the page measures them) rows break as ECharts breaks
 * them: each item its symbol and gap (30 px) and its text, 10 px between items, a little slack for
 * the font's rendering; without it, an estimate from the names' lengths (Chinese characters count
 * double), each item adding 38 px.
 */
export function legendRows(names: string[], width = 420, measure?: (text: string) => number): number {
  if (names.length < 2) return 0;
  let rows = 1;
  let used = 0;
  for (const name of names) {
    const item = measure ? 30 + 1.04 * measure(name) : [...name].reduce((w, ch) => w + (/[\u3000-\u9fff\uff00-\uffef]/.test(ch) ? 12 : 6.6), 0) + 38;
    const gap = measure && used > 0 ? 10 : 0;
    if (used > 0 && used + gap + item > width) {
      rows += 1;
      used = 0;
    }
    used += (used > 0 ? gap : 0) + item;
  }
  return rows;
}
