// Display budgets: what a chart draws is bounded, whatever the run's length. A 100k-step race
// would otherwise hand ECharts 100k-point polylines on every playback frame and freeze the page.
// The full data stays where it came from (the race result, the store, the CSV export); these
// functions only choose which points to draw, keeping the extremes and the shape of the path.

/** Points one trajectory on the surface map draws at most (start, end and every bucket's extremes). */
export const PATH_BUDGET = 2400;
/** Points one line of a step chart draws at most. */
export const LINE_BUDGET = 2000;

/**
 * Indices to draw of a 2-D path of `n` points (x = xAt(i), y = yAt(i)), at most about `budget`:
 * the path is cut into buckets of consecutive points and each bucket keeps its first point and
 * the points where x and y are smallest and largest (so no excursion is shortened and corners
 * stay where they are); the last point is always kept. Ascending, no duplicates. A path that fits
 * the budget comes back whole. Non-finite points are kept when they start a bucket, never chosen
 * as extremes.
 */
export function pathIndices(n: number, xAt: (i: number) => number, yAt: (i: number) => number, budget = PATH_BUDGET): number[] {
  if (n <= budget || budget < 5) return Array.from({ length: n }, (_, i) => i);
  const buckets = Math.max(1, Math.floor(budget / 5));
  const size = n / buckets;
  const out: number[] = [];
  for (let b = 0; b < buckets; b++) {
    const from = Math.floor(b * size);
    const to = Math.min(n, Math.floor((b + 1) * size));
    if (to <= from) continue;
    let minX = -1;
    let maxX = -1;
    let minY = -1;
    let maxY = -1;
    for (let i = from; i < to; i++) {
      const x = xAt(i);
      const y = yAt(i);
      if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
      if (minX < 0 || x < xAt(minX)) minX = i;
      if (maxX < 0 || x > xAt(maxX)) maxX = i;
      if (minY < 0 || y < yAt(minY)) minY = i;
      if (maxY < 0 || y > yAt(maxY)) maxY = i;
    }
    const picked = [from, minX, maxX, minY, maxY].filter((i) => i >= 0).sort((a, c) => a - c);
    for (const i of picked) if (out.at(-1) !== i) out.push(i);
  }
  if (out.at(-1) !== n - 1) out.push(n - 1);
  return out;
}

/**
 * Indices of a line of `n` values (y = yAt(i)) to draw, at most about `budget`, by min/max per
 * bucket: the first and last index, and from each bucket of consecutive points its lowest and
 * highest finite y in their own order, so peaks, dips and the final value survive; the first
 * non-finite point (where a run diverged) is kept as a gap. Ascending, no duplicates.
 */
export function minMaxIndices(n: number, yAt: (i: number) => number | null, budget = LINE_BUDGET): number[] {
  if (n <= budget || budget < 4) return Array.from({ length: n }, (_, i) => i);
  const buckets = Math.max(1, Math.floor((budget - 2) / 2));
  const size = (n - 2) / buckets;
  const keep: number[] = [0];
  let gapKept = false;
  for (let b = 0; b < buckets; b++) {
    const from = 1 + Math.floor(b * size);
    const to = Math.min(n - 1, 1 + Math.floor((b + 1) * size));
    let lo = -1;
    let hi = -1;
    let loY = 0;
    let hiY = 0;
    for (let i = from; i < to; i++) {
      const y = yAt(i);
      if (y === null || !Number.isFinite(y)) {
        if (!gapKept) {
          gapKept = true;
          keep.push(i);
        }
        continue;
      }
      if (lo < 0 || y < loY) [lo, loY] = [i, y];
      if (hi < 0 || y > hiY) [hi, hiY] = [i, y];
    }
    for (const i of lo <= hi ? [lo, hi] : [hi, lo]) if (i >= 0 && keep.at(-1) !== i) keep.push(i);
  }
  keep.push(n - 1);
  return [...new Set(keep)].sort((a, c) => a - c);
}

/** A line [x, y][] thinned to at most about `budget` points (minMaxIndices on y). */
export function minMaxLine<P extends readonly [number, number | null]>(points: readonly P[], budget = LINE_BUDGET): P[] {
  if (points.length <= budget || budget < 4) return points.slice();
  return minMaxIndices(points.length, (i) => points[i]![1], budget).map((i) => points[i]!);
}

/**
 * The drawn part of a thinned path up to update `step`: the kept indices ≤ step, then the point at
 * `step` itself so the moving head is exact. `indices` ascending (from pathIndices).
 */
export function indicesUpTo(indices: readonly number[], step: number): number[] {
  let lo = 0;
  let hi = indices.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (indices[mid]! <= step) lo = mid + 1;
    else hi = mid;
  }
  const out = indices.slice(0, lo);
  if (out.at(-1) !== step && step >= 0) out.push(step);
  return out;
}
