// The visible message area: errors from main (translated from their reason, params and issues in
// the language shown, again when it changes) and short confirmations.
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
  /** The page it speaks of (e.g. a lab reset to its defaults): it goes when the student leaves that page. */
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

export const useNoticeStore = defineStore('notices', () => {
  const notices = ref<Notice[]>([]);
  const { locale } = useI18n();

  function push(kind: Notice['kind'], text: Notice['text'], details: Notice['details'] = [], actions: NoticeAction[] = [], page?: string) {
    const notice = { id: nextId++, kind, text, details, ...(actions.length ? { actions } : {}), ...(page !== undefined ? { page } : {}) };
    notices.value = [...notices.value.slice(-4), notice];
    if (kind !== 'error') setTimeout(() => dismiss(notice.id), 5000);
  }
  /** Shows a failure in the user's language; `headline` may put it in context (e.g. which file). */
  function error(err: unknown, headline?: (described: DescribedError) => string) {
    const described = () => describeError(locale.value, err);
    push('error', () => (headline ? headline(described()) : described().text), () => described().details);
  }
  function dismiss(id: number) {
    notices.value = notices.value.filter((n) => n.id !== id);
  }
  /** A confirmation about one page only, shown while that page is. */
  function pageSuccess(text: Notice['text'], page: string) {
    push('success', text, [], [], page);
  }
  /** The page shown is now `page`: notices tied to another page are gone. */
  function showingPage(page: string) {
    const kept = notices.value.filter((n) => n.page === undefined || n.page === page);
    if (kept.length !== notices.value.length) notices.value = kept;
  }

  return { notices, push, error, dismiss, pageSuccess, showingPage, success: (text: Notice['text']) => push('success', text) };
});
