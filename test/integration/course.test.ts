// The course end to end: `lab course` as a user's shell runs it (list, usage errors, one real
// section on the worker pool with a database of its own), and the channels through the handler
// table (a section run stored, tagged, judged, its result kept and its progress reported).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Events } from '../../preload/contract';
import type { CourseResult, CourseSection } from '../../preload/course';
import { openLab } from '../../main/api/lab';
import { Store } from '../../main/store';
import { runLab } from '../support/lab-cli';

const dir = mkdtempSync(join(tmpdir(), 'descent-lab-course-'));
const lab = (args: string[]) => runLab(args, { defaultDb: join(dir, 'default.db') });
const app = openLab({ dbPath: join(dir, 'app.db'), info: { name: 'Descent Lab', version: 'test', transport: 'websocket', platform: process.platform, locale: 'en' } });
afterAll(async () => {
  await app.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('lab course', () => {
  it('lists the seven sections with their checks in both languages', async () => {
    const r = await lab(['course', 'list', '--json']);
    expect(r.code).toBe(0);
    type Text = { en: string; zh: string };
    const sections = JSON.parse(r.stdout) as { section: number; id: string; title: Text; checks: { id: string; claim: Text }[] }[];
    expect(sections.map((s) => s.section)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(Object.keys(sections[0]!).sort()).toEqual(['checks', 'id', 'section', 'title']);
    expect(sections[0]!.checks.map((c) => c.id)).toEqual(['depth', 'u-curve', 'model-selection', 'mismatch']);
    for (const s of sections) for (const c of s.checks) expect(c.claim.zh).toMatch(/[\u4e00-\u9fff]/);
  });

  it('refuses bad usage with exit status 2, naming the problem', async () => {
    const cases = [['course'], ['course', 'walk'], ['course', 'run', '8'], ['course', 'run', '2', '--seeds', '0'], ['course', 'list', '3']];
    const results = await Promise.all(cases.map((args) => lab(args)));
    results.forEach((r, i) => {
      expect(r.code, cases[i]!.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.length).toBeGreaterThan(0);
    });
    expect(results[2]!.stderr).toMatch(/section number 1–7/);
    expect(results[3]!.stderr).toMatch(/--seeds/);
  });

  it('runs §5 on a fresh database: every check passes, prints JSON only, stores the runs tagged', async () => {
    const db = join(dir, 'cli.db');
    const r = await lab(['course', 'run', '5', '--seeds', '2', '--db', db, '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const result = JSON.parse(r.stdout) as CourseResult;
    expect(result.section).toBe(5);
    expect(result.checks.map((c) => [c.id, c.passed])).toEqual([
      ['softmax', true],
      ['mse-plateau', true],
      ['mse-stalls', true],
    ]);
    const stalls = result.checks[2]!;
    expect(Object.keys(stalls.runs).sort()).toEqual(['ce-train', 'mse-train']);
    expect(stalls.measured.ceAccuracy).toMatchObject({ n: 2 });
    const store = Store.open(db);
    try {
      const experiments = store.listExperiments();
      expect(experiments.length).toBe(3);
      for (const e of experiments) expect(e.tags).toEqual(['Course §5']);
      // The verdict's runs are stored runs, with the numbers it read.
      const run = store.getRun(stalls.runs['mse-train']!);
      expect(run.status).toBe('completed');
      expect(run.label).toBe('mse-train · seed 1');
    } finally {
      store.close();
    }
  });

  it('prints a verdict per check and progress on stderr without --json', async () => {
    const r = await lab(['course', 'run', '2', '--seeds', '1', '--db', join(dir, 'text.db')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^✓ saddle: /m);
    expect(r.stdout).toMatch(/^✓ min-ratio: /m);
    expect(r.stderr).toMatch(/§2 \[1\/\d+\] saddle · seed 1/);
  });
});

describe('course channels', () => {
  it('course:list gives the sections with experiments and try-this specs', async () => {
    const reply = await app.dispatcher.dispatch('course:list', {});
    if (!reply.ok) throw new Error(reply.error.message);
    const sections = reply.result as CourseSection[];
    expect(sections).toHaveLength(7);
    for (const s of sections) {
      expect(s.tag).toBe(`Course §${s.section}`);
      expect(s.experiments.length).toBeGreaterThan(0);
      expect(s.tryThis.length).toBeGreaterThan(0);
    }
  });

  it('course:run runs a section, reports progress, and course:results keeps the latest per section', async () => {
    const progress: Events['course:progress'][] = [];
    const stop = app.events.subscribe((event, payload) => {
      if (event === 'course:progress') progress.push(payload as Events['course:progress']);
    });
    const reply = await app.dispatcher.dispatch('course:run', { section: 6, seeds: 1 });
    stop();
    if (!reply.ok) throw new Error(reply.error.message);
    const result = reply.result as CourseResult;
    expect(result.seeds).toBe(1);
    expect(result.checks.every((c) => c.passed)).toBe(true);
    expect(progress.length).toBeGreaterThan(1);
    expect(progress.at(-1)).toMatchObject({ section: 6, done: progress.at(-1)!.total });
    expect(progress.map((p) => p.done)).toEqual(progress.map((_, i) => i + 1));

    const bad = await app.dispatcher.dispatch('course:run', { section: 9 });
    expect(bad.ok).toBe(false);

    const stored = await app.dispatcher.dispatch('course:results', {});
    if (!stored.ok) throw new Error(stored.error.message);
    expect((stored.result as CourseResult[]).map((r) => [r.section, r.finishedAt])).toEqual([[6, result.finishedAt]]);
  });
});
