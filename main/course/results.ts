// Course results kept in the store (table course_results, migration 3): every section run adds a
// row; the sidebar reads the latest per section.
import type { CourseResult } from '../../preload/course';
import type { Store } from '../store';

export function saveCourseResult(store: Store, result: CourseResult): number {
  return store.transaction(() =>
    Number(store.db.prepare('INSERT INTO course_results (section, result, finished_at) VALUES (?, ?, ?)').run(result.section, JSON.stringify(result), result.finishedAt).lastInsertRowid),
  );
}

/** The latest result of each section that has one, in section order. */
export function latestCourseResults(store: Store): CourseResult[] {
  const rows = store.db
    .prepare('SELECT result FROM course_results WHERE id IN (SELECT MAX(id) FROM course_results GROUP BY section) ORDER BY section')
    .pluck()
    .all() as string[];
  return rows.map((r) => JSON.parse(r) as CourseResult);
}
