// Shows what main said about the database at start (app:info storeNotice) in the notice area,
// once, re-translated when the language changes.
import type { StoreNotice } from '../../preload/contract';
import { useI18n } from '../i18n';
import { useNoticeStore } from '../stores/notices';

let shown = false;

export function storeNoticeText(t: ReturnType<typeof useI18n>['t'], n: StoreNotice): string {
  const p = { path: n.path, detail: n.detail, movedTo: n.movedTo ?? '', backup: n.backup ?? '', found: n.found ?? '', known: n.known ?? '' };
  if (n.kind === 'damaged') return `${t('store.damaged', p)} ${n.backup ? t('store.damagedBackup', p) : t('store.damagedNoBackup')}`;
  if (n.kind === 'schema-too-new') return t('store.schemaTooNew', p);
  return t('store.readOnlyFolder', p);
}

export function showStoreNotice(notice: StoreNotice | null | undefined): void {
  if (!notice || shown) return;
  shown = true;
  const { t } = useI18n();
  useNoticeStore().push('error', () => storeNoticeText(t, notice));
}
