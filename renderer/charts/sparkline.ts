// A sparkline as an SVG path: dozens of live runs each get one without an ECharts instance apiece.

/** "M x,y L x,y …" scaled into width × height (y down), skipping non-finite values; '' with < 2 points. */
export function sparklinePath(values: number[], width: number, height: number, pad = 1): string {
  const pts = values.map((v, i) => [i, v] as const).filter(([, v]) => Number.isFinite(v));
  if (pts.length < 2) return '';
  const lo = Math.min(...pts.map(([, v]) => v));
  const hi = Math.max(...pts.map(([, v]) => v));
  const span = hi - lo || 1;
  const last = values.length - 1 || 1;
  const r = (v: number) => Math.round(v * 10) / 10;
  return pts
    .map(([i, v], k) => `${k === 0 ? 'M' : 'L'}${r(pad + ((width - 2 * pad) * i) / last)},${r(hi === lo ? height / 2 : pad + ((height - 2 * pad) * (hi - v)) / span)}`)
    .join(' ');
}

/** "1 h 02 min", "3 min 05 s", "12 s" — an ETA a student reads at a glance. */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms) || ms < 0) return '—';
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
}
