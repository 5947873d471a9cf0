// Contract fuzzing: ≥ 10,000 malformed and mutated-valid requests to every channel over the real
// web-mode server and WebSocket (loopback), and as many through the dispatcher in process. Every
// one must be answered with an envelope, the server must still serve afterwards, and the database
// must pass PRAGMA integrity_check. Seeded: a failure names the seed and the request.
//
// Channels that start long work (trainings, studies, dialogs) only ever get requests their schema
// refuses — each such mutation is checked with the contract's own schema before it is sent.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import WebSocket from 'ws';
import { CHANNEL_NAMES, channels, type Channel, type Envelope } from '../../preload/contract';
import { startWebMode, type WebMode } from '../../main/server/web-mode';

const SEED = Number(process.env.FUZZ_SEED ?? 20261201);
const PER_TRANSPORT = 10_000;
/** Stop sending after this long even if the count is not reached (the count is still asserted). */
const BUDGET_MS = 50_000;

let dir: string;
let mode: WebMode;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'descent-lab-fuzz-'));
  mkdirSync(join(dir, 'static'));
  writeFileSync(join(dir, 'static', 'index.html'), '<!doctype html><title>lab</title>');
  mode = await startWebMode({ port: 0, db: join(dir, 'lab.db'), staticDir: join(dir, 'static') });
  // Something to find, update and delete.
  const s = mode.lab.store;
  for (let k = 0; k < 3; k++) {
    const e = s.createExperiment({ name: `seed data ${k}`, kind: 'network', spec: { data: { source: 'spiral' } } });
    const r = s.createRun({ experimentId: e.id, label: 'r', seed: 1, spec: {}, status: 'completed', summary: { trainLoss: 0.5 } });
    s.appendPoints(r.id, 'trainLoss', [1, 2, 3], [0.9, 0.7, 0.5]);
  }
});
afterAll(async () => {
  await mode?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Channels whose valid requests start long work or reach outside the process. */
const EXPENSIVE = new Set<Channel>([
  'surface:race', 'surface:rangeTest', 'surface:save', 'network:preview', 'network:start', 'network:rangeTest',
  'analysis:bound', 'analysis:hessian', 'analysis:landscape', 'workbench:start', 'batch:study', 'analysis:minRatio',
  'course:run', 'files:upload', 'files:open', 'files:save', 'runs:exportPytorch', 'workbench:expand',
]);

const surfaceSpec = { fn: 'rosenbrock', start: [-1.2, 1], steps: 50, seed: 1, entries: [{ optimizer: { name: 'adam', lr: 0.01 } }] };
const netSpec = {
  name: 'n', seed: 1, data: { source: 'spiral', samples: 100 }, split: { validation: 0.2, test: 0, folds: 0 },
  model: [{ dense: 8, activation: 'relu' }, { dense: 3 }], loss: 'cross-entropy', optimizer: { name: 'sgd', lr: 0.1 },
  schedule: { name: 'constant' }, batchSize: 16, epochs: 2, shuffle: true,
};

/** A request each channel accepts (or nearly: the fuzzer only needs a realistic shape to mutate). */
const SAMPLES: Partial<Record<Channel, unknown>> = {
  'surface:grid': { fn: 'beale', resolution: 16 },
  'surface:race': { spec: surfaceSpec },
  'surface:rangeTest': { spec: surfaceSpec },
  'surface:analyze': { fn: 'rosenbrock', at: [1, 1] },
  'surface:save': { name: 's', spec: surfaceSpec },
  'experiments:get': { id: 1 },
  'experiments:update': { id: 1, name: 'renamed', notes: 'n', tags: ['a'] },
  'experiments:delete': { id: 3 },
  'runs:list': { experimentId: 1 },
  'runs:series': { runIds: [1, 2], names: ['trainLoss'], maxPoints: 100 },
  'network:preview': { data: { source: 'spiral' } },
  'network:start': { name: 'n', spec: netSpec },
  'network:rangeTest': { spec: netSpec },
  'network:result': { runId: 1 },
  'analysis:bound': { n: 100, hypotheses: 100, trainingSets: 10 },
  'analysis:hessian': { runId: 1 },
  'analysis:landscape': { runId: 1, mode: 'line' },
  'workbench:expand': { base: netSpec, axes: [] },
  'workbench:start': { name: 'w', base: netSpec, axes: [] },
  'runs:pause': { runId: 1 },
  'runs:resume': { runId: 1 },
  'runs:stop': { runId: 1 },
  'runs:cancel': { runId: 1 },
  'runs:search': { text: 'seed', status: ['completed'], sortBy: 'trainLoss', order: 'asc', limit: 10, from: '2020-01-01' },
  'comparisons:save': { name: 'c', runIds: [1, 2] },
  'comparisons:get': { id: 1 },
  'comparisons:delete': { id: 1 },
  'experiments:export': { id: 1 },
  'experiments:import': { json: JSON.stringify(netSpec) },
  'runs:exportBundle': { runId: 1 },
  'runs:importBundle': { bundle: '{"format":"descent-lab-run-bundle","version":1}' },
  'batch:study': { batchSizes: [8], epochs: 1 },
  'analysis:minRatio': {},
  'course:run': { section: 1 },
  'files:open': { kind: 'experiment' },
  'app:setLocale': { locale: 'en' },
  'runs:exportPytorch': { runId: 1 },
};

function prng(seed: number) {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}

const HOSTILE: unknown[] = [
  null, true, false, 0, -1, 1.5, -0, 2 ** 31, 2 ** 53 + 2, 1e308, -1e308, 5e-324, '', ' ', 'x'.repeat(5000), '\u0000', '../../etc/passwd',
  '%s%n', '<script>', '__proto__', 'constructor', '1', 'NaN', 'Infinity', [], [null], [[[[[]]]]], {}, { __proto__: { polluted: 1 } },
  { constructor: { prototype: { polluted: 1 } } }, Array.from({ length: 300 }, (_, i) => i), { id: 1 }, { runId: -5 },
];

type Json = unknown;

function mutate(value: Json, rnd: () => number, depth = 0): Json {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
  const r = rnd();
  if (depth > 6 || r < 0.12) return structuredClone(pick(HOSTILE));
  if (Array.isArray(value)) {
    const a = [...value];
    const op = rnd();
    if (op < 0.3 && a.length) a.splice(Math.floor(rnd() * a.length), 1);
    else if (op < 0.6) a.push(structuredClone(pick(HOSTILE)));
    else if (op < 0.8 && a.length) a[Math.floor(rnd() * a.length)] = mutate(a[Math.floor(rnd() * a.length)], rnd, depth + 1);
    else for (let k = 0; k < 60; k++) a.push(a[0] ?? 1);
    return a;
  }
  if (value && typeof value === 'object') {
    const o: Record<string, Json> = { ...(value as Record<string, Json>) };
    const keys = Object.keys(o);
    const op = rnd();
    if (op < 0.2 && keys.length) delete o[pick(keys)];
    else if (op < 0.35) o[pick(['extra', '__proto__', 'constructor', 'id', 'runId', 'name', 'spec', ''])] = structuredClone(pick(HOSTILE));
    else if (keys.length) {
      const k = pick(keys);
      o[k] = mutate(o[k], rnd, depth + 1);
    } else o[String(Math.floor(rnd() * 10))] = pick(HOSTILE);
    return o;
  }
  if (typeof value === 'number') return pick([value + 1, -value, value * 1e6, 0, value + 0.5, Number.MAX_SAFE_INTEGER, pick(HOSTILE)]);
  if (typeof value === 'string') return pick([value + value, '', value.toUpperCase(), value.slice(1), pick(HOSTILE)]);
  return pick(HOSTILE);
}

/** A request for `channel`: a mutation of its sample (refused by its schema when the channel is expensive). */
function requestFor(channel: Channel, rnd: () => number): unknown | undefined {
  const base = SAMPLES[channel] ?? {};
  for (let tries = 0; tries < 20; tries++) {
    let p: unknown = base;
    const rounds = 1 + Math.floor(rnd() * 3);
    for (let k = 0; k < rounds; k++) p = mutate(p, rnd);
    if (rnd() < 0.1) p = structuredClone(base); // the valid request itself, now and then
    if (!EXPENSIVE.has(channel)) return p;
    if (!channels[channel].request.safeParse(p ?? {}).success) return p;
  }
  return { ...((base as object) ?? {}), 'not a field': 1 }; // .strict() refuses it
}

const RAW_GARBAGE = ['', 'null', '[]', '{', '{"id":', '"just a string"', '{"id":{},"channel":"app:info"}', '{"id":"garbage"}', '{"channel":"app:info"}', '\u0000\u0001', '{"id":"garbage","channel":5}', 'x'.repeat(10_000)];

const isEnvelope = (e: unknown): e is Envelope<unknown> =>
  !!e && typeof e === 'object' && ((e as { ok?: unknown }).ok === true ? 'result' in e : (e as { ok?: unknown }).ok === false && typeof (e as { error?: { code?: unknown } }).error?.code === 'string');

it(`answers ${PER_TRANSPORT} fuzzed requests over the WebSocket with envelopes, stays up, and leaves the database sound (seed ${SEED})`, async () => {
  const base = `http://127.0.0.1:${mode.port}`;
  const ws = await new Promise<WebSocket>((resolve, reject) => {
    const s = new WebSocket(`ws://127.0.0.1:${mode.port}/ws?token=${mode.token}`, { origin: base });
    s.once('open', () => resolve(s));
    s.once('error', reject);
  });
  const rnd = prng(SEED);
  const pending = new Map<number, { channel: string; payload: unknown; resolve: (e: unknown) => void }>();
  let nullReplies = 0;
  const bad: string[] = [];
  ws.on('message', (data) => {
    const m = JSON.parse(data.toString()) as { id?: unknown; envelope?: unknown; event?: string };
    if (m.event) return;
    if (m.id === null || m.id === 'garbage') {
      nullReplies++;
      if (!isEnvelope(m.envelope)) bad.push(`garbage reply not an envelope: ${data.toString().slice(0, 200)}`);
      return;
    }
    const p = pending.get(m.id as number);
    if (!p) return void bad.push(`reply to an unknown id ${String(m.id)}`);
    pending.delete(m.id as number);
    if (!isEnvelope(m.envelope)) bad.push(`${p.channel} ${JSON.stringify(p.payload).slice(0, 200)} → ${JSON.stringify(m.envelope).slice(0, 200)}`);
    p.resolve(m.envelope);
  });
  const perChannel = new Map<string, number>();
  const t0 = performance.now();
  let sent = 0;
  let garbageSent = 0;
  let nextId = 1;
  const inFlight: Promise<unknown>[] = [];
  while (sent < PER_TRANSPORT && performance.now() - t0 < BUDGET_MS) {
    const r = rnd();
    if (r < 0.05) {
      ws.send(RAW_GARBAGE[Math.floor(rnd() * RAW_GARBAGE.length)]!);
      garbageSent++;
    } else {
      const channel = r < 0.08 ? (['nope', 'app:Info', '', '__proto__'] as const)[Math.floor(rnd() * 4)]! : CHANNEL_NAMES[(sent * 7919) % CHANNEL_NAMES.length]!;
      const payload = CHANNEL_NAMES.includes(channel as Channel) ? requestFor(channel as Channel, rnd) : { x: 1 };
      const id = nextId++;
      perChannel.set(channel, (perChannel.get(channel) ?? 0) + 1);
      inFlight.push(new Promise((resolve) => pending.set(id, { channel, payload, resolve })));
      ws.send(JSON.stringify({ id, channel, payload }));
    }
    sent++;
    if (inFlight.length >= 32) await Promise.all(inFlight.splice(0));
  }
  await Promise.all(inFlight);
  for (let i = 0; i < 200 && nullReplies < garbageSent; i++) await new Promise((res) => setTimeout(res, 10));
  ws.close();

  expect(bad).toEqual([]);
  expect(sent).toBeGreaterThanOrEqual(PER_TRANSPORT);
  expect(nullReplies).toBe(garbageSent);
  for (const c of CHANNEL_NAMES) expect(perChannel.get(c) ?? 0, c).toBeGreaterThanOrEqual(100);
  // Still serving: a page with the token and a fresh socket round-trip.
  const page = await fetch(`${base}/?token=${mode.token}`);
  expect(page.status).toBe(200);
  expect((await mode.lab.dispatcher.dispatch('app:info', {})).ok).toBe(true);
  expect(mode.lab.store.integrityCheck()).toEqual({ ok: true, problems: [] });
}, 90_000);

it(`answers ${PER_TRANSPORT} fuzzed requests through the dispatcher in process with envelopes (seed ${SEED + 1})`, async () => {
  const rnd = prng(SEED + 1);
  const bad: string[] = [];
  const t0 = performance.now();
  let sent = 0;
  while (sent < PER_TRANSPORT && performance.now() - t0 < BUDGET_MS) {
    const batch: Promise<void>[] = [];
    for (let k = 0; k < 32; k++, sent++) {
      const r = rnd();
      const channel: unknown = r < 0.03 ? [null, 42, {}, 'nope', 'toString', '__proto__'][Math.floor(rnd() * 6)] : CHANNEL_NAMES[(sent * 104729) % CHANNEL_NAMES.length]!;
      const payload = typeof channel === 'string' && CHANNEL_NAMES.includes(channel as Channel) ? requestFor(channel as Channel, rnd) : mutate({}, rnd);
      batch.push(
        mode.lab.dispatcher.dispatch(channel as string, payload).then(
          (env) => void (isEnvelope(env) || bad.push(`${String(channel)} → ${JSON.stringify(env).slice(0, 200)}`)),
          (err: unknown) => void bad.push(`${String(channel)} threw ${String(err)}`),
        ),
      );
    }
    await Promise.all(batch);
  }
  expect(bad).toEqual([]);
  expect(sent).toBeGreaterThanOrEqual(PER_TRANSPORT);
  expect(mode.lab.store.integrityCheck()).toEqual({ ok: true, problems: [] });
}, 90_000);
