// The LR range test (LECTURE §7, Smith 2017): run briefly while lr grows exponentially, plot loss
// against lr, and suggest the rate where the loss falls fastest per decade of lr — large enough
// to make progress, still well below where the run blows up.
import type { Trajectory } from '../../preload/contract';

export interface RangeCurve {
  /** [lr_t, loss after update t] while the run stayed finite. */
  points: [number, number][];
  suggestion: number | null;
  /** The lr of the update after which the run diverged, if it did. */
  divergedAt: number | null;
}

export function rangeCurve(trajectory: Pick<Trajectory, 'lr' | 'points' | 'status'>): RangeCurve {
  const points: [number, number][] = [];
  for (let t = 0; t < trajectory.lr.length && t + 1 < trajectory.points.length; t++) {
    const loss = trajectory.points[t + 1]![2];
    if (!Number.isFinite(loss)) break;
    points.push([trajectory.lr[t]!, loss]);
  }
  const divergedAt = trajectory.status === 'diverged' ? (trajectory.lr[points.length] ?? trajectory.lr.at(-1) ?? null) : null;
  return { points, suggestion: steepestDescent(points), divergedAt };
}

/**
 * The lr with the most negative slope d(loss)/d(log10 lr), over a lightly smoothed curve and
 * only before the loss climbs past 4× its best (beyond that the run is exploding, not learning).
 */
export function steepestDescent(points: [number, number][]): number | null {
  if (points.length < 3) return null;
  const smoothed: number[] = [];
  let avg = points[0]![1];
  for (const [, loss] of points) {
    avg = 0.7 * avg + 0.3 * loss;
    smoothed.push(avg);
  }
  let best = Infinity;
  let bestLoss = Infinity;
  let suggestion: number | null = null;
  for (let i = 1; i < points.length; i++) {
    bestLoss = Math.min(bestLoss, smoothed[i - 1]!);
    if (bestLoss > 0 && smoothed[i]! > 4 * bestLoss) break;
    const dx = Math.log10(points[i]![0]) - Math.log10(points[i - 1]![0]);
    if (!(dx > 0)) continue;
    const slope = (smoothed[i]! - smoothed[i - 1]!) / dx;
    if (slope < best) {
      best = slope;
      suggestion = points[i - 1]![0];
    }
  }
  return best < 0 ? suggestion : null;
}
