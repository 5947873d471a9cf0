// After a reload the Network lab finds the run its own start returned (remembered per tab) and
// follows it again: the epochs stored so far, then its live events, its Stop; or its result when
// it ended meanwhile. The real store runs against a stand-in bridge that plays main's part; a new
// Pinia is the reloaded page, the kept sessionStorage the tab.
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import type { ActiveRun, Envelope, Events, LabBridge, NetworkEpoch, SeriesData } from '../../../preload/contract';
import { epochsFromSeries, mergeEpochs, rememberRun, rememberedRun } from '../../../renderer/lab/labRun';

type Listener = (payload: unknown) => void;
const listeners = new Map<string, Set<Listener>>();
const calls: { channel: string; request: unknown }[] = [];
let active: ActiveRun[] = [];
let stored: SeriesData[] = [];
let resultFound = true;
/** Runs while main answers runs:series (events that arrive as the store is read). */
let duringSeries: (() => void) | null = null;

function emit<E extends keyof Events>(event: E, payload: Events[E]) {
  for (const l of listeners.get(event) ?? []) l(payload);
}
const epoch = (n: number, trainLoss: number): NetworkEpoch => ({ epoch: n, trainLoss, trainAccuracy: null, valLoss: null, valAccuracy: null, lr: 0.1, ms: 1 });
const series = (runId: number, name: string, values: number[]): SeriesData => ({ runId, name, steps: values.map((_, i) => i + 1), values });
const activeRun = (runId: number, status: ActiveRun['status'], epochNow: number): ActiveRun => ({
  runId, experimentId: 1, experimentName: 'reloadmid', label: 'reloadmid', status, epoch: epochNow, step: epochNow * 10, total: 3000, etaMs: 9000, metrics: {}, recentLoss: [],
});

const bridge: LabBridge = {
  async invoke(channel, request) {
    calls.push({ channel, request });
    const ok = (result: unknown) => ({ ok: true, result }) as Envelope<never>;
    const refused = { ok: false, error: { code: 'not-found', reason: 'refused', message: `no ${channel} here` } } as Envelope<never>;
    if (channel === 'network:start') return ok({ experimentId: 1, runId: 7 });
    if (channel === 'runs:active') return ok(active);
    if (channel === 'runs:series') {
      duringSeries?.();
      return ok(stored);
    }
    if (channel === 'network:result') return resultFound ? ok({ run: { id: 7, kind: 'network', status: 'completed', summary: { trainLoss: 0.1 } }, confusion: null }) : refused;
    if (channel === 'runs:stop') return ok({ runId: 7, status: 'stopped' });
    if (channel === 'runs:list' || channel === 'experiments:list' || channel === 'runs:search') return ok([]);
    return refused;
  },
  on(event, listener) {
    let set = listeners.get(event);
    if (!set) listeners.set(event, (set = new Set()));
    set.add(listener as Listener);
    return () => set.delete(listener as Listener);
  },
};
const tab = new Map<string, string>();
Object.assign(globalThis, {
  window: { lab: bridge, location: { protocol: 'http:', host: 'x', search: '' } },
  sessionStorage: {
    getItem: (k: string) => tab.get(k) ?? null,
    setItem: (k: string, v: string) => void tab.set(k, v),
    removeItem: (k: string) => void tab.delete(k),
  },
});

const settle = async () => {
  for (let i = 0; i < 10; i++) await new Promise((r) => setTimeout(r, 0));
};

/** The page loaded afresh: a new Pinia, the listeners of the old page gone. */
async function reload() {
  listeners.clear();
  setActivePinia(createPinia());
  const { useNetworkLabStore } = await import('../../../renderer/stores/networkLab');
  const net = useNetworkLabStore();
  net.init();
  await settle();
  return net;
}

