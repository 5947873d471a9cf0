// The Network lab: the experiment being built, a preview of its data, and the run in progress
// (fed by 'network:epoch' and 'run:progress' events) or just finished. Epochs, boundary, preview
// and result are large or replaced whole, so they live in shallowRefs.
import { defineStore } from 'pinia';
import { computed, ref, shallowRef, watch } from 'vue';
import type { DecisionBoundary, Events, NetworkEpoch, NetworkPreview, NetworkResult, RunStatus } from '../../preload/contract';
import { experimentSpec, type ExperimentSpec } from '../../preload/experiment';
import { lab } from '../api/client';
import { rangeCurve, type RangeCurve } from '../lab/rangeTest';
import { parseNumber } from '../lab/forms';
import { z } from 'zod';
import { keepDraft } from '../lab/drafts';
import { RunFollower } from '../lab/runFollower';
import { EPOCH_NAMES, epochsFromSeries, forgetRun, mergeEpochs, rememberRun, rememberedRun } from '../lab/labRun';
import { buildData, buildNetwork, isRegression, networkForm, networkFormFrom, type DataSource, type NetworkForm, type Preset } from '../lab/networkForm';
import { applyPreset } from '../lab/networkPresets';
import { useNoticeStore } from './notices';
import { useRunsStore } from './runs';

const PREVIEW_DELAY_MS = 250;

type RunEvent = { kind: 'epoch'; payload: Events['network:epoch'] } | { kind: 'progress'; payload: Events['run:progress'] };

