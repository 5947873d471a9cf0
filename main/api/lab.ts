// Opening the lab's services the same way for every transport: the store (which marks runs left
// `running` by a dead process as interrupted while opening), the handler table, the dispatcher
// and the event hub.
import type { AppInfo } from '../../preload/contract';
import { WorkerPool } from '../engine/pool/pool';
import { Store } from '../store';
import { dispatcherFor, type Dispatcher } from './dispatch';
import { createEventHub, type EventHub } from './events';
import { createHandlers } from './handlers';

export interface Lab {
  store: Store;
  /** The engine's worker threads (started lazily, on the first job). */
  pool: WorkerPool;
  dispatcher: Dispatcher;
  events: EventHub;
  /** Runs recovered as interrupted at start-up. */
  recovered: number;
  close(): Promise<void>;
}

export function openLab(options: { dbPath: string; info: Omit<AppInfo, 'dbPath'> }): Lab {
  const store = Store.open(options.dbPath);
  const pool = new WorkerPool();
  const events = createEventHub();
  const dispatcher = dispatcherFor(createHandlers({ store, pool, events, info: { ...options.info, dbPath: store.path } }));
  // The store closes at once (flushing queued metrics), so quitting loses nothing even where the
  // caller cannot wait (Electron's will-quit); the workers wind down after.
  const close = () => {
    const stopped = pool.shutdown();
    store.close();
    return stopped;
  };
  return { store, pool, dispatcher, events, recovered: store.recovered, close };
}
