// History search: runs filtered and sorted by SQL, so a large history never crosses into JS
// just to be thrown away. Text matches the experiment's name, notes and tags and the run's label;
// a course experiment (stored under its English name, preload/shapes.ts COURSE_EXPERIMENTS) is
// found by its Chinese name too, as the Chinese pages show it.
import type { ExperimentKind, RunRow, RunStatus } from '../../preload/contract';
import { COURSE_EXPERIMENTS } from '../../preload/shapes';
import { RUN_SELECT, toRunRow, type RunRecord } from './rows';
import type { Store } from './store';

interface RunQuery {
  text?: string;
  status?: RunStatus[];
  kind?: ExperimentKind;
  experimentId?: number;
  /** Network: spec.data.source ("spiral"); surface: the experiment's surface (spec.fn). */
  dataSource?: string;
  /** spec.optimizer.name of the run. */
  optimizer?: string;
  /** ISO dates, inclusive; a date alone as `to` means the whole day. */
  from?: string;
  to?: string;
  /** A column (createdAt, startedAt, endedAt, label, status, experimentName, seed) or a summary key. */
  sortBy?: string;
  order?: 'asc' | 'desc';
  limit?: number;
}

const COLUMNS: Record<string, string> = {
  createdAt: 'r.created_at',
  startedAt: 'r.started_at',
  endedAt: 'r.ended_at',
  label: 'r.label COLLATE NOCASE',
  status: 'r.status',
  experimentName: 'e.name COLLATE NOCASE',
  seed: 'r.seed',
  id: 'r.id',
};

/** Text for LIKE with its %, _ and \ taken literally. */
const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);
/** LIKE with the user's %, _ and \ taken literally. */
const likePattern = (text: string) => `%${escapeLike(text.toLowerCase())}%`;

/**
 * LIKE patterns (lower case) for the stored names of the course experiments the Chinese pages show
 * as containing `text`: "批次大小" finds "Course §3 · batch size: …"; "课程 §3" (or "课程 §3 · 批次")
 * those of §3 (whose names contain the rest).
 */
function courseNamePatterns(text: string): string[] {
  const m = /^课程\s*§\s*(\d+)\s*(?:·\s*(.*))?$/.exec(text.trim());
  const rest = (m ? (m[2] ?? '') : text).trim().toLowerCase();
  if (!m && rest === '') return [];
  return Object.values(COURSE_EXPERIMENTS)
    .filter((n) => n.zh.toLowerCase().includes(rest))
    .map((n) => `course §${m ? m[1]! : '%'} · ${escapeLike(n.en.toLowerCase())}`);
}

export function searchRuns(store: Store, q: RunQuery): RunRow[] {
  const where: string[] = [];
  const args: unknown[] = [];
  if (q.text) {
    const course = courseNamePatterns(q.text);
    where.push(
      `(lower(e.name) LIKE ? ESCAPE '\\' OR lower(e.notes) LIKE ? ESCAPE '\\' OR lower(e.tags) LIKE ? ESCAPE '\\' OR lower(r.label) LIKE ? ESCAPE '\\'${course.map(() => ` OR lower(e.name) LIKE ? ESCAPE '\\'`).join('')})`,
    );
    const p = likePattern(q.text);
    args.push(p, p, p, p, ...course);
  }
  if (q.status?.length) {
    where.push(`r.status IN (${q.status.map(() => '?').join(', ')})`);
    args.push(...q.status);
  }
  if (q.kind) {
    where.push('e.kind = ?');
    args.push(q.kind);
  }
  if (q.experimentId !== undefined) {
    where.push('r.experiment_id = ?');
    args.push(q.experimentId);
  }
  if (q.dataSource) {
    where.push(`(CASE e.kind WHEN 'network' THEN json_extract(r.spec, '$.data.source') ELSE json_extract(e.spec, '$.fn') END) = ?`);
    args.push(q.dataSource);
  }
  if (q.optimizer) {
    where.push(`json_extract(r.spec, '$.optimizer.name') = ?`);
    args.push(q.optimizer);
  }
  // Stored dates are ISO UTC strings, so text comparison is date order.
  if (q.from) {
    where.push('r.created_at >= ?');
    args.push(isoBound(q.from, 'from'));
  }
  if (q.to) {
    where.push('r.created_at <= ?');
    args.push(isoBound(q.to, 'to'));
  }

  const dir = q.order === 'asc' ? 'ASC' : 'DESC';
  const sortBy = q.sortBy ?? 'createdAt';
  let order: string;
  // Own keys only: 'constructor' or 'toString' are summary keys, not Object.prototype's functions.
  const column = Object.hasOwn(COLUMNS, sortBy) ? COLUMNS[sortBy] : undefined;
  if (column) {
    order = `${column} IS NULL, ${column} ${dir}`;
  } else {
    // A summary key: runs without a (numeric or text) value sort last whatever the direction.
    const value = `json_extract(r.summary, ?)`;
    order = `${value} IS NULL, ${value} ${dir}`;
    args.push(`$.${sortBy}`, `$.${sortBy}`);
  }
  const sql = `${RUN_SELECT} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY ${order}, r.id ${dir} LIMIT ?`;
  args.push(q.limit ?? 500);
  return (store.db.prepare(sql).all(...args) as RunRecord[]).map(toRunRow);
}

/** A date or date-time as a bound on ISO UTC timestamps: a bare date `to` covers its whole day. */
function isoBound(value: string, side: 'from' | 'to'): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return side === 'from' ? `${value}T00:00:00.000Z` : `${value}T23:59:59.999Z`;
  const t = new Date(value.replace(' ', 'T'));
  if (Number.isNaN(t.getTime())) throw Object.assign(new Error(`${side}: not a date: ${value}`), { code: 'invalid-request' });
  return t.toISOString();
}
