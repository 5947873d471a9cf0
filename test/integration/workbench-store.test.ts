// The workbench's store pieces outside the app: migration 2 applied to a file made by migration 1
// (data kept, comparisons usable), and `lab bundle export/import` as a child process between two
// database files (series and weights byte for byte; a foreign bundle refused).
import Database from 'better-sqlite3';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runLab } from '../support/lab-cli';
import { listComparisons, migrate, migrations, saveComparison, SCHEMA_VERSION, searchRuns, Store } from '../../main/store';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'descent-workbench-store-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('migration 2', () => {
  it('upgrades a version-1 file in place, keeping its runs, and adds comparisons', () => {
    const path = join(dir, 'v1.db');
    const raw = new Database(path);
    migrate(raw, migrations.filter((m) => m.version === 1));
    expect(raw.pragma('user_version', { simple: true })).toBe(1);
    const t = '2026-03-01T12:00:00.000Z';
    raw.prepare(`INSERT INTO experiments (name, kind, spec, created_at, updated_at) VALUES ('old', 'network', '{"data":{"source":"moons"}}', ?, ?)`).run(t, t);
    raw.prepare(`INSERT INTO runs (experiment_id, label, seed, status, spec, created_at, summary) VALUES (1, 'r', 1, 'completed', '{"optimizer":{"name":"rmsprop"},"data":{"source":"moons"}}', ?, '{"valLoss":0.2}')`).run(t);
    raw.close();

    const store = Store.open(path);
    try {
      expect(store.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION); // and every later migration
      const indexes = store.db.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND name IN ('runs_by_created', 'experiments_by_created')`).pluck().all();
      expect(indexes.sort()).toEqual(['experiments_by_created', 'runs_by_created']);
      expect(store.getRun(1)).toMatchObject({ label: 'r', status: 'completed', summary: { valLoss: 0.2 } });
      expect(searchRuns(store, { optimizer: 'rmsprop', dataSource: 'moons' }).map((r) => r.id)).toEqual([1]);
      saveComparison(store, { name: 'c', runIds: [1], options: { metric: 'valLoss', xAxis: 'epoch', smoothing: 0, groupBy: null, logScale: false, showAllSettings: false } });
      expect(listComparisons(store).map((c) => c.runIds)).toEqual([[1]]);
      expect(store.integrityCheck().ok).toBe(true);
    } finally {
      store.close();
    }
  });
});

const lab = (args: string[]) => runLab(args, { defaultDb: join(dir, 'unused.db') });

describe('lab bundle', () => {
  it('exports a run and imports it into another database, bit for bit', async () => {
    const from = join(dir, 'from.db');
    const to = join(dir, 'to.db');
    const file = join(dir, 'run.lab-bundle.json');
    const store = Store.open(from);
    const e = store.createExperiment({ name: 'shared', kind: 'network', spec: { data: { source: 'xor' } }, tags: ['a'] });
    const run = store.createRun({ experimentId: e.id, label: 'x', seed: 7, spec: { seed: 7 }, status: 'stopped', summary: { valLoss: 0.25 }, lastStep: 3 });
    // Awkward values on purpose: a non-finite loss, a value with every mantissa bit used.
    store.appendPoints(run.id, 'loss', [0, 1, 2], [0.1 + 0.2, NaN, Infinity]);
    const weights = Uint8Array.from({ length: 64 }, (_, i) => (i * 37) & 255);
    store.saveCheckpoint(run.id, 3, weights, { params: 16, state: 0 });
    store.close();

    const out = await lab(['bundle', 'export', String(run.id), '--out', file, '--db', from]);
    expect(out.stderr).toContain('wrote');
    expect(out.code).toBe(0);
    expect(JSON.parse(out.stdout)).toMatchObject({ runId: run.id, out: file });

    const back = await lab(['bundle', 'import', file, '--db', to]);
    expect(back.code).toBe(0);
    const { runId } = JSON.parse(back.stdout) as { runId: number };
    const other = Store.open(to);
    try {
      expect(other.getRun(runId)).toMatchObject({ label: 'x', seed: 7, status: 'stopped', lastStep: 3 });
      const loss = other.readSeries([runId], ['loss'])[0]!;
      expect(loss.steps).toEqual([0, 1, 2]);
      expect(loss.values[0]).toBe(0.1 + 0.2);
      expect(loss.values[1]).toBeNaN();
      expect(loss.values[2]).toBe(Infinity);
      const c = other.getCheckpoint(runId)!;
      expect(c.step).toBe(3);
      expect(Buffer.compare(c.weights, Buffer.from(weights))).toBe(0);
      expect(other.getExperiment(other.getRun(runId).experimentId).tags).toEqual(['a', 'imported']);
    } finally {
      other.close();
    }

    const foreign = join(dir, 'foreign.json');
    writeFileSync(foreign, JSON.stringify({ ...JSON.parse(readFileSync(file, 'utf8')), version: 99 }));
    const refused = await lab(['bundle', 'import', foreign, '--db', to]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('version');
    expect(refused.stdout).toBe('');
  }, 30_000);
});