describe('the remembered run', () => {
  beforeEach(() => tab.clear());

  it('reads back what was remembered, and nothing from a stored value that is not a run', async () => {
    setActivePinia(createPinia());
    const { useNetworkLabStore } = await import('../../../renderer/stores/networkLab');
    const spec = useNetworkLabStore().validation.spec!;
    rememberRun('network', { runId: 12, spec });
    expect(rememberedRun('network')).toEqual({ runId: 12, spec });
    tab.set('descent-lab.network.run', JSON.stringify({ runId: 'twelve', spec }));
    expect(rememberedRun('network')).toBeNull();
    tab.set('descent-lab.network.run', '{not json');
    expect(rememberedRun('network')).toBeNull();
  });

  it('builds epochs from the stored series and appends only newer live ones', () => {
    const e = epochsFromSeries([series(7, 'trainLoss', [0.9, 0.8]), series(7, 'valLoss', [1, 0.95])]);
    expect(e.map((x) => [x.epoch, x.trainLoss, x.valLoss])).toEqual([[1, 0.9, 1], [2, 0.8, 0.95]]);
    expect(mergeEpochs(e, [epoch(2, 0.8), epoch(3, 0.7)]).map((x) => x.epoch)).toEqual([1, 2, 3]);
  });
});

describe('Network lab after a reload', () => {
  beforeEach(() => {
    tab.clear();
    calls.length = 0;
    active = [];
    stored = [];
    resultFound = true;
    duringSeries = null;
  });

  async function startRun() {
    const net = await reload();
    expect(await net.run()).toBe(true);
    expect(net.runId).toBe(7);
  }

  it('shows nothing of a run when this tab never started one', async () => {
    active = [activeRun(99, 'running', 5)];
    const net = await reload();
    expect(net.runId).toBeNull();
    expect(net.running).toBe(false);
    expect(calls.some((c) => c.channel === 'runs:active')).toBe(false);
  });

  it('follows its running run again: epochs so far, then live ones, Stop — and never another run', async () => {
    await startRun();
    active = [activeRun(99, 'running', 40), activeRun(7, 'running', 26)];
    stored = [series(7, 'trainLoss', [0.9, 0.8, 0.7]), series(7, 'trainAccuracy', [0.5, 0.6, 0.7])];
    // An epoch event lands while the store is being read: kept once, after the stored ones.
    duringSeries = () => emit('network:epoch', { runId: 7, total: 3000, epochs: [epoch(3, 0.7), epoch(4, 0.65)], boundary: null });
    const net = await reload();
    expect(net.runId).toBe(7);
    expect(net.status).toBe('running');
    expect(net.running).toBe(true);
    expect(net.total).toBe(3000);
    expect(net.epochs.map((e) => e.epoch)).toEqual([1, 2, 3, 4]);
    emit('network:epoch', { runId: 99, total: 50, epochs: [epoch(5, 9.9)], boundary: null });
    emit('network:epoch', { runId: 7, total: 3000, epochs: [epoch(5, 0.6)], boundary: null });
    emit('run:progress', { runId: 99, step: 20, total: 50, status: 'completed' });
    expect(net.epochs.map((e) => e.trainLoss)).toEqual([0.9, 0.8, 0.7, 0.65, 0.6]);
    expect(net.status).toBe('running');
    await net.stop();
    expect(calls.filter((c) => c.channel === 'runs:stop').map((c) => c.request)).toEqual([{ runId: 7 }]);
    emit('run:progress', { runId: 7, step: 50, total: 3000, status: 'stopped' });
    await settle();
    expect(net.running).toBe(false);
    expect(net.result?.run.id).toBe(7);
  });

  it('shows the result of a run that ended while the page was away', async () => {
    await startRun();
    active = [];
    stored = [series(7, 'trainLoss', [0.9, 0.5])];
    const net = await reload();
    expect(net.runId).toBe(7);
    expect(net.running).toBe(false);
    expect(net.status).toBe('completed');
    expect(net.result?.run.summary).toEqual({ trainLoss: 0.1 });
    expect(net.epochs.map((e) => e.trainLoss)).toEqual([0.9, 0.5]);
  });

  it('forgets a remembered run that is gone (deleted), showing nothing', async () => {
    await startRun();
    active = [];
    resultFound = false;
    const net = await reload();
    expect(net.runId).toBeNull();
    expect(net.status).toBeNull();
    expect(net.ranSpec).toBeNull();
    expect(rememberedRun('network')).toBeNull();
  });
});
