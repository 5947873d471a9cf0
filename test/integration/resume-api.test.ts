// 'network:continue' through the dispatcher (what History's Resume calls, over IPC or web mode):
// a stopped run continues on the engine's pool with the live queue's progress events and ends as
// the uninterrupted run; a finished run is refused with the contract's code, reason and params;
// a malformed payload is refused by the channel's schema.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Envelope, EventName, Events } from '../../preload/contract';
import { experimentSpec } from '../../preload/experiment';
import { dispatcherFor, type Dispatcher } from '../../main/api/dispatch';
import { createEventHub } from '../../main/api/events';
import { createHandlers } from '../../main/api/handlers';
import { NetworkRuns } from '../../main/api/network-runs';
import { WorkerPool } from '../../main/engine/pool/pool';
import { recordRun } from '../../main/engine/runs';
import { Store } from '../../main/store';

let dir: string;
let store: Store;
let pool: WorkerPool;
let network: NetworkRuns;
let d: Dispatcher;
const seen: { event: EventName; payload: unknown }[] = [];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'descent-resume-api-'));
  store = Store.open(join(dir, 'lab.db'));
  pool = new WorkerPool({ size: 2 });
  const events = createEventHub();
  events.subscribe((event, payload) => seen.push({ event, payload }));
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

const spec = experimentSpec.parse({
  name: 'continued',
  data: { source: 'spiral', samples: 200, noise: 0.1, classes: 3 },
  model: [{ dense: 12, activation: 'tanh' }, { dense: 'output' }],
  optimizer: { name: 'sgdm', lr: 0.1, momentum: 0.9 },
  split: { validation: 0.25 },
  batchSize: 64,
  epochs: 6,
  seed: 8,
});

it('continues a stopped run on the pool with progress, refuses a finished one, validates the payload', async () => {
  const whole = await recordRun(spec, store);
  const stop = new AbortController();
  const cut = await recordRun(spec, store, { signal: stop.signal, onStep: (m) => m.step === 8 && stop.abort() });
  expect(cut.status).toBe('stopped');

  const answer = (await d.dispatch('network:continue', { runId: cut.runId })) as Envelope<{ runId: number; experimentId: number }>;
  expect(answer).toMatchObject({ ok: true, result: { runId: cut.runId, experimentId: cut.experimentId } });
  const until = Date.now() + 30_000;
  while (store.getRun(cut.runId).status !== 'completed' || network.activeRuns().length > 0) {
    if (Date.now() > until) throw new Error(`still ${store.getRun(cut.runId).status}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  const statuses = seen.filter((e) => e.event === 'run:progress' && (e.payload as Events['run:progress']).runId === cut.runId).map((e) => (e.payload as Events['run:progress']).status);
  expect(statuses).toContain('running');
  expect(statuses[statuses.length - 1]).toBe('completed');
  const hex = (id: number) => Buffer.from(store.getCheckpoint(id)!.weights).toString('hex');
  expect(hex(cut.runId)).toBe(hex(whole.runId));

  const refused = (await d.dispatch('network:continue', { runId: whole.runId })) as Envelope<unknown>;
  expect(refused).toMatchObject({ ok: false, error: { code: 'conflict', reason: 'run-not-resumable-status', params: { id: whole.runId, status: 'completed' } } });
  const missing = (await d.dispatch('network:continue', { runId: 99_999 })) as Envelope<unknown>;
  expect(missing).toMatchObject({ ok: false, error: { code: 'not-found', reason: 'run-not-found', params: { id: 99_999 } } });
  const malformed = (await d.dispatch('network:continue', { runId: 'seven' })) as Envelope<unknown>;
  expect(malformed).toMatchObject({ ok: false, error: { code: 'invalid-request', reason: 'invalid-request' } });
});
