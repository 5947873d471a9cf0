// History: saved experiments and their runs, renamed, annotated and deleted through main; a
// run's stored series, and experiment files and run bundles going out and coming in.
import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { ExperimentRow, Request, RunRow, RunStatus, SeriesData } from '../../preload/contract';
import { lab } from '../api/client';
import { useNoticeStore } from './notices';

export const useRunsStore = defineStore('runs', () => {
  const experiments = ref<ExperimentRow[]>([]);
  const selectedId = ref<number | null>(null);
  const detail = shallowRef<{ experiment: ExperimentRow; runs: RunRow[] } | null>(null);
  const series = shallowRef<SeriesData[]>([]);
  const loading = ref(false);
  /** History's search and filters (runs:search); empty fields mean "any". */
  const query = ref({ text: '', status: '' as RunStatus | '', dataSource: '', optimizer: '', from: '', to: '', sortBy: 'createdAt', order: 'desc' as 'asc' | 'desc' });
  const found = shallowRef<RunRow[]>([]);
  const searching = ref(false);
  const filtered = computed(() => {
    const q = query.value;
    return q.text.trim() !== '' || q.status !== '' || q.dataSource !== '' || q.optimizer !== '' || q.from !== '' || q.to !== '' || q.sortBy !== 'createdAt' || q.order !== 'desc';
  });

  async function guarded<T>(work: () => Promise<T>): Promise<T | null> {
    try {
      return await work();
    } catch (error) {
      useNoticeStore().error(error);
      return null;
    }
  }

  async function refresh() {
    loading.value = true;
    const rows = await guarded(() => lab().invoke('experiments:list', {}));
    loading.value = false;
    if (!rows) return;
    experiments.value = rows;
    if (selectedId.value !== null && !rows.some((r) => r.id === selectedId.value)) {
      selectedId.value = null;
      detail.value = null;
    }
  }

  async function select(id: number) {
    selectedId.value = id;
    series.value = [];
    const next = await guarded(() => lab().invoke('experiments:get', { id }));
    if (next && selectedId.value === id) detail.value = next;
  }

  function replaceRow(row: ExperimentRow) {
    experiments.value = experiments.value.map((e) => (e.id === row.id ? row : e));
    if (detail.value?.experiment.id === row.id) detail.value = { ...detail.value, experiment: row };
  }

  async function rename(id: number, name: string): Promise<boolean> {
    const row = await guarded(() => lab().invoke('experiments:update', { id, name }));
    if (row) replaceRow(row);
    return row !== null;
  }

  async function saveNotes(id: number, notes: string): Promise<boolean> {
    const row = await guarded(() => lab().invoke('experiments:update', { id, notes }));
    if (row) replaceRow(row);
    return row !== null;
  }

  async function remove(id: number): Promise<boolean> {
    const done = await guarded(() => lab().invoke('experiments:delete', { id }));
    if (!done) return false;
    experiments.value = experiments.value.filter((e) => e.id !== id);
    if (selectedId.value === id) {
      selectedId.value = null;
      detail.value = null;
    }
    return true;
  }

  let searchAsked = 0;
  async function search() {
    const q = query.value;
    const request: Request<'runs:search'> = { sortBy: q.sortBy, order: q.order };
    if (q.text.trim()) request.text = q.text.trim();
    if (q.status) request.status = [q.status];
    if (q.dataSource) request.dataSource = q.dataSource;
    if (q.optimizer) request.optimizer = q.optimizer;
    if (q.from) request.from = q.from;
    if (q.to) request.to = q.to;
    const asked = ++searchAsked;
    searching.value = true;
    const rows = await guarded(() => lab().invoke('runs:search', request));
    if (asked !== searchAsked) return;
    searching.value = false;
    if (rows) found.value = rows;
  }
  function resetQuery() {
    query.value = { text: '', status: '', dataSource: '', optimizer: '', from: '', to: '', sortBy: 'createdAt', order: 'desc' };
  }

  async function saveTags(id: number, tags: string[]): Promise<boolean> {
    const row = await guarded(() => lab().invoke('experiments:update', { id, tags }));
    if (row) replaceRow(row);
    return row !== null;
  }

  async function loadSeries(runIds: number[], names: string[]) {
    if (runIds.length === 0) return;
    const data = await guarded(() => lab().invoke('runs:series', { runIds, names }));
    if (data) series.value = data;
  }

  /** One run's stored series (all, or those named), for a chart or a CSV; null when it failed (`quiet`: without a notice). */
  async function seriesOf(runId: number, names?: string[], quiet = false): Promise<SeriesData[] | null> {
    const work = () => lab().invoke('runs:series', { runIds: [runId], ...(names ? { names } : {}) });
    return quiet ? work().catch(() => null) : guarded(work);
  }

  /** Completed network runs, newest first: those whose weights a fine-tuned run can start from. */
  async function completedNetworkRuns(): Promise<RunRow[]> {
    const all = await guarded(() => lab().invoke('runs:list', {}));
    return (all ?? []).filter((r) => r.kind === 'network' && r.status === 'completed').sort((a, b) => b.id - a.id);
  }

  const exportBundle = (runId: number) => guarded(() => lab().invoke('runs:exportBundle', { runId }));
  const exportExperiment = (id: number) => guarded(() => lab().invoke('experiments:export', { id }));

  /** Stores a bundle as a new experiment and opens it. */
  async function importBundle(bundle: string): Promise<boolean> {
    const done = await guarded(() => lab().invoke('runs:importBundle', { bundle }));
    if (!done) return false;
    await refresh();
    await select(done.experimentId);
    return true;
  }

  /** A network run as a PyTorch project (a folder the desktop app asks for, or a .tar.gz in web mode); null when refused. */
  const exportPytorch = (runId: number) => guarded(() => lab().invoke('runs:exportPytorch', { runId }));

  /** The run being continued (network:continue) while it trains, shown with its progress in History. */
  const resuming = ref<{ runId: number; epoch: number; total: number } | null>(null);
  /** Continues an interrupted, stopped or failed network run where it left off; its rows reload as it ends. */
  async function resume(runId: number): Promise<boolean> {
    resuming.value = { runId, epoch: 0, total: 0 };
    // Listening first: a short run may end before the request's answer arrives.
    let ended = false;
    const off = lab().on('run:progress', (p) => {
      if (p.runId !== runId) return;
      if (p.status === 'running' || p.status === 'paused' || p.status === 'queued') {
        if (!ended) resuming.value = { runId, epoch: p.epoch ?? 0, total: p.total };
        return;
      }
      ended = true;
      off();
      resuming.value = null;
      if (selectedId.value !== null) void select(selectedId.value);
    });
    const started = await guarded(() => lab().invoke('network:continue', { runId }));
    if (!started) {
      off();
      resuming.value = null;
      return false;
    }
    if (selectedId.value !== null && !ended) await select(selectedId.value);
    return true;
  }

  /** An experiment file parsed and validated by main (nothing stored); a refusal is thrown for the caller to word. */
  const parseExperimentFile = (json: string) => lab().invoke('experiments:import', { json });

  return {
    experiments, selectedId, detail, series, loading, query, found, searching, filtered,
    refresh, select, rename, saveNotes, saveTags, remove, loadSeries, search, resetQuery,
    seriesOf, completedNetworkRuns, exportBundle, exportExperiment, exportPytorch, importBundle, parseExperimentFile,
    resuming, resume,
  };
});
