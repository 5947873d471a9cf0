// Opening the lab's services the same way for every transport: the store (which marks runs left
// `running` by a dead process as interrupted while opening), the handler table, the dispatcher
// and the event hub. Restoring a backup from the app (backups:restore) closes the store, puts the
// backup in place and opens the services again on it, behind the same dispatcher and event hub.
import { CHANNEL_NAMES, LabError, type AppInfo, type Channel, type StoreNotice } from '../../preload/contract';
import type { RestoreResult } from '../../preload/backups';
import { WorkerPool } from '../engine/pool/pool';
import { describeBackup, openStoreSafely, restoreDatabase, RestoreError, startDailyBackups, type Store } from '../store';
import { invalidBackup } from './backups';
import { createDispatcher, type Dispatcher, type Handler } from './dispatch';
import { createEventHub, type EventHub } from './events';
import { fileHandlers } from './file-access';
import { createHandlers } from './handlers';
import { BatchStudies } from './batch-study';
import { NetworkRuns } from './network-runs';

export interface Lab {
  /** The store in use (a restore from the app replaces it: read it here each time, don't keep it). */
  readonly store: Store;
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

/** Channels a transport installs itself (files:*, the desktop menu's app:setLocale): a restore leaves them be. */
const TRANSPORT_CHANNELS = new Set<string>(Object.keys(fileHandlers(null)));

interface Services {
  store: Store;
  network: NetworkRuns;
  batch: BatchStudies;
  /** Resolves once a daily backup under way has finished. */
  stopBackups: () => Promise<void>;
}

export function openLab(options: { dbPath: string; info: Omit<AppInfo, 'dbPath' | 'storeNotice'> }): Lab {
  // A damaged or newer file, or a read-only folder, never stops the app: it opens what it can
  // and says what happened in app:info's storeNotice (main/store/safe-open.ts).
  const opened = openStoreSafely(options.dbPath);
  const pool = new WorkerPool();
  const events = createEventHub();
  const inner = createDispatcher();
  // Requests not yet answered, by channel (a course section, a batch study, an analysis on the pool…).
  const pending = new Map<string, number>();
  const dispatcher: Dispatcher = {
    handle: (channel, fn) => inner.handle(channel, fn),
    missing: () => inner.missing(),
    async dispatch(channel, payload) {
      pending.set(channel, (pending.get(channel) ?? 0) + 1);
      try {
        return await inner.dispatch(channel, payload);
      } finally {
        const left = (pending.get(channel) ?? 1) - 1;
        if (left > 0) pending.set(channel, left);
        else pending.delete(channel);
      }
    },
  };

  const start = (store: Store, storeNotice: StoreNotice | null, first: boolean): Services => {
    const stopBackups = store.readOnly || store.path === ':memory:' ? async () => {} : startDailyBackups(store.db, store.path);
    const network = new NetworkRuns(store, events, pool);
    const batch = new BatchStudies(store, events, pool);
    const info = { ...options.info, dbPath: store.path, storeNotice };
    const table = createHandlers({ store, pool, events, network, batch, info, backups: { store: () => services.store, restore } });
    for (const channel of CHANNEL_NAMES) {
      if (first || !TRANSPORT_CHANNELS.has(channel)) inner.handle(channel, table[channel] as Handler<Channel>);
    }
    return { store, network, batch, stopBackups };
  };

  /** Whatever still works on the store: refused while anything trains or a request is out. */
  const refuseWhileBusy = () => {
    const live = services.network.active;
    if (live.length > 0) {
      throw new LabError({ code: 'conflict', reason: 'restore-busy', params: { runs: live.join(', ') }, message: `run ${live.join(', ')} is training; stop it before opening a backup` });
    }
    const other = [...pending.keys()].find((c) => c !== 'backups:restore') ?? (pending.get('backups:restore')! > 1 ? 'backups:restore' : undefined);
    if (other) throw new LabError({ code: 'conflict', reason: 'restore-busy-task', params: { channel: other }, message: `${other} is still running; wait for it before opening a backup` });
  };

  const restore = async (file: string): Promise<RestoreResult> => {
    const backup = describeBackup(file);
    if (!backup.ok) throw invalidBackup(backup);
    refuseWhileBusy();
    const old = services;
    await Promise.all([old.network.stopAll(), old.batch.stopAll()]);
    await old.stopBackups();
    old.store.close();
    let failure: unknown = null;
    let done: ReturnType<typeof restoreDatabase> | null = null;
    try {
      done = restoreDatabase(old.store.path, file);
    } catch (e) {
      failure = e;
    }
    // Whatever happened, the lab goes on with the file now in place (the backup, or the one it had).
    const reopened = openStoreSafely(old.store.path);
    services = start(reopened.store, reopened.notice, false);
    if (failure instanceof RestoreError && failure.reason === 'in-use') {
      throw new LabError({ code: 'conflict', reason: 'restore-in-use', params: failure.params, message: failure.message });
    }
    if (failure instanceof RestoreError) throw invalidBackup(describeBackup(file));
    if (failure || !done) throw failure;
    return { restored: backup, previous: done.previous, previousRuns: done.previousRuns };
  };

  let services = start(opened.store, opened.notice, true);

  // Running trainings are stopped and given a moment to store their weights as 'stopped'; then
  // the store closes (flushing queued metrics) before the workers go.
  const close = async () => {
    await Promise.all([services.network.stopAll(), services.batch.stopAll()]);
    await services.stopBackups();
    services.store.close();
    await pool.shutdown();
  };
  return {
    get store() {
      return services.store;
    },
    pool,
    dispatcher,
    events,
    recovered: opened.store.recovered,
    storeNotice: opened.notice,
    close,
  };
}
