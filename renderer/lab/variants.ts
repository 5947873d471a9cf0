// The builder's "Variants" section as data: rows the student fills in (an axis kind and its values
// as text) → the axes sent to workbench:expand / workbench:start. Pure, so it is tested in Node.
import type { VariantAxis } from '../../preload/contract';

export type AxisKind = 'optimizer' | 'optimizer.lr' | 'batchSize' | 'seed' | 'epochs' | 'custom';
export const AXIS_KINDS: readonly AxisKind[] = ['optimizer', 'optimizer.lr', 'batchSize', 'seed', 'epochs', 'custom'];

export interface AxisRow {
  uid: number;
  kind: AxisKind;
  /** For 'custom': a dotted spec path, e.g. "data.noise" or "model.0.dense". */
  path: string;
  /** optimizer: chosen names; others: a list "0.001, 0.01" (seed: "1..3" or a list). */
  names: string[];
  text: string;
}

export interface AxisProblem {
  uid: number;
  /** A message key and its parameters, translated by the page. */
  key: 'wb.axisEmpty' | 'wb.axisBadValue' | 'wb.axisBadPath' | 'wb.axisBadRange' | 'wb.axisDuplicate';
  params?: Record<string, string | number>;
}

/** "1..5" → 1, 2, 3, 4, 5 (at most 64), else null. */
export function parseRange(text: string): number[] | null {
  const m = /^\s*(-?\d+)\s*\.\.\s*(-?\d+)\s*$/.exec(text);
  if (!m) return null;
  const a = Number(m[1]);
  const b = Number(m[2]);
  if (b < a || b - a >= 64) return null;
  return Array.from({ length: b - a + 1 }, (_, i) => a + i);
}

/**
 * A list of values separated by commas (or spaces when there are no commas): numbers become
 * numbers, true/false booleans, {…}/[…] JSON, anything else stays a string.
 */
export function parseValueList(text: string): { values: unknown[]; bad: string | null } {
  const trimmed = text.trim();
  if (!trimmed) return { values: [], bad: null };
  const tokens = trimmed.includes(',') || /^[[{]/.test(trimmed) ? splitTopLevel(trimmed) : trimmed.split(/\s+/);
  const values: unknown[] = [];
  for (const raw of tokens) {
    const token = raw.trim();
    if (!token) continue;
    if (/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(token)) values.push(Number(token));
    else if (token === 'true' || token === 'false') values.push(token === 'true');
    else if (/^[[{]/.test(token)) {
      try {
        values.push(JSON.parse(token));
      } catch {
        return { values, bad: token };
      }
    } else values.push(token.replace(/^["']|["']$/g, ''));
  }
  return { values, bad: null };
}

/** Splits on commas outside brackets and quotes, so `{"name":"adam","lr":0.01}, sgd` stays two values. */
function splitTopLevel(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quote = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') quote = !quote;
    else if (!quote && (c === '{' || c === '[')) depth++;
    else if (!quote && (c === '}' || c === ']')) depth--;
    else if (!quote && depth === 0 && c === ',') {
      out.push(text.slice(start, i));
      start = i + 1;
    }
  }
  out.push(text.slice(start));
  return out;
}

const PATH = /^[A-Za-z_][A-Za-z0-9_]*(\.([A-Za-z_][A-Za-z0-9_]*|\d+))*$/;

export function axisPath(row: AxisRow): string {
  return row.kind === 'custom' ? row.path.trim() : row.kind;
}

/** The axes in row order, and every row's problem (a row with a problem is left out). */
export function buildAxes(rows: AxisRow[]): { axes: VariantAxis[]; problems: AxisProblem[] } {
  const axes: VariantAxis[] = [];
  const problems: AxisProblem[] = [];
  const seen = new Set<string>();
  for (const row of rows) {
    const path = axisPath(row);
    if (!PATH.test(path)) {
      problems.push({ uid: row.uid, key: 'wb.axisBadPath', params: { path } });
      continue;
    }
    if (seen.has(path)) {
      problems.push({ uid: row.uid, key: 'wb.axisDuplicate', params: { path } });
      continue;
    }
    let values: unknown[];
    if (row.kind === 'optimizer') values = [...row.names];
    else if (row.kind === 'seed' && /\.\./.test(row.text)) {
      const range = parseRange(row.text);
      if (!range) {
        problems.push({ uid: row.uid, key: 'wb.axisBadRange', params: { text: row.text.trim() } });
        continue;
      }
      values = range;
    } else {
      const parsed = parseValueList(row.text);
      if (parsed.bad !== null) {
        problems.push({ uid: row.uid, key: 'wb.axisBadValue', params: { value: parsed.bad } });
        continue;
      }
      values = parsed.values;
      const numeric = row.kind !== 'custom';
      const notNumber = numeric ? values.find((v) => typeof v !== 'number') : undefined;
      if (notNumber !== undefined) {
        problems.push({ uid: row.uid, key: 'wb.axisBadValue', params: { value: String(notNumber) } });
        continue;
      }
    }
    if (values.length === 0) {
      problems.push({ uid: row.uid, key: 'wb.axisEmpty', params: { path } });
      continue;
    }
    seen.add(path);
    axes.push({ path, values });
  }
  return { axes, problems };
}

/** The grid's size before asking main: the product of the axes' lengths (1 with no axes). */
export function gridSize(axes: VariantAxis[]): number {
  return axes.reduce((n, a) => n * a.values.length, 1);
}
