// The visible message area: errors from main (translated from their reason, params and issues in
// the language shown, again when it changes) and short confirmations. An error stays until dismissed;
// a confirmation or remark goes by itself after a few seconds (not while the pointer rests on it), and a
// confirmation speaks of the page it was given on: it goes when another page shows.
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { useI18n } from '../i18n';
import { describeError, type DescribedError } from '../lab/describeError';

export interface Notice {
  id: number;
  kind: 'error' | 'success' | 'info';
  /** A function re-translates when the language changes while the notice is showing. */
  text: string | (() => string);
  details: string[] | (() => string[]);
  /** Buttons offered with the notice (e.g. open a backup); one that resolves true closes the notice. */
  actions?: NoticeAction[];
  /** The page it speaks of (a lab reset to its defaults, a race saved): it goes when the student leaves that page. */
  page?: string;
}

export interface NoticeAction {
  /** What the button does, in a line beside it. */
  detail: () => string;
  label: () => string;
  testid: string;
  run: () => Promise<boolean>;
}

let nextId = 1;

/** How long a confirmation or remark shows (long enough to read a saved file's path). */
export const NOTICE_MS = 6000;

export const useNoticeStore = defineStore('notices', () => {
  const notices = ref<Notice[]>([]);
  const { locale } = useI18n();
  /** The page showing now (told by showingPage): a confirmation without a page of its own speaks of this one. */
  let shown: string | undefined;
  const timers = new Map<number, ReturnType<typeof setTimeout>>();

  /** Errors and notices with buttons wait for the student; the rest go by themselves. */
  const lapses = (n: Notice) => n.kind !== 'error' && !n.actions;
  function schedule(n: Notice) {
    clearTimeout(timers.get(n.id));
    timers.set(n.id, setTimeout(() => dismiss(n.id), NOTICE_MS));
  }

  function push(kind: Notice['kind'], text: Notice['text'], details: Notice['details'] = [], actions: NoticeAction[] = [], page?: string) {
    const on = page ?? (kind === 'success' ? shown : undefined);
    const notice: Notice = { id: nextId++, kind, text, details, ...(actions.length ? { actions } : {}), ...(on !== undefined ? { page: on } : {}) };
    const kept = notices.value.slice(-4);
    for (const n of notices.value) if (!kept.includes(n)) forget(n.id);
    notices.value = [...kept, notice];
    if (lapses(notice)) schedule(notice);
  }
  /** Shows a failure in the user's language; `headline` may put it in context (e.g. which file). */
  function error(err: unknown, headline?: (described: DescribedError) => string) {
    const described = () => describeError(locale.value, err);
    push('error', () => (headline ? headline(described()) : described().text), () => described().details);
  }
  function forget(id: number) {
    clearTimeout(timers.get(id));
    timers.delete(id);
  }
  function dismiss(id: number) {
    forget(id);
    notices.value = notices.value.filter((n) => n.id !== id);
  }
  /** The pointer rests on a notice: it stays while the student reads it… */
  function hold(id: number) {
    forget(id);
  }
  /** …and goes its full time after the pointer leaves. */
  function release(id: number) {
    const n = notices.value.find((x) => x.id === id);
    if (n && lapses(n)) schedule(n);
  }
  /** A confirmation about one page only, shown while that page is. */
  function pageSuccess(text: Notice['text'], page: string) {
    push('success', text, [], [], page);
  }
  /** The page shown is now `page`: notices tied to another page are gone. */
  function showingPage(page: string) {
    shown = page;
    const kept = notices.value.filter((n) => n.page === undefined || n.page === page);
    for (const n of notices.value) if (!kept.includes(n)) forget(n.id);
    if (kept.length !== notices.value.length) notices.value = kept;
  }

  return { notices, push, error, dismiss, hold, release, pageSuccess, showingPage, success: (text: Notice['text']) => push('success', text) };
});
