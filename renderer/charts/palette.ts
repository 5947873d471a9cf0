// Colours: trajectories must stay distinct from each other and from the surface beneath them,
// so the surface uses a calm blue-to-sand ramp and trajectories use saturated hues.
export const SERIES_COLORS = [
  '#e6194b', '#f58231', '#ffe119', '#3cb44b', '#f032e6', '#42d4f4',
  '#ffffff', '#911eb4', '#bfef45', '#fabed4', '#9a6324', '#000075',
] as const;

/** For line charts on a plain background, where white or pale yellow would vanish. */
export const LINE_COLORS = [
  '#d62728', '#1f77b4', '#2ca02c', '#ff7f0e', '#9467bd', '#17becf',
  '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#393b79', '#ad494a',
] as const;

export const seriesColor = (i: number) => SERIES_COLORS[i % SERIES_COLORS.length]!;
export const lineColor = (i: number) => LINE_COLORS[i % LINE_COLORS.length]!;
/** The trajectory's colour for its line charts, so a run looks the same on the map and the curves; white would vanish there. */
export const traceColor = (i: number) => (seriesColor(i) === '#ffffff' ? '#888888' : seriesColor(i));

/** Surface ramp, low → high. */
const RAMP: [number, number, number][] = [
  [12, 30, 66],
  [26, 72, 122],
  [46, 118, 160],
  [98, 164, 186],
  [166, 204, 200],
  [226, 226, 196],
  [236, 204, 150],
  [222, 160, 110],
];

export function rampColor(t: number): [number, number, number] {
  const u = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 1)) * (RAMP.length - 1);
  const i = Math.min(RAMP.length - 2, Math.floor(u));
  const f = u - i;
  const a = RAMP[i]!;
  const b = RAMP[i + 1]!;
  return [a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f, a[2] + (b[2] - a[2]) * f];
}

export const NEGATIVE_EIGEN = '#ff4d4f';
export const POSITIVE_EIGEN = '#52e0c4';
