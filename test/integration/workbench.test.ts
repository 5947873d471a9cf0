// The workbench's backend through the dispatcher, over a real temporary SQLite file and a real
// worker pool: variant grids, a queued grid trained to the end, run control (pause / resume /
// stop / cancel), history search, saved comparisons, experiment files and run bundles.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActiveRun, ComparisonRow, Envelope, EventName, Events, ExperimentFile, ImportedExperiment, RunControlResult, RunRow, VariantGrid } from '../../preload/contract';
import { dispatcherFor, type Dispatcher } from '../../main/api/dispatch';
import { createEventHub } from '../../main/api/events';
import { createHandlers } from '../../main/api/handlers';
import { NetworkRuns } from '../../main/api/network-runs';
import { WorkerPool } from '../../main/engine/pool/pool';
import { Store } from '../../main/store';

function failure(envelope: Envelope<unknown>) {
  if (envelope.ok) throw new Error(`expected a failure, got ${JSON.stringify(envelope.result).slice(0, 200)}`);
  return envelope.error;
}
function success<T>(envelope: Envelope<unknown>): T {
  if (!envelope.ok) throw new Error(`expected success, got ${envelope.error.message}`);
  return envelope.result as T;
}

const spiral = { source: 'spiral', samples: 120, noise: 0.05, classes: 2 };
const base = (extra: Record<string, unknown> = {}) => ({
  data: spiral,
  model: [{ dense: 8, activation: 'relu' }, { dense: 'output' }],
  optimizer: { name: 'adam', lr: 0.01 },
  epochs: 3,
  ...extra,
});

let dir: string;
let store: Store;
let pool: WorkerPool;
let network: NetworkRuns;
let d: Dispatcher;
const seen: { event: EventName; payload: unknown; at: number }[] = [];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'descent-workbench-'));
  store = Store.open(join(dir, 'lab.db'));
  pool = new WorkerPool({ size: 2 });
  const events = createEventHub();
  events.subscribe((event, payload) => seen.push({ event, payload, at: performance.now() }));
  network = new NetworkRuns(store, events, pool);
  const info = { name: 'Descent Lab', version: 'test', transport: 'websocket' as const, platform: 'linux', locale: 'en', dbPath: store.path };
  d = dispatcherFor(createHandlers({ store, pool, events, network, info }));
});
afterAll(async () => {
  await network.stopAll();
  store.close();
  await pool.shutdown();
  rmSync(dir, { recursive: true, force: true });
});

const call = <T>(channel: string, payload: unknown) => d.dispatch(channel, payload).then((e) => success<T>(e));
const progressOf = (runId: number) => seen.filter((e) => e.event === 'run:progress' && (e.payload as Events['run:progress']).runId === runId).map((e) => e.payload as Events['run:progress']);
const waitFor = async (what: () => boolean, ms = 20_000) => {
  const until = Date.now() + ms;
  while (!what()) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
};
const ENDED = new Set(['completed', 'stopped', 'cancelled', 'diverged', 'failed']);
const ended = (runId: number) => waitFor(() => ENDED.has(store.getRun(runId).status) && !network.activeRuns().some((r) => r.runId === runId));

