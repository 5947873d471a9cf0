// A course section stopped and a section's arithmetic sliced: 'course:stop' over the real channel
// ends the section's network runs 'stopped' (stored with what they trained) and its measurements
// at their next pause, the result says stopped with no check judged and is not stored; and the
// main-thread arithmetic of a section pauses at its slice points, with the same numbers as unsliced.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Events } from '../../preload/contract';
import type { CourseResult } from '../../preload/course';
import { openLab } from '../../main/api/lab';
import { latestCourseResults } from '../../main/course/results';
import { runSection } from '../../main/course/runner';
import { Store } from '../../main/store';
import { BOUND, H_SWEEP, N_SWEEP } from '../../main/course/sections/s6-generalization';
import { GRID } from '../../main/course/sections/s5-classification';

const dir = mkdtempSync(join(tmpdir(), 'descent-lab-course-stop-'));
const app = openLab({ dbPath: join(dir, 'app.db'), info: { name: 'Descent Lab', version: 'test', transport: 'websocket', platform: process.platform, locale: 'en' } });
afterAll(async () => {
  await app.close();
  rmSync(dir, { recursive: true, force: true });
});

async function call<T>(channel: string, payload: unknown): Promise<T> {
  const reply = await app.dispatcher.dispatch(channel as never, payload as never);
  if (!reply.ok) throw new Error(reply.error.message);
  return reply.result as T;
}

/** The runs of the section's stored experiments. */
function sectionRuns(section: number) {
  const experiments = app.store.listExperiments().filter((e) => e.tags.includes(`Course §${section}`));
  return experiments.flatMap((e) => app.store.listRuns({ experimentId: e.id }));
}

/** Starts a section over the channel and stops it once one of its network runs is seen running in the store. */
async function runAndStopWhileTraining(section: number, seeds: number) {
  let stopReply: Promise<{ stopped: boolean }> | undefined;
  const training = () =>
    sectionRuns(section).some((r) => r.status === 'running' && app.store.getExperiment(r.experimentId).kind === 'network');
  const poll = setInterval(() => {
    if (!stopReply && training()) stopReply = call('course:stop', {});
  }, 5);
  try {
    const result = await call<CourseResult>('course:run', { section, seeds });
    return { result, stop: await stopReply };
  } finally {
    clearInterval(poll);
  }
}

/** Starts a section over the channel and stops it once `when` holds for a progress event. */
async function runAndStop(section: number, seeds: number, when: (p: Events['course:progress']) => boolean) {
  let stopReply: Promise<{ stopped: boolean }> | undefined;
  const off = app.events.subscribe((event, payload) => {
    if (event === 'course:progress' && !stopReply && when(payload as Events['course:progress'])) stopReply = call('course:stop', {});
  });
  try {
    const result = await call<CourseResult>('course:run', { section, seeds });
    return { result, stop: await stopReply };
  } finally {
    off();
  }
}

describe('course:stop', () => {
  it('answers stopped: false when no section runs', async () => {
    expect(await call('course:stop', {})).toEqual({ stopped: false });
  });

  it('stops §1 while its networks train: runs end stopped, nothing judged, nothing stored as a result', async () => {
    // The section's networks train side by side and report only when each ends, so the stop is
    // sent once the store shows one of them running (not at the first report, by which time the
    // others may be ending too).
    const { result, stop } = await runAndStopWhileTraining(1, 2);
    expect(stop).toEqual({ stopped: true });
    expect(result.stopped).toBe(true);
    expect(result.checks.map((c) => c.id)).toEqual(['depth', 'u-curve', 'model-selection', 'mismatch']);
    for (const c of result.checks) {
      expect(c.passed).toBe(false);
      expect(c.runs).toEqual({});
      expect(c.summary.en).toMatch(/not judged/);
      expect(c.summary.zh).toMatch(/未作判定/);
    }
    // The store is as the report says: nothing still running, the stopped runs kept.
    const runs = sectionRuns(1);
    const statuses = new Set(runs.map((r) => r.status));
    expect([...statuses].every((s) => s === 'completed' || s === 'stopped')).toBe(true);
    expect(statuses.has('stopped')).toBe(true);
    const network = runs.filter((r) => app.store.getExperiment(r.experimentId).kind === 'network');
    // 2 seeds × (3 depth + 3 mismatch) networks were asked for; not all of them finished.
    expect(network.filter((r) => r.status === 'completed').length).toBeLessThan(12);
    for (const r of network.filter((x) => x.status === 'stopped')) expect(r.endedAt).toBeTruthy();
    expect((await call<CourseResult[]>('course:results', {})).map((r) => r.section)).not.toContain(1);
  });

  it('cuts a measurement-only section (§6) between slices, and the next run is not held up', async () => {
    const { result } = await runAndStop(6, 3, (p) => p.done === 1);
    expect(result.stopped).toBe(true);
    expect(result.checks.every((c) => !c.passed)).toBe(true);
    const runs = sectionRuns(6);
    const full = 3 * (1 + N_SWEEP.length + H_SWEEP.length);
    expect(runs.length).toBeGreaterThanOrEqual(1);
    expect(runs.length).toBeLessThan(full);
    // Measurements are stored whole or not at all.
    expect(runs.every((r) => r.status === 'completed')).toBe(true);

    const next = await call<CourseResult>('course:run', { section: 6, seeds: 1 });
    expect(next.stopped).toBeUndefined();
    expect(next.checks.every((c) => c.passed)).toBe(true);
  });
  it('stops a section asked for behind a running one before it begins: nothing of it is stored', async () => {
    const before = sectionRuns(5).length;
    const first = call<CourseResult>('course:run', { section: 6, seeds: 2 });
    const second = call<CourseResult>('course:run', { section: 5, seeds: 1 });
    expect(await call('course:stop', {})).toEqual({ stopped: true });
    expect(await call('course:stop', {})).toEqual({ stopped: true });
    expect((await first).stopped).toBe(true);
    expect((await second).stopped).toBe(true);
    expect(sectionRuns(5).length).toBe(before);
    expect(app.store.listExperiments().filter((e) => e.tags.includes('Course §5'))).toHaveLength(0);
    expect(await call('course:stop', {})).toEqual({ stopped: false });
  });
});

