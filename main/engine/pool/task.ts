// What a task running inside a pool worker sees. A job with `threads: k` runs the same task
// on k workers at once (ranks 0..k−1) sharing one `gang` buffer for barriers and abort.

export interface TaskContext {
  rank: number;
  ranks: number;
  /** Shared words for this job's ranks: see barrier.ts for the layout. */
  gang: Int32Array;
  /** Sends `data` to the job's onMessage on the main thread (progress, metrics batches). */
  post(data: unknown, transfer?: readonly ArrayBuffer[]): void;
  /** Messages the main thread sent with job.post(); the latest listener wins. */
  onMessage(listener: (data: unknown) => void): void;
}

export type TaskHandler = (payload: unknown, ctx: TaskContext) => unknown;