describe('workbench:expand', () => {
  it('makes the product of the axes, last axis fastest, with one label per cell', async () => {
    const grid = await call<VariantGrid>('workbench:expand', {
      base: base(),
      axes: [
        { path: 'optimizer', values: ['adam', 'sgd'] },
        { path: 'optimizer.lr', values: [0.01, 0.1] },
        { path: 'seed', values: [1, 2, 3] },
      ],
    });
    expect(grid.total).toBe(12);
    expect(grid.cells).toHaveLength(12);
    expect(grid.cells[0]!.label).toBe('optimizer=adam, lr=0.01, seed=1');
    expect(grid.cells[1]!.label).toBe('optimizer=adam, lr=0.01, seed=2');
    expect(grid.cells[11]!.label).toBe('optimizer=sgd, lr=0.1, seed=3');
    // A bare optimizer name is that optimizer with its defaults; the lr axis then sets its rate.
    expect(grid.cells[11]!.spec.optimizer).toMatchObject({ name: 'sgd', lr: 0.1 });
    expect(grid.cells[11]!.spec.seed).toBe(3);
    // Fields the axes don't touch keep the base (and its defaults).
    expect(grid.cells[5]!.spec.batchSize).toBe(32);
    expect(new Set(grid.cells.map((c) => c.label)).size).toBe(12);
  });

  it('gives one "base" cell without axes, and varies an absent optimizer from Adam', async () => {
    const one = await call<VariantGrid>('workbench:expand', { base: base(), axes: [] });
    expect(one.cells.map((c) => c.label)).toEqual(['base']);
    const { optimizer: _o, ...noOptimizer } = base();
    const lr = await call<VariantGrid>('workbench:expand', { base: noOptimizer, axes: [{ path: 'optimizer.lr', values: [0.5] }] });
    expect(lr.cells[0]!.spec.optimizer).toMatchObject({ name: 'adam', lr: 0.5 });
  });

  it('names the axis and value that make a cell invalid', async () => {
    const error = failure(await d.dispatch('workbench:expand', { base: base(), axes: [{ path: 'batchSize', values: [16, 32] }, { path: 'optimizer.lr', values: [0.01, -1] }] }));
    expect(error.code).toBe('invalid-request');
    expect(error.issues?.[0]?.path).toBe('axes.1.values.1');
    expect(error.issues?.[0]?.message).toContain('optimizer.lr=-1');
    const unknown = failure(await d.dispatch('workbench:expand', { base: base(), axes: [{ path: 'optimizer', values: ['adam', 'nosuch'] }] }));
    expect(unknown.issues?.[0]?.path).toBe('axes.0.values.1');
    // A problem in the base itself is reported under base.
    const badBase = failure(await d.dispatch('workbench:expand', { base: base({ epochs: 0 }), axes: [{ path: 'seed', values: [1] }] }));
    expect(badBase.issues?.[0]?.path).toBe('base.epochs');
  });

  it('refuses a grid over 64 runs, a duplicated axis and a malformed path', async () => {
    const big = failure(await d.dispatch('workbench:expand', { base: base(), axes: [{ path: 'seed', values: Array.from({ length: 13 }, (_, i) => i) }, { path: 'batchSize', values: [8, 16, 32, 64, 128] }] }));
    expect(big.issues?.[0]?.path).toBe('axes');
    expect(big.message).toContain('65');
    const twice = failure(await d.dispatch('workbench:expand', { base: base(), axes: [{ path: 'seed', values: [1] }, { path: 'seed', values: [2] }] }));
    expect(twice.issues?.[0]?.path).toBe('axes.1.path');
    const path = failure(await d.dispatch('workbench:expand', { base: base(), axes: [{ path: 'optimizer..lr', values: [1] }] }));
    expect(path.issues?.[0]?.path).toBe('axes.0.path');
  });
});

describe('workbench:start', () => {
  it('trains a 2×2 grid as one experiment of four runs, queued then completed, with series', async () => {
    const started = await call<{ experimentId: number; runIds: number[]; labels: string[] }>('workbench:start', {
      name: 'grid',
      base: base(),
      axes: [
        { path: 'optimizer', values: ['adam', 'sgdm'] },
        { path: 'batchSize', values: [16, 32] },
      ],
      concurrency: 2,
    });
    expect(started.runIds).toHaveLength(4);
    expect(started.labels).toEqual(['optimizer=adam, batchSize=16', 'optimizer=adam, batchSize=32', 'optimizer=sgdm, batchSize=16', 'optimizer=sgdm, batchSize=32']);
    // Right after the call: the two beyond the concurrency still wait.
    const queuedNow = started.runIds.filter((id) => store.getRun(id).status === 'queued');
    expect(queuedNow.length).toBeGreaterThanOrEqual(2);
    for (const id of started.runIds) await ended(id);
    const runs = store.listRuns({ experimentId: started.experimentId });
    expect(runs.map((r) => r.status)).toEqual(['completed', 'completed', 'completed', 'completed']);
    expect(runs.map((r) => r.label)).toEqual(started.labels);
    expect((runs[2]!.spec as { optimizer: { name: string }; batchSize: number }).optimizer.name).toBe('sgdm');
    for (const r of runs) {
      const names = store.seriesNames(r.id);
      expect(names).toEqual(expect.arrayContaining(['loss', 'trainLoss', 'valLoss']));
      expect(store.readSeries([r.id], ['trainLoss'])[0]!.steps).toEqual([1, 2, 3]);
      expect(store.getCheckpoint(r.id)).not.toBeNull();
      // Every run reported its queue, its start and its end.
      const statuses = progressOf(r.id).map((p) => p.status);
      expect(statuses[0]).toBe('queued');
      expect(statuses).toContain('running');
      expect(statuses.at(-1)).toBe('completed');
    }
    // 96 training samples: batch 16 → 6 updates an epoch, batch 32 → 3.
    expect(runs.map((r) => r.lastStep)).toEqual([18, 9, 18, 9]);
    expect(store.getExperiment(started.experimentId).runCount).toBe(4);
  });
});

