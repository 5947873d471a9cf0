// Compare: a chosen set of saved runs, their stored series, and the surface they share (if any).
import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { ComparisonOptions, ComparisonRow, ExperimentRow, RunRow, SeriesData, SurfaceGrid } from '../../preload/contract';
import { z } from 'zod';
import { COMPARE_SERIES, id } from '../../preload/shapes';
import { comparisonOptions } from '../../preload/workbench';
import { lab } from '../api/client';
import { keepDraft } from '../lab/drafts';
import { surfaceLayer, type SurfaceLayer } from '../charts/surface';
import { diffTable, flatten, modelText, type Flat } from '../lab/settingsDiff';
import { useNoticeStore } from './notices';
import { useI18n } from '../i18n';

/**
 * The training loss (full pass after each epoch) and its accuracy; a run stored without that pass
 * shows its mean mini-batch figure in their place, and the page says so.
 */
export const FULL_PASS_FALLBACK: Record<string, string> = { fullTrainLoss: 'trainLoss', fullTrainAccuracy: 'trainAccuracy' };
/** Series that only place other series (position, per-epoch duration), never offered as a metric. */
const NOT_METRICS = new Set(['x', 'y', 'epochMs']);
/** Most runs shown at once: beyond this the picker refuses more (the page stays responsive). */
export const MAX_COMPARE = 20;

