// The Network lab's channels: the contract refuses bad payloads naming the field, and the handlers
// train for real — prepare-time problems come back as invalid-request, progress is coalesced, a
// stop keeps the weights, and the stored confusion matrix accounts for every validation sample.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNEL_NAMES, type Envelope, type EventName, type Events } from '../../preload/contract';
import { createDispatcher, dispatcherFor, type Dispatcher, type HandlerTable } from '../../main/api/dispatch';
import { createEventHub } from '../../main/api/events';
import { NetworkRuns } from '../../main/api/network-runs';
import { WorkerPool } from '../../main/engine/pool/pool';
import { boundaryFrom, dataWindow } from '../../main/api/network-preview';
import { Store } from '../../main/store';

function failure(envelope: Envelope<unknown>) {
  expect(envelope.ok).toBe(false);
  if (envelope.ok) throw new Error('unreachable');
  return envelope.error;
}
function success<T>(envelope: Envelope<unknown>): T {
  if (!envelope.ok) throw new Error(`expected success, got ${envelope.error.message}`);
  return envelope.result as T;
}

const spiral = { source: 'spiral', samples: 200, noise: 0.05, classes: 2 };
const spec = (extra: Record<string, unknown> = {}) => ({
  data: spiral,
  model: [{ dense: 16, activation: 'relu' }, { dense: 'output' }],
  optimizer: { name: 'adam', lr: 0.01 },
  epochs: 5,
  ...extra,
});

describe('network channel schemas', () => {
  const table = Object.fromEntries(CHANNEL_NAMES.map((c) => [c, (request: unknown) => request])) as unknown as HandlerTable;
  const d = dispatcherFor(table);

  it('accept a valid start and fill the experiment defaults', async () => {
    const parsed = success<{ spec: { batchSize: number; optimizer: { name: string } } }>(await d.dispatch('network:start', { name: 'a', spec: spec() }));
    expect(parsed.spec.batchSize).toBe(32);
    expect(parsed.spec.optimizer.name).toBe('adam');
  });

  it('refuse a dropout of 1.5 at spec.model.1.dropout', async () => {
    const error = failure(await d.dispatch('network:start', { name: 'a', spec: spec({ model: [{ dense: 8 }, { dropout: 1.5 }, { dense: 'output' }] }) }));
    expect(error.code).toBe('invalid-request');
    expect(error.issues?.map((i) => i.path)).toContain('spec.model.1.dropout');
  });

  it('refuse a non-numeric learning rate, an unknown source and an empty name', async () => {
    const lr = failure(await d.dispatch('network:start', { name: 'a', spec: spec({ optimizer: { name: 'adam', lr: 'fast' } }) }));
    expect(lr.issues?.map((i) => i.path)).toContain('spec.optimizer.lr');
    const source = failure(await d.dispatch('network:preview', { data: { source: 'iris' } }));
    expect(source.issues?.map((i) => i.path)).toEqual(['data.source']);
    const name = failure(await d.dispatch('network:start', { name: ' ', spec: spec() }));
    expect(name.issues?.map((i) => i.path)).toEqual(['name']);
  });

  it('refuse a run id that is not a positive integer, and unknown keys', async () => {
    expect(failure(await d.dispatch('runs:stop', { runId: 0 })).issues?.[0]?.path).toBe('runId');
    expect(failure(await d.dispatch('network:result', { runId: 1.5 })).issues?.[0]?.path).toBe('runId');
    expect(failure(await d.dispatch('network:preview', { data: spiral, seed: 1, extra: 1 })).issues?.[0]?.path).toBe('extra');
  });
});

