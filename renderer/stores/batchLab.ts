// The batch-size lab's study ('batch:study'): the finished batch sizes as they arrive
// ('batch:progress'), progress lines kept as message keys (a language switch rewrites them), and
// the whole result at the end.
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import { channels, type BatchStudyEntry, type BatchStudyResult, type ParsedRequest, type Request } from '../../preload/contract';
import type { OptimizerName } from '../../preload/spec';
import { lab } from '../api/client';
import { parseBatchSizes } from '../charts/batch';
import { parseOrRefuse } from '../lab/describeError';
import { keepDraft } from '../lab/drafts';

/** The study form as the page edits it (number inputs hold '' while empty). */
export interface BatchForm {
  data: 'digits' | 'spiral';
  sizesText: string;
  epochs: number | string;
  optimizer: OptimizerName;
  lr: number | string;
  threads: number | string;
  seed: number | string;
}
const batchForm = (): BatchForm => ({ data: 'digits', sizesText: '8, 32, 128, 512', epochs: 20, optimizer: 'sgd', lr: 0.1, threads: '', seed: 1 });

/** The study the form asks for, as main would accept it, or null while a field is unusable. */
function studyOf(form: BatchForm): Request<'batch:study'> | null {
  const parsed = parseBatchSizes(form.sizesText);
  if ('bad' in parsed) return null;
  const request = {
    data: form.data,
    batchSizes: parsed.sizes,
    epochs: form.epochs,
    optimizer: { name: form.optimizer, lr: form.lr },
    ...(form.threads === '' ? {} : { threads: form.threads }),
    seed: form.seed,
  };
  return channels['batch:study'].request.safeParse(request).success ? (request as Request<'batch:study'>) : null;
}

export const useBatchLabStore = defineStore('batchLab', () => {
  const form = ref<BatchForm>(batchForm());
  /** Puts a study request (a stored draft, a course prompt) into the form. */
  function fill(s: ParsedRequest<'batch:study'>) {
    const optimizer = s.optimizer as { name: OptimizerName; lr?: number } | undefined;
    // Assigned into the one form object: the page holds refs to its fields.
    Object.assign(form.value, {
      ...batchForm(),
      data: s.data,
      sizesText: s.batchSizes.join(', '),
      epochs: s.epochs,
      ...(optimizer ? { optimizer: optimizer.name, lr: optimizer.lr ?? batchForm().lr } : {}),
      threads: s.threads ?? '',
      seed: s.seed,
    });
  }

  // Kept across reloads (renderer/lab/drafts.ts), checked with the channel's own schema.
  keepDraft('batch', channels['batch:study'].request, {
    read: () => studyOf(form.value),
    apply: fill,
    defaults: () => Object.assign(form.value, batchForm()),
  });
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

  /** Opens a study in the form (the course's "try this"); bad fields throw a LabError naming them. */
  function open(request: Request<'batch:study'>) {
    fill(parseOrRefuse(channels['batch:study'].request, request));
  }

  return { form, busy, error, entries, result, progress, study, open };
});
