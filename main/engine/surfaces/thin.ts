// A race trajectory thinned for display, where it is made: a 100k-step race is 100k points per
// entry, megabytes to send and to decode on the page, which then draws a few thousand of them.
// The kept steps are the union of what each chart keeps (renderer/charts/decimate.ts): the path's
// shape and extremes on the map, and the min/max per bucket of loss, learning rate, gradient norm
// and any optimizer trace; the first and last points (where a diverged run stopped) are always
// there. Every array is sampled at those steps, so each kept entry is exact.
import type { Trajectory } from '../../../preload/contract';
import { LINE_BUDGET, PATH_BUDGET, minMaxIndices, pathIndices } from '../../../renderer/charts/decimate';

/** The trajectory itself when it fits the display budgets, else its entries at the kept steps (Trajectory.steps). */
export function thinTrajectory(tr: Trajectory): Trajectory {
  const n = tr.points.length;
  if (n <= Math.min(PATH_BUDGET, LINE_BUDGET)) return tr;
  const keep = new Set<number>(pathIndices(n, (i) => tr.points[i]![0], (i) => tr.points[i]![1], PATH_BUDGET));
  const add = (indices: number[]) => indices.forEach((i) => keep.add(i));
  add(minMaxIndices(n, (i) => tr.points[i]![2]));
  add(minMaxIndices(tr.lr.length, (i) => tr.lr[i]!));
  add(minMaxIndices(tr.gradNorm.length, (i) => tr.gradNorm[i]!));
  for (const values of Object.values(tr.traces ?? {})) add(minMaxIndices(values.length, (i) => values[i] ?? null));
  keep.add(0);
  keep.add(n - 1);
  const steps = [...keep].sort((a, b) => a - b);
  // lr, gradNorm and traces are per update (one fewer than the points): sampled at the kept steps they have.
  const below = (length: number) => steps.filter((s) => s < length);
  const thinned: Trajectory = {
    ...tr,
    points: steps.map((s) => tr.points[s]!),
    lr: below(tr.lr.length).map((s) => tr.lr[s]!),
    gradNorm: below(tr.gradNorm.length).map((s) => tr.gradNorm[s]!),
    steps,
    total: n,
  };
  if (tr.traces) thinned.traces = Object.fromEntries(Object.entries(tr.traces).map(([k, v]) => [k, below(v.length).map((s) => v[s] ?? null)]));
  return thinned;
}
