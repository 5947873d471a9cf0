// The database's backups (About → Backups, and the damaged-file notice): the list as main checked
// it, a backup now, and opening one in place of the database in use — after which every store that
// shows stored runs loads again from the database now open.
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { BackupInfo, RestoreResult } from '../../preload/contract';
import { lab } from '../api/client';
import { useI18n } from '../i18n';
import { backupDate, backupSize } from '../lab/backups';
import { useAppStore } from './app';
import { useCompareStore } from './compare';
import { useCourseStore } from './course';
import { useNoticeStore } from './notices';
import { useRunsStore } from './runs';

export const useBackupStore = defineStore('backups', () => {
  const list = shallowRef<BackupInfo[]>([]);
  const loading = ref(false);
  /** 'create' while backing up, a backup's name while it is being opened, else null. */
  const working = ref<string | null>(null);
  const { t, locale } = useI18n();

  async function load(): Promise<void> {
    loading.value = true;
    try {
      list.value = await lab().invoke('backups:list', {});
    } catch (error) {
      useNoticeStore().error(error);
    } finally {
      loading.value = false;
    }
  }

  async function create(): Promise<BackupInfo | null> {
    working.value = 'create';
    try {
      const made = await lab().invoke('backups:create', {});
      useNoticeStore().success(() => t('backups.made', { name: made.name, size: backupSize(t, made.bytes) }));
      await load();
      return made;
    } catch (error) {
      useNoticeStore().error(error);
      return null;
    } finally {
      working.value = null;
    }
  }

  /** What shows stored runs, loaded again: History, Compare (its selection named the old runs), the course's verdicts. */
  async function reloadStored(): Promise<void> {
    const runs = useRunsStore();
    runs.selectedId = null;
    runs.detail = null;
    runs.series = [];
    const compare = useCompareStore();
    compare.clear();
    await Promise.all([
      runs.refresh(),
      runs.filtered ? runs.search() : Promise.resolve(),
      compare.refresh(),
      compare.listSaved(),
      useCourseStore().reloadResults().catch(() => undefined),
      useAppStore().loadInfo(),
      load(),
    ]);
  }

  /** Opens backup `name` in place of the database in use; null when refused (the notice says why). */
  async function restore(name: string): Promise<RestoreResult | null> {
    working.value = name;
    try {
      const r = await lab().invoke('backups:restore', { name });
      await reloadStored();
      const p = () => ({ date: backupDate(locale.value, r.restored.createdAt), runs: r.restored.runs, previous: r.previous ?? '' });
      useNoticeStore().success(() => t(r.previous ? 'backups.restored' : 'backups.restoredEmpty', p()));
      return r;
    } catch (error) {
      useNoticeStore().error(error);
      return null;
    } finally {
      working.value = null;
    }
  }

  return { list, loading, working, load, create, restore };
});
