// Runs a course section: its experiments (stored like any other run, tagged "Course §N"), then
// its verdicts, computed from the runs as read back from the store, then the result stored.
import type { CourseProgress, CourseResult, CourseSectionNumber } from '../../preload/course';
import type { WorkerPool } from '../engine/pool/pool';
import type { Store } from '../store';
import { saveCourseResult } from './results';
import { sectionDef } from './sections';
import type { RunRef, RunsByRole, SectionDef, StoredRun } from './types';

export interface RunSectionOptions {
  store: Store;
  pool: WorkerPool;
  section: CourseSectionNumber;
  /** Seeds 1..seeds (the section's default when omitted). */
  seeds?: number;
  onProgress?: (p: CourseProgress) => void;
  signal?: AbortSignal;
}

export const courseTag = (section: number): string => `Course §${section}`;

export async function runSection(o: RunSectionOptions): Promise<CourseResult> {
  const def = sectionDef(o.section);
  const seedCount = o.seeds ?? def.info.defaultSeeds;
  const seeds = Array.from({ length: seedCount }, (_, i) => i + 1);
  const startedAt = new Date().toISOString();
  const refs: RunRef[] = [];
  const total = def.steps(seedCount);
  let done = 0;
  await def.run({
    store: o.store,
    pool: o.pool,
    seeds,
    tag: courseTag(o.section),
    signal: o.signal,
    add: (ref) => refs.push(ref),
    step: (label, runId) => {
      done = Math.min(total, done + 1);
      o.onProgress?.({ section: o.section, done, total, label, ...(runId !== undefined ? { runId } : {}) });
    },
  });
  const checks = def.verdicts(readRuns(o.store, def, refs));
  const result: CourseResult = { section: o.section, seeds: seedCount, checks, startedAt, finishedAt: new Date().toISOString() };
  saveCourseResult(o.store, result);
  return result;
}

/** The section's runs as stored: summary from the run row, the series the section asks for. */
export function readRuns(store: Store, def: Pick<SectionDef, 'series'>, refs: readonly RunRef[]): RunsByRole {
  const out: RunsByRole = {};
  for (const ref of refs) {
    const row = store.getRun(ref.runId);
    const names = typeof def.series === 'function' ? def.series(ref.role) : (def.series[ref.role] ?? []);
    const series: Record<string, number[]> = {};
    if (names.length) for (const s of store.readSeries([ref.runId], names)) series[s.name] = s.values;
    const run: StoredRun = { runId: ref.runId, role: ref.role, seed: ref.seed, status: row.status, summary: row.summary as unknown as StoredRun['summary'], series };
    (out[ref.role] ??= []).push(run);
  }
  for (const runs of Object.values(out)) runs.sort((a, b) => a.seed - b.seed);
  return out;
}
