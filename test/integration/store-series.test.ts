// Metric series stored as chunks on a real SQLite file: appends across chunk boundaries, points
// written again or out of order, the migration from one row per point, and thinned reads that
// keep every extreme exactly. The reference is a plain Map of step → value kept beside the store.
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CHUNK_POINTS, migrate, migrations, Store } from '../../main/store';

let dir: string;
let file: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'descent-lab-series-'));
  file = join(dir, 'lab.db');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function newRun(s: Store): number {
  const e = s.createExperiment({ name: 'e', kind: 'network', spec: {} });
  return s.createRun({ experimentId: e.id, label: 'r', seed: 1, spec: {}, status: 'completed' }).id;
}

/** A deterministic LCG, so the test's writes are the same every time. */
function lcg(seed: number) {
  let x = seed >>> 0;
  return () => ((x = (Math.imul(x, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

const sortedRef = (ref: Map<number, number>) => {
  const steps = [...ref.keys()].sort((a, b) => a - b);
  return { steps, values: steps.map((k) => ref.get(k)!) };
};

describe('chunked series', () => {
  it('small batches across chunk boundaries, rewrites and out-of-order steps read back as a Map would', () => {
    const s = Store.open(file);
    const run = newRun(s);
    const ref = new Map<number, number>();
    const rnd = lcg(7);
    let next = 0;
    for (let b = 0; b < 400; b++) {
      const steps: number[] = [];
      const values: number[] = [];
      const k = 1 + Math.floor(rnd() * 60);
      for (let i = 0; i < k; i++) {
        // Mostly appends; sometimes a step already written (a retried flush) or one far back.
        const r = rnd();
        const step = r < 0.85 ? next++ : r < 0.95 ? Math.floor(rnd() * Math.max(1, next)) : next + 5 + Math.floor(rnd() * 10);
        const v = r > 0.99 ? NaN : rnd() * 10 - 5;
        steps.push(step);
        values.push(v);
        ref.set(step, v);
      }
      s.appendPoints(run, 'loss', steps, values);
    }
    expect(next).toBeGreaterThan(2 * CHUNK_POINTS);
    const [got] = s.readSeries([run], ['loss']);
    const want = sortedRef(ref);
    expect(got!.steps).toEqual(want.steps);
    expect(got!.values).toEqual(want.values);
    expect(s.integrityCheck().ok).toBe(true);
    s.close();
  });

  it('keeps NaN, ±Infinity, -0 and subnormals bit for bit', () => {
    const s = Store.open(file);
    const run = newRun(s);
    const values = [NaN, Infinity, -Infinity, -0, 5e-324, Number.MAX_VALUE, 0.1 + 0.2];
    s.appendPoints(run, 'v', values.map((_, i) => i * 3), values);
    s.close();
    const again = Store.open(file);
    const [got] = again.readSeries([run]);
    expect(got!.steps).toEqual([0, 3, 6, 9, 12, 15, 18]);
    expect(Object.is(got!.values[3], -0)).toBe(true);
    expect(got!.values).toEqual(values);
    again.close();
  });

  it('migrates a database of one row per point (schema 3) to chunks with every value intact', () => {
    const old = new Database(file);
    migrate(old, migrations.filter((m) => m.version < 4));
    old.exec(`INSERT INTO experiments (name, kind, spec, created_at, updated_at) VALUES ('old', 'network', '{}', 'x', 'x');
              INSERT INTO runs (experiment_id, label, seed, status, spec, created_at) VALUES (1, 'r', 1, 'completed', '{}', 'x');
              INSERT INTO series (run_id, name) VALUES (1, 'loss'), (1, 'acc');`);
    const ins = old.prepare('INSERT INTO points (series_id, step, value) VALUES (?, ?, ?)');
    const loss: number[] = [];
    old.transaction(() => {
      for (let i = 0; i < 10_000; i++) ins.run(1, i * 2, (loss[i] = Math.sin(i) / (i + 1)));
      ins.run(2, 0, null); // the old store's NaN
      ins.run(2, 1, 0.5);
    })();
    old.close();
    const s = Store.open(file);
    expect(s.db.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(4);
    expect(s.db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'points'").pluck().get()).toBe(0);
    const [l, a] = s.readSeries([1]);
    expect(l!.steps).toEqual(loss.map((_, i) => i * 2));
    expect(l!.values).toEqual(loss);
    expect(a!.values).toEqual([NaN, 0.5]);
    expect(s.integrityCheck().ok).toBe(true);
    s.close();
  });
});

describe('thinned reads (runs:series maxPoints)', () => {
  it('keeps the first and last point and every bucket’s extremes, so the global min and max are exact', () => {
    const s = Store.open(file);
    const run = newRun(s);
    const n = 200_000;
    const rnd = lcg(3);
    const values = Array.from({ length: n }, (_, i) => Math.exp(-i / 50_000) + (rnd() - 0.5) * 0.1);
    values[123_457] = -3; // a spike down
    values[77_777] = 9; // a spike up
    values[150_000] = NaN; // a divergence
    s.appendPoints(run, 'loss', values.map((_, i) => i), values);
    const [thin] = s.readSeries([run], ['loss'], { maxPoints: 2000 });
    expect(thin!.total).toBe(n);
    expect(thin!.steps.length).toBeLessThanOrEqual(2002 + 1000);
    expect(thin!.steps[0]).toBe(0);
    expect(thin!.steps[thin!.steps.length - 1]).toBe(n - 1);
    const finite = values.filter(Number.isFinite);
    const lo = (a: number[]) => a.reduce((m, v) => Math.min(m, v), Infinity);
    const hi = (a: number[]) => a.reduce((m, v) => Math.max(m, v), -Infinity);
    expect(lo(thin!.values.filter(Number.isFinite))).toBe(lo(finite));
    expect(hi(thin!.values.filter(Number.isFinite))).toBe(hi(finite));
    expect(lo(finite)).toBe(-3);
    expect(hi(finite)).toBe(9);
    expect(thin!.steps).toContain(150_000);
    // Every kept point is a stored point, unchanged.
    thin!.steps.forEach((st, i) => expect(Object.is(thin!.values[i], values[st]) || (Number.isNaN(values[st]!) && Number.isNaN(thin!.values[i]!))).toBe(true));
    // Each bucket's extremes: for 1000 buckets of 200 points, the min and max of each are kept.
    for (let b = 0; b < 1000; b += 97) {
      const slice = values.slice(b * 200, (b + 1) * 200).filter(Number.isFinite);
      const kept = thin!.values.filter((_, i) => thin!.steps[i]! >= b * 200 && thin!.steps[i]! < (b + 1) * 200);
      expect(kept).toContain(Math.min(...slice));
      expect(kept).toContain(Math.max(...slice));
    }
    // The raw series stays whole for export.
    expect(s.readSeries([run], ['loss'])[0]!.steps.length).toBe(n);
    s.close();
  });

  it('series of one run with the same steps keep the same points (a trajectory’s x and y still pair up)', () => {
    const s = Store.open(file);
    const run = newRun(s);
    const n = 50_000;
    const steps = Array.from({ length: n }, (_, i) => i);
    s.appendPoints(run, 'x', steps, steps.map((i) => Math.cos(i / 100) * (1 + (i % 997 === 0 ? 5 : 0))));
    s.appendPoints(run, 'y', steps, steps.map((i) => Math.sin(i / 37)));
    s.appendPoints(run, 'lr', [0, 1, 2], [1, 2, 3]);
    const [x, y, lr] = s.readSeries([run], ['x', 'y', 'lr'], { maxPoints: 500 });
    expect(x!.steps).toEqual(y!.steps);
    expect(x!.steps.length).toBeLessThan(n / 10);
    expect(lr).toEqual({ runId: run, name: 'lr', steps: [0, 1, 2], values: [1, 2, 3] });
    s.close();
  });
});