export const useNetworkLabStore = defineStore('networkLab', () => {
  const form = ref<NetworkForm>(networkForm());
  const preview = shallowRef<NetworkPreview | null>(null);
  /** Why the preview failed (the error itself: the page words it in the language shown). */
  const previewError = shallowRef<unknown>(null);
  const runId = ref<number | null>(null);
  const status = ref<RunStatus | null>(null);
  const total = ref(0);
  const etaMs = ref<number | null>(null);
  const epochs = shallowRef<NetworkEpoch[]>([]);
  const boundary = shallowRef<DecisionBoundary | null>(null);
  const result = shallowRef<NetworkResult | null>(null);
  /** The spec of the run shown (the form may have changed since). */
  const ranSpec = shallowRef<ExperimentSpec | null>(null);
  const starting = ref(false);

  const validation = computed(() => buildNetwork(form.value));
  /** Queued, training or held: the run is still ours to pause, resume or stop. */
  const LIVE: (RunStatus | null)[] = ['queued', 'running', 'paused'];
  const running = computed(() => starting.value || LIVE.includes(status.value));
  const canRun = computed(() => validation.value.spec !== null && !running.value);
  const lastEpoch = computed(() => epochs.value.at(-1) ?? null);

  // The experiment being built survives a reload (renderer/lab/drafts.ts), checked with the
  // experiment format's own schema.
  keepDraft('network', z.object({ name: z.string().max(200), spec: experimentSpec }), {
    read: () => (validation.value.spec ? { name: form.value.name, spec: validation.value.spec } : null),
    apply: (d) => (form.value = networkFormFrom(d.spec, d.name)),
    defaults: () => (form.value = networkForm()),
  });

  // ---------------------------------------------------------------- data preview
  let previewTimer: ReturnType<typeof setTimeout> | null = null;
  let previewAsked = 0;
  const dataKey = computed(() => {
    const errors = {};
    const data = buildData(form.value, errors);
    return Object.keys(errors).length ? null : JSON.stringify({ data, seed: form.value.seed });
  });
  async function loadPreview() {
    const key = dataKey.value;
    if (!key) return;
    const asked = ++previewAsked;
    const { data } = JSON.parse(key) as { data: Record<string, unknown> };
    const seed = Number(form.value.seed);
    try {
      const p = await lab().invoke('network:preview', { data, seed: Number.isInteger(seed) && seed >= 0 ? seed : 1 });
      if (asked !== previewAsked) return;
      preview.value = p;
      previewError.value = null;
    } catch (error) {
      if (asked !== previewAsked) return;
      preview.value = null;
      previewError.value = error;
    }
  }
  watch(dataKey, () => {
    if (previewTimer) clearTimeout(previewTimer);
    previewTimer = setTimeout(() => void loadPreview(), PREVIEW_DELAY_MS);
  });

  // ---------------------------------------------------------------- events
  // Only the run our own network:start returned is drawn; its events that arrive before the start
  // answers are held and replayed (a workbench run training meanwhile is never taken for ours).
  const follower = new RunFollower<RunEvent>();
  function apply(e: RunEvent) {
    const p = e.payload;
    total.value = p.total;
    if (e.kind === 'epoch') {
      epochs.value = [...epochs.value, ...e.payload.epochs];
      if (e.payload.boundary) boundary.value = e.payload.boundary;
    } else {
      status.value = e.payload.status;
      etaMs.value = e.payload.etaMs ?? null;
      if (!LIVE.includes(e.payload.status)) void finished(e.payload.runId);
    }
  }
  let listening = false;
  function listen() {
    if (listening) return;
    listening = true;
    lab().on('network:epoch', (payload) => {
      const e: RunEvent = { kind: 'epoch', payload };
      if (follower.accept(payload.runId, e)) apply(e);
    });
    lab().on('run:progress', (payload) => {
      const e: RunEvent = { kind: 'progress', payload };
      if (follower.accept(payload.runId, e)) apply(e);
    });
  }

  async function finished(id: number) {
    try {
      const r = await lab().invoke('network:result', { runId: id });
      if (runId.value === id) result.value = r;
    } catch (error) {
      useNoticeStore().error(error);
    }
    void useRunsStore().refresh();
  }

  function init() {
    listen();
    if (!preview.value) void loadPreview();
    void reattach();
  }

  /** Drops what a run left on screen (a new start, or a remembered run that is gone). */
  function clearRun() {
    runId.value = null;
    status.value = null;
    epochs.value = [];
    boundary.value = null;
    result.value = null;
    etaMs.value = null;
    ranSpec.value = null;
  }

  /**
   * After a reload: the run this tab's lab started (remembered by `run`) is followed again while
   * it trains, with its epochs so far read from the store, or shown with its result once it has
   * ended. Nothing is shown for a run that is gone.
   */
  async function reattach() {
    const kept = rememberedRun('network');
    if (!kept || runId.value !== null || starting.value) return;
    const id = kept.runId;
    clearRun();
    runId.value = id;
    ranSpec.value = kept.spec;
    total.value = kept.spec.epochs;
    follower.adopt(id);
    const ours = () => runId.value === id;
    try {
      const active = (await lab().invoke('runs:active', {})).find((a) => a.runId === id);
      if (!ours()) return;
      if (active && status.value === null) {
        status.value = active.status;
        total.value = active.total;
        etaMs.value = active.etaMs;
      }
      const series = await lab().invoke('runs:series', { runIds: [id], names: EPOCH_NAMES });
      if (!ours()) return;
      epochs.value = mergeEpochs(epochsFromSeries(series), epochs.value);
      if (active || status.value !== null) return;
      // Ended while the page was away: its stored result says how.
      const r = await lab().invoke('network:result', { runId: id });
      if (!ours()) return;
      result.value = r;
      status.value ??= r.run.status;
    } catch {
      if (!ours()) return;
      forgetRun('network');
      follower.abandon();
      clearRun();
    }
  }

  // ---------------------------------------------------------------- actions
  async function run(): Promise<boolean> {
    const spec = validation.value.spec;
    if (!spec || running.value) return false;
    starting.value = true;
    clearRun();
    total.value = spec.epochs;
    ranSpec.value = spec;
    follower.starting();
    try {
      const started = await lab().invoke('network:start', { name: form.value.name.trim(), spec });
      runId.value = started.runId;
      rememberRun('network', { runId: started.runId, spec });
      status.value = 'running';
      for (const e of follower.adopt(started.runId)) apply(e);
      return true;
    } catch (error) {
      follower.abandon();
      ranSpec.value = null;
      useNoticeStore().error(error);
      return false;
    } finally {
      starting.value = false;
    }
  }

  async function stop() {
    if (runId.value === null) return;
    try {
      await lab().invoke('runs:stop', { runId: runId.value });
    } catch (error) {
      useNoticeStore().error(error);
    }
  }

  /** Holds the run between two updates, or lets it go on (runs:pause / runs:resume). */
  async function togglePause() {
    if (runId.value === null) return;
    try {
      const r = await lab().invoke(status.value === 'paused' ? 'runs:resume' : 'runs:pause', { runId: runId.value });
      if (runId.value === r.runId && LIVE.includes(r.status)) status.value = r.status;
    } catch (error) {
      useNoticeStore().error(error);
    }
  }

  /** The preset chosen last, whose note (what it shows and why these settings) the page shows. */
  const preset = ref<Preset | null>(null);
  function usePreset(next: Preset) {
    applyPreset(form.value, next);
    preset.value = next;
  }

  function setSource(source: DataSource) {
    const wasRegression = isRegression(form.value.source);
    form.value.source = source;
    if (isRegression(source) && !wasRegression) {
      form.value.loss = 'mse';
      form.value.samples = '200';
      form.value.noise = '0.1';
    } else if (!isRegression(source) && wasRegression) {
      form.value.loss = 'cross-entropy';
      form.value.samples = '1000';
      form.value.noise = '0.05';
    }
    if (form.value.name === '' || /^(spiral|circles|moons|xor|blobs|checkerboard|sine|polynomial|digits|idx|csv)$/.test(form.value.name)) form.value.name = source;
  }

  // ---------------------------------------------------------------- LR range test
  const rangeTest = ref({ minLr: '1e-5', maxLr: '1', steps: '200' });
  const rangeResult = shallowRef<RangeCurve | null>(null);
  const rangeRunning = ref(false);
  const rangeRequest = computed(() => {
    const spec = validation.value.spec;
    const minLr = parseNumber(rangeTest.value.minLr);
    const maxLr = parseNumber(rangeTest.value.maxLr);
    const steps = parseNumber(rangeTest.value.steps);
    if (!spec || minLr === null || maxLr === null || steps === null) return null;
    if (!(maxLr > minLr && minLr > 0) || !Number.isInteger(steps) || steps < 10 || steps > 5000) return null;
    return { spec, minLr, maxLr, steps };
  });
  async function runRangeTest() {
    const request = rangeRequest.value;
    if (!request) return;
    rangeRunning.value = true;
    try {
      rangeResult.value = rangeCurve(await lab().invoke('network:rangeTest', request));
    } catch (error) {
      useNoticeStore().error(error);
    } finally {
      rangeRunning.value = false;
    }
  }
  /** Writes the suggested rate into the optimizer (Lookahead's inner one). */
  function useSuggestedLr(lr: number) {
    const optimizer = form.value.entry.optimizer;
    (optimizer.inner ?? optimizer).values.lr = String(Number(lr.toPrecision(3)));
  }

  /** Opens a stored network experiment in the builder (from History). */
  function open(spec: ExperimentSpec, name: string) {
    form.value = networkFormFrom(spec, name);
  }

  return {
    form, preview, previewError, runId, status, total, etaMs, epochs, boundary, result, ranSpec, starting,
    validation, running, canRun, lastEpoch, init, run, stop, togglePause, preset, usePreset, setSource, open, loadPreview,
    rangeTest, rangeResult, rangeRunning, rangeRequest, runRangeTest, useSuggestedLr,
  };
});
