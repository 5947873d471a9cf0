// Messages between the pool (main thread) and its workers. Per-step coordination of a
// data-parallel job never uses these: it goes through SharedArrayBuffers and Atomics
// (barrier.ts); these carry job starts, results, faults and coalesced progress only.

export interface SerializedError {
  name: string;
  message: string;
  stack?: string;
}

export type ToWorker =
  | { type: 'job'; jobId: number; task: string; payload: unknown; rank: number; ranks: number; gang: SharedArrayBuffer }
  | { type: 'post'; jobId: number; data: unknown };

export type FromWorker =
  | { type: 'ready' }
  | { type: 'message'; jobId: number; rank: number; data: unknown }
  | { type: 'done'; jobId: number; rank: number; result: unknown }
  | { type: 'failed'; jobId: number; rank: number; error: SerializedError };

export function serializeError(e: unknown): SerializedError {
  if (e instanceof Error) return { name: e.name, message: e.message, stack: e.stack };
  return { name: 'Error', message: String(e) };
}
