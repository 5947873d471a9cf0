// The store under real faults: a full disk in the middle of a training run (a size-limited tmpfs
// when this process may mount one, else SQLite's own PRAGMA max_page_count, which makes SQLite
// answer SQLITE_FULL exactly as a full disk does), a damaged file and a foreign file at start, a
// database from a newer schema and a read-only data folder (a read-only mount, or chmod for a
// non-root user) — through the store, web mode (app:info's storeNotice) and the `lab` CLI.
import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import { appendFileSync, chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { experimentSpec, type ExperimentSpec } from '../../preload/experiment';
import type { AppInfo, Envelope } from '../../preload/contract';
import { WorkerPool } from '../../main/engine/pool/pool';
import { recordRun, resumeRun } from '../../main/engine/runs';
import { startWebMode } from '../../main/server/web-mode';
import { backupTo, dailyBackup, listBackups, openStoreSafely, SCHEMA_VERSION, Store } from '../../main/store';
import { runLab } from '../support/lab-cli';

const isRoot = process.getuid?.() === 0;

/** Mounts a tmpfs at `dir` (size-limited or read-only); false where this process may not mount. */
function mountTmpfs(dir: string, options: string): boolean {
  if (!isRoot || process.env.DESCENT_LAB_TEST_NO_MOUNT) return false;
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
const umount = (dir: string) => execFileSync('umount', [dir], { stdio: 'ignore' });

let dir: string;
let staticDir: string;
const mounts: string[] = [];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'descent-lab-faults-'));
  staticDir = join(dir, 'static');
  mkdirSync(staticDir);
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>lab</title>');
});
afterEach(() => {
  while (mounts.length) umount(mounts.pop()!);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const spiral = (epochs: number): ExperimentSpec =>
  experimentSpec.parse({
    name: 'spiral',
    data: { source: 'spiral', samples: 300, noise: 0.1, classes: 3 },
    model: [{ dense: 16, activation: 'tanh' }, { dense: 'output' }],
    optimizer: { name: 'sgd', lr: 0.1, momentum: 0.9 },
    split: { validation: 0.2 },
    batchSize: 64,
    epochs,
    seed: 4,
  });

async function appInfo(db: string): Promise<{ info: AppInfo; close: () => Promise<void>; call: (c: string, p: unknown) => Promise<Envelope<unknown>> }> {
  const mode = await startWebMode({ port: 0, db, staticDir });
  const call = (c: string, p: unknown) => mode.lab.dispatcher.dispatch(c, p);
  const env = (await call('app:info', {})) as Envelope<AppInfo>;
  if (!env.ok) throw new Error(env.error.message);
  return { info: env.result, close: () => mode.close(), call };
}

// The disks are small tmpfs mounts that a filler file fills at the third epoch; 8 MB, not 3, so that
// once the filler is removed the resumed run has room for its states and the WAL beside the store's
// 1-MB reserve (on 3 MB about 1.4 MB was left, and under a loaded test run the resume found the disk
// full again).
const SMALL_DISK = 'size=8m';

describe('a full disk in the middle of a run', () => {
  it('ends the run failed with the reason, keeps every epoch written before, and the next write succeeds once there is room', async (ctx) => {
    const folder = join(dir, 'small');
    mkdirSync(folder);
    if (!mountTmpfs(folder, SMALL_DISK)) return ctx.skip('this process may not mount a size-limited tmpfs (the next test injects SQLITE_FULL instead)');
    mounts.push(folder);
    const file = join(folder, 'lab.db');
    const store = Store.open(file);
    ctx.onTestFinished(() => store.close());
    const filler = join(folder, 'filler');
    let filled = false;
    const fill = () => {
      // The real thing: write until the file system says ENOSPC.
      const block = Buffer.alloc(64 * 1024, 1);
      try {
        for (;;) appendFileSync(filler, block);
      } catch (e) {
        expect((e as NodeJS.ErrnoException).code).toBe('ENOSPC');
      }
      filled = true;
    };
    const outcome = await recordRun(spiral(40), store, { onEpoch: (m) => void (m.epoch === 3 && !filled && fill()) }).then(
      () => null,
      (e: unknown) => e as Error,
    );
    expect(outcome).toBeInstanceOf(Error);
    const [run] = store.listRuns();
    expect(run!.status).toBe('failed');
    expect(run!.error).toMatch(/the disk holding .*lab\.db is full; free some space/);
    // Epochs 1..3 were committed before the disk filled; none of them is lost.
    const trainLoss = store.readSeries([run!.id], ['trainLoss'])[0]!;
    expect(trainLoss.steps.slice(0, 3)).toEqual([1, 2, 3]);
    expect(trainLoss.values.slice(0, 3).every(Number.isFinite)).toBe(true);
    // The store keeps working: reads now, writes once there is room again.
    expect(store.listExperiments()).toHaveLength(1);
    rmSync(filler);
    const e = store.createExperiment({ name: 'after', kind: 'network', spec: {} });
    const r = store.createRun({ experimentId: e.id, label: 'after', seed: 1, spec: {}, status: 'running' });
    store.appendPoints(r.id, 'loss', [0, 1, 2], [3, 2, 1]);
    expect(store.readSeries([r.id])[0]!.values).toEqual([3, 2, 1]);
    expect(store.integrityCheck()).toEqual({ ok: true, problems: [] });
    store.close();
  }, 60_000);

  it('on the worker pool (the app’s path): the run ends failed with the reason, nothing escapes uncaught, and the store keeps working', async (ctx) => {
    const folder = join(dir, 'small-pool');
    mkdirSync(folder);
    if (!mountTmpfs(folder, SMALL_DISK)) return ctx.skip('this process may not mount a size-limited tmpfs');
    mounts.push(folder);
    const store = Store.open(join(folder, 'lab.db'));
    const pool = new WorkerPool({ size: 2 });
    try {
    const filler = join(folder, 'filler');
    let filled = false;
    const outcome = await recordRun(spiral(60), store, {
      pool,
      threads: 2,
      onEpoch: (m) => {
        if (m.epoch !== 3 || filled) return;
        filled = true;
        try {
          for (;;) appendFileSync(filler, Buffer.alloc(64 * 1024, 1));
        } catch {
          // ENOSPC: the disk is full now
        }
      },
    }).then(
      () => null,
      (e: unknown) => e as Error,
    );
    expect(outcome?.message).toMatch(/the disk holding .*lab\.db is full/);
    const [run] = store.listRuns();
    expect(run).toMatchObject({ status: 'failed' });
    expect(run!.error).toMatch(/the disk holding .*lab\.db is full/);
    expect(store.readSeries([run!.id], ['trainLoss'])[0]!.steps.slice(0, 3)).toEqual([1, 2, 3]);
    rmSync(filler);
    const next = await recordRun(spiral(2), store, { pool, threads: 2 });
    expect(next.status).toBe('completed');
    expect(store.getRun(run!.id).status).toBe('failed');
    // Space is back: resuming the failed run in this same process continues it to the end
    // (the fault keeps it 'failed' only for the attempt the disk refused).
    const resumed = await resumeRun(run!.id, store, { pool });
    expect(resumed.status).toBe('completed');
    expect(store.getRun(run!.id).status).toBe('completed');
    const epochs = store.readSeries([run!.id], ['trainLoss'])[0]!.steps;
    expect(epochs).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    expect(store.integrityCheck().ok).toBe(true);
    } finally {
      store.close();
      await pool.shutdown();
    }
  }, 60_000);

  it('SQLITE_FULL injected with PRAGMA max_page_count: batched metrics wait in the writer and all land once the limit is lifted', () => {
    // max_page_count makes SQLite itself answer SQLITE_FULL at the page limit, the code a full
    // disk gives, without needing a mount.
    const store = Store.open(join(dir, 'pages.db'));
    const e = store.createExperiment({ name: 'e', kind: 'network', spec: {} });
    const run = store.createRun({ experimentId: e.id, label: 'r', seed: 1, spec: {}, status: 'running' });
    const w = store.metricWriter({ maxPoints: 1e9, flushMs: 1e9 });
    for (let i = 0; i < 1000; i++) w.add(run.id, 'loss', i, 1 / (i + 1));
    w.flush();
    store.db.pragma(`max_page_count = ${store.db.pragma('page_count', { simple: true }) as number}`);
    for (let i = 1000; i < 30_000; i++) w.add(run.id, 'loss', i, 1 / (i + 1));
    expect(() => w.flush()).toThrow(/the disk holding .*pages\.db is full/);
    expect(w.pendingPoints).toBe(29_000);
    expect(store.readSeries([run.id])[0]!.steps.length).toBe(1000);
    store.db.pragma('max_page_count = 1073741823');
    expect(w.flush()).toBe(29_000);
    const loss = store.readSeries([run.id])[0]!;
    expect(loss.steps).toEqual(Array.from({ length: 30_000 }, (_, i) => i));
    expect(loss.values[29_999]).toBe(1 / 30_000);
    w.close();
    store.close();
  });
});

describe('a damaged database at start', () => {
  it('web mode starts on a fresh file, keeps the damaged one untouched beside it and offers the last good backup', async () => {
    const folder = join(dir, 'damaged');
    mkdirSync(folder);
    const file = join(folder, 'lab.db');
    // A good database with a backup, then its pages overwritten in the middle: quick_check fails.
    const good = Store.open(file);
    const e = good.createExperiment({ name: 'kept in the backup', kind: 'network', spec: {} });
    const r = good.createRun({ experimentId: e.id, label: 'r', seed: 1, spec: {}, status: 'completed' });
    good.appendPoints(r.id, 'loss', Array.from({ length: 50_000 }, (_, i) => i), Array.from({ length: 50_000 }, (_, i) => 1 / (i + 1)));
    const backup = await backupTo(good.db, join(folder, 'backups', 'lab-2026-01-01.db'));
    good.close();
    const bytes = readFileSync(file);
    // Every page from the third: skipping some could leave only blob overflow pages hit, which quick_check does not read.
    for (let p = 3; p < bytes.length / 4096 - 1; p++) bytes.fill(0xa5, p * 4096 + 100, p * 4096 + 400);
    writeFileSync(file, bytes);
    expect(new Database(file, { readonly: true }).pragma('quick_check', { simple: true })).not.toBe('ok');

    const app = await appInfo(file);
    try {
      const n = app.info.storeNotice!;
      expect(n.kind).toBe('damaged');
      expect(n.movedTo).toMatch(/lab\.db\.damaged-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}Z$/);
      expect(readFileSync(n.movedTo!).equals(bytes)).toBe(true);
      expect(n.backup).toBe(backup);
      // The fresh database works.
      expect(await app.call('experiments:list', {})).toEqual({ ok: true, result: [] });
    } finally {
      await app.close();
    }
  });

  it('the CLI says so on stderr and goes on with a fresh file; a file that is not a database is kept aside too', async () => {
    const folder = join(dir, 'foreign');
    mkdirSync(folder);
    const file = join(folder, 'lab.db');
    writeFileSync(file, 'these are my lecture notes, not a database\n'.repeat(200));
    const r = await runLab(['runs', '--json', '--db', file], { defaultDb: file });
    expect(r.stderr).toMatch(/the database .*lab\.db is damaged \(file is not a database\): it is kept untouched as .*lab\.db\.damaged-/);
    expect(r.stderr).toMatch(/there is no backup to restore/);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([]);
    const aside = readdirSync(folder).find((f) => f.startsWith('lab.db.damaged-'))!;
    expect(readFileSync(join(folder, aside), 'utf8')).toContain('lecture notes');
  });
});

describe('a database from a newer version of the app', () => {
  it('is opened read-only with a message naming its version; nothing is written to it', async () => {
    const folder = join(dir, 'newer');
    mkdirSync(folder);
    const file = join(folder, 'lab.db');
    const s = Store.open(file);
    s.createExperiment({ name: 'from the future', kind: 'network', spec: {} });
    s.close();
    const raw = new Database(file);
    raw.pragma(`user_version = ${SCHEMA_VERSION + 7}`);
    raw.close();
    const before = readFileSync(file);

    const app = await appInfo(file);
    try {
      expect(app.info.storeNotice).toMatchObject({ kind: 'schema-too-new', found: SCHEMA_VERSION + 7, known: SCHEMA_VERSION, readOnly: true });
      const list = (await app.call('experiments:list', {})) as Envelope<{ name: string }[]>;
      expect(list.ok && list.result.map((x) => x.name)).toEqual(['from the future']);
      const write = await app.call('experiments:update', { id: 1, name: 'changed' });
      expect(write.ok).toBe(false);
    } finally {
      await app.close();
    }
    expect(readFileSync(file).equals(before)).toBe(true);

    const cli = await runLab(['runs', '--db', file], { defaultDb: file });
    expect(cli.code).toBe(0);
    expect(cli.stderr).toContain(`schema version ${SCHEMA_VERSION + 7}, newer than this app knows (${SCHEMA_VERSION}): opened read-only`);
    // A strict open refuses it, naming both versions.
    expect(() => Store.openStrict(file)).toThrow(`database schema version ${SCHEMA_VERSION + 7} is newer than this app understands (${SCHEMA_VERSION})`);
  });
});

describe('a read-only data folder', () => {
  it('web mode starts and says nothing will be saved; the CLI refuses a run with the same words', async (ctx) => {
    const folder = join(dir, 'readonly');
    mkdirSync(folder);
    const mounted = mountTmpfs(folder, 'ro,size=1m');
    // root writes through file modes: without a read-only mount there is no read-only folder to make.
    if (!mounted && isRoot) return ctx.skip('root without permission to mount: no way to make a read-only folder');
    if (mounted) mounts.push(folder);
    else chmodSync(folder, 0o555);
    const file = join(folder, 'sub', 'lab.db');
    const app = await appInfo(file);
    try {
      expect(app.info.storeNotice).toMatchObject({ kind: 'read-only-folder', readOnly: true });
      expect(app.info.storeNotice!.detail).toMatch(mounted ? /EROFS/ : /EACCES/);
      expect((await app.call('experiments:list', {})).ok).toBe(true);
    } finally {
      await app.close();
    }
    const spec = join(dir, 'exp.json');
    writeFileSync(spec, JSON.stringify({ ...spiral(1), name: 'ro' }));
    const cli = await runLab(['run', spec, '--db', file], { defaultDb: file });
    expect(cli.code).toBe(1);
    expect(cli.stderr).toMatch(/^lab run: the data folder .*sub cannot be written .*nothing will be saved/);
    if (!mounted) chmodSync(folder, 0o755);
  });
});

describe('backups', () => {
  it('lab backup copies a database that another connection keeps writing; lab restore checks the file and keeps the current one aside', async () => {
    const folder = join(dir, 'backup');
    mkdirSync(folder);
    const file = join(folder, 'lab.db');
    const s = Store.open(file);
    const e = s.createExperiment({ name: 'before the backup', kind: 'network', spec: {} });
    const b = await runLab(['backup', '--db', file], { defaultDb: file });
    expect(b.code).toBe(0);
    const out = (JSON.parse(b.stdout) as { out: string }).out;
    expect(listBackups(file)).toEqual([out]);
    s.updateExperiment(e.id, { name: 'after the backup' });
    s.close();

    // A damaged "backup" is refused and nothing moves.
    const bad = join(folder, 'bad.db');
    writeFileSync(bad, 'not sqlite');
    const refused = await runLab(['restore', bad, '--db', file], { defaultDb: file });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/bad\.db cannot be restored: file is not a database/);
    expect(readdirSync(folder).some((f) => f.includes('before-restore'))).toBe(false);

    const restored = await runLab(['restore', out, '--db', file, '--json'], { defaultDb: file });
    expect(restored.code).toBe(0);
    const { previous } = JSON.parse(restored.stdout) as { previous: string };
    const now = Store.open(file);
    expect(now.listExperiments().map((x) => x.name)).toEqual(['before the backup']);
    now.close();
    const kept = Store.open(previous);
    expect(kept.listExperiments().map((x) => x.name)).toEqual(['after the backup']);
    kept.close();
  });

  it('daily backups: one per day, the newest seven kept, each one a sound copy of that moment', async () => {
    const folder = join(dir, 'week');
    mkdirSync(folder);
    const file = join(folder, 'lab.db');
    const s = Store.open(file);
    const e = s.createExperiment({ name: 'day 0', kind: 'network', spec: {} });
    const written: (string | null)[] = [];
    for (let day = 1; day <= 9; day++) {
      s.updateExperiment(e.id, { name: `day ${day}` });
      const now = new Date(Date.UTC(2026, 10, day, 12));
      written.push(await dailyBackup(s.db, file, { now }));
      expect(await dailyBackup(s.db, file, { now: new Date(Date.UTC(2026, 10, day, 18)) })).toBeNull(); // once a day
    }
    s.close();
    const kept = readdirSync(join(folder, 'backups')).sort();
    expect(kept).toEqual(Array.from({ length: 7 }, (_, k) => `lab-2026-11-0${k + 3}.db`));
    const copy = Store.open(join(folder, 'backups', 'lab-2026-11-05.db'));
    expect(copy.listExperiments().map((x) => x.name)).toEqual(['day 5']);
    copy.close();
    expect(written.every((w) => w !== null)).toBe(true);
  });

  it('the app writes one backup a day in the data folder', async () => {
    const folder = join(dir, 'daily');
    mkdirSync(folder);
    const file = join(folder, 'lab.db');
    const app = await appInfo(file);
    try {
      const today = join(folder, 'backups', `lab-${new Date().toISOString().slice(0, 10)}.db`);
      for (let i = 0; i < 200 && !existsSync(today); i++) await new Promise((r) => setTimeout(r, 25));
      expect(existsSync(today)).toBe(true);
      const copy = join(folder, 'copy.db');
      copyFileSync(today, copy);
      expect(openStoreSafely(copy).notice).toBeNull();
    } finally {
      await app.close();
    }
  });
});
