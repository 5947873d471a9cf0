// A race trajectory as the page holds it: whole, or thinned for display by main (Trajectory.steps,
// preload/contract.ts), where entry k is step steps[k] of a trajectory of `total` points.
import type { Trajectory } from '../../preload/contract';

type Thinnable = Pick<Trajectory, 'points' | 'steps' | 'total'>;

/** The step of entry k (k itself for a whole trajectory). */
export const stepAt = (tr: { readonly steps?: readonly number[] }, k: number): number => tr.steps?.[k] ?? k;

/** The trajectory's last step (its length − 1, thinned or not). */
export const lastStep = (tr: Thinnable): number => (tr.total ?? tr.points.length) - 1;

/** [step, value] of a per-point or per-update array, at the steps its entries stand for. */
export function atSteps<T>(tr: { readonly steps?: readonly number[] }, values: readonly T[]): [number, T][] {
  return values.map((v, k) => [stepAt(tr, k), v]);
}

/** Index of the last entry at or before `step` (−1 if none): entries are ascending in step. */
export function entryAt(tr: { readonly steps?: readonly number[] }, count: number, step: number): number {
  const steps = tr.steps;
  if (!steps) return Math.min(step, count - 1);
  let lo = 0;
  let hi = Math.min(steps.length, count);
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (steps[mid]! <= step) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/** Index of the last of ascending `stops` at or before `step` (−1 if none). */
export function stopIndex(stops: readonly number[], step: number): number {
  return entryAt({ steps: stops }, stops.length, step);
}

/**
 * The steps a thinned race has exactly: every trajectory's kept steps (Trajectory.steps), merged,
 * ascending; null when no trajectory is thinned (every step is there).
 */
export function keptSteps(trajectories: readonly { readonly steps?: readonly number[] }[]): number[] | null {
  if (!trajectories.some((tr) => tr.steps)) return null;
  const all = new Set<number>();
  for (const tr of trajectories) for (const s of tr.steps ?? []) all.add(s);
  return [...all].sort((a, b) => a - b);
}
