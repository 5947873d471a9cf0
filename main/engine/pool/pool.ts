// The engine's worker pool: worker_threads sized to the cores, started lazily, shared by all runs.
// A job is one task on one worker, or on `threads` workers at once for data parallelism (they
// then coordinate among themselves through SharedArrayBuffers; the pool only starts them and
// collects rank 0's result). The main thread never waits on a lock here: everything it does is
// message handling and bookkeeping.
//
// Faults stay local: a task that throws fails its job and the worker carries on; a worker that
// dies (uncaught error, process.exit in the thread, out of memory) fails its job with the error
// kept and is replaced on demand. Idle workers are unref'd so a CLI process exits when done.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { GANG_WORDS, abortGang } from './barrier';
import { resolveWorkerEntry, type WorkerEntry } from './entry';
import type { FromWorker, SerializedError, ToWorker } from './protocol';

/** How long the ranks of a failed job get to stop by themselves before they are terminated. */
const ABORT_GRACE_MS = 300;

export type PoolErrorKind = 'task' | 'crash' | 'cancelled' | 'shutdown' | 'start';

export class PoolError extends Error {
  constructor(
    readonly kind: PoolErrorKind,
    message: string,
    readonly workerStack?: string,
  ) {
    super(message);
    this.name = 'PoolError';
  }
}

export interface PoolOptions {
  /** Number of workers; default os.availableParallelism(). */
  size?: number;
  /** Override where workers start (tests, unusual bundles). */
  entry?: WorkerEntry;
}

export interface SubmitOptions {
  /** Workers this job needs at once (clamped to the pool size). */
  threads?: number;
  /** Messages the task posts (ctx.post), with the sending rank. */
  onMessage?: (data: unknown, rank: number) => void;
  /** Called when the job leaves the queue and its workers start it. */
  onStart?: () => void;
  /**
   * A short job someone is waiting for (a surface race): it goes ahead of queued background work
   * and may start on a worker kept in reserve beyond the pool's size, so it never waits for a
   * training run to give up its workers.
   */
  interactive?: boolean;
}

/** Workers beyond `size` that only interactive jobs may start (the interactive lane). */
const INTERACTIVE_RESERVE = 1;

export type JobState = 'queued' | 'running' | 'done' | 'failed' | 'cancelled';

export interface PoolJob<T = unknown> {
  readonly id: number;
  /** Rank 0's return value; rejects with a PoolError. */
  readonly done: Promise<T>;
  readonly state: JobState;
  readonly threads: number;
  /** Hard stop: a queued job leaves the queue, a running one's workers are terminated and replaced. */
  cancel(reason?: string): void;
  /** Sends data to every rank's ctx.onMessage listener. */
  post(data: unknown): void;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  job: JobRecord | null;
  /** Set by an 'error' event; the 'exit' that follows reports it. */
  crash: Error | null;
  exited: boolean;
}

interface JobRecord {
  id: number;
  task: string;
  payload: unknown;
  threads: number;
  gang: SharedArrayBuffer;
  onMessage?: (data: unknown, rank: number) => void;
  onStart?: () => void;
  interactive: boolean;
  slots: Slot[];
  pendingRanks: number;
  result: unknown;
  /** The first fault; the job settles with it once every rank has stopped. */
  error: PoolError | null;
  graceTimer: NodeJS.Timeout | null;
  state: JobState;
  resolve(value: unknown): void;
  reject(error: PoolError): void;
}

export class WorkerPool {
  readonly size: number;
  private readonly entry: WorkerEntry;
  private readonly slots: Slot[] = [];
  private readonly queue: JobRecord[] = [];
  private nextJobId = 1;
  private startFailures = 0;
  private closed = false;