export const useCompareStore = defineStore('compare', () => {
  const { tk, experimentName, runLabel } = useI18n();
  const runs = ref<RunRow[]>([]);
  const experiments = ref<ExperimentRow[]>([]);
  const selected = ref<number[]>([]);
  const series = shallowRef<SeriesData[]>([]);
  const grid = shallowRef<SurfaceGrid | null>(null);
  const layer = shallowRef<SurfaceLayer | null>(null);
  const loading = ref(false);
  // Training loss first, as the lecture says: is the model fitting the training data at all?
  const options = ref<ComparisonOptions>({ metric: 'fullTrainLoss', xAxis: 'epoch', smoothing: 0, groupBy: null, logScale: false, showAllSettings: false });
  const saved = ref<ComparisonRow[]>([]);
  /** The saved comparison now open (its name and id), if any. */
  const current = ref<ComparisonRow | null>(null);

  // The selection and its options survive a reload (renderer/lab/drafts.ts).
  const initialOptions = JSON.stringify(options.value);
  keepDraft('compare', z.object({ runIds: z.array(id).max(MAX_COMPARE), options: comparisonOptions }), {
    read: () => ({ runIds: [...selected.value], options: { ...options.value } }),
    apply: (d) => {
      selected.value = d.runIds;
      options.value = d.options;
    },
    defaults: () => {
      clear();
      options.value = JSON.parse(initialOptions) as ComparisonOptions;
    },
  });

  /** Metrics the chosen runs have, in a stable order (the full-pass ones wherever a mini-batch one is, see FULL_PASS_FALLBACK). */
  const metrics = computed(() => {
    const names = new Set(series.value.map((s) => s.name));
    return COMPARE_SERIES.filter((n) => (names.has(n) || names.has(FULL_PASS_FALLBACK[n] ?? '')) && !NOT_METRICS.has(n));
  });
  /** Keeps the metric and axis meaningful for the runs chosen: network runs by epoch, races by step. */
  function fitOptions() {
    const list = metrics.value;
    if (list.length && !list.includes(options.value.metric)) options.value.metric = list.includes('fullTrainLoss') ? 'fullTrainLoss' : list.includes('valLoss') ? 'valLoss' : list[0]!;
    const allSurface = chosen.value.length > 0 && chosen.value.every((r) => r.kind === 'surface');
    if (allSurface && options.value.xAxis !== 'step') options.value.xAxis = 'step';
  }

  const chosen = computed(() => selected.value.map((id) => runs.value.find((r) => r.id === id)).filter((r): r is RunRow => r !== undefined));
  const experimentSpec = (run: RunRow) => experiments.value.find((e) => e.id === run.experimentId)?.spec as Record<string, unknown> | undefined;
  const commonFn = computed(() => {
    if (chosen.value.some((r) => r.kind !== 'surface')) return null;
    const fns = new Set(chosen.value.map((r) => experimentSpec(r)?.fn as string | undefined));
    return fns.size === 1 ? ([...fns][0] ?? null) : null;
  });

  const table = computed(() => {
    const columns: Flat[] = chosen.value.map((run) => {
      // Variant runs carry their whole cell spec; older network runs only the optimizer part.
      const own = run.spec as Record<string, unknown> | null;
      const spec = (own && typeof own === 'object' && 'data' in own ? own : experimentSpec(run)) ?? {};
      const kindFields: Flat =
        run.kind === 'network'
          ? {
              ...flatten(spec.data, 'data'),
              // In the page's language ("→ output", "→ 输出层"): the table and the parallel axes follow a switch.
              model: modelText(spec.model, tk),
              loss: String(spec.loss ?? ''),
              epochs: String(spec.epochs ?? ''),
              batchSize: String(spec.batchSize ?? ''),
            }
          : {
              fn: String(spec.fn ?? ''),
              start: Array.isArray(spec.start) ? spec.start.join(', ') : '',
              steps: String(spec.steps ?? ''),
            };
      return {
        experiment: experimentName(run.experimentName),
        kind: run.kind,
        label: runLabel(run.label, run.experimentName),
        status: run.status,
        ...kindFields,
        seed: String(run.seed),
        ...flatten((run.spec as Record<string, unknown> | null)?.optimizer, 'optimizer'),
        ...flatten((run.spec as Record<string, unknown> | null)?.schedule, 'schedule'),
        ...flatten(run.summary, 'summary'),
      };
    });
    return diffTable(columns);
  });

  async function refresh() {
    try {
      const [r, e] = await Promise.all([lab().invoke('runs:list', {}), lab().invoke('experiments:list', {})]);
      runs.value = r;
      experiments.value = e;
      selected.value = selected.value.filter((id) => r.some((run) => run.id === id));
      await load();
    } catch (error) {
      useNoticeStore().error(error);
    }
  }

  function toggle(id: number) {
    if (selected.value.includes(id)) selected.value = selected.value.filter((x) => x !== id);
    else if (selected.value.length < MAX_COMPARE) selected.value = [...selected.value, id];
  }
  function add(ids: number[]) {
    selected.value = [...new Set([...selected.value, ...ids])].slice(0, MAX_COMPARE);
  }
  function clear() {
    selected.value = [];
    series.value = [];
    current.value = null;
  }

  // ---------------------------------------------------------------- saved comparisons
  async function listSaved() {
    try {
      saved.value = await lab().invoke('comparisons:list', {});
    } catch (error) {
      useNoticeStore().error(error);
    }
  }
  async function save(name: string, asNew = false): Promise<ComparisonRow | null> {
    try {
      const id = !asNew && current.value && current.value.name === name ? current.value.id : undefined;
      const row = await lab().invoke('comparisons:save', { ...(id ? { id } : {}), name, runIds: [...selected.value], options: { ...options.value } });
      current.value = row;
      await listSaved();
      return row;
    } catch (error) {
      useNoticeStore().error(error);
      return null;
    }
  }
  async function openSaved(id: number) {
    try {
      const row = await lab().invoke('comparisons:get', { id });
      await refresh();
      const known = row.runIds.filter((r) => runs.value.some((run) => run.id === r));
      current.value = row;
      options.value = { ...row.options };
      selected.value = known;
    } catch (error) {
      useNoticeStore().error(error);
    }
  }
  async function removeSaved(id: number) {
    try {
      await lab().invoke('comparisons:delete', { id });
      if (current.value?.id === id) current.value = null;
      await listSaved();
    } catch (error) {
      useNoticeStore().error(error);
    }
  }

  async function load() {
    if (selected.value.length < 2) {
      series.value = [];
      return;
    }
    loading.value = true;
    try {
      const ids = [...selected.value];
      // Long runs come back thinned (extremes kept exactly; stored series stay whole for export).
      series.value = await lab().invoke('runs:series', { runIds: ids, names: [...COMPARE_SERIES], maxPoints: 10_000 });
      fitOptions();
      const fn = commonFn.value;
      if (fn && grid.value?.fn !== fn) {
        const g = await lab().invoke('surface:grid', { fn: fn as SurfaceGrid['fn'], resolution: 120 });
        const surfaces = await lab().invoke('surface:list', {});
        grid.value = g;
        layer.value = surfaceLayer(g, surfaces.find((s) => s.name === fn)?.logScale ?? false);
      }
    } catch (error) {
      useNoticeStore().error(error);
    } finally {
      loading.value = false;
    }
  }

  /** The chosen runs' series with every stored point (CSV export): `series` is thinned for drawing when runs are long. */
  async function fullSeries(): Promise<SeriesData[]> {
    if (!series.value.some((s) => s.total !== undefined)) return series.value;
    return lab().invoke('runs:series', { runIds: [...selected.value], names: [...COMPARE_SERIES] });
  }

  return {
    runs, experiments, selected, series, grid, layer, loading, chosen, commonFn, table, options, saved, current, metrics,
    refresh, toggle, add, clear, load, listSaved, save, openSaved, removeSaved, fullSeries,
  };
});
