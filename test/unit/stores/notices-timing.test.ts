// Confirmations go by themselves and stay on the page they speak of; errors, and notices that offer
// buttons (a damaged database's backups), wait for the student on every page.
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { NOTICE_MS, useNoticeStore } from '../../../renderer/stores/notices';

const texts = (n: ReturnType<typeof useNoticeStore>) => n.notices.map((x) => (typeof x.text === 'function' ? x.text() : x.text));

describe('notice timing', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    vi.useFakeTimers();
  });
  afterEach(() => vi.useRealTimers());

  it('lets a success notice go after a few seconds and keeps an error until it is dismissed', () => {
    const n = useNoticeStore();
    n.success('Saved “race”.');
    n.error(new Error('disk full'));
    expect(NOTICE_MS).toBeGreaterThanOrEqual(4000);
    expect(NOTICE_MS).toBeLessThanOrEqual(6000);
    vi.advanceTimersByTime(NOTICE_MS - 1);
    expect(n.notices.map((x) => x.kind)).toEqual(['success', 'error']);
    vi.advanceTimersByTime(1);
    expect(n.notices.map((x) => x.kind)).toEqual(['error']);
    vi.advanceTimersByTime(10 * 60_000);
    expect(n.notices.map((x) => x.kind)).toEqual(['error']);
    n.dismiss(n.notices[0]!.id);
    expect(n.notices).toEqual([]);
  });

  it('keeps a notice with buttons, whatever its kind, until the student acts', () => {
    const n = useNoticeStore();
    const action = { detail: () => 'lab-2026-01-01.db', label: () => 'Open this backup', testid: 'open', run: async () => true };
    n.push('error', 'The database is damaged.', [], [action]);
    n.push('info', 'A backup is offered.', [], [action]);
    vi.advanceTimersByTime(60_000);
    expect(texts(n)).toEqual(['The database is damaged.', 'A backup is offered.']);
  });

  it('clears a success notice when another page shows, and leaves errors where they are', () => {
    const n = useNoticeStore();
    n.showingPage('surface');
    n.success('Saved “race”.');
    n.error(new Error('boom'));
    expect(n.notices[0]!.page).toBe('surface');
    n.showingPage('surface');
    expect(n.notices).toHaveLength(2);
    n.showingPage('compare');
    expect(n.notices.map((x) => x.kind)).toEqual(['error']);
    // A confirmation given after the change speaks of the new page, and goes with it in turn.
    n.success('Comparison saved.');
    n.showingPage('course');
    expect(n.notices.map((x) => x.kind)).toEqual(['error']);
  });

  it('waits while the pointer rests on a notice, then its full time after it leaves', () => {
    const n = useNoticeStore();
    n.success('Exported to /home/student/very/long/path/model.py');
    const id = n.notices[0]!.id;
    vi.advanceTimersByTime(NOTICE_MS - 100);
    n.hold(id);
    vi.advanceTimersByTime(60_000);
    expect(n.notices).toHaveLength(1);
    n.release(id);
    vi.advanceTimersByTime(NOTICE_MS - 1);
    expect(n.notices).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(n.notices).toHaveLength(0);
  });

  it('does not let an old timer close a later notice after a dismiss', () => {
    const n = useNoticeStore();
    n.success('first');
    n.dismiss(n.notices[0]!.id);
    vi.advanceTimersByTime(NOTICE_MS / 2);
    n.success('second');
    vi.advanceTimersByTime(NOTICE_MS / 2 + 1);
    expect(texts(n)).toEqual(['second']);
    expect(vi.getTimerCount()).toBe(1);
  });
});
