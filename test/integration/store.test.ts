// The SQLite store on real temp files: schema, CRUD, cascade, batched metric writes, big series,
// interrupted-run recovery and surviving a killed writer process.
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RaceResult } from '../../preload/contract';
import { surfaceExperimentSpec } from '../../preload/spec';
import { CHUNK_POINTS, defaultDbPath, migrations, NotFoundError, resolveDbPath, saveRaceResult, SCHEMA_VERSION, Store } from '../../main/store';

let dir: string;
let dbPath: string;
const open: Store[] = [];
const openStore = (path = dbPath, options?: Parameters<typeof Store.open>[1]) => {
  const s = Store.open(path, options);
  open.push(s);
  return s;
};

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'descent-store-'));
  dbPath = join(dir, 'nested', 'lab.db');
});
afterEach(() => {
  for (const s of open.splice(0)) s.close();
  rmSync(dir, { recursive: true, force: true });
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function experimentWithRun(store: Store, status: Parameters<Store['createRun']>[0]['status'] = 'running') {
  const e = store.createExperiment({ name: 'exp', kind: 'network', spec: { a: 1 } });
  const r = store.createRun({ experimentId: e.id, label: 'run', seed: 7, spec: { lr: 0.1 }, status });
  return { e, r };
}

describe('schema and migrations', () => {
  it('creates every table from an empty file, in WAL mode with foreign keys, and records the version', () => {
    const s = openStore();
    expect(existsSync(dbPath)).toBe(true);
    expect(s.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(s.db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(s.db.pragma('synchronous', { simple: true })).toBe(1); // NORMAL
    expect(s.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(SCHEMA_VERSION).toBe(migrations.length);
    const tables = s.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all();
    expect(tables).toEqual(expect.arrayContaining(['checkpoints', 'experiments', 'runs', 'series', 'series_chunks']));
  });

  it('re-opening a migrated file changes nothing and keeps the data', () => {
    const s = openStore();
    const e = s.createExperiment({ name: 'kept', kind: 'surface', spec: {} });
    s.close();
    const again = openStore();
    expect(again.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(again.getExperiment(e.id).name).toBe('kept');
  });

  it('refuses a file written by a newer schema', () => {
    openStore().close();
    const raw = new Database(dbPath);
    raw.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    raw.close();
    expect(() => Store.open(dbPath)).toThrow(/newer/);
  });

  it('rejects a status outside the RunStatus list', () => {
    const s = openStore();
    const { r } = experimentWithRun(s);
    expect(() => s.db.prepare("UPDATE runs SET status = 'exploded' WHERE id = ?").run(r.id)).toThrow(/CHECK/);
  });
});

describe('database location', () => {
  it('prefers the --db flag, then DESCENT_LAB_DB, then the user-data directory', () => {
    expect(resolveDbPath({ flag: '/a/flag.db', env: { DESCENT_LAB_DB: '/b/env.db' } })).toBe('/a/flag.db');
    expect(resolveDbPath({ env: { DESCENT_LAB_DB: '/b/env.db' } })).toBe('/b/env.db');
    expect(resolveDbPath({ env: { XDG_CONFIG_HOME: '/x' } })).toBe(defaultDbPath({ env: { XDG_CONFIG_HOME: '/x' } }));
  });

  it('follows Electron’s user-data directory on each platform', () => {
    expect(defaultDbPath({ platform: 'linux', env: {}, home: '/home/u' })).toBe('/home/u/.config/Descent Lab/descent-lab.db');
    expect(defaultDbPath({ platform: 'linux', env: { XDG_CONFIG_HOME: '/cfg' }, home: '/home/u' })).toBe('/cfg/Descent Lab/descent-lab.db');
    expect(defaultDbPath({ platform: 'darwin', env: {}, home: '/Users/u' })).toBe('/Users/u/Library/Application Support/Descent Lab/descent-lab.db');
    expect(defaultDbPath({ platform: 'win32', env: { APPDATA: 'C:/Users/u/AppData/Roaming' }, home: 'C:/Users/u' })).toMatch(
      /^C:\/Users\/u\/AppData\/Roaming[\\/]Descent Lab[\\/]descent-lab\.db$/,
    );
  });
});

describe('experiments and runs', () => {
  it('creates, reads, lists with run counts, updates and maps to the contract rows', () => {
    const s = openStore();
    const e = s.createExperiment({ name: 'Adam vs SGD', kind: 'surface', spec: { fn: 'rosenbrock' }, tags: ['a'] });
    expect(e).toMatchObject({ name: 'Adam vs SGD', kind: 'surface', spec: { fn: 'rosenbrock' }, notes: '', tags: ['a'], runCount: 0 });
    expect(new Date(e.createdAt).toISOString()).toBe(e.createdAt);
    s.createRun({ experimentId: e.id, label: 'adam', seed: 1, spec: { name: 'adam' } });
    s.createRun({ experimentId: e.id, label: 'sgd', seed: 2, spec: { name: 'sgd' } });
    const other = s.createExperiment({ name: 'other', kind: 'network', spec: {} });
    expect(s.listExperiments().map((x) => [x.id, x.runCount])).toEqual([
      [other.id, 0],
      [e.id, 2],
    ]);
    const updated = s.updateExperiment(e.id, { name: 'renamed', notes: 'look at the ravine', tags: ['x', 'y'] });
    expect(updated).toMatchObject({ name: 'renamed', notes: 'look at the ravine', tags: ['x', 'y'], createdAt: e.createdAt });
    expect(s.updateExperiment(e.id, { notes: 'only notes' }).name).toBe('renamed');

    const runs = s.listRuns({ experimentId: e.id });
    expect(runs.map((r) => r.label)).toEqual(['adam', 'sgd']);
    expect(runs[0]).toMatchObject({ experimentId: e.id, experimentName: 'renamed', kind: 'surface', seed: 1, status: 'queued', spec: { name: 'adam' }, lastStep: 0, summary: {}, error: null, startedAt: null, endedAt: null });
    expect(s.listRuns().length).toBe(2);
  });

  it('stamps started/ended times and keeps last step, summary and error', () => {
    const s = openStore();
    const { r } = experimentWithRun(s, 'queued');
    const running = s.setRunStatus(r.id, 'running');
    expect(running.startedAt).not.toBeNull();
    expect(running.endedAt).toBeNull();
    s.updateRun(r.id, { lastStep: 50, summary: { trainLoss: 0.5 } });
    const paused = s.setRunStatus(r.id, 'paused');
    const resumed = s.setRunStatus(r.id, 'running');
    expect(resumed.startedAt).toBe(running.startedAt);
    expect(paused.lastStep).toBe(50);
    const failed = s.setRunStatus(r.id, 'failed', { lastStep: 80, summary: { trainLoss: null }, error: 'worker died' });
    expect(failed).toMatchObject({ status: 'failed', lastStep: 80, summary: { trainLoss: null }, error: 'worker died' });
    expect(failed.endedAt).not.toBeNull();
  });

  it('says which id was not found', () => {
    const s = openStore();
    expect(() => s.getExperiment(99)).toThrow(NotFoundError);
    expect(() => s.getExperiment(99)).toThrow('experiment 99 not found');
    expect(() => s.updateExperiment(99, { name: 'x' })).toThrow('experiment 99 not found');
    expect(() => s.getRun(5)).toThrow('run 5 not found');
    expect(() => s.setRunStatus(5, 'running')).toThrow('run 5 not found');
    expect(() => s.createRun({ experimentId: 42, label: 'x', seed: 1, spec: {} })).toThrow('experiment 42 not found');
    expect(() => s.appendPoints(5, 'loss', [0], [1])).toThrow('run 5 not found');
    expect(() => s.readSeries([5])).toThrow('run 5 not found');
    try {
      s.getRun(5);
    } catch (e) {
      expect((e as NotFoundError).code).toBe('not-found');
    }
    expect(s.deleteExperiment(99)).toBe(false);
  });

  it('deleting an experiment removes its runs, series, points and checkpoints', () => {
    const s = openStore();
    const { e, r } = experimentWithRun(s);
    const keep = experimentWithRun(s);
    s.appendPoints(r.id, 'loss', [0, 1, 2], [3, 2, 1]);
    s.appendPoints(keep.r.id, 'loss', [0], [9]);
    s.saveCheckpoint(r.id, 2, new Uint8Array(new Float32Array([1, 2, 3]).buffer));
    expect(s.deleteExperiment(e.id)).toBe(true);
    expect(() => s.getRun(r.id)).toThrow(NotFoundError);
    const count = (t: string) => s.db.prepare(`SELECT count(*) FROM ${t}`).pluck().get();
    expect([count('runs'), count('series'), count('series_chunks'), count('checkpoints')]).toEqual([1, 1, 1, 0]);
    expect(s.readSeries([keep.r.id])[0]!.values).toEqual([9]);
    expect(s.integrityCheck()).toEqual({ ok: true, problems: [] });
  });

  it('keeps checkpoint weights byte for byte and returns the latest by default', () => {
    const s = openStore();
    const { r } = experimentWithRun(s);
    const w1 = new Float32Array([0.1, -2, 3.5]);
    const w2 = new Float32Array([7, 8]);
    s.saveCheckpoint(r.id, 10, new Uint8Array(w1.buffer), { shape: [3] });
    s.saveCheckpoint(r.id, 20, new Uint8Array(w2.buffer));
    const latest = s.getCheckpoint(r.id)!;
    expect(latest.step).toBe(20);
    const { buffer, byteOffset, byteLength } = latest.weights;
    expect(Array.from(new Float32Array(buffer.slice(byteOffset, byteOffset + byteLength)))).toEqual([7, 8]);
    const first = s.getCheckpoint(r.id, 10)!;
    expect(first.meta).toEqual({ shape: [3] });
    expect(new Float32Array(new Uint8Array(first.weights).buffer)).toEqual(w1);
    expect(s.getCheckpoint(r.id, 15)).toBeNull();
  });
});

describe('metric series', () => {
  it('reads one run’s series ordered by step, doubles exactly, NaN for non-finite gaps', () => {
    const s = openStore();
    const { r } = experimentWithRun(s);
    const other = experimentWithRun(s).r;
    s.appendPoints(r.id, 'loss', [2, 0, 1], [0.1 + 0.2, Math.PI, 1e-300]);
    s.appendPoints(r.id, 'acc', [0], [0.5]);
    s.appendPoints(r.id, 'loss', [3], [NaN]);
    s.appendPoints(other.id, 'loss', [0], [42]);
    const [loss, acc] = s.readSeries([r.id]);
    expect(loss).toEqual({ runId: r.id, name: 'loss', steps: [0, 1, 2, 3], values: [Math.PI, 1e-300, 0.1 + 0.2, NaN] });
    expect(acc!.name).toBe('acc');
    expect(s.readSeries([other.id, r.id], ['acc', 'missing']).map((d) => [d.runId, d.name])).toEqual([[r.id, 'acc']]);
    expect(s.seriesNames(r.id)).toEqual(['loss', 'acc']);
  });

  it('rejects mismatched lengths and fractional steps, writing nothing', () => {
    const s = openStore();
    const { r } = experimentWithRun(s);
    expect(() => s.appendPoints(r.id, 'loss', [0, 1], [1])).toThrow(/2 steps but 1 values/);
    expect(() => s.appendPoints(r.id, 'loss', [0, 0.5], [1, 2])).toThrow(/not a whole number/);
    expect(s.readSeries([r.id])).toEqual([]);
  });

  it('holds a million points in one run and reads one series back whole and in order', () => {
    const s = openStore();
    const { r } = experimentWithRun(s);
    const n = 1_000_000;
    const steps = new Float64Array(n);
    const values = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      steps[i] = i;
      values[i] = Math.sin(i) * 1e-3 + i;
    }
    s.appendPoints(r.id, 'loss', steps, values);
    s.appendPoints(r.id, 'lr', [0, 1], [0.1, 0.2]);
    const [series] = s.readSeries([r.id], ['loss']);
    expect(series!.steps.length).toBe(n);
    let ok = true;
    for (let i = 0; i < n; i++) if (series!.steps[i] !== i || series!.values[i] !== values[i]) ok = false;
    expect(ok).toBe(true);
    // One series is a range of the (series, first step) index: a few hundred chunk rows, no sort.
    expect(s.db.prepare('SELECT count(*) FROM series_chunks').pluck().get()).toBe(Math.ceil(n / CHUNK_POINTS) + 1);
    const plan = s.db
      .prepare('EXPLAIN QUERY PLAN SELECT * FROM series_chunks WHERE series_id = ? ORDER BY first_step')
      .all(1)
      .map((row) => (row as { detail: string }).detail)
      .join(' ');
    expect(plan).toMatch(/SEARCH series_chunks USING INDEX \S+ \(series_id=\?\)/);
    expect(plan).not.toMatch(/TEMP B-TREE/);
  }, 120_000);
});

describe('batched metric writer', () => {
  const pointCount = (s: Store) => s.db.prepare('SELECT coalesce(sum(n), 0) FROM series_chunks').pluck().get() as number;

  it('flushes as soon as maxPoints are pending, as one transaction', () => {
    const s = openStore();
    const { r } = experimentWithRun(s);
    const w = s.metricWriter({ flushMs: 60_000, maxPoints: 10 });
    for (let i = 0; i < 9; i++) w.record(r.id, i, { loss: 1 / (i + 1) });
    expect(pointCount(s)).toBe(0);
    expect(w.pendingPoints).toBe(9);
    w.add(r.id, 'acc', 0, 0.5);
    expect(pointCount(s)).toBe(10);
    expect(w.pendingPoints).toBe(0);
    // A second connection sees all ten at once: the flush committed them together.
    const reader = new Database(dbPath, { readonly: true });
    expect(reader.prepare('SELECT sum(n) FROM series_chunks').pluck().get()).toBe(10);
    reader.close();
    w.close();
  });

  it('flushes by time when fewer than maxPoints arrive', async () => {
    const s = openStore();
    const { r } = experimentWithRun(s);
    const w = s.metricWriter({ flushMs: 50, maxPoints: 1000 });
    w.add(r.id, 'loss', 0, 1);
    w.add(r.id, 'loss', 1, 0.5);
    expect(pointCount(s)).toBe(0);
    for (let i = 0; i < 100 && pointCount(s) < 2; i++) await sleep(20);
    expect(s.readSeries([r.id])[0]).toMatchObject({ steps: [0, 1], values: [1, 0.5] });
    w.close();
  });

  it('flushes on run end and on close', () => {
    const s = openStore();
    const { r } = experimentWithRun(s);
    const w = s.metricWriter({ flushMs: 60_000, maxPoints: 1000 });
    w.add(r.id, 'loss', 0, 3);
    s.setRunStatus(r.id, 'completed', { lastStep: 0 });
    expect(pointCount(s)).toBe(1);
    w.add(r.id, 'loss', 1, 2);
    s.close();
    const again = openStore();
    expect(again.readSeries([r.id])[0]!.values).toEqual([3, 2]);
  });

  it('drops points of a run deleted before the flush and keeps the rest', () => {
    const s = openStore();
    const a = experimentWithRun(s);
    const b = experimentWithRun(s);
    const w = s.metricWriter({ flushMs: 60_000 });
    w.add(a.r.id, 'loss', 0, 1);
    w.add(b.r.id, 'loss', 0, 2);
    s.deleteExperiment(a.e.id);
    expect(w.flush()).toBe(1);
    expect(s.readSeries([b.r.id])[0]!.values).toEqual([2]);
    w.close();
  });
});

describe('interrupted runs', () => {
  it('a run left running, queued or paused when its store closed becomes interrupted at the next open', () => {
    const s = openStore();
    const running = experimentWithRun(s, 'running').r;
    const queued = experimentWithRun(s, 'queued').r;
    const paused = experimentWithRun(s, 'paused').r;
    const done = experimentWithRun(s, 'completed').r;
    s.close();
    const again = openStore();
    expect(again.recovered).toBe(3);
    expect([running, queued, paused, done].map((r) => again.getRun(r.id).status)).toEqual(['interrupted', 'interrupted', 'interrupted', 'completed']);
    expect(again.recoverInterrupted()).toBe(0);
  });

  it('leaves alone a run that a store still open is driving', () => {
    const owner = openStore();
    const { r } = experimentWithRun(owner, 'running');
    const second = openStore();
    expect(second.recovered).toBe(0);
    expect(second.getRun(r.id).status).toBe('running');
  });

  it('leaves alone a run owned by another live process, recovers it once that process is gone', async () => {
    const s = openStore();
    const { r } = experimentWithRun(s, 'running');
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
    await new Promise((res) => child.once('spawn', res));
    s.db.prepare('UPDATE runs SET owner_pid = ?, owner_token = ? WHERE id = ?').run(child.pid, 'elsewhere', r.id);
    expect(s.recoverInterrupted()).toBe(0);
    child.kill('SIGKILL');
    await new Promise((res) => child.once('exit', res));
    expect(s.recoverInterrupted()).toBe(1);
    expect(s.getRun(r.id).status).toBe('interrupted');
  });
});

describe('crash survival', () => {
  it('points committed before the writer process is killed survive; the file passes integrity_check', async () => {
    const s = openStore();
    const { r } = experimentWithRun(s, 'queued');
    s.close();
    // The child owns the run, writes batches through the real MetricWriter and reports each flush.
    const script = `
      import { Store } from ${JSON.stringify(join(process.cwd(), 'main/store/index.ts'))};
      const store = Store.open(${JSON.stringify(dbPath)});
      store.setRunStatus(${r.id}, 'running');
      const w = store.metricWriter({ maxPoints: 500, flushMs: 1e9 });
      let step = 0;
      const tick = () => {
        for (let i = 0; i < 100; i++, step++) {
          w.add(${r.id}, 'loss', step, 1 / (step + 1));
          if (w.pendingPoints === 0) process.stdout.write('flushed ' + step + '\\n');
        }
        setImmediate(tick);
      };
      tick();
    `;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += String(d)));
    let lastFlushed = -1;
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        for (const m of String(d).matchAll(/flushed (\d+)/g)) lastFlushed = Number(m[1]);
        if (lastFlushed >= 20_000) {
          child.kill('SIGKILL');
          resolve();
        }
      });
      child.once('exit', (code) => reject(new Error(`writer exited early (${code}): ${stderr}`)));
    });
    await new Promise((res) => child.once('exit', res));

    const after = openStore();
    expect(after.integrityCheck()).toEqual({ ok: true, problems: [] });
    expect(after.recovered).toBe(1);
    expect(after.getRun(r.id).status).toBe('interrupted');
    const [loss] = after.readSeries([r.id], ['loss']);
    // Everything reported flushed is there, as a gap-free prefix with the values written.
    expect(loss!.steps.length).toBeGreaterThanOrEqual(lastFlushed + 1);
    expect(loss!.steps.every((st, i) => st === i)).toBe(true);
    expect(loss!.values.every((v, i) => v === 1 / (i + 1))).toBe(true);
  }, 60_000);
});

