// The compare page's settings table: each run flattened to dotted keys, rows where runs differ marked.

export type Flat = Record<string, string>;

/** A setting as people read it: 0.30000000000000004 → 0.3, 1e-7 stays 1e-7, at most 6 significant digits. */
export function settingText(value: unknown): string {
  if (typeof value === 'number' && Number.isFinite(value) && !Number.isInteger(value)) return String(Number(value.toPrecision(6)));
  return String(value);
}

export function flatten(value: unknown, prefix = '', out: Flat = {}): Flat {
  if (value === null || value === undefined) {
    if (prefix) out[prefix] = '';
  } else if (Array.isArray(value)) {
    if (value.every((v) => typeof v !== 'object' || v === null)) out[prefix] = value.map(settingText).join(', ');
    else value.forEach((v, i) => flatten(v, prefix ? `${prefix}.${i}` : String(i), out));
  } else if (typeof value === 'object') {
    for (const [key, v] of Object.entries(value as Record<string, unknown>)) flatten(v, prefix ? `${prefix}.${key}` : key, out);
  } else {
    out[prefix] = settingText(value);
  }
  return out;
}

export interface DiffRow {
  key: string;
  values: string[];
  differs: boolean;
}

/** Rows in first-seen key order; a key missing from a run shows as '' and counts as a difference. */
export function diffTable(columns: Flat[]): DiffRow[] {
  const keys: string[] = [];
  const seen = new Set<string>();
  for (const column of columns) {
    for (const key of Object.keys(column)) {
      if (seen.has(key)) continue;
      seen.add(key);
      keys.push(key);
    }
  }
  return keys.map((key) => {
    const values = columns.map((c) => c[key] ?? '');
    return { key, values, differs: values.some((v) => v !== values[0]) };
  });
}
