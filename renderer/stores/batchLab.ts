// The batch-size lab's study ('batch:study'): the finished batch sizes as they arrive
// ('batch:progress'), progress lines kept as message keys (a language switch rewrites them), and
// the whole result at the end.
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { BatchStudyEntry, BatchStudyResult, Request } from '../../preload/contract';
import { lab } from '../api/client';

export const useBatchLabStore = defineStore('batchLab', () => {
  const busy = ref(false);
  const error = shallowRef<unknown>(null);
  const entries = shallowRef<BatchStudyEntry[]>([]);
  const result = shallowRef<BatchStudyResult | null>(null);
  /** Events of batch sizes as they finish; the page words them (`done` lines carry the entry). */
  const progress = ref<({ phase: 'noise' } | { phase: 'done'; index: number; total: number; entry: BatchStudyEntry })[]>([]);

  let listening = false;
  function listen() {
    if (listening) return;
    listening = true;
    lab().on('batch:progress', (p) => {
      if (!busy.value) return;
      if (p.phase === 'noise') progress.value = [...progress.value, { phase: 'noise' }];
      else if (p.phase === 'done' && p.entry) {
        entries.value = [...entries.value, p.entry];
        progress.value = [...progress.value, { phase: 'done', index: p.index, total: p.total, entry: p.entry }];
      }
    });
  }

  async function study(request: Request<'batch:study'>): Promise<boolean> {
    if (busy.value) return false;
    listen();
    busy.value = true;
    error.value = null;
    entries.value = [];
    result.value = null;
    progress.value = [];
    try {
      const r = await lab().invoke('batch:study', request);
      result.value = r;
      entries.value = r.entries;
      return true;
    } catch (e) {
      error.value = e;
      return false;
    } finally {
      busy.value = false;
    }
  }

  return { busy, error, entries, result, progress, study };
});
