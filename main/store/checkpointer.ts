// WAL checkpoints off the main thread. In WAL mode every commit appends to the -wal file; by
// default SQLite copies the WAL back into the database (a checkpoint: page writes and two
// fsyncs) inside whichever commit first finds the WAL over 1,000 pages, which turns an ordinary
// 0.1 ms metric commit into a 50–150 ms stall of the thread that answers the window. The store
// therefore turns that off on its connection (`wal_autocheckpoint = 0`) and this checkpointer
// does the copying instead, in a worker thread with its own short-lived connection:
// `wal_checkpoint(PASSIVE)` never takes the write lock, so the app keeps committing meanwhile,
// and the writer restarts the WAL from its beginning at its next commit once a checkpoint has
// caught up (journal_size_limit then trims the file).
//
// Nothing becomes less safe: a committed transaction is in the WAL whether or not it has been
// checkpointed, and opening the file after a crash replays it. The checkpointer only decides
// when the copying happens and on which thread.
//
//   const cp = new WalCheckpointer(path, { hasWrites: () => … });  // store.ts does this
//   cp.close();  // before the store's own connection closes (which then checkpoints the rest)
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

export interface CheckpointerOptions {
  /** better-sqlite3's addon for the worker's connection (the store's own, e.g. Electron's ABI). */
  nativeBinding?: string;
  /** How often to look for new commits (ms). */
  intervalMs?: number;
  /** True when the writer has committed since the last call (store.ts: SQLite's total_changes()). */
  hasWrites: () => boolean;
  /** The worker could not start or died: the store falls back to SQLite's own checkpoints. */
  onFailure?: (error: Error) => void;
  /** A WAL holding more frames than this gets a RESTART checkpoint after the passive ones (bytes). */
  restartBytes?: number;
}

/** One checkpoint's outcome, as SQLite reports it (frames in the WAL and frames copied). */
export interface CheckpointResult {
  busy: number;
  log: number;
  checkpointed: number;
  ms: number;
  /** A RESTART pass ran (the WAL had grown past restartBytes while commits kept landing). */
  restarted?: boolean;
}

// state[BUSY] is 1 while the worker holds its connection; state[CLOSING] is 1 once close() began;
// state[PENDING] counts background writes posted and not yet committed (or given up).
const BUSY = 0;
const CLOSING = 1;
const PENDING = 2;

// The worker, as source text (so that no bundler entry is needed for it), written to run the same
// whether Node evaluates it as CommonJS or as a module (a parent started with --input-type=module
// passes that on). It opens
// the database only for the checkpoint and closes it right after, so between checkpoints the
// store's connection is the only one, and the store's close stays the last one (which removes
// the -wal file).
const WORKER = `
const { parentPort, workerData } = process.getBuiltinModule('node:worker_threads');
const Database = process.getBuiltinModule('node:module').createRequire(workerData.module)(workerData.module);
const state = new Int32Array(workerData.state);
const open = () => new Database(workerData.path, { fileMustExist: true, ...(workerData.nativeBinding ? { nativeBinding: workerData.nativeBinding } : {}) });
const toBuffer = (v) => (v instanceof Uint8Array ? Buffer.from(v.buffer, v.byteOffset, v.byteLength) : v);
function write(m) {
  const t0 = performance.now();
  let reply;
  try {
    const db = open();
    try {
      db.pragma('busy_timeout = 10000');
      db.pragma('synchronous = NORMAL');
      db.pragma('foreign_keys = ON');
      db.pragma('wal_autocheckpoint = 0');
      const changes = db.transaction(() => db.prepare(m.sql).run(...m.params.map(toBuffer)).changes).immediate();
      reply = { write: m.id, changes, ms: performance.now() - t0 };
    } finally {
      db.close();
    }
  } catch (e) {
    reply = { write: m.id, error: String((e && e.message) || e) };
  } finally {
    Atomics.sub(state, ${PENDING}, 1);
    Atomics.notify(state, ${PENDING});
  }
  parentPort.postMessage(reply);
}
parentPort.on('message', (m) => {
  if (m && m.sql) return write(m);
  Atomics.store(state, ${BUSY}, 1);
  const t0 = performance.now();
  let reply;
  try {
    if (Atomics.load(state, ${CLOSING}) === 1) reply = { skipped: true };
    else {
      const db = open();
      try {
        db.pragma('synchronous = NORMAL');
        let r;
        // A commit that lands while frames are copied leaves the WAL ahead again; a few more passes catch up.
        for (let pass = 0; pass < 3; pass++) {
          r = db.pragma('wal_checkpoint(PASSIVE)')[0];
          if (r.busy || r.log === r.checkpointed || Atomics.load(state, ${CLOSING}) === 1) break;
        }
        // The writer starts the WAL over only when it finds every frame copied; commits that keep
        // landing during the copies would let it grow without end. Past restartBytes of frames one RESTART
        // pass copies the few frames left under the write lock (a commit waits that long at most)
        // and has the next commit start from the beginning.
        let restarted = false;
        if (!r.busy && Atomics.load(state, ${CLOSING}) === 0 && r.log * (db.pragma('page_size', { simple: true }) + 24) > workerData.restartBytes) {
          db.pragma('busy_timeout = 100');
          r = db.pragma('wal_checkpoint(RESTART)')[0];
          restarted = true;
        }
        reply = { busy: r.busy, log: r.log, checkpointed: r.checkpointed, ms: performance.now() - t0, restarted };
      } finally {
        db.close();
      }
    }
  } catch (e) {
    reply = { error: String(e && e.message || e) };
  } finally {
    Atomics.store(state, ${BUSY}, 0);
    Atomics.notify(state, ${BUSY});
  }
  parentPort.postMessage(reply);
});
`;

