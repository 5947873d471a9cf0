// The visible message area: errors from main (LabError message + issues) and short confirmations.
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { LabError } from '../../preload/contract';

export interface Notice {
  id: number;
  kind: 'error' | 'success' | 'info';
  /** A function re-translates when the language changes while the notice is showing. */
  text: string | (() => string);
  details: string[];
}

let nextId = 1;

export const useNoticeStore = defineStore('notices', () => {
  const notices = ref<Notice[]>([]);

  function push(kind: Notice['kind'], text: Notice['text'], details: string[] = []) {
    const notice = { id: nextId++, kind, text, details };
    notices.value = [...notices.value.slice(-4), notice];
    if (kind !== 'error') setTimeout(() => dismiss(notice.id), 5000);
  }
  function error(err: unknown) {
    if (err instanceof LabError) push('error', err.message, (err.issues ?? []).map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)));
    else push('error', err instanceof Error ? err.message : String(err));
  }
  function dismiss(id: number) {
    notices.value = notices.value.filter((n) => n.id !== id);
  }

  return { notices, push, error, dismiss, success: (text: Notice['text']) => push('success', text) };
});