describe('run control', () => {
  it('pauses, resumes, stops and cancels through the dispatcher', async () => {
    // Concurrency 1: the first trains, the others wait in the queue.
    const long = { ...spiral, samples: 2000 };
    const { runIds } = await call<{ runIds: number[] }>('workbench:start', {
      name: 'control',
      base: base({ data: long, epochs: 2000, batchSize: 8 }),
      axes: [{ path: 'seed', values: [1, 2, 3] }],
      concurrency: 1,
    });
    const [a, b, c] = runIds as [number, number, number];
    await waitFor(() => (network.activeRuns().find((r) => r.runId === a)?.step ?? 0) > 5);
    expect(store.getRun(b).status).toBe('queued');

    // Cancel a queued run: it never starts.
    expect(await call<RunControlResult>('runs:cancel', { runId: c })).toEqual({ runId: c, status: 'cancelled', changed: true });
    expect(store.getRun(c).status).toBe('cancelled');

    // Pause holds the job: no update goes by while paused.
    expect(await call<RunControlResult>('runs:pause', { runId: a })).toMatchObject({ status: 'paused', changed: true });
    await new Promise((r) => setTimeout(r, 300)); // in-flight reports arrive
    const held = network.activeRuns().find((r) => r.runId === a)!;
    await new Promise((r) => setTimeout(r, 400));
    const later = network.activeRuns().find((r) => r.runId === a)!;
    expect(later.status).toBe('paused');
    expect(later.step).toBe(held.step);
    expect(store.getRun(a).status).toBe('paused');
    expect((await call<RunControlResult>('runs:pause', { runId: a })).changed).toBe(false);

    const active = await call<ActiveRun[]>('runs:active', {});
    expect(active.map((r) => [r.runId, r.status])).toEqual([[a, 'paused'], [b, 'queued']]);
    expect(active[0]!.recentLoss.length).toBeGreaterThan(0);
    expect(active[0]!.recentLoss.length).toBeLessThanOrEqual(50);
    expect(active[0]!.experimentName).toBe('control');

    // Resume: it trains on.
    expect(await call<RunControlResult>('runs:resume', { runId: a })).toMatchObject({ status: 'running', changed: true });
    await waitFor(() => network.activeRuns().find((r) => r.runId === a)!.step > later.step);

    // A queued run can be held too: it keeps its place but does not start.
    expect(await call<RunControlResult>('runs:pause', { runId: b })).toEqual({ runId: b, status: 'paused', changed: true });

    // Stop keeps the weights.
    expect((await call<RunControlResult>('runs:stop', { runId: a })).changed).toBe(true);
    await ended(a);
    expect(store.getRun(a).status).toBe('stopped');
    expect(store.getCheckpoint(a)).not.toBeNull();
    await new Promise((r) => setTimeout(r, 200));
    expect(store.getRun(b)).toMatchObject({ status: 'paused', startedAt: null });
    // Resumed, the held queued run goes back to the queue, which starts it.
    expect(await call<RunControlResult>('runs:resume', { runId: b })).toMatchObject({ changed: true });
    await waitFor(() => store.getRun(b).status === 'running');

    // Cancel a running run: it ends cancelled, what it trained kept.
    await call<RunControlResult>('runs:cancel', { runId: b });
    await ended(b);
    expect(store.getRun(b).status).toBe('cancelled');
    expect(store.getRun(c).startedAt).toBeNull();
    expect(store.seriesNames(c)).toEqual([]);

    // A finished run is left as it is; an unknown one is not found.
    expect(await call<RunControlResult>('runs:pause', { runId: a })).toEqual({ runId: a, status: 'stopped', changed: false });
    expect(failure(await d.dispatch('runs:stop', { runId: 9999 })).code).toBe('not-found');
  }, 30_000);

  it('sends run:progress at most 20 times a second per run; only status changes skip the wait', async () => {
    const { runIds } = await call<{ runIds: number[] }>('workbench:start', { name: 'paced', base: base({ epochs: 80 }), axes: [{ path: 'seed', values: [1, 2] }] });
    for (const id of runIds) await ended(id);
    for (const id of runIds) {
      const events = seen.filter((e) => e.event === 'run:progress' && (e.payload as Events['run:progress']).runId === id);
      const p = (i: number) => events[i]!.payload as Events['run:progress'];
      const gaps = events.map((e, i) => (i > 0 && p(i).status === p(i - 1).status ? e.at - events[i - 1]!.at : null)).filter((g) => g !== null);
      for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(45);
      expect(p(events.length - 1)).toMatchObject({ status: 'completed', epoch: 80, total: 80, etaMs: 0 });
      // At most one event per 45 ms of the run besides status changes, however long the machine
      // took over the 80 epochs (a count fixed in advance would depend on its load).
      const span = events.at(-1)!.at - events[0]!.at;
      expect(gaps.length).toBeLessThanOrEqual(1 + span / 45);
    }
  });

  it('pauses and stops a Network lab run the same way', async () => {
    const { runId } = await call<{ runId: number }>('network:start', { name: 'single', spec: base({ data: { ...spiral, samples: 2000 }, epochs: 2000, batchSize: 8 }) });
    expect((await call<RunControlResult>('runs:pause', { runId })).status).toBe('paused');
    expect((await call<ActiveRun[]>('runs:active', {})).find((r) => r.runId === runId)?.status).toBe('paused');
    // Stopping a held run wakes it to stop.
    await call<RunControlResult>('runs:stop', { runId });
    await ended(runId);
    expect(store.getRun(runId).status).toBe('stopped');
  }, 20_000);
});

