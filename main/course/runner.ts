// Runs a course section: its experiments (stored like any other run, tagged "Course §N"), then
// its verdicts, computed from the runs as read back from the store, then the result stored.
// Stopped (its signal aborted), the section's network runs end 'stopped', its measurements at
// their next pause, and the result says so, with no check judged; a stopped result is not stored
// (the student's progress stays the last finished run's).
import { setMaxListeners } from 'node:events';
import type { CheckResult, CourseProgress, CourseResult, CourseSectionNumber } from '../../preload/course';
import type { WorkerPool } from '../engine/pool/pool';
import type { Store } from '../store';
import { saveCourseResult } from './results';
import { sectionDef } from './sections';
import { CourseStopped, Slicer, type SliceOptions } from './slice';
import type { RunRef, RunsByRole, SectionDef, StoredRun } from './types';

export interface RunSectionOptions {
  store: Store;
  pool: WorkerPool;
  section: CourseSectionNumber;
  /** Seeds 1..seeds (the section's default when omitted). */
  seeds?: number;
  onProgress?: (p: CourseProgress) => void;
  /** Stops the section: see the file's head. */
  signal?: AbortSignal;
  /** How the main-thread arithmetic pauses (tests: a budget of 0 and a counter). */
  slice?: SliceOptions;
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
  // Every network run of the section listens to the one signal.
  if (o.signal) setMaxListeners(0, o.signal);
  const slice = new Slicer(o.signal, o.slice);
  const running = new Set<Promise<unknown>>();
  const track = <T>(work: Promise<T>): Promise<T> => {
    const settled: Promise<unknown> = work.then(
      () => running.delete(settled),
      () => running.delete(settled),
    );
    running.add(settled);
    return work;
  };
  const stopped = (): CourseResult => ({
    section: o.section,
    seeds: seedCount,
    checks: def.info.checks.map(unjudged),
    startedAt,
    finishedAt: new Date().toISOString(),
    stopped: true,
  });
  if (o.signal?.aborted) return stopped();
  try {
    await def.run({
      store: o.store,
      pool: o.pool,
      seeds,
      tag: courseTag(o.section),
      signal: o.signal,
      slice,
      track,
      add: (ref) => refs.push(ref),
      step: (label, runId) => {
        done = Math.min(total, done + 1);
        o.onProgress?.({ section: o.section, done, total, label, ...(runId !== undefined ? { runId } : {}) });
      },
    });
    if (o.signal?.aborted) return stopped();
    const runs = await readRuns(o.store, def, refs, slice);
    await slice.pause();
    const checks = def.verdicts(runs);
    const result: CourseResult = { section: o.section, seeds: seedCount, checks, startedAt, finishedAt: new Date().toISOString() };
    saveCourseResult(o.store, result);
    return result;
  } catch (err) {
    if (!o.signal?.aborted) throw err;
    // Whatever was still running (network runs ending 'stopped', pool jobs) settles first, so the
    // store is as the report says when it arrives.
    while (running.size) await Promise.all([...running]);
    if (err instanceof CourseStopped || o.signal.aborted) return stopped();
    throw err;
  }
}

const unjudged = (c: { id: string; claim: CheckResult['claim'] }): CheckResult => ({
  id: c.id,
  claim: c.claim,
  passed: false,
  measured: {},
  summary: { en: 'Stopped before this check’s runs finished: not judged.', zh: '在本项检查的运行完成前已停止：未作判定。' },
  runs: {},
});

/** The section's runs as stored: summary from the run row, the series the section asks for. */
export async function readRuns(store: Store, def: Pick<SectionDef, 'series'>, refs: readonly RunRef[], slice = new Slicer()): Promise<RunsByRole> {
  const out: RunsByRole = {};
  for (const ref of refs) {
    await slice.tick();
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
