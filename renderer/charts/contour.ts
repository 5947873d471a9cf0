// Contour lines by marching squares over a regular grid, as line segments in data coordinates.

export type Segment = [[number, number], [number, number]];

/**
 * z[j][i] is the value at (xs[i], ys[j]). Each cell contributes up to two segments per level;
 * the two ambiguous cases are split by the cell's mean, as usual. A cell is only visited for the
 * levels between its lowest and highest corner (found by bisection in the sorted levels): on a
 * 160 × 160 grid with 14 levels most cells cross none or one, and visiting every level of every
 * cell made the map's contours a long task of their own when the surface changed.
 */
export function contourSegments(xs: number[], ys: number[], z: number[][], levels: number[]): Segment[] {
  const out: Segment[] = [];
  const sorted = levels.slice().sort((p, q) => p - q);
  for (let j = 0; j + 1 < ys.length; j++) {
    for (let i = 0; i + 1 < xs.length; i++) {
      const x0 = xs[i]!, x1 = xs[i + 1]!, y0 = ys[j]!, y1 = ys[j + 1]!;
      const a = z[j]![i]!, b = z[j]![i + 1]!, c = z[j + 1]![i + 1]!, d = z[j + 1]![i]!; // corners counter-clockwise from (x0,y0)
      if (!(Number.isFinite(a) && Number.isFinite(b) && Number.isFinite(c) && Number.isFinite(d))) continue;
      const lo = Math.min(a, b, c, d);
      const hi = Math.max(a, b, c, d);
      // A level at or above every corner (code 0) or below every corner (code 15) has no segment here.
      for (let k = firstAtLeast(sorted, lo); k < sorted.length && sorted[k]! < hi; k++) {
        const level = sorted[k]!;
        const code = (a > level ? 1 : 0) | (b > level ? 2 : 0) | (c > level ? 4 : 0) | (d > level ? 8 : 0);
        if (code === 0 || code === 15) continue;
        cellSegments(out, code, level, a, b, c, d, x0, x1, y0, y1);
      }
    }
  }
  return out;
}

/** Index of the first of ascending `values` ≥ v (values.length if none). */
function firstAtLeast(values: number[], v: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (values[mid]! < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The segments of one cell at one level (marching-squares case `code`). */
function cellSegments(out: Segment[], code: number, level: number, a: number, b: number, c: number, d: number, x0: number, x1: number, y0: number, y1: number) {
  const at = (p: number, q: number) => (level - p) / (q - p);
  const bottom = (): [number, number] => [x0 + (x1 - x0) * at(a, b), y0];
  const right = (): [number, number] => [x1, y0 + (y1 - y0) * at(b, c)];
  const top = (): [number, number] => [x0 + (x1 - x0) * at(d, c), y1];
  const left = (): [number, number] => [x0, y0 + (y1 - y0) * at(a, d)];
  switch (code) {
    case 1: case 14: out.push([left(), bottom()]); break;
    case 2: case 13: out.push([bottom(), right()]); break;
    case 3: case 12: out.push([left(), right()]); break;
    case 4: case 11: out.push([right(), top()]); break;
    case 6: case 9: out.push([bottom(), top()]); break;
    case 7: case 8: out.push([left(), top()]); break;
    case 5: case 10: {
      const centreHigh = (a + b + c + d) / 4 > level;
      // code 5: a and c high. If the centre is high too, the high corners connect through it.
      if ((code === 5) === centreHigh) {
        out.push([left(), top()]);
        out.push([bottom(), right()]);
      } else {
        out.push([left(), bottom()]);
        out.push([right(), top()]);
      }
      break;
    }
  }
}

/** n levels evenly spaced strictly inside (min, max). */
export function evenLevels(min: number, max: number, n: number): number[] {
  if (!(max > min) || n < 1) return [];
  return Array.from({ length: n }, (_, k) => min + ((k + 1) * (max - min)) / (n + 1));
}
