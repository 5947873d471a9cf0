// The live dashboard: every queued/running/paused network run of this process (runs:active, polled
// while the page shows) kept current between polls by 'run:progress' events; the selected run's
// epochs arrive by 'network:epoch' and are appended, never re-fetched.
import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { ActiveRun, NetworkEpoch, Request, RunStatus } from '../../preload/contract';
import { lab } from '../api/client';
import { EPOCH_NAMES, epochsFromSeries } from '../lab/labRun';
import { useNoticeStore } from './notices';

const LIVE: readonly RunStatus[] = ['queued', 'running', 'paused'];
const POLL_MS = 1500;

export interface DashboardRun extends ActiveRun {
  /** Set once the run has ended (it stays listed, marked, until cleared). */
  ended: boolean;
  /** Training loss per epoch seen so far: the sparkline when per-update losses are not at hand. */
  epochLoss: number[];
}

export const useDashboardStore = defineStore('dashboard', () => {
  const runs = ref<DashboardRun[]>([]);
  const selectedId = ref<number | null>(null);
  /** The selected run's epochs so far (appended by events). */
  const epochs = shallowRef<NetworkEpoch[]>([]);
  /** Bumped on every appended epoch so the page can patch its charts instead of rebuilding them. */
  const epochVersion = ref(0);
  const selected = computed(() => runs.value.find((r) => r.runId === selectedId.value) ?? null);
  const liveCount = computed(() => runs.value.filter((r) => !r.ended).length);

  let listening = false;
  let timer: ReturnType<typeof setInterval> | null = null;
  /** Epochs of every live run seen by events, so selecting one shows its curve so far. */
  const seen = new Map<number, NetworkEpoch[]>();

  function listen() {
    if (listening) return;
    listening = true;
    lab().on('run:progress', (p) => {
      const row = runs.value.find((r) => r.runId === p.runId);
      if (!row) {
        if (LIVE.includes(p.status)) void poll();
        return;
      }
      row.status = p.status;
      // The event counts epochs done (ActiveRun.step counts updates).
      row.epoch = p.epoch ?? p.step;
      row.total = p.total;
      row.etaMs = p.etaMs ?? null;
      if (!LIVE.includes(p.status)) row.ended = true;
    });
    lab().on('network:epoch', (p) => {
      const list = [...(seen.get(p.runId) ?? []), ...p.epochs];
      seen.set(p.runId, list);
      const last = p.epochs.at(-1);
      const row = runs.value.find((r) => r.runId === p.runId);
      if (row) row.epochLoss = list.map((e) => e.trainLoss);
      if (row && last) {
        row.epoch = last.epoch;
        row.metrics = { trainLoss: last.trainLoss, trainAccuracy: last.trainAccuracy, valLoss: last.valLoss, valAccuracy: last.valAccuracy, lr: last.lr };
      }
      if (p.runId === selectedId.value) {
        epochs.value = list;
        epochVersion.value += 1;
      }
    });
  }

  /** Runs just started from the builder: listed at once, even if one ends before the first poll. */
  function track(started: { experimentId: number; runIds: number[]; labels: string[] }, experimentName: string, epochs: number) {
    listen();
    const known = new Set(runs.value.map((r) => r.runId));
    const added: DashboardRun[] = started.runIds
      .filter((id) => !known.has(id))
      .map((runId, i) => ({ runId, experimentId: started.experimentId, experimentName, label: started.labels[i] ?? String(runId), status: 'queued', epoch: 0, step: 0, total: epochs, etaMs: null, metrics: {}, recentLoss: [], ended: false, epochLoss: [] }));
    runs.value = [...runs.value, ...added].sort((a, b) => a.runId - b.runId);
  }

  /** Counts control calls, so a poll answered from before one cannot undo what it changed. */
  let controls = 0;
  async function poll() {
    try {
      const asked = controls;
      const active = await lab().invoke('runs:active', {});
      if (asked !== controls) return;
      const ids = new Set(active.map((a) => a.runId));
      const kept = runs.value.filter((r) => !ids.has(r.runId)).map((r) => ({ ...r, ended: true }));
      const fresh = active.map((a) => ({ ...a, ended: false, epochLoss: (seen.get(a.runId) ?? []).map((e) => e.trainLoss) }));
      runs.value = [...fresh, ...kept].sort((a, b) => a.runId - b.runId);
      // A run that ended between two polls without its last event reaching us: read its stored status.
      const unsure = [...new Set(kept.filter((r) => LIVE.includes(r.status)).map((r) => r.experimentId))];
      for (const experimentId of unsure) {
        const stored = await lab().invoke('runs:search', { experimentId, sortBy: 'createdAt' });
        for (const row of runs.value) {
          const found = stored.find((x) => x.id === row.runId);
          if (found && row.ended) {
            row.status = found.status;
            row.epoch = Math.max(row.epoch, (found.kind === 'network' ? found.summary.epochs : undefined) ?? row.epoch);
          }
        }
      }
      if (selectedId.value === null && fresh.length) select(fresh[0]!.runId);
    } catch (error) {
      useNoticeStore().error(error);
      stopPolling();
    }
  }
  function startPolling() {
    listen();
    void poll();
    timer ??= setInterval(() => void poll(), POLL_MS);
  }
  function stopPolling() {
    if (timer) clearInterval(timer);
    timer = null;
  }

  function select(id: number) {
    selectedId.value = id;
    epochs.value = seen.get(id) ?? [];
    epochVersion.value += 1;
    // Epochs before the dashboard listened come from the store.
    void lab()
      .invoke('runs:series', { runIds: [id], names: EPOCH_NAMES })
      .then((series) => {
        if (selectedId.value !== id) return;
        const stored = epochsFromSeries(series);
        if (stored.length === 0 || stored.length <= epochs.value.length) return;
        const newer = (seen.get(id) ?? []).filter((x) => x.epoch > (stored.at(-1)?.epoch ?? 0));
        epochs.value = [...stored, ...newer];
        seen.set(id, epochs.value);
        epochVersion.value += 1;
      })
      .catch(() => {});
  }

  async function control(kind: 'runs:pause' | 'runs:resume' | 'runs:stop', runId: number) {
    try {
      controls += 1;
      const result = await lab().invoke(kind, { runId });
      const row = runs.value.find((r) => r.runId === runId);
      if (row) {
        row.status = result.status;
        if (!LIVE.includes(result.status)) row.ended = true;
      }
    } catch (error) {
      useNoticeStore().error(error);
    }
  }

  function clearEnded() {
    runs.value = runs.value.filter((r) => !r.ended);
    if (selectedId.value !== null && !runs.value.some((r) => r.runId === selectedId.value)) selectedId.value = null;
  }

  /** The grid of concrete specs a base and its axes give (nothing stored); null when refused (the notice says why). */
  async function expandVariants(request: Request<'workbench:expand'>) {
    try {
      return await lab().invoke('workbench:expand', request);
    } catch (error) {
      useNoticeStore().error(error);
      return null;
    }
  }

  /** Queues one run per grid cell and lists them here at once; the runs started, or null when refused. */
  async function startVariants(request: Request<'workbench:start'>, epochs: number) {
    try {
      const started = await lab().invoke('workbench:start', request);
      track(started, request.name, epochs);
      return started;
    } catch (error) {
      useNoticeStore().error(error);
      return null;
    }
  }

  return {
    runs, selectedId, selected, epochs, epochVersion, liveCount,
    startPolling, stopPolling, select, control, clearEnded, poll, track, expandVariants, startVariants,
  };
});
