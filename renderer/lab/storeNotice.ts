// Shows what main said about the database at start (app:info storeNotice) in the notice area,
// once, re-translated when the language changes.
import type { StoreNotice } from '../../preload/contract';
import { useI18n } from '../i18n';
import { useBackupStore } from '../stores/backups';
import { useNoticeStore, type NoticeAction } from '../stores/notices';
import { backupLine } from './backups';

let shown = false;

export function storeNoticeText(t: ReturnType<typeof useI18n>['t'], n: StoreNotice): string {
  const p = { path: n.path, detail: n.detail, movedTo: n.movedTo ?? '', backup: n.backup ?? '', found: n.found ?? '', known: n.known ?? '' };
  // Backups main listed are offered as buttons (showStoreNotice); else the command for a closed app.
  if (n.kind === 'damaged') {
    const offer = n.backups?.length ? t('backups.offer') : n.backup ? t('store.damagedBackup', p) : t('store.damagedNoBackup');
    return `${t('store.damaged', p)} ${offer}`;
  }
  if (n.kind === 'schema-too-new') return t('store.schemaTooNew', p);
  return t('store.readOnlyFolder', p);
}

export function showStoreNotice(notice: StoreNotice | null | undefined): void {
  if (!notice || shown) return;
  shown = true;
  const { t, locale } = useI18n();
  // A damaged file: the good backups main checked, each with a button that opens it in place.
  const actions: NoticeAction[] = (notice.backups ?? []).map((b, i) => ({
    detail: () => backupLine(t, locale.value, b),
    label: () => t('backups.open'),
    testid: `notice-open-backup-${i}`,
    run: async () => (await useBackupStore().restore(b.name)) !== null,
  }));
  useNoticeStore().push('error', () => storeNoticeText(t, notice), [], actions);
}