describe('history, comparisons and files', () => {
  let s: Store;
  let h: Dispatcher;
  const ask = <T>(channel: string, payload: unknown) => h.dispatch(channel, payload).then((e) => success<T>(e));
  const ids: Record<string, number> = {};

  beforeAll(() => {
    s = Store.open(join(dir, 'history.db'));
    const events = createEventHub();
    const info = { name: 'Descent Lab', version: 'test', transport: 'websocket' as const, platform: 'linux', locale: 'en', dbPath: s.path };
    h = dispatcherFor(createHandlers({ store: s, pool, events, info }));
    const net = (name: string, source: string, optimizer: string, notes = '', tags: string[] = []) => {
      const spec = { data: { source }, optimizer: { name: optimizer } };
      const e = s.createExperiment({ name, kind: 'network', spec, notes, tags });
      return e.id;
    };
    const e1 = net('Spiral sweep', 'spiral', 'adam', 'warm-up helps', ['lecture3']);
    const e2 = net('Digits baseline', 'digits', 'sgd');
    const e3 = s.createExperiment({ name: 'Ravine race', kind: 'surface', spec: { fn: 'ravine' } }).id;
    const run = (experimentId: number, label: string, optimizer: string, status: RunRow['status'], summary: RunRow['summary']) =>
      s.createRun({ experimentId, label, seed: 1, spec: { data: { source: 'x' }, optimizer: { name: optimizer } }, status, summary }).id;
    ids.a = run(e1, 'adam lr=0.01', 'adam', 'completed', { valLoss: 0.3 });
    ids.b = run(e1, 'adam lr=0.1', 'adam', 'diverged', { valLoss: null });
    ids.c = run(e2, 'sgd', 'sgd', 'completed', { valLoss: 0.1 });
    ids.d = run(e2, 'sgd seed 2', 'sgd', 'stopped', { valLoss: 0.5 });
    ids.e = run(e3, 'momentum', 'momentum', 'completed', { finalLoss: 1e-6 });
    // Network runs find their data source in their own spec; give the network runs the real one.
    s.db.prepare(`UPDATE runs SET spec = json_set(spec, '$.data.source', 'spiral') WHERE experiment_id = ?`).run(e1);
    s.db.prepare(`UPDATE runs SET spec = json_set(spec, '$.data.source', 'digits') WHERE experiment_id = ?`).run(e2);
    s.db.prepare(`UPDATE runs SET created_at = '2026-01-15T10:00:00.000Z' WHERE id = ?`).run(ids.c);
  });
  afterAll(() => s.close());

  const search = (q: Record<string, unknown>) => ask<RunRow[]>('runs:search', q).then((rows) => rows.map((r) => r.id));

  it('searches by text in names, notes, tags and labels', async () => {
    expect((await search({ text: 'sweep' })).sort()).toEqual([ids.a, ids.b].sort());
    expect((await search({ text: 'WARM-UP' })).sort()).toEqual([ids.a, ids.b].sort());
    expect((await search({ text: 'lecture3' })).sort()).toEqual([ids.a, ids.b].sort());
    expect(await search({ text: 'seed 2' })).toEqual([ids.d]);
    // LIKE wildcards are literal.
    expect(await search({ text: '%' })).toEqual([]);
  });

  it('filters by status, kind, data source, optimizer and date', async () => {
    expect((await search({ status: ['completed'] })).sort()).toEqual([ids.a, ids.c, ids.e].sort());
    expect(await search({ kind: 'surface' })).toEqual([ids.e]);
    expect(await search({ dataSource: 'ravine' })).toEqual([ids.e]);
    expect((await search({ dataSource: 'digits' })).sort()).toEqual([ids.c, ids.d].sort());
    expect((await search({ optimizer: 'adam', status: ['diverged', 'completed'] }))).toEqual([ids.b, ids.a]);
    expect(await search({ to: '2026-01-15' })).toEqual([ids.c]);
    expect(await search({ from: '2026-01-14', to: '2026-01-16' })).toEqual([ids.c]);
    expect((await search({ from: '2026-01-16' })).includes(ids.c!)).toBe(false);
  });

  it('sorts by a summary key (missing values last either way) or a column', async () => {
    expect(await search({ kind: 'network', sortBy: 'valLoss', order: 'asc' })).toEqual([ids.c, ids.a, ids.d, ids.b]);
    expect(await search({ kind: 'network', sortBy: 'valLoss', order: 'desc' })).toEqual([ids.d, ids.a, ids.c, ids.b]);
    expect(await search({ sortBy: 'createdAt', order: 'asc', limit: 1 })).toEqual([ids.c]);
    expect(await search({ sortBy: 'label', order: 'asc', kind: 'network' })).toEqual([ids.a, ids.b, ids.c, ids.d]);
    expect(failure(await h.dispatch('runs:search', { sortBy: 'x); DROP TABLE runs;--' })).issues?.[0]?.path).toBe('sortBy');
    // A key that Object.prototype also has is a summary key like any other (no run has it: all keep their order).
    expect(await search({ kind: 'network', sortBy: 'constructor', order: 'asc' })).toEqual([ids.a, ids.b, ids.c, ids.d].sort((x, y) => x! - y!));
  });

  it('saves, lists, replaces, reads and deletes comparisons', async () => {
    const first = await ask<ComparisonRow>('comparisons:save', { name: 'adam vs sgd', runIds: [ids.a, ids.c], options: { metric: 'valLoss', groupBy: 'optimizer', smoothing: 0.6 } });
    expect(first.options).toEqual({ metric: 'valLoss', xAxis: 'epoch', smoothing: 0.6, groupBy: 'optimizer', logScale: false, showAllSettings: false });
    const second = await ask<ComparisonRow>('comparisons:save', { name: 'all', runIds: [ids.a, ids.b, ids.c] });
    expect(second.options.metric).toBe('valLoss');
    await new Promise((r) => setTimeout(r, 5));
    const renamed = await ask<ComparisonRow>('comparisons:save', { id: first.id, name: 'adam vs sgd (log)', runIds: [ids.a, ids.c], options: { logScale: true, xAxis: 'time' } });
    expect(renamed.createdAt).toBe(first.createdAt);
    expect(renamed.options).toMatchObject({ logScale: true, xAxis: 'time' });
    expect((await ask<ComparisonRow[]>('comparisons:list', {})).map((c) => c.name)).toEqual(['adam vs sgd (log)', 'all']);
    expect(await ask<ComparisonRow>('comparisons:get', { id: second.id })).toEqual(second);
    expect(await ask<{ deleted: boolean }>('comparisons:delete', { id: second.id })).toEqual({ deleted: true });
    expect(await ask<{ deleted: boolean }>('comparisons:delete', { id: second.id })).toEqual({ deleted: false });
    expect(failure(await h.dispatch('comparisons:get', { id: second.id })).code).toBe('not-found');
    expect(failure(await h.dispatch('comparisons:save', { id: 999, name: 'x', runIds: [1] })).code).toBe('not-found');
    expect(failure(await h.dispatch('comparisons:save', { name: 'x', runIds: [1], options: { smoothing: 1 } })).issues?.[0]?.path).toBe('options.smoothing');
  });
});

