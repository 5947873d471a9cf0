// A check whose runs sweep one setting (roles "size-1", "size-2", … or "batch-8", "batch-32", …) reads
// best as its runs' final numbers against that setting: the U curve of training and validation loss
// over model size, accuracy over batch size. Built from the stored runs' summaries.
import type { LineSeries } from '../charts/lines';
import { lineColor } from '../charts/palette';

export interface SweepRun {
  label: string;
  summary: Record<string, unknown>;
}

export interface Sweep {
  /** The swept setting, from the roles' common prefix ("size", "batch"). */
  setting: string;
  /** A log x axis when the values span a factor of 16 or more. */
  logX: boolean;
  loss: LineSeries[];
  accuracy: LineSeries[];
  /** Milliseconds per epoch and per update (the batch-size lab's timings). */
  time: LineSeries[];
}

export type SweepMetric = 'loss' | 'accuracy' | 'time';

const ROLE = /^(.+?)-(\d+(?:\.\d+)?)$/;
/** Summary keys drawn, in this order, with the chart's name for each. */
const KEYS = ['trainLoss', 'valLoss', 'testLoss', 'trainAccuracy', 'valAccuracy', 'testAccuracy', 'msPerEpoch', 'msPerUpdate'] as const;
type Key = (typeof KEYS)[number];

export function sweepOf(runs: SweepRun[], names: Record<Key, string>): Sweep | null {
  const parsed = runs.map((r) => ({ m: ROLE.exec(r.label), summary: r.summary }));
  if (parsed.length < 3 || parsed.some((p) => !p.m)) return null;
  const setting = parsed[0]!.m![1]!;
  if (parsed.some((p) => p.m![1] !== setting)) return null;
  const rows = parsed.map((p) => ({ x: Number(p.m![2]), summary: p.summary })).sort((a, b) => a.x - b.x);
  const lines = KEYS.flatMap((key, i) => {
    const points = rows.flatMap((r) => (typeof r.summary[key] === 'number' && Number.isFinite(r.summary[key]) ? [[r.x, r.summary[key]] as [number, number]] : []));
    return points.length === rows.length ? [{ key, series: { name: names[key], points, color: lineColor(i % 3), dashed: key.startsWith('val') || key.startsWith('test') || key === 'msPerUpdate' } }] : [];
  });
  if (lines.length === 0) return null;
  const xs = rows.map((r) => r.x);
  const lo = Math.min(...xs);
  return {
    setting,
    logX: lo > 0 && Math.max(...xs) / lo >= 16,
    loss: lines.filter((l) => l.key.endsWith('Loss')).map((l) => l.series),
    accuracy: lines.filter((l) => l.key.endsWith('Accuracy')).map((l) => l.series),
    time: lines.filter((l) => l.key.startsWith('ms')).map((l) => l.series),
  };
}

/** A run's median epoch time from its per-epoch `epochMs` series, for runs whose summary has no timing. */
export function medianEpochMs(epochMs: number[] | undefined): number | null {
  const v = (epochMs ?? []).filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return null;
  const mid = v.length >> 1;
  return v.length % 2 ? v[mid]! : (v[mid - 1]! + v[mid]!) / 2;
}
