// Compare: a chosen set of saved runs, their stored series, and the surface they share (if any).
import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { ExperimentRow, RunRow, SeriesData, SurfaceGrid } from '../../preload/contract';
import { lab } from '../api/client';
import { surfaceLayer, type SurfaceLayer } from '../charts/surface';
import { diffTable, flatten, type Flat } from '../lab/settingsDiff';
import { useNoticeStore } from './notices';

/** Surface runs: per-update loss and position; network runs add their per-epoch curves. */
export const COMPARE_SERIES = ['loss', 'x', 'y', 'lr', 'gradNorm', 'trainLoss', 'valLoss', 'valAccuracy'];

export const useCompareStore = defineStore('compare', () => {
  const runs = ref<RunRow[]>([]);
  const experiments = ref<ExperimentRow[]>([]);
  const selected = ref<number[]>([]);
  const series = shallowRef<SeriesData[]>([]);
  const grid = shallowRef<SurfaceGrid | null>(null);
  const layer = shallowRef<SurfaceLayer | null>(null);
  const loading = ref(false);

  const chosen = computed(() => selected.value.map((id) => runs.value.find((r) => r.id === id)).filter((r): r is RunRow => r !== undefined));
  const experimentSpec = (run: RunRow) => experiments.value.find((e) => e.id === run.experimentId)?.spec as Record<string, unknown> | undefined;
  const commonFn = computed(() => {
    if (chosen.value.some((r) => r.kind !== 'surface')) return null;
    const fns = new Set(chosen.value.map((r) => experimentSpec(r)?.fn as string | undefined));
    return fns.size === 1 ? ([...fns][0] ?? null) : null;
  });

  const table = computed(() => {
    const columns: Flat[] = chosen.value.map((run) => {
      const spec = experimentSpec(run) ?? {};
      const kindFields: Flat =
        run.kind === 'network'
          ? {
              ...flatten(spec.data, 'data'),
              model: (spec.model as unknown[] | undefined)?.map((l) => JSON.stringify(l)).join(' → ') ?? '',
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
        experiment: run.experimentName,
        kind: run.kind,
        label: run.label,
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
    selected.value = selected.value.includes(id) ? selected.value.filter((x) => x !== id) : [...selected.value, id];
  }
  function add(ids: number[]) {
    selected.value = [...new Set([...selected.value, ...ids])];
  }
  function clear() {
    selected.value = [];
    series.value = [];
  }

  async function load() {
    if (selected.value.length < 2) {
      series.value = [];
      return;
    }
    loading.value = true;
    try {
      const ids = [...selected.value];
      series.value = await lab().invoke('runs:series', { runIds: ids, names: COMPARE_SERIES });
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

  return { runs, experiments, selected, series, grid, layer, loading, chosen, commonFn, table, refresh, toggle, add, clear, load };
});