describe('a grid cell the engine refuses', () => {
  it('ends failed with the reason, and the other cells still train', async () => {
    // bce needs one output, i.e. two classes: the 3-class cell passes the schema but not the model's shape check.
    const { runIds } = await call<{ runIds: number[] }>('workbench:start', {
      name: 'mixed',
      base: base({ loss: 'bce', epochs: 2 }),
      axes: [{ path: 'data.classes', values: [3, 2] }],
    });
    for (const id of runIds) await ended(id);
    const [bad, good] = runIds.map((id) => store.getRun(id));
    expect(bad!.status).toBe('failed');
    // The engine's reason as a run started any other way stores it, naming the spec's field.
    expect(bad!.error).toMatch(/^loss: "bce" needs exactly 2 classes/);
    expect(good!.status).toBe('completed');
  });
});

describe('experiment files', () => {
  it('export → import gives back the stored spec (network, after a real run)', async () => {
    const { experimentId, runIds } = await call<{ experimentId: number; runIds: number[] }>('workbench:start', {
      name: 'to share',
      base: base({ split: { validation: 0.25 }, schedule: { name: 'cosine', tMax: 10 } }),
      axes: [],
    });
    await ended(runIds[0]!);
    const file = await call<ExperimentFile>('experiments:export', { id: experimentId });
    expect(file.kind).toBe('network');
    expect(file.fileName).toBe('to-share.experiment.json');
    const back = await call<ImportedExperiment>('experiments:import', { json: file.json });
    expect(back.kind).toBe('network');
    expect(back.name).toBe('to share');
    expect(back.spec).toEqual(store.getExperiment(experimentId).spec);
  });

  it('export → import of a surface experiment', async () => {
    const spec = { fn: 'ravine', start: [-4, 1], steps: 20, entries: [{ optimizer: { name: 'sgd', lr: 0.05 } }] };
    const { experimentId } = await call<{ experimentId: number }>('surface:save', { name: 'race', spec });
    const file = await call<ExperimentFile>('experiments:export', { id: experimentId });
    const back = await call<ImportedExperiment>('experiments:import', { json: file.json });
    expect(back.kind).toBe('surface');
    expect(back.spec).toEqual(store.getExperiment(experimentId).spec);
  });

  it('refuses bad files naming the field', async () => {
    expect(failure(await d.dispatch('experiments:import', { json: '{ nope' })).issues?.[0]?.path).toBe('json');
    const bad = failure(await d.dispatch('experiments:import', { json: JSON.stringify(base({ model: [{ dense: 8 }, { dropout: 2 }, { dense: 'output' }], optimizer: { name: 'adam', lr: 'x' } })) }));
    expect(bad.code).toBe('invalid-request');
    expect(bad.issues?.map((i) => i.path)).toEqual(expect.arrayContaining(['model.1.dropout', 'optimizer.lr']));
    const surface = failure(await d.dispatch('experiments:import', { json: JSON.stringify({ kind: 'surface', fn: 'nowhere', start: [0, 0], steps: 5, entries: [] }) }));
    expect(surface.issues?.map((i) => i.path)).toEqual(expect.arrayContaining(['fn', 'entries']));
    expect(failure(await d.dispatch('experiments:export', { id: 9999 })).code).toBe('not-found');
  });
});

