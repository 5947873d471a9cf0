// The Network lab draws the run its own start returned, and no other: a workbench run training
// while the start is pending (its events arrive first) never lands on the lab's chart. The real
// store and RunFollower run against a stand-in bridge that plays main's part.
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Envelope, Events, LabBridge, NetworkEpoch } from '../../../preload/contract';
import { RunFollower } from '../../../renderer/lab/runFollower';

type Listener = (payload: unknown) => void;
const listeners = new Map<string, Set<Listener>>();
let onStart: (() => Promise<{ experimentId: number; runId: number }>) | null = null;

function emit<E extends keyof Events>(event: E, payload: Events[E]) {
  for (const l of listeners.get(event) ?? []) l(payload);
}
const epoch = (n: number, trainLoss: number): NetworkEpoch => ({ epoch: n, trainLoss, trainAccuracy: null, valLoss: null, valAccuracy: null, lr: 0.1, ms: 1 });

const bridge: LabBridge = {
  async invoke(channel) {
    const ok = (result: unknown) => ({ ok: true, result }) as Envelope<never>;
    if (channel === 'network:start' && onStart) return ok(await onStart());
    if (channel === 'network:result') return ok({ run: { id: 7, kind: 'network', summary: {} }, confusion: null });
    if (channel === 'runs:list' || channel === 'experiments:list' || channel === 'runs:search') return ok([]);
    return { ok: false, error: { code: 'not-found', reason: 'refused', message: `no ${channel} here` } } as Envelope<never>;
  },
  on(event, listener) {
    let set = listeners.get(event);
    if (!set) listeners.set(event, (set = new Set()));
    set.add(listener as Listener);
    return () => set.delete(listener as Listener);
  },
};
(globalThis as { window?: unknown }).window = { lab: bridge, location: { protocol: 'http:', host: 'x', search: '' } };

describe('RunFollower', () => {
  it('holds events while a start is pending and gives back only its own run’s, in order', () => {
    const f = new RunFollower<string>();
    expect(f.accept(3, 'before any start')).toBe(false);
    f.starting();
    expect(f.accept(99, 'workbench 1')).toBe(false);
    expect(f.accept(7, 'mine 1')).toBe(false);
    expect(f.accept(99, 'workbench 2')).toBe(false);
    expect(f.accept(7, 'mine 2')).toBe(false);
    expect(f.adopt(7)).toEqual(['mine 1', 'mine 2']);
    expect(f.accept(99, 'workbench 3')).toBe(false);
    expect(f.accept(7, 'mine 3')).toBe(true);
    expect(f.runId).toBe(7);
  });

  it('follows nothing after a failed start', () => {
    const f = new RunFollower<string>();
    f.starting();
    f.accept(5, 'someone else');
    f.abandon();
    expect(f.accept(5, 'someone else again')).toBe(false);
    expect(f.runId).toBeNull();
  });
});

describe('Network lab store', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    listeners.clear();
    onStart = null;
  });

  it('never draws a workbench run’s epochs that arrive while its own start is pending', async () => {
    const { useNetworkLabStore } = await import('../../../renderer/stores/networkLab');
    const net = useNetworkLabStore();
    net.init();
    // Main starts training before network:start answers: the workbench's run 99 reports first.
    onStart = async () => {
      emit('network:epoch', { runId: 99, total: 50, epochs: [epoch(1, 9.9)], boundary: null });
      emit('run:progress', { runId: 99, step: 10, total: 50, status: 'running' });
      emit('network:epoch', { runId: 7, total: 5, epochs: [epoch(1, 1.0)], boundary: null });
      emit('network:epoch', { runId: 99, total: 50, epochs: [epoch(2, 9.8)], boundary: null });
      await Promise.resolve();
      return { experimentId: 1, runId: 7 };
    };
    expect(await net.run()).toBe(true);
    expect(net.runId).toBe(7);
    emit('network:epoch', { runId: 99, total: 50, epochs: [epoch(3, 9.7)], boundary: null });
    emit('network:epoch', { runId: 7, total: 5, epochs: [epoch(2, 0.5)], boundary: null });
    emit('run:progress', { runId: 99, step: 20, total: 50, status: 'paused' });
    expect(net.epochs.map((e) => e.trainLoss)).toEqual([1.0, 0.5]);
    expect(net.total).toBe(5);
    expect(net.status).toBe('running');
  });

  it('follows a run whose events all came before its start answered, through to its end', async () => {
    const { useNetworkLabStore } = await import('../../../renderer/stores/networkLab');
    const net = useNetworkLabStore();
    net.init();
    onStart = async () => {
      emit('network:epoch', { runId: 7, total: 1, epochs: [epoch(1, 0.25)], boundary: null });
      emit('run:progress', { runId: 7, step: 4, total: 1, status: 'completed' });
      emit('run:progress', { runId: 99, step: 4, total: 50, status: 'running' });
      return { experimentId: 1, runId: 7 };
    };
    await net.run();
    expect(net.epochs.map((e) => e.trainLoss)).toEqual([0.25]);
    expect(net.status).toBe('completed');
    expect(net.running).toBe(false);
  });
});
