// The app around the labs: the connection to main (always open in the desktop app; web mode's
// WebSocket may reconnect), the desktop menu's language switch, and what main says about itself.
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { AppInfo } from '../../preload/contract';
import { lab, type ConnectionState } from '../api/client';
import { useSettingsStore } from './settings';
import { showStoreNotice } from '../lab/storeNotice';

export const useAppStore = defineStore('app', () => {
  const connection = ref<ConnectionState>('connecting');
  const info = shallowRef<AppInfo | null>(null);

  /** Follows the connection and the Language menu; returns the function that stops following. */
  function connect(): () => void {
    const stopConnection = lab().onConnection((state) => (connection.value = state));
    const stopLocale = lab().on('app:locale', ({ locale }) => useSettingsStore().setLocale(locale));
    // A damaged, newer or unwritable database is said in the notice area at once (renderer/lab/storeNotice.ts).
    void loadInfo();
    return () => {
      stopConnection();
      stopLocale();
    };
  }

  async function loadInfo() {
    try {
      info.value = await lab().invoke('app:info', {});
      showStoreNotice(info.value.storeNotice);
    } catch {
      info.value = null;
    }
  }

  return { connection, info, connect, loadInfo };
});
