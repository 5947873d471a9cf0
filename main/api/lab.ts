// Opening the lab's services the same way for every transport: the store (which marks runs left
// `running` by a dead process as interrupted while opening), the handler table, the dispatcher
// and the event hub.
import type { AppInfo, StoreNotice } from '../../preload/contract';
import { WorkerPool } from '../engine/pool/pool';
import { openStoreSafely, startDailyBackups, type Store } from '../store';
import { dispatcherFor, type Dispatcher } from './dispatch';
import { createEventHub, type EventHub } from './events';
import { createHandlers } from './handlers';
import { BatchStudies } from './batch-study';
import { NetworkRuns } from './network-runs';

export interface Lab {
  store: Store;
  /** The engine's worker threads (started lazily, on the first job). */
  pool: WorkerPool;
  dispatcher: Dispatcher;
  events: EventHub;
  /** Runs recovered as interrupted at start-up. */
  recovered: number;
  /** What was wrong with the database file at start (also in app:info). */
  storeNotice: StoreNotice | null;
  close(): Promise<void>;
}

export function openLab(options: { dbPath: string; info: Omit<AppInfo, 'dbPath' | 'storeNotice'> }): Lab {
  // A damaged or newer file, or a read-only folder, never stops the app: it opens what it can
  // and says what happened in app:info's storeNotice (main/store/safe-open.ts).
  const { store, notice } = openStoreSafely(options.dbPath);
  const stopBackups = store.readOnly || store.path === ':memory:' ? () => {} : startDailyBackups(store.db, store.path);
  const pool = new WorkerPool();
  const events = createEventHub();
  const network = new NetworkRuns(store, events, pool);
  const batch = new BatchStudies(store, events, pool);
  const dispatcher = dispatcherFor(createHandlers({ store, pool, events, network, batch, info: { ...options.info, dbPath: store.path, storeNotice: notice } }));
  // Running trainings are stopped and given a moment to store their weights as 'stopped'; then
  // the store closes (flushing queued metrics) before the workers go.
  const close = async () => {
    await Promise.all([network.stopAll(), batch.stopAll()]);
    stopBackups();
    store.close();
    await pool.shutdown();
  };
  return { store, pool, dispatcher, events, recovered: store.recovered, storeNotice: notice, close };
}