  constructor(options: PoolOptions = {}) {
    const size = options.size ?? availableParallelism();
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`pool size must be a positive integer, got ${size}`);
    this.size = size;
    this.entry = options.entry ?? resolveWorkerEntry();
  }

  /** Workers alive now (started lazily, so 0 until the first job). */
  get liveWorkers(): number {
    return this.slots.length;
  }

  get queuedJobs(): number {
    return this.queue.length;
  }

  submit<T = unknown>(task: string, payload: unknown, options: SubmitOptions = {}): PoolJob<T> {
    if (this.closed) throw new PoolError('shutdown', 'pool is shut down');
    const threads = Math.max(1, Math.min(this.size, Math.floor(options.threads ?? 1)));
    let resolve!: (v: unknown) => void;
    let reject!: (e: PoolError) => void;
    const done = new Promise<unknown>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    // Callers may only look at job.state; an unobserved failure must not crash the process.
    done.catch(() => {});
    const record: JobRecord = {
      id: this.nextJobId++,
      task,
      payload,
      threads,
      gang: new SharedArrayBuffer(GANG_WORDS * Int32Array.BYTES_PER_ELEMENT),
      onMessage: options.onMessage,
      onStart: options.onStart,
      interactive: options.interactive ?? false,
      slots: [],
      pendingRanks: 0,
      result: undefined,
      error: null,
      graceTimer: null,
      state: 'queued',
      resolve,
      reject,
    };
    // Interactive jobs queue ahead of background ones (first come, first served within each lane).
    const lane = record.interactive ? this.queue.findIndex((j) => !j.interactive) : -1;
    if (lane >= 0) this.queue.splice(lane, 0, record);
    else this.queue.push(record);
    this.dispatch();
    return {
      id: record.id,
      done: done as Promise<T>,
      threads,
      get state() {
        return record.state;
      },
      cancel: (reason = 'cancelled') => this.cancel(record, reason),
      post: (data: unknown) => {
        for (const slot of record.slots) slot.worker.postMessage({ type: 'post', jobId: record.id, data } satisfies ToWorker);
      },
    };
  }

  /** Rejects queued jobs, terminates every worker and waits for them to exit. */
  async shutdown(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) this.settle(job, 'cancelled', new PoolError('shutdown', 'pool shut down before the job started'));
    const exits = this.slots.map((slot) => {
      if (slot.job) this.settle(slot.job, 'cancelled', new PoolError('shutdown', 'pool shut down while the job ran'));
      return slot.worker.terminate();
    });
    this.slots.length = 0;
    await Promise.all(exits);
  }

  // ------------------------------------------------------------------ scheduling

  private dispatch(): void {
    while (this.queue.length > 0 && !this.closed) {
      const job = this.queue[0]!;
      const idle = this.slots.filter((s) => s.ready && !s.job);
      // Background jobs never hold more than `size` workers: the reserve stays free for interactive ones.
      const room = job.interactive ? Infinity : this.size - this.slots.filter((s) => s.job && !s.job.interactive).length;
      if (room < job.threads) return;
      if (idle.length >= job.threads) {
        this.queue.shift();
        this.start(job, idle.slice(0, job.threads));
        continue;
      }
      // First come, first served: a waiting multi-thread job is not overtaken by smaller ones.
      const starting = this.slots.filter((s) => !s.ready).length;
      const limit = this.size + (job.interactive ? INTERACTIVE_RESERVE : 0);
      const wanted = Math.min(job.threads - idle.length - starting, limit - this.slots.length);
      for (let i = 0; i < wanted; i++) this.spawn();
      return;
    }
  }

  private start(job: JobRecord, slots: Slot[]): void {
    job.state = 'running';
    job.slots = slots;
    job.pendingRanks = slots.length;
    slots.forEach((slot, rank) => {
      slot.job = job;
      slot.worker.ref();
      const message: ToWorker = { type: 'job', jobId: job.id, task: job.task, payload: job.payload, rank, ranks: slots.length, gang: job.gang };
      slot.worker.postMessage(message);
    });
    job.onStart?.();
  }

  private spawn(): void {
    const worker = new Worker(this.entry.url, { workerData: { poolEntry: this.entry.poolEntry } });
    const slot: Slot = { worker, ready: false, job: null, crash: null, exited: false };
    this.slots.push(slot);
    worker.on('message', (m: FromWorker) => this.onWorkerMessage(slot, m));
    worker.on('error', (e) => {
      slot.crash = e;
    });
    worker.on('exit', (code) => this.onWorkerExit(slot, code));
  }

  private onWorkerMessage(slot: Slot, m: FromWorker): void {
    if (m.type === 'ready') {
      slot.ready = true;
      this.startFailures = 0;
      slot.worker.unref();
      this.dispatch();
      return;
    }
    const job = slot.job;
    if (!job || job.id !== m.jobId) return; // a late word from a job already settled
    if (m.type === 'message') {
      job.onMessage?.(m.data, m.rank);
    } else if (m.type === 'done') {
      if (m.rank === 0) job.result = m.result;
      this.rankStopped(job, slot);
    } else if (m.type === 'failed') {
      this.fault(job, taskError(m.error, m.rank, job.threads));
      this.rankStopped(job, slot);
    }
  }

  private onWorkerExit(slot: Slot, code: number): void {
    slot.exited = true;
    const index = this.slots.indexOf(slot);
    if (index >= 0) this.slots.splice(index, 1);
    if (this.closed) return;
    const job = slot.job;
    if (job) {
      const cause = slot.crash ? `${slot.crash.name}: ${slot.crash.message}` : `exit code ${code}`;
      this.fault(job, new PoolError('crash', `worker died while running ${job.task} (${cause})`, slot.crash?.stack));
      this.rankStopped(job, slot);
    } else if (!slot.ready) {
      // A worker that cannot even start would be replaced forever; give up on the queue instead.
      if (++this.startFailures >= 2) {
        const why = slot.crash ? slot.crash.message : `exit code ${code}`;
        for (const queued of this.queue.splice(0)) this.settle(queued, 'failed', new PoolError('start', `pool worker could not start: ${why}`, slot.crash?.stack));
        this.startFailures = 0;
        return;
      }
    }
    this.dispatch();
  }

  /** A rank finished, failed or died; the job settles when its last rank has. */
  private rankStopped(job: JobRecord, slot: Slot): void {
    if (slot.job !== job) return;
    slot.job = null;
    if (!slot.exited) slot.worker.unref();
    if (--job.pendingRanks > 0) {
      queueMicrotask(() => this.dispatch());
      return;
    }
    if (job.error) this.settle(job, job.error.kind === 'cancelled' ? 'cancelled' : 'failed', job.error);
    else this.settle(job, 'done');
    queueMicrotask(() => this.dispatch());
  }

  /**
   * A rank failed or the job was cancelled. The other ranks may be waiting at a barrier for it:
   * the abort flag makes them throw there (rank 0 posts the metrics it still holds first);
   * whoever is stuck in a long computation is terminated after a grace period and replaced.
   */
  private fault(job: JobRecord, error: PoolError): void {
    if (job.error || job.state !== 'running') return;
    job.error = error;
    abortGang(new Int32Array(job.gang));
    job.graceTimer = setTimeout(() => {
      for (const slot of job.slots) {
        if (slot.job !== job) continue;
        const index = this.slots.indexOf(slot);
        if (index >= 0) this.slots.splice(index, 1);
        void slot.worker.terminate();
        this.rankStopped(job, slot);
      }
    }, ABORT_GRACE_MS);
  }

  private cancel(job: JobRecord, reason: string): void {
    if (job.state === 'queued') {
      this.queue.splice(this.queue.indexOf(job), 1);
      this.settle(job, 'cancelled', new PoolError('cancelled', reason));
    } else if (job.state === 'running') {
      this.fault(job, new PoolError('cancelled', reason));
    }
  }

  private settle(job: JobRecord, state: JobState, error?: PoolError): void {
    if (job.state === 'done' || job.state === 'failed' || job.state === 'cancelled') return;
    if (job.graceTimer) clearTimeout(job.graceTimer);
    job.state = state;
    if (error) job.reject(error);
    else job.resolve(job.result);
  }
}

function taskError(e: SerializedError, rank: number, ranks: number): PoolError {
  const where = ranks > 1 ? ` (rank ${rank})` : '';
  return new PoolError('task', `${e.name === 'Error' ? '' : `${e.name}: `}${e.message}${where}`, e.stack);
}
