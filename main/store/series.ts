// Metric series stored as chunks: each row of `series_chunks` holds up to CHUNK_POINTS points of
// one series as float64 blobs (little-endian), so reading a million points is a few hundred row
// reads and one copy each instead of a million rows. Steps that run first..first+n-1 (the common
// case: one point per update or per epoch) are not stored at all (`steps` is NULL).
// Appending past the series' last step fills the tail chunk and adds new ones; a write that lands
// inside the series (a step written again, steps out of order) merges from the first affected
// chunk on, with the later value winning — the same as INSERT OR REPLACE per point.
import type { Database, Statement } from 'better-sqlite3';
import { endianness } from 'node:os';

export const CHUNK_POINTS = 4096;
/**
 * A few points appended past the end go into the tail chunk only while it is this small (or they
 * are at least as many as it holds): the tail is rewritten whole, so a one-point append per epoch
 * into a full-size tail would rewrite 32 KiB (eight pages) every time. Otherwise they start a new chunk.
 */
export const TAIL_MERGE_POINTS = 512;

if (endianness() !== 'LE') throw new Error('the metric store reads float64 blobs as little-endian');

interface ChunkRow {
  id: number;
  first_step: number;
  last_step: number;
  n: number;
  steps: Buffer | null;
  vals: Buffer;
}

/** A series' points, steps strictly increasing. */
export interface Points {
  steps: Float64Array;
  values: Float64Array;
}

const toBlob = (a: Float64Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

/** A float64 view of a blob, copied when SQLite's buffer is not 8-byte aligned. */
function fromBlob(b: Buffer): Float64Array {
  if (b.byteOffset % 8 === 0) return new Float64Array(b.buffer, b.byteOffset, b.byteLength / 8);
  const out = new Float64Array(b.byteLength / 8);
  new Uint8Array(out.buffer).set(b);
  return out;
}

function isRange(steps: Float64Array): boolean {
  const first = steps[0]!;
  for (let i = 1; i < steps.length; i++) if (steps[i] !== first + i) return false;
  return true;
}

/** (steps, values) sorted by step; a step given twice keeps its last value. */
export function normalize(steps: ArrayLike<number>, values: ArrayLike<number>): Points {
  const n = steps.length;
  let sorted = true;
  for (let i = 1; i < n && sorted; i++) if (!(steps[i]! > steps[i - 1]!)) sorted = false;
  if (sorted) return { steps: Float64Array.from(steps), values: Float64Array.from(values) };
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => steps[a]! - steps[b]! || a - b);
  const s: number[] = [];
  const v: number[] = [];
  for (const i of order) {
    if (s.length && s[s.length - 1] === steps[i]) v[v.length - 1] = values[i]!;
    else {
      s.push(steps[i]!);
      v.push(values[i]!);
    }
  }
  return { steps: Float64Array.from(s), values: Float64Array.from(v) };
}

/** Merges b into a (both sorted): b's value wins on a shared step. */
function merge(a: Points, b: Points): Points {
  const steps = new Float64Array(a.steps.length + b.steps.length);
  const values = new Float64Array(steps.length);
  let i = 0, j = 0, k = 0;
  while (i < a.steps.length || j < b.steps.length) {
    const sa = i < a.steps.length ? a.steps[i]! : Infinity;
    const sb = j < b.steps.length ? b.steps[j]! : Infinity;
    if (sb <= sa) {
      steps[k] = sb;
      values[k++] = b.values[j++]!;
      if (sa === sb) i++;
    } else {
      steps[k] = sa;
      values[k++] = a.values[i++]!;
    }
  }
  return { steps: steps.subarray(0, k), values: values.subarray(0, k) };
}

function decode(rows: ChunkRow[]): Points {
  let total = 0;
  for (const r of rows) total += r.n;
  const steps = new Float64Array(total);
  const values = new Float64Array(total);
  let at = 0;
  for (const r of rows) {
    values.set(fromBlob(r.vals), at);
    if (r.steps) steps.set(fromBlob(r.steps), at);
    else for (let i = 0; i < r.n; i++) steps[at + i] = r.first_step + i;
    at += r.n;
  }
  return { steps, values };
}

/** The statements one database needs, prepared once. */
export class SeriesChunks {
  private readonly insert: Statement;
  private readonly update: Statement;
  private readonly tail: Statement;
  private readonly from: Statement;
  private readonly all: Statement;
  private readonly removeFrom: Statement;

