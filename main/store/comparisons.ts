// Saved comparisons (the workbench's Compare page): a name, the runs and how to draw them.
// Run ids are kept as given: a run deleted later simply no longer appears when it is reopened.
import type { ComparisonOptions, ComparisonRow } from '../../preload/workbench';
import { NotFoundError } from './errors';
import type { Store } from './store';

interface ComparisonRecord {
  id: number;
  name: string;
  run_ids: string;
  options: string;
  created_at: string;
  updated_at: string;
}

const toRow = (r: ComparisonRecord): ComparisonRow => ({
  id: r.id,
  name: r.name,
  runIds: JSON.parse(r.run_ids) as number[],
  options: JSON.parse(r.options) as ComparisonOptions,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

interface ComparisonInput {
  name: string;
  runIds: number[];
  options: ComparisonOptions;
}

export function saveComparison(store: Store, input: ComparisonInput & { id?: number }): ComparisonRow {
  const t = new Date().toISOString();
  const id = store.transaction(() => {
    if (input.id === undefined) {
      return Number(
        store.db
          .prepare('INSERT INTO comparisons (name, run_ids, options, created_at, updated_at) VALUES (?, ?, ?, ?, ?)')
          .run(input.name, JSON.stringify(input.runIds), JSON.stringify(input.options), t, t).lastInsertRowid,
      );
    }
    const changes = store.db
      .prepare('UPDATE comparisons SET name = ?, run_ids = ?, options = ?, updated_at = ? WHERE id = ?')
      .run(input.name, JSON.stringify(input.runIds), JSON.stringify(input.options), t, input.id).changes;
    if (changes === 0) throw new NotFoundError('comparison', input.id);
    return input.id;
  });
  return getComparison(store, id);
}

export function getComparison(store: Store, id: number): ComparisonRow {
  const r = store.db.prepare('SELECT * FROM comparisons WHERE id = ?').get(id) as ComparisonRecord | undefined;
  if (!r) throw new NotFoundError('comparison', id);
  return toRow(r);
}

/** Most recently saved first. */
export function listComparisons(store: Store): ComparisonRow[] {
  return (store.db.prepare('SELECT * FROM comparisons ORDER BY updated_at DESC, id DESC').all() as ComparisonRecord[]).map(toRow);
}

export function deleteComparison(store: Store, id: number): boolean {
  return store.transaction(() => store.db.prepare('DELETE FROM comparisons WHERE id = ?').run(id).changes > 0);
}