describe('run bundles', () => {
  it('export → import into a fresh database keeps series and weights byte for byte', async () => {
    const { runIds } = await call<{ runIds: number[] }>('workbench:start', { name: 'bundle me', base: base(), axes: [] });
    const runId = runIds[0]!;
    await ended(runId);
    store.updateExperiment(store.getRun(runId).experimentId, { notes: 'for Li', tags: ['hw'] });
    const { bundle, fileName } = await call<{ bundle: string; fileName: string }>('runs:exportBundle', { runId });
    expect(fileName).toBe(`run-${runId}.lab-bundle.json`);

    const other = Store.open(join(dir, 'other.db'));
    try {
      const events = createEventHub();
      const info = { name: 'Descent Lab', version: 'test', transport: 'websocket' as const, platform: 'linux', locale: 'en', dbPath: other.path };
      const h = dispatcherFor(createHandlers({ store: other, pool, events, info }));
      const imported = success<{ experimentId: number; runId: number }>(await h.dispatch('runs:importBundle', { bundle }));
      const from = store.getRun(runId);
      const to = other.getRun(imported.runId);
      expect(to.status).toBe('completed');
      expect(to.label).toBe(from.label);
      expect(to.spec).toEqual(from.spec);
      expect(to.lastStep).toBe(from.lastStep);
      expect(to.summary).toEqual({ ...from.summary, importedFrom: from.createdAt });
      const e = other.getExperiment(imported.experimentId);
      expect(e.tags).toEqual(['hw', 'imported']);
      expect(e.notes).toBe('for Li');
      expect(e.spec).toEqual(store.getExperiment(from.experimentId).spec);
      const a = store.readSeries([runId]);
      const b = other.readSeries([imported.runId]);
      expect(b.map((x) => x.name)).toEqual(a.map((x) => x.name));
      b.forEach((x, i) => {
        expect(x.steps).toEqual(a[i]!.steps);
        expect(Buffer.from(Float64Array.from(x.values).buffer).equals(Buffer.from(Float64Array.from(a[i]!.values).buffer))).toBe(true);
      });
      const wa = store.getCheckpoint(runId)!;
      const wb = other.getCheckpoint(imported.runId)!;
      expect(wb.step).toBe(wa.step);
      expect(wb.meta).toEqual(wa.meta);
      expect(Buffer.compare(wb.weights, wa.weights)).toBe(0);
      expect(wa.weights.length).toBeGreaterThan(0);

      // Malformed and foreign bundles are refused naming the field; nothing is stored.
      const before = other.listExperiments().length;
      const parsed = JSON.parse(bundle) as Record<string, unknown>;
      expect(failure(await h.dispatch('runs:importBundle', { bundle: '[' })).issues?.[0]?.path).toBe('bundle.bundle');
      expect(failure(await h.dispatch('runs:importBundle', { bundle: JSON.stringify({ ...parsed, version: 2 }) })).issues?.[0]?.path).toBe('bundle.version');
      expect(failure(await h.dispatch('runs:importBundle', { bundle: JSON.stringify({ ...parsed, format: 'mlflow' }) })).issues?.[0]?.path).toBe('bundle.format');
      const broken = { ...parsed, series: [{ name: 'loss', steps: [0, 1], values: [1] }] };
      expect(failure(await h.dispatch('runs:importBundle', { bundle: JSON.stringify(broken) })).issues?.[0]?.path).toBe('bundle.series.0.values');
      expect(other.listExperiments()).toHaveLength(before);
    } finally {
      other.close();
    }
  });
});
