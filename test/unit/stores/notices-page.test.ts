// A notice about one page (a lab reset to its defaults) goes when another page shows; the others stay.
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { useNoticeStore } from '../../../renderer/stores/notices';

describe('page notices', () => {
  beforeEach(() => setActivePinia(createPinia()));

  it('clears a notice tied to a page when another page shows, and keeps the rest', () => {
    const n = useNoticeStore();
    n.pageSuccess('batch-size lab back to its defaults', 'batch');
    n.success('Saved as “my race”');
    n.error(new Error('boom'));
    n.showingPage('batch');
    expect(n.notices).toHaveLength(3);
    n.showingPage('about');
    expect(n.notices.map((x) => x.text)).not.toContain('batch-size lab back to its defaults');
    expect(n.notices).toHaveLength(2);
  });
});
