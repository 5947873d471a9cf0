// The LR range test (LECTURE §7, Smith 2017) as the page draws it. The engine runs it and picks
// the rate (main/engine/range-test.ts, channel 'surface:rangeTest'); this only shapes the reply.
import type { RangeTestCurve } from '../../preload/contract';

export interface RangeCurve {
  /** [lr_t, loss after update t] while the run stayed finite. */
  points: [number, number][];
  /** The same with the engine's smoothed loss, the curve the suggestion is read from. */
  smoothed: [number, number][];
  suggestion: number | null;
  /** The lr of the update after which the run diverged, if it did. */
  divergedAt: number | null;
}

export function rangeCurve(reply: Pick<RangeTestCurve, 'lr' | 'loss' | 'smoothed' | 'suggestedLr' | 'divergedAtLr'>): RangeCurve {
  const points: [number, number][] = [];
  const smoothed: [number, number][] = [];
  for (let t = 0; t < reply.lr.length; t++) {
    const loss = reply.loss[t]!;
    if (!Number.isFinite(loss)) break;
    points.push([reply.lr[t]!, loss]);
    const s = reply.smoothed[t];
    if (s !== undefined && Number.isFinite(s)) smoothed.push([reply.lr[t]!, s]);
  }
  return { points, smoothed, suggestion: Number.isFinite(reply.suggestedLr) ? reply.suggestedLr : null, divergedAt: reply.divergedAtLr };
}
