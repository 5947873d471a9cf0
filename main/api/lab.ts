// Opening the lab's services the same way for every transport: the store (which marks runs left
// `running` by a dead process as interrupted while opening), the handler table, the dispatcher
// and the event hub.
import type { AppInfo } from '../../preload/contract';
import { Store } from '../store';
import { dispatcherFor, type Dispatcher } from './dispatch';
import { createEventHub, type EventHub } from './events';
import { createHandlers } from './handlers';

export interface Lab {
  store: Store;
  dispatcher: Dispatcher;
  events: EventHub;
  /** Runs recovered as interrupted at start-up. */
  recovered: number;
  close(): void;
}

export function openLab(options: { dbPath: string; info: Omit<AppInfo, 'dbPath'> }): Lab {
  const store = Store.open(options.dbPath);
  const events = createEventHub();
  const dispatcher = dispatcherFor(createHandlers({ store, info: { ...options.info, dbPath: store.path } }));
  return { store, dispatcher, events, recovered: store.recovered, close: () => store.close() };
}
