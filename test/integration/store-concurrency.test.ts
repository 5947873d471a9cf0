// Two real processes on one database file at once: web mode in this process training a network
// (network:start) and writing metric batches as fast as it can, while `lab run` trains in a child
// process. Both finish, nobody sees "database is locked", and every run's series is whole and its
// own (WAL, busy_timeout, IMMEDIATE transactions).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Envelope } from '../../preload/contract';
import { startWebMode, type WebMode } from '../../main/server/web-mode';
import { Store } from '../../main/store';
import { runLab } from '../support/lab-cli';

let dir: string;
let mode: WebMode;
let file: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'descent-lab-two-'));
  mkdirSync(join(dir, 'static'));
  writeFileSync(join(dir, 'static', 'index.html'), '<!doctype html><title>lab</title>');
  file = join(dir, 'lab.db');
  mode = await startWebMode({ port: 0, db: file, staticDir: join(dir, 'static') });
});
afterAll(async () => {
  await mode?.close();
  rmSync(dir, { recursive: true, force: true });
});

const spec = (name: string, epochs: number, seed: number) => ({
  name,
  seed,
  data: { source: 'spiral', samples: 300, noise: 0.1, classes: 3 },
  split: { validation: 0.2, test: 0, folds: 0 },
  model: [{ dense: 16, activation: 'tanh' }, { dense: 3 }],
  loss: 'cross-entropy',
  optimizer: { name: 'sgd', lr: 0.1, momentum: 0.9 },
  schedule: { name: 'constant' },
  batchSize: 16,
  epochs,
  shuffle: true,
});

it('web mode and the CLI write the same file at once: both finish, nothing locked, nothing interleaved', async () => {
  const call = async <T>(channel: string, payload: unknown) => {
    const env = (await mode.lab.dispatcher.dispatch(channel, payload)) as Envelope<T>;
    if (!env.ok) throw new Error(`${channel}: ${env.error.message}`);
    return env.result;
  };
  const expFile = join(dir, 'cli.json');
  writeFileSync(expFile, JSON.stringify(spec('from the CLI', 40, 2)));
  const cli = runLab(['run', expFile, '--json', '--db', file], { defaultDb: file });

  const web = await call<{ runId: number }>('network:start', { name: 'from web mode', spec: spec('from web mode', 40, 1) });
  // Meanwhile this process writes big metric batches in their own transactions.
  const store = mode.lab.store;
  const e = store.createExperiment({ name: 'bulk writer', kind: 'network', spec: {} });
  const bulk = store.createRun({ experimentId: e.id, label: 'bulk', seed: 1, spec: {}, status: 'running' });
  const w = store.metricWriter({ maxPoints: 20_000, flushMs: 1e9 });
  let cliDone = false;
  void cli.then(() => (cliDone = true));
  let step = 0;
  while (!cliDone || step < 200_000) {
    for (let i = 0; i < 5_000; i++, step++) w.record(bulk.id, step, { a: step, b: -step });
    await new Promise((r) => setImmediate(r));
  }
  w.close();
  store.setRunStatus(bulk.id, 'completed', { lastStep: step - 1 });

  const r = await cli;
  expect(r.stderr).not.toMatch(/locked|busy/i);
  expect(r.code).toBe(0);
  const cliRunId = (JSON.parse(r.stdout) as { runId: number }).runId;
  for (let i = 0; i < 600; i++) {
    const row = store.getRun(web.runId);
    if (row.status !== 'running' && row.status !== 'queued') break;
    await new Promise((res) => setTimeout(res, 100));
  }

  // A second connection, as another process would see it.
  const check = Store.open(file);
  try {
    const runs = new Map(check.listRuns().map((x) => [x.id, x]));
    expect(runs.get(web.runId)!.status).toBe('completed');
    expect(runs.get(cliRunId)!.status).toBe('completed');
    for (const id of [web.runId, cliRunId]) {
      const trainLoss = check.readSeries([id], ['trainLoss'])[0]!;
      expect(trainLoss.steps).toEqual(Array.from({ length: 40 }, (_, k) => k + 1));
      const loss = check.readSeries([id], ['loss'])[0]!;
      expect(loss.steps).toEqual(Array.from({ length: loss.steps.length }, (_, k) => k));
      expect(loss.steps.length).toBe(40 * 15);
    }
    const [a, b] = check.readSeries([bulk.id]);
    expect(a!.steps.length).toBe(step);
    expect(a!.values.every((v, k) => v === k)).toBe(true);
    expect(b!.values.every((v, k) => v === -k)).toBe(true);
    expect(check.integrityCheck()).toEqual({ ok: true, problems: [] });
  } finally {
    check.close();
  }
}, 120_000);