type Reply = CheckpointResult | { skipped: true } | { error: string } | { write: number; changes?: number; ms?: number; error?: string };

/** A statement the worker runs in its own IMMEDIATE transaction (see `write`). */
interface WriteJob {
  resolve: (changes: number) => void;
  reject: (e: Error) => void;
}

export class WalCheckpointer {
  /** Checkpoints finished, newest last (the last 20). */
  readonly results: CheckpointResult[] = [];
  private worker: Worker | null = null;
  private readonly state = new Int32Array(new SharedArrayBuffer(12));
  private readonly timer: NodeJS.Timeout;
  private inFlight = false;
  private closed = false;
  private failed = false;
  private waiters: (() => void)[] = [];
  private readonly writes = new Map<number, WriteJob>();
  private nextWrite = 1;
  private workerWrote = false;

  constructor(
    readonly path: string,
    private readonly o: CheckpointerOptions,
  ) {
    this.timer = setInterval(() => this.tick(), o.intervalMs ?? 100);
    // A finished CLI command must not stay alive for the checkpointer; the store's close checkpoints anyway.
    this.timer.unref();
  }

  /** Whether checkpoints run here (false once the worker failed: SQLite's own then run). */
  get active(): boolean {
    return !this.closed && !this.failed;
  }

  /** Checkpoints now if anything was written since the last one; resolves when it is done. */
  checkpointNow(): Promise<void> {
    if (!this.active) return Promise.resolve();
    // One under way may have begun before the latest commits: the one asked for starts after it.
    if (this.inFlight) return new Promise<void>((resolve) => this.waiters.push(resolve)).then(() => this.checkpointNow());
    return new Promise((resolve) => {
      this.waiters.push(resolve);
      this.tick(true);
    });
  }

  private tick(force = false): void {
    if (!this.active || this.inFlight) return;
    // hasWrites sees this connection's commits only: the worker's own writes count too.
    const wrote = this.workerWrote;
    this.workerWrote = false;
    if (!this.o.hasWrites() && !wrote && !force) return;
    try {
      this.worker ??= this.spawn();
    } catch (e) {
      this.fail(e as Error);
      return;
    }
    this.inFlight = true;
    this.worker.postMessage('checkpoint');
  }

