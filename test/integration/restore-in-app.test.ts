// Opening a backup from the running app (backups:restore), on real files: a database damaged for
// real at start, the notice listing the good backup, the restore through the lab's dispatcher (as
// web mode and the desktop app serve it), the reopened store holding the backup's runs, the
// damaged file byte for byte as it was, the fresh file's runs kept aside; refused while a run trains.
import Database from 'better-sqlite3';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { BackupInfo, Envelope, ExperimentRow, RestoreResult, RunRow } from '../../preload/contract';
import { FileAccess, pageFacing } from '../../main/api/file-access';
import { openLab, type Lab } from '../../main/api/lab';
import { backupTo, Store } from '../../main/store';

const dir = mkdtempSync(join(tmpdir(), 'descent-lab-restore-app-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const info = { name: 'Descent Lab', version: 'test', transport: 'websocket' as const, platform: process.platform, locale: 'en' };

/** A good database with two runs, its backup, then pages overwritten: quick_check fails on it. */
async function damagedWithBackup(folder: string): Promise<{ file: string; backup: string; bytes: Buffer }> {
  mkdirSync(folder, { recursive: true });
  const file = join(folder, 'lab.db');
  const good = Store.open(file);
  const e = good.createExperiment({ name: 'kept in the backup', kind: 'network', spec: {} });
  const a = good.createRun({ experimentId: e.id, label: 'a', seed: 1, spec: {}, status: 'completed' });
  good.appendPoints(a.id, 'loss', Array.from({ length: 50_000 }, (_, i) => i), Array.from({ length: 50_000 }, (_, i) => 1 / (i + 1)));
  good.createRun({ experimentId: e.id, label: 'b', seed: 2, spec: {}, status: 'completed' });
  const backup = await backupTo(good.db, join(folder, 'backups', 'lab-2026-01-01.db'));
  const pageSize = good.db.pragma('page_size', { simple: true }) as number;
  // The b-tree pages of every table and index except the schema's own (their layout, not their data).
  const roots = good.db.prepare("SELECT rootpage FROM sqlite_master WHERE rootpage > 1").pluck().all() as number[];
  good.db.pragma('wal_checkpoint(TRUNCATE)');
  good.close();
  const bytes = readFileSync(file);
  for (const root of roots) bytes.fill(0xa5, (root - 1) * pageSize + 1, (root - 1) * pageSize + 64);
  writeFileSync(file, bytes);
  const check = new Database(file, { readonly: true });
  expect(check.pragma('quick_check', { simple: true })).not.toBe('ok');
  check.close();
  return { file, backup, bytes };
}

async function call<T>(lab: { dispatcher: Lab['dispatcher'] }, channel: string, payload: unknown = {}): Promise<T> {
  const envelope = (await lab.dispatcher.dispatch(channel, payload)) as Envelope<T>;
  if (!envelope.ok) throw Object.assign(new Error(envelope.error.message), envelope.error);
  return envelope.result;
}

async function refusal(lab: Lab, channel: string, payload: unknown) {
  const envelope = await lab.dispatcher.dispatch(channel, payload);
  expect(envelope.ok).toBe(false);
  return (envelope as { error: { code: string; reason: string; params?: Record<string, unknown> } }).error;
}

const longRun = {
  name: 'long',
  spec: { name: 'long', seed: 1, data: { source: 'spiral', samples: 2000, noise: 0.1, classes: 2 }, model: [{ dense: 16, activation: 'relu' }, { dense: 2 }], epochs: 10_000 },
};

describe('opening a backup from the running app', () => {
  it('a damaged file at start: the notice lists the checked backup; restoring it reopens the store on its runs and loses nothing', async () => {
    const { file, backup, bytes } = await damagedWithBackup(join(dir, 'damaged'));
    const lab = openLab({ dbPath: file, info });
    // As web mode serves it: the transport's own channels must survive the restore.
    const page = pageFacing(lab.dispatcher, FileAccess.besideStore(file));
    try {
      const notice = (await call<{ storeNotice: { kind: string; movedTo: string; backups: BackupInfo[] } }>(lab, 'app:info')).storeNotice;
      expect(notice.kind).toBe('damaged');
      expect(notice.backups).toHaveLength(1);
      expect(notice.backups[0]).toMatchObject({ name: 'lab-2026-01-01.db', path: backup, ok: true, runs: 2, experiments: 1 });
      expect(notice.backups[0]!.bytes).toBe(readFileSync(backup).length);

      // Work done on the fresh database before the student opens the backup.
      const fresh = lab.store.createExperiment({ name: 'made on the fresh file', kind: 'network', spec: {} });
      lab.store.createRun({ experimentId: fresh.id, label: 'new', seed: 2, spec: {}, status: 'completed' });

      const r = await call<RestoreResult>({ dispatcher: page }, 'backups:restore', { name: 'lab-2026-01-01.db' });
      expect(r.restored.name).toBe('lab-2026-01-01.db');
      expect(r.previousRuns).toBe(1);
      expect(r.previous).toMatch(/lab\.db\.before-restore-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}Z$/);

      // The lab now serves the backup's runs, through the same dispatcher.
      const experiments = await call<ExperimentRow[]>(lab, 'experiments:list');
      expect(experiments.map((e) => e.name)).toEqual(['kept in the backup']);
      const runs = await call<RunRow[]>(lab, 'runs:list');
      expect(runs.map((x) => x.label).sort()).toEqual(['a', 'b']);
      const series = await call<{ values: number[] }[]>(lab, 'runs:series', { runIds: [runs.find((x) => x.label === 'a')!.id], names: ['loss'] });
      expect(series[0]!.values).toHaveLength(50_000);
      // Nothing is lost: the damaged file byte for byte, the fresh file's run in `previous`, the backup itself.
      expect(readFileSync(notice.movedTo).equals(bytes)).toBe(true);
      const kept = Store.open(r.previous!);
      expect(kept.listRuns().map((x) => x.label)).toEqual(['new']);
      kept.close();
      expect(existsSync(backup)).toBe(true);
      // The reopened store writes, and the page-facing transport's channels are still its own.
      await call(lab, 'experiments:update', { id: experiments[0]!.id, name: 'renamed after restore' });
      const uploaded = await call<{ path: string }>({ dispatcher: page }, 'files:upload', { name: 'a.csv', base64: Buffer.from('x,y\n1,2\n').toString('base64') });
      expect(existsSync(uploaded.path)).toBe(true);
      expect((await call<{ storeNotice: unknown }>(lab, 'app:info')).storeNotice).toBeNull();
    } finally {
      await lab.close();
    }
    const reopened = Store.open(file);
    expect(reopened.listExperiments().map((e) => e.name)).toEqual(['renamed after restore']);
    expect(reopened.integrityCheck().ok).toBe(true);
    reopened.close();
  });

  it('is refused while a run trains or a request is out, and works once they are done', async () => {
    const folder = join(dir, 'busy');
    mkdirSync(folder);
    const file = join(folder, 'lab.db');
    const seed = Store.open(file);
    seed.createExperiment({ name: 'in the backup', kind: 'network', spec: {} });
    await backupTo(seed.db, join(folder, 'backups', 'lab-2026-02-02.db'));
    seed.close();
    const lab = openLab({ dbPath: file, info });
    try {
      const { runId } = await call<{ runId: number }>(lab, 'network:start', longRun);
      const error = await refusal(lab, 'backups:restore', { name: 'lab-2026-02-02.db' });
      expect(error).toMatchObject({ code: 'conflict', reason: 'restore-busy', params: { runs: String(runId) } });
      // Nothing moved: no before-restore file, the run still trains on the same store.
      expect(readdirSync(folder).filter((f) => f.includes('before-restore'))).toEqual([]);
      expect((await call<{ runId: number }[]>(lab, 'runs:active')).map((a) => a.runId)).toEqual([runId]);

      await call(lab, 'runs:stop', { runId });
      for (let i = 0; i < 200 && (await call<unknown[]>(lab, 'runs:active')).length > 0; i++) await new Promise((r) => setTimeout(r, 50));
      const r = await call<RestoreResult>(lab, 'backups:restore', { name: 'lab-2026-02-02.db' });
      expect(r.previousRuns).toBe(1);
      expect((await call<ExperimentRow[]>(lab, 'experiments:list')).map((e) => e.name)).toEqual(['in the backup']);
      const kept = Store.open(r.previous!);
      expect(kept.getRun(runId).status).toBe('stopped');
      kept.close();

      // A request still being worked on (a race on the pool) holds the restore off too.
      const entries = ['sgd', 'adam', 'rmsprop', 'nadam'].map((name) => ({ optimizer: { name, lr: 1e-4 } }));
      const race = lab.dispatcher.dispatch('surface:race', { spec: { fn: 'rastrigin', start: [2.5, 2.5], steps: 100_000, seed: 1, entries } });
      const busy = await refusal(lab, 'backups:restore', { name: 'lab-2026-02-02.db' });
      expect(busy).toMatchObject({ code: 'conflict', reason: 'restore-busy-task', params: { channel: 'surface:race' } });
      expect((await race).ok).toBe(true);
      expect((await call<RestoreResult>(lab, 'backups:restore', { name: 'lab-2026-02-02.db' })).restored.ok).toBe(true);
    } finally {
      await lab.close();
    }
  });

  it('a backup that fails its check is refused before anything moves; a name that is not in backups/ is refused by the schema', async () => {
    const folder = join(dir, 'bad-backup');
    mkdirSync(join(folder, 'backups'), { recursive: true });
    const file = join(folder, 'lab.db');
    writeFileSync(join(folder, 'backups', 'lab-2026-03-03.db'), 'not a database at all\n'.repeat(100));
    const lab = openLab({ dbPath: file, info });
    try {
      lab.store.createExperiment({ name: 'current', kind: 'network', spec: {} });
      const listed = await call<BackupInfo[]>(lab, 'backups:list');
      expect(listed).toMatchObject([{ name: 'lab-2026-03-03.db', ok: false }]);
      expect((await refusal(lab, 'backups:restore', { name: 'lab-2026-03-03.db' })).reason).toBe('backup-invalid');
      expect((await refusal(lab, 'backups:restore', { name: '../lab.db' })).code).toBe('invalid-request');
      expect((await refusal(lab, 'backups:restore', { name: 'nope.db' })).reason).toBe('backup-not-found');
      expect(readdirSync(folder).filter((f) => f.includes('before-restore'))).toEqual([]);
      expect((await call<ExperimentRow[]>(lab, 'experiments:list')).map((e) => e.name)).toEqual(['current']);

      // Back up now: a checked copy appears in the list with the current runs count.
      const made = await call<BackupInfo>(lab, 'backups:create');
      expect(made).toMatchObject({ ok: true, experiments: 1, runs: 0 });
      expect((await call<BackupInfo[]>(lab, 'backups:list')).map((b) => b.name)).toContain(made.name);
    } finally {
      await lab.close();
    }
  });
});
