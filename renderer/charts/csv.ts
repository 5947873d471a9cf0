// CSV export of what a chart shows. RFC 4180 quoting; numbers at full precision.

export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(header: string[], rows: unknown[][]): string {
  return [header, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

/** Wide form: one row per x value, one column per series (empty where a series has no point). */
export function linesToCsv(xName: string, series: { name: string; points: [number, number][] }[]): string {
  const xs = [...new Set(series.flatMap((s) => s.points.map(([x]) => x)))].sort((a, b) => a - b);
  const lookup = series.map((s) => new Map(s.points.map(([x, y]) => [x, y])));
  return toCsv(
    [xName, ...series.map((s) => s.name)],
    xs.map((x) => [x, ...lookup.map((m) => m.get(x) ?? null)]),
  );
}

/** Long form of race trajectories: label, step, x, y, loss, and lr / ‖g‖ of the update that step took. */
export function trajectoriesToCsv(
  trajectories: { label: string; points: [number, number, number][]; lr: number[]; gradNorm: number[] }[],
): string {
  const rows: unknown[][] = [];
  for (const t of trajectories) {
    t.points.forEach((p, step) => rows.push([t.label, step, p[0], p[1], p[2], t.lr[step] ?? null, t.gradNorm[step] ?? null]));
  }
  return toCsv(['label', 'step', 'x', 'y', 'loss', 'lr', 'gradNorm'], rows);
}

export function gridToCsv(grid: { xs: number[]; ys: number[]; z: number[][] }): string {
  const rows: unknown[][] = [];
  grid.ys.forEach((y, j) => grid.xs.forEach((x, i) => rows.push([x, y, grid.z[j]![i]!])));
  return toCsv(['x', 'y', 'f'], rows);
}

/** A whole comparison, long form: one row per (run, metric, x) from the full stored data, never the downsampled view. */
export function comparisonToCsv(rows: { runId: number; label: string; group: string; name: string; points: [number, number][] }[]): string {
  const out: unknown[][] = [];
  for (const r of rows) for (const [x, y] of r.points) out.push([r.runId, r.label, r.group, r.name, x, y]);
  return toCsv(['runId', 'label', 'group', 'metric', 'x', 'value'], out);
}