  private spawn(): Worker {
    const module = createRequire(import.meta.url).resolve('better-sqlite3');
    const worker = new Worker(WORKER, {
      eval: true,
      // Plain JavaScript: none of the parent's loaders (tsx, a test runner's) is needed.
      execArgv: [],
      workerData: {
        module,
        path: this.path,
        nativeBinding: this.o.nativeBinding ?? null,
        state: this.state.buffer,
        restartBytes: this.o.restartBytes ?? 16 * 2 ** 20,
      },
    });
    worker.unref();
    worker.on('message', (r: Reply) => this.onReply(r));
    worker.on('error', (e) => this.fail(e));
    worker.on('exit', (code) => {
      if (!this.closed) this.fail(new Error(`the checkpoint worker exited with code ${code}`));
    });
    return worker;
  }

  /**
   * Runs one writing statement in the worker's own connection and transaction, so that a large
   * blob is copied into pages and the WAL there, not on this thread. Resolves with the rows it
   * changed. Null when there is no worker (closed, failed): the caller writes in place.
   *
   * The statement commits some time later, after anything this thread commits meanwhile; a
   * statement must therefore be right whenever it lands (e.g. guarded by the run's status).
   * Typed arrays among `params` are handed over, not copied: the caller must not use them again.
   */
  write(sql: string, params: unknown[]): Promise<number> | null {
    if (!this.active) return null;
    try {
      this.worker ??= this.spawn();
    } catch (e) {
      this.fail(e as Error);
      return null;
    }
    const id = this.nextWrite++;
    // A whole-buffer array is handed over as it is; a view into a larger buffer is copied.
    const whole = (p: unknown): p is Uint8Array<ArrayBuffer> =>
      p instanceof Uint8Array && p.buffer instanceof ArrayBuffer && p.byteOffset === 0 && p.byteLength === p.buffer.byteLength;
    const transfer = params.filter(whole).map((p) => p.buffer);
    Atomics.add(this.state, PENDING, 1);
    const done = new Promise<number>((resolve, reject) => this.writes.set(id, { resolve, reject }));
    this.worker.postMessage({ sql, params, id }, transfer);
    return done;
  }

  /** Background writes posted and not yet committed. */
  get pendingWrites(): number {
    return Atomics.load(this.state, PENDING);
  }

  /** Blocks this thread until every background write has committed (at most `waitMs`). */
  settle(waitMs = 10_000): void {
    const until = performance.now() + waitMs;
    for (let n = this.pendingWrites; n > 0 && performance.now() < until; n = this.pendingWrites) Atomics.wait(this.state, PENDING, n, 50);
  }

  private onReply(r: Reply): void {
    if ('write' in r) {
      const job = this.writes.get(r.write);
      this.writes.delete(r.write);
      this.workerWrote = true;
      if (r.error !== undefined) job?.reject(new Error(r.error));
      else job?.resolve(r.changes ?? 0);
      return;
    }
    this.inFlight = false;
    if ('error' in r) {
      // Another process checkpointing, a transient I/O error: the next tick tries again.
      this.results.push({ busy: 1, log: -1, checkpointed: -1, ms: 0 });
    } else if (!('skipped' in r)) {
      this.results.push(r);
    }
    if (this.results.length > 20) this.results.shift();
    for (const w of this.waiters.splice(0)) w();
  }

  private fail(error: Error): void {
    if (this.failed || this.closed) return;
    this.failed = true;
    this.inFlight = false;
    clearInterval(this.timer);
    void this.worker?.terminate();
    this.worker = null;
    for (const w of this.waiters.splice(0)) w();
    for (const job of this.writes.values()) job.reject(error);
    this.writes.clear();
    Atomics.store(this.state, PENDING, 0);
    this.o.onFailure?.(error);
  }

  /**
   * Stops checkpointing: waits (at most `waitMs`) for a checkpoint under way to let go of its
   * connection, so that the store's own close is the last connection and removes the WAL.
   */
  close(waitMs = 5_000): void {
    if (this.closed) return;
    // Background writes land first (a stopped run's last state, say).
    this.settle(2 * waitMs);
    this.closed = true;
    clearInterval(this.timer);
    Atomics.store(this.state, CLOSING, 1);
    const until = performance.now() + waitMs;
    while (Atomics.load(this.state, BUSY) === 1 && performance.now() < until) Atomics.wait(this.state, BUSY, 1, 50);
    void this.worker?.terminate();
    this.worker = null;
    for (const w of this.waiters.splice(0)) w();
  }
}