describe('lab course run and Ctrl+C', () => {
  it('stops on SIGINT like the app: exit 130, the runs so far stored stopped or completed, no result stored', async () => {
    const db = join(dir, 'cli.db');
    const child = spawn(process.execPath, ['--import', 'tsx', 'main/cli/index.ts', 'course', 'run', '1', '--seeds', '2', '--db', db], {
      env: { ...process.env, LANG: 'C', LC_ALL: '', LC_MESSAGES: '', DESCENT_LAB_DB: join(dir, 'default.db') },
    });
    let stderr = '';
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      // The first progress line: the section is under way.
      if (/§1 \[\d+\/\d+\]/.test(stderr) && !child.killed) child.kill('SIGINT');
    });
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(stderr).toMatch(/§1: stopped/);
    expect(code).toBe(130);
    expect(stdout).toBe('');
    const store = Store.open(db);
    try {
      const runs = store.listExperiments().flatMap((e) => store.listRuns({ experimentId: e.id }));
      expect(runs.length).toBeGreaterThan(0);
      expect(runs.every((r) => r.status === 'completed' || r.status === 'stopped')).toBe(true);
      expect(runs.some((r) => r.status === 'stopped')).toBe(true);
      expect(latestCourseResults(store)).toEqual([]);
    } finally {
      store.close();
    }
  });
});

describe('slicing', () => {
  it('§6 pauses after every sampled training set and gives the same numbers as with the default budget', async () => {
    let yields = 0;
    const sliced = await runSection({ store: app.store, pool: app.pool, section: 6, seeds: 1, slice: { budgetMs: 0, onYield: () => yields++ } });
    // One pause per training set of each bound-lab call (population, the N sweep, the |H| sweep), at least.
    expect(yields).toBeGreaterThanOrEqual(BOUND.trainingSets * (1 + N_SWEEP.length + H_SWEEP.length));
    const plain = await runSection({ store: app.store, pool: app.pool, section: 6, seeds: 1 });
    expect(sliced.checks.map((c) => c.measured)).toEqual(plain.checks.map((c) => c.measured));
    expect(sliced.checks.map((c) => c.passed)).toEqual(plain.checks.map((c) => c.passed));
  });

  it('§5 pauses at every row of its error surfaces and through its descents, with the same numbers', async () => {
    const count = async (budgetMs?: number) => {
      let yields = 0;
      const r = await runSection({ store: app.store, pool: app.pool, section: 5, seeds: 2, slice: { budgetMs, onYield: () => yields++ } });
      return { r, yields };
    };
    const sliced = await count(0);
    // Two surfaces of GRID.cells rows, plus the softmax vectors and the seeds' descents.
    expect(sliced.yields).toBeGreaterThanOrEqual(2 * GRID.cells + 2 * 2);
    const plain = await count();
    expect(sliced.r.checks.map((c) => [c.id, c.passed, c.measured])).toEqual(plain.r.checks.map((c) => [c.id, c.passed, c.measured]));
  });
});