  constructor(db: Database) {
    this.insert = db.prepare('INSERT INTO series_chunks (series_id, first_step, last_step, n, steps, vals) VALUES (?, ?, ?, ?, ?, ?)');
    this.update = db.prepare('UPDATE series_chunks SET last_step = ?, n = ?, steps = ?, vals = ? WHERE id = ?');
    this.tail = db.prepare('SELECT * FROM series_chunks WHERE series_id = ? ORDER BY first_step DESC LIMIT 1');
    this.from = db.prepare('SELECT * FROM series_chunks WHERE series_id = ? AND last_step >= ? ORDER BY first_step');
    this.all = db.prepare('SELECT * FROM series_chunks WHERE series_id = ? ORDER BY first_step');
    this.removeFrom = db.prepare('DELETE FROM series_chunks WHERE series_id = ? AND last_step >= ?');
  }

  read(seriesId: number): Points {
    return decode(this.all.all(seriesId) as ChunkRow[]);
  }

  /** Writes sorted points; call inside a transaction. */
  write(seriesId: number, p: Points): void {
    const n = p.steps.length;
    if (n === 0) return;
    const tail = this.tail.get(seriesId) as ChunkRow | undefined;
    if (tail && p.steps[0]! <= tail.last_step) {
      // Lands inside the series: rewrite from the first chunk it touches.
      const rows = this.from.all(seriesId, p.steps[0]!) as ChunkRow[];
      this.removeFrom.run(seriesId, p.steps[0]!);
      this.insertChunks(seriesId, merge(decode(rows), p));
      return;
    }
    let start = 0;
    // Merged when the tail is small, or the new points at least as many as the tail's (the rewrite
    // stays within twice what is written), or enough to fill it.
    if (tail && tail.n < CHUNK_POINTS && (tail.n < TAIL_MERGE_POINTS || n >= tail.n || n >= CHUNK_POINTS - tail.n)) {
      start = Math.min(CHUNK_POINTS - tail.n, n);
      // Past the tail's last step: the joined chunk is the tail's points, then the new ones.
      const head = decode([tail]);
      const steps = new Float64Array(tail.n + start);
      const values = new Float64Array(tail.n + start);
      steps.set(head.steps);
      steps.set(p.steps.subarray(0, start), tail.n);
      values.set(head.values);
      values.set(p.values.subarray(0, start), tail.n);
      this.update.run(steps[steps.length - 1]!, steps.length, isRange(steps) ? null : toBlob(steps), toBlob(values), tail.id);
    }
    if (start < n) this.insertChunks(seriesId, { steps: p.steps.subarray(start), values: p.values.subarray(start) });
  }

  private insertChunks(seriesId: number, p: Points): void {
    for (let i = 0; i < p.steps.length; i += CHUNK_POINTS) {
      const steps = p.steps.subarray(i, i + CHUNK_POINTS);
      const values = p.values.subarray(i, i + CHUNK_POINTS);
      this.insert.run(seriesId, steps[0]!, steps[steps.length - 1]!, steps.length, isRange(steps) ? null : toBlob(steps), toBlob(values));
    }
  }
}

/**
 * Indices to keep so that at most about `maxPoints` remain: the first and last point, and in each
 * of maxPoints/2 buckets the smallest and largest value (so every extreme survives exactly) and
 * its first non-finite value (so a divergence still shows). Returned as a mask.
 */
export function extremesMask(values: Float64Array, maxPoints: number, mask: Uint8Array = new Uint8Array(values.length)): Uint8Array {
  const n = values.length;
  if (n <= maxPoints) return mask.fill(1);
  const buckets = Math.max(1, Math.floor(maxPoints / 2));
  mask[0] = 1;
  mask[n - 1] = 1;
  for (let b = 0; b < buckets; b++) {
    const lo = Math.floor((b * n) / buckets);
    const hi = Math.floor(((b + 1) * n) / buckets);
    let min = -1, max = -1, bad = -1;
    for (let i = lo; i < hi; i++) {
      const v = values[i]!;
      if (!Number.isFinite(v)) {
        if (bad < 0) bad = i;
        continue;
      }
      if (min < 0 || v < values[min]!) min = i;
      if (max < 0 || v > values[max]!) max = i;
    }
    if (min >= 0) mask[min] = 1;
    if (max >= 0) mask[max] = 1;
    if (bad >= 0) mask[bad] = 1;
  }
  return mask;
}

export function applyMask(p: Points, mask: Uint8Array): { steps: number[]; values: number[] } {
  const steps: number[] = [];
  const values: number[] = [];
  for (let i = 0; i < mask.length; i++) {
    if (mask[i]) {
      steps.push(p.steps[i]!);
      values.push(p.values[i]!);
    }
  }
  return { steps, values };
}

export function sameSteps(a: Float64Array, b: Float64Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
