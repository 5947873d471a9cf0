// One line of the bench table (and of out/bench-results.json).
export interface Row {
  name: string;
  value: number | null;
  unit: string;
  /** What the issue asks for, where it names a figure. */
  target?: string;
  status: 'measured' | 'pending';
  note?: string;
}

/** 'met' / 'not met' for a target written '≥ x…' or '< x…' (x may hold thousands separators); null when it names no bound. */
export function verdict(value: number | null, target: string): 'met' | 'not met' | null {
  const m = /^(≥|<)\s*([\d,.]+)/.exec(target.trim());
  if (!m || value === null) return null;
  const bound = Number(m[2]!.replace(/,/g, ''));
  if (!Number.isFinite(bound)) return null;
  return (m[1] === '≥' ? value >= bound : value < bound) ? 'met' : 'not met';
}
