// The error-surface lab: the race being edited, the surface under it, the last race's result,
// playback, critical-point analysis and the LR range test. Grid, result and analysis are large
// or immutable, so they live in shallowRefs.
import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { CriticalPointAnalysis, RaceResult, SurfaceGrid, SurfaceInfo } from '../../preload/contract';
import { surfaceExperimentSpec, type OptimizerSpec, type ScheduleSpec, type SurfaceExperimentSpec, type SurfaceName, type SurfaceRangeTestSpec } from '../../preload/spec';
import { lab } from '../api/client';
import { surfaceLayerInTasks, type SurfaceLayer } from '../charts/surface';
import { lastStep } from '../charts/steps';
import { RACE_ALL, buildEntry, buildRace, newEntry, parseNumber, raceFormFrom, retuneEntries, type EntryForm, type RaceForm } from '../lab/forms';
import { rangeCurve, type RangeCurve } from '../lab/rangeTest';
import { keepDraft } from '../lab/drafts';
import { tidy } from '../lab/tidy';
import { useNoticeStore } from './notices';

export type ClickMode = 'start' | 'analyse';

const GRID_RESOLUTION = 160;
const DEFAULT_STEPS = 300;

export const useSurfaceLabStore = defineStore('surfaceLab', () => {
  const surfaces = ref<SurfaceInfo[]>([]);
  const form = ref<RaceForm>({ fn: 'rosenbrock', startX: '-1.5', startY: '2', steps: String(DEFAULT_STEPS), seed: '1', entries: [] });
  const grid = shallowRef<SurfaceGrid | null>(null);
  const layer = shallowRef<SurfaceLayer | null>(null);
  const result = shallowRef<RaceResult | null>(null);
  const analysis = shallowRef<CriticalPointAnalysis | null>(null);
  const analyseAt = ref({ x: '0', y: '0' });
  const step = ref(0);
  const clickMode = ref<ClickMode>('start');
  const running = ref(false);
  const loadingGrid = ref(false);
  const ready = ref(false);
  const openedName = ref<string | null>(null);
  const lastSaved = ref<{ experimentId: number; name: string } | null>(null);

  const info = computed(() => surfaces.value.find((s) => s.name === form.value.fn) ?? null);
  const validation = computed(() => buildRace(form.value));
  const canRun = computed(() => validation.value.spec !== null && !running.value);
  const start = computed<[number, number] | null>(() => {
    const x = parseNumber(form.value.startX);
    const y = parseNumber(form.value.startY);
    return x === null || y === null ? null : [x, y];
  });
  const maxStep = computed(() => Math.max(0, ...(result.value?.trajectories.map(lastStep) ?? [0])));

  // The race being edited survives a reload (renderer/lab/drafts.ts); "reset to defaults" puts
  // back the form the lab opens with.
  const initialForm = JSON.stringify(form.value);
  let restoredDraft = false;
  keepDraft('surface', surfaceExperimentSpec, {
    read: () => validation.value.spec,
    apply: (spec) => {
      form.value = raceFormFrom(spec);
      restoredDraft = true;
    },
    defaults: () => {
      form.value = JSON.parse(initialForm) as RaceForm;
      if (ready.value) {
        form.value.entries = [entryFor('sgdm')];
        void selectFunction(form.value.fn, { keepStart: false });
      }
    },
  });

  function suggestedLr(name: string): number | undefined {
    return info.value?.suggestedLr[name];
  }

  // Entries made before the surface list arrived (Race the 6 classics clicked as the lab opens) got
  // the optimizers' generic rates; the surface's own are applied when it arrives, unless edited since.
  const madeWithoutSurface = new Set<number>();
  function entryFor(name: EntryForm['optimizer']['name']): EntryForm {
    const entry = newEntry(name, suggestedLr(name));
    if (!info.value) madeWithoutSurface.add(entry.uid);
    return entry;
  }
  function applySurfaceRates() {
    const surface = info.value;
    if (!surface || madeWithoutSurface.size === 0) return;
    retuneEntries(form.value.entries.filter((e) => madeWithoutSurface.has(e.uid)), {}, surface.suggestedLr);
    madeWithoutSurface.clear();
  }

  let starting: Promise<void> | null = null;
  /** Loads the surface list and the first map once, however many callers ask. */
  function init(): Promise<void> {
    starting ??= (async () => {
      try {
        surfaces.value = await lab().invoke('surface:list', {});
        if (form.value.entries.length === 0) form.value.entries = [entryFor('sgdm')];
        applySurfaceRates();
        ready.value = true;
        await selectFunction(form.value.fn, { keepStart: restoredDraft });
      } catch (error) {
        starting = null;
        useNoticeStore().error(error);
      }
    })();
    return starting;
  }

  async function loadGrid() {
    const fn = form.value.fn;
    loadingGrid.value = true;
    try {
      const next = await lab().invoke('surface:grid', { fn, resolution: GRID_RESOLUTION });
      if (form.value.fn !== fn) return;
      // Coloured and contoured in a few tasks, not one (renderer/charts/surface.ts).
      const built = await surfaceLayerInTasks(next, info.value?.logScale ?? false);
      if (form.value.fn !== fn) return;
      grid.value = next;
      layer.value = built;
    } catch (error) {
      useNoticeStore().error(error);
    } finally {
      loadingGrid.value = false;
    }
  }

  async function selectFunction(fn: SurfaceName, options: { keepStart?: boolean } = {}) {
    form.value.fn = fn;
    const surface = info.value;
    if (surface && !options.keepStart) {
      form.value.startX = String(surface.start[0]);
      form.value.startY = String(surface.start[1]);
    }
    result.value = null;
    analysis.value = null;
    grid.value = null;
    layer.value = null;
    await loadGrid();
  }

  function setStart(x: number, y: number) {
    const window = info.value?.window;
    form.value.startX = String(window ? tidy(x, window[0][1] - window[0][0]) : x);
    form.value.startY = String(window ? tidy(y, window[1][1] - window[1][0]) : y);
  }

  function addEntry(name: EntryForm['optimizer']['name'] = 'adam') {
    form.value.entries.push(entryFor(name));
  }
  function removeEntry(uid: number) {
    form.value.entries = form.value.entries.filter((e) => e.uid !== uid);
  }
  function raceAll() {
    form.value.entries = RACE_ALL.map((name) => ({ ...entryFor(name), collapsed: true }));
  }

  async function race(spec: SurfaceExperimentSpec): Promise<RaceResult | null> {
    running.value = true;
    try {
      // Thinned to what the charts draw (a 100k-step race would be megabytes); fullResult() has every step.
      return await lab().invoke('surface:race', { spec, display: true });
    } catch (error) {
      useNoticeStore().error(error);
      return null;
    } finally {
      running.value = false;
    }
  }

  async function run(): Promise<boolean> {
    const spec = validation.value.spec;
    if (!spec || running.value) return false;
    const next = await race(spec);
    if (!next) return false;
    result.value = next;
    step.value = 0;
    return true;
  }

  // The shown result with every step (for CSV export): the same deterministic race, asked for whole.
  let full: { of: RaceResult; answer: Promise<RaceResult> } | null = null;
  function fullResult(): Promise<RaceResult | null> {
    const shown = result.value;
    if (!shown) return Promise.resolve(null);
    if (!shown.trajectories.some((t) => t.steps)) return Promise.resolve(shown);
    if (full?.of !== shown) {
      const answer = lab().invoke('surface:race', { spec: shown.spec });
      full = { of: shown, answer };
      answer.catch(() => (full = null));
    }
    return full.answer.catch((error: unknown) => {
      useNoticeStore().error(error);
      return null;
    });
  }

  async function analyse(x: number, y: number) {
    analyseAt.value = { x: String(x), y: String(y) };
    const fn = form.value.fn;
    try {
      const answer = await lab().invoke('surface:analyze', { fn, at: [x, y] });
      // An answer for the surface left meanwhile is not this map's.
      if (form.value.fn === fn) analysis.value = answer;
    } catch (error) {
      useNoticeStore().error(error);
    }
  }

  function clickAt(x: number, y: number, shift: boolean) {
    const window = info.value?.window;
    const tx = window ? tidy(x, window[0][1] - window[0][0]) : x;
    const ty = window ? tidy(y, window[1][1] - window[1][0]) : y;
    if (shift || clickMode.value === 'analyse') void analyse(tx, ty);
    else setStart(tx, ty);
  }

  async function save(name: string, notes: string): Promise<boolean> {
    const spec = validation.value.spec;
    if (!spec) return false;
    try {
      const saved = await lab().invoke('surface:save', { name, notes, spec });
      lastSaved.value = { experimentId: saved.experimentId, name };
      return true;
    } catch (error) {
      useNoticeStore().error(error);
      return false;
    }
  }

  /** Opens a saved experiment: its spec back in the form, re-run deterministically. */
  async function open(spec: SurfaceExperimentSpec, name: string) {
    await init();
    form.value = raceFormFrom(spec);
    openedName.value = name;
    await selectFunction(spec.fn, { keepStart: true });
    await run();
  }

  // ------------------------------------------------------------ LR range test
  const rangeTest = ref({ entryUid: 0, minLr: '1e-5', maxLr: '1', steps: '200' });
  const rangeResult = shallowRef<RangeCurve | null>(null);
  const rangeRunning = ref(false);

  function rangeSpec(): SurfaceRangeTestSpec | null {
    const entry = form.value.entries.find((e) => e.uid === rangeTest.value.entryUid) ?? form.value.entries[0];
    const s = start.value;
    if (!entry || !s) return null;
    const { optimizer } = buildEntry(entry);
    const minLr = parseNumber(rangeTest.value.minLr);
    const maxLr = parseNumber(rangeTest.value.maxLr);
    const steps = parseNumber(rangeTest.value.steps);
    if (!optimizer || minLr === null || maxLr === null || steps === null) return null;
    if (!(maxLr > minLr && minLr > 0) || !Number.isInteger(steps) || steps < 10) return null;
    return { fn: form.value.fn, start: s, optimizer: optimizer as OptimizerSpec, minLr, maxLr, steps, seed: parseNumber(form.value.seed) ?? 1, smoothing: 0 };
  }

  async function runRangeTest() {
    const spec = rangeSpec();
    if (!spec) return;
    rangeRunning.value = true;
    try {
      rangeResult.value = rangeCurve(await lab().invoke('surface:rangeTest', { spec }));
    } catch (error) {
      useNoticeStore().error(error);
    } finally {
      rangeRunning.value = false;
    }
  }

  function useSuggestedLr(uid: number, lr: number) {
    const entry = form.value.entries.find((e) => e.uid === uid);
    if (!entry) return;
    const target = entry.optimizer.inner ?? entry.optimizer;
    target.values.lr = String(Number(lr.toPrecision(3)));
  }

  /**
   * lr_t of a schedule over `steps` updates, from the engine's own schedule code: a plain SGD race
   * parked at the saddle's critical point (0, 0) of x² − y² never moves and never diverges, so its
   * reported lr is exactly the schedule (no renderer-side copy of the formulas to drift). [] on failure.
   */
  async function scheduleLr(schedule: ScheduleSpec, baseLr: number, steps: number): Promise<number[]> {
    try {
      const result = await lab().invoke('surface:race', {
        spec: { kind: 'surface', fn: 'saddle', start: [0, 0], steps, seed: 1, entries: [{ optimizer: { name: 'sgd', lr: baseLr }, schedule }] },
      });
      return result.trajectories[0]?.lr ?? [];
    } catch {
      return [];
    }
  }

  return {
    scheduleLr,
    surfaces, form, grid, layer, result, analysis, analyseAt, step, clickMode, running, loadingGrid, ready, openedName, lastSaved,
    info, validation, canRun, start, maxStep,
    init, selectFunction, setStart, addEntry, removeEntry, raceAll, run, fullResult, analyse, clickAt, save, open, suggestedLr,
    rangeTest, rangeResult, rangeRunning, rangeSpec, runRangeTest, useSuggestedLr,
  };
});