describe('network handlers', () => {
  let dir: string;
  let store: Store;
  let d: Dispatcher;
  let pool: WorkerPool;
  const seen: { event: EventName; payload: unknown; at: number }[] = [];

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'descent-network-'));
    store = Store.open(join(dir, 'lab.db'));
    const events = createEventHub();
    events.subscribe((event, payload) => seen.push({ event, payload, at: performance.now() }));
    d = createDispatcher();
    pool = new WorkerPool({ size: 2 });
    const handlers = new NetworkRuns(store, events, pool).handlers();
    for (const [channel, fn] of Object.entries(handlers)) d.handle(channel as 'network:start', fn as never);
  });
  afterAll(async () => {
    await pool.shutdown();
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const ended = (runId: number) =>
    new Promise<Events['run:progress']>((resolve) => {
      const poll = () => {
        const last = seen.filter((e) => e.event === 'run:progress' && (e.payload as Events['run:progress']).runId === runId).at(-1);
        const p = last?.payload as Events['run:progress'] | undefined;
        if (p && p.status !== 'running') resolve(p);
        else setTimeout(poll, 20);
      };
      poll();
    });

  it('previews 2-D data with its labels inside the window, and digits as 8×8 images', async () => {
    const p = success<{ kind: string; points: number[][]; window: number[][]; classes: number }>(await d.dispatch('network:preview', { data: spiral }));
    expect(p.kind).toBe('points');
    expect(p.points).toHaveLength(200);
    expect(new Set(p.points.map((q) => q[2]))).toEqual(new Set([0, 1]));
    for (const [x, y] of p.points) {
      expect(x).toBeGreaterThan(p.window[0]![0]!);
      expect(y).toBeLessThan(p.window[1]![1]!);
    }
    const digits = success<{ kind: string; images: { width: number; pixels: number[][]; labels: number[] } }>(await d.dispatch('network:preview', { data: { source: 'digits' } }));
    expect(digits.kind).toBe('images');
    expect(digits.images.width).toBe(8);
    expect(digits.images.pixels[0]).toHaveLength(64);
    expect(Math.max(...digits.images.pixels[0]!)).toBe(1);
  });

  it('reports an unreadable CSV as invalid-request naming spec.data.path, and stores nothing', async () => {
    const before = store.listExperiments().length;
    const error = failure(await d.dispatch('network:start', { name: 'bad', spec: spec({ data: { source: 'csv', path: join(dir, 'missing.csv'), target: 0 } }) }));
    expect(error.code).toBe('invalid-request');
    expect(error.issues?.[0]?.path).toBe('spec.data.path');
    expect(store.listExperiments()).toHaveLength(before);
  });

  it('reports a shape mismatch (bce on 3 classes) naming the field', async () => {
    const error = failure(await d.dispatch('network:start', { name: 'bad', spec: spec({ data: { ...spiral, classes: 3 }, loss: 'bce' }) }));
    expect(error.code).toBe('invalid-request');
    expect(error.issues?.[0]?.path).toMatch(/^spec\./);
  });

  it('trains in the background, coalesces epoch events and stores the confusion matrix', async () => {
    const { runId } = success<{ runId: number; experimentId: number }>(await d.dispatch('network:start', { name: 'spiral run', spec: spec({ epochs: 40 }) }));
    const end = await ended(runId);
    expect(end.status).toBe('completed');
    const epochEvents = seen.filter((e) => e.event === 'network:epoch' && (e.payload as Events['network:epoch']).runId === runId);
    const epochs = epochEvents.flatMap((e) => (e.payload as Events['network:epoch']).epochs.map((m) => m.epoch));
    expect(epochs).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    // ≤ 20 a second: consecutive events at least ~50 ms apart, except the final epoch which always goes out.
    const gaps = epochEvents.slice(1, -1).map((e, i) => e.at - epochEvents[i]!.at);
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(45);
    const last = epochEvents.at(-1)!.payload as Events['network:epoch'];
    expect(last.boundary?.argmax).toHaveLength(60 * 60);

    const result = success<{ run: { status: string; experimentName: string; summary: Record<string, number> }; confusion: number[][] }>(await d.dispatch('network:result', { runId }));
    expect(result.run.experimentName).toBe('spiral run');
    // 200 samples, 20 % validation: the matrix counts each of the 40 validation samples once…
    const total = result.confusion.flat().reduce((a, b) => a + b, 0);
    expect(total).toBe(40);
    // …and its diagonal is the stored validation accuracy.
    const diagonal = result.confusion[0]![0]! + result.confusion[1]![1]!;
    expect(diagonal / total).toBeCloseTo(result.run.summary.valAccuracy!, 10);
  });

  it('stops a run between two updates, keeping it as stopped with its weights', async () => {
    const { runId } = success<{ runId: number }>(await d.dispatch('network:start', { name: 'long', spec: spec({ data: { ...spiral, samples: 5000 }, epochs: 5000 }) }));
    expect(success<{ changed: boolean }>(await d.dispatch('runs:stop', { runId })).changed).toBe(true);
    expect((await ended(runId)).status).toBe('stopped');
    expect(store.getRun(runId).status).toBe('stopped');
    expect(store.getCheckpoint(runId)).not.toBeNull();
    expect(success<{ status: string; changed: boolean }>(await d.dispatch('runs:stop', { runId }))).toEqual({ runId, status: 'stopped', changed: false });
  });

  it('answers not-found for an unknown run', async () => {
    expect(failure(await d.dispatch('network:result', { runId: 999 })).code).toBe('not-found');
  });
});

describe('decision boundary from outputs', () => {
  it('picks the larger logit and its softmax probability; one output uses the sigmoid', () => {
    const w: [[number, number], [number, number]] = [[0, 1], [0, 1]];
    const b = boundaryFrom(Float32Array.from([0, Math.log(3)]), 2, 2, w, 1);
    expect(b.argmax).toEqual([1]);
    expect(b.confidence[0]).toBeCloseTo(0.75, 4); // e^{ln3}/(1+e^{ln3}) = 3/4
    const s = boundaryFrom(Float32Array.from([-Math.log(4)]), 1, 2, w, 1);
    expect(s.argmax).toEqual([0]);
    expect(s.confidence[0]).toBeCloseTo(0.8, 4); // 1 − σ(−ln 4) = 1 − 1/5
  });

  it('frames the data with a 10 % margin', () => {
    const window = dataWindow({ n: 2, features: 2, x: Float32Array.from([0, 0, 10, 20]), values: null, targetWidth: 0 } as never);
    // x: 0…10 ± 1 → −1…11 (range 12, sixth 2: step 2) → −2…12; y: −2…22 (sixth 4: step 5) → −5…25.
    expect(window).toEqual([[-2, 12], [-5, 25]]);
  });
});