describe('stored surface runs', () => {
  it('stores a race as one experiment with one run per entry and the five series', () => {
    const s = openStore();
    const spec = surfaceExperimentSpec.parse({
      fn: 'saddle',
      start: [1, 0.5],
      steps: 2,
      seed: 5,
      entries: [{ label: 'plain', optimizer: { name: 'sgd', lr: 0.1 } }, { optimizer: { name: 'sgd', lr: 10 } }],
    });
    // Hand-derived: gradient descent on x²−y² with lr 0.1 multiplies x by 0.8 and y by 1.2.
    const race: RaceResult = {
      fn: 'saddle',
      spec,
      ms: 1,
      trajectories: [
        { label: 'plain', optimizer: spec.entries[0]!.optimizer, schedule: spec.entries[0]!.schedule, status: 'completed', lr: [0.1, 0.1], gradNorm: [Math.hypot(2, 1), Math.hypot(1.6, 1.2)],
          points: [[1, 0.5, 0.75], [0.8, 0.6, 0.28], [0.64, 0.72, 0.64 ** 2 - 0.72 ** 2]] },
        { label: 'sgd 2', optimizer: spec.entries[1]!.optimizer, schedule: spec.entries[1]!.schedule, status: 'diverged', lr: [10], gradNorm: [Math.hypot(2, 1)],
          points: [[1, 0.5, 0.75], [-19, Infinity, -Infinity]] },
      ],
    };
    const { experimentId, runIds } = saveRaceResult(s, { name: 'saddle escape', notes: 'n' }, race);
    const e = s.getExperiment(experimentId);
    expect(e).toMatchObject({ name: 'saddle escape', kind: 'surface', notes: 'n', runCount: 2, spec: JSON.parse(JSON.stringify(spec)) });
    const [plain, wild] = runIds.map((id) => s.getRun(id));
    expect(plain).toMatchObject({ label: 'plain', seed: 5, status: 'completed', lastStep: 2, spec: JSON.parse(JSON.stringify(spec.entries[0])) });
    expect(plain!.summary).toEqual({ finalLoss: 0.64 ** 2 - 0.72 ** 2, bestLoss: 0.64 ** 2 - 0.72 ** 2, finalX: 0.64, finalY: 0.72, steps: 2 });
    expect(wild).toMatchObject({ label: 'sgd 2', seed: 6, status: 'diverged', lastStep: 1 });
    expect(wild!.summary).toEqual({ finalLoss: null, bestLoss: 0.75, finalX: -19, finalY: null, steps: 1 });
    const series = Object.fromEntries(s.readSeries([plain!.id]).map((d) => [d.name, d]));
    expect(Object.keys(series)).toEqual(['x', 'y', 'loss', 'lr', 'gradNorm']);
    expect(series.x).toMatchObject({ steps: [0, 1, 2], values: [1, 0.8, 0.64] });
    expect(series.lr).toMatchObject({ steps: [0, 1], values: [0.1, 0.1] });
    expect(s.readSeries([wild!.id], ['y'])[0]!.values).toEqual([0.5, Infinity]);
  });

  it('stores nothing when any part fails', () => {
    const s = openStore();
    const spec = surfaceExperimentSpec.parse({ fn: 'saddle', start: [1, 0.5], steps: 1, entries: [{ optimizer: { name: 'sgd' } }, { optimizer: { name: 'adam' } }] });
    const trajectory = (i: number, status: string) => ({
      label: `e${i}`, optimizer: spec.entries[i]!.optimizer, schedule: spec.entries[i]!.schedule, status, points: [[1, 0.5, 0.75]], lr: [], gradNorm: [],
    });
    // The second run's status violates the CHECK constraint after the first run was written.
    const race = { fn: 'saddle', spec, ms: 0, trajectories: [trajectory(0, 'completed'), trajectory(1, 'exploded')] } as unknown as RaceResult;
    expect(() => saveRaceResult(s, { name: 'x' }, race)).toThrow(/CHECK/);
    expect(s.listExperiments()).toEqual([]);
    expect(s.listRuns()).toEqual([]);
  });
});
