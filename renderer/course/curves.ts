// Which stored curves a course chart draws for a set of runs: network runs by epoch (training loss
// solid, validation loss dashed in the same colour), anything else (surface races) by step.
import type { SeriesData } from '../../preload/contract';
import type { LineSeries } from '../charts/lines';
import { lineColor } from '../charts/palette';

/** The series names a course chart asks runs:series for. */
export const COURSE_SERIES = ['trainLoss', 'valLoss', 'loss'] as const;

export interface CurveRun {
  runId: number;
  label: string;
}

export interface CourseCurves {
  x: 'epoch' | 'step';
  series: LineSeries[];
  /** Whether every value is positive, so a log axis can show them all. */
  positive: boolean;
}

const points = (s: SeriesData): [number, number][] => s.steps.map((x, i) => [x, s.values[i]!]);

export function courseCurves(runs: CurveRun[], data: SeriesData[], names: { train: string; validation: string }): CourseCurves {
  const byRun = new Map<number, Map<string, SeriesData>>();
  for (const s of data) {
    let m = byRun.get(s.runId);
    if (!m) byRun.set(s.runId, (m = new Map()));
    m.set(s.name, s);
  }
  const epochs = runs.some((r) => byRun.get(r.runId)?.has('trainLoss'));
  const series: LineSeries[] = [];
  runs.forEach((run, i) => {
    const own = byRun.get(run.runId);
    if (!own) return;
    const color = lineColor(i);
    if (epochs) {
      const train = own.get('trainLoss');
      const val = own.get('valLoss');
      const both = train && val && val.values.length > 0;
      if (train) series.push({ name: both ? `${run.label} · ${names.train}` : run.label, points: points(train), color });
      if (val && val.values.length > 0) series.push({ name: `${run.label} · ${names.validation}`, points: points(val), color, dashed: true });
    } else {
      const loss = own.get('loss');
      if (loss) series.push({ name: run.label, points: points(loss), color });
    }
  });
  return { x: epochs ? 'epoch' : 'step', series, positive: series.every((s) => s.points.every(([, y]) => y > 0)) };
}
