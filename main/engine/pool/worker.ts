// A pool worker's main loop: run one job at a time, report its result or its error, stay alive.
// Long tasks are synchronous (training holds the thread), which is why run control goes
// through shared control words and not through messages.
import { parentPort } from 'node:worker_threads';
import { serializeError, type FromWorker, type ToWorker } from './protocol';
import type { TaskContext } from './task';
import { TASKS } from './tasks';

const port = parentPort;
if (!port) throw new Error('main/engine/pool/worker.ts runs only inside a worker thread');

let currentJob = 0;
let listener: ((data: unknown) => void) | null = null;
const send = (m: FromWorker, transfer?: readonly ArrayBuffer[]) => port.postMessage(m, transfer as ArrayBuffer[] | undefined);

port.on('message', (m: ToWorker) => {
  if (m.type === 'post') {
    if (m.jobId === currentJob) listener?.(m.data);
    return;
  }
  void runJob(m);
});

async function runJob(m: Extract<ToWorker, { type: 'job' }>): Promise<void> {
  currentJob = m.jobId;
  listener = null;
  const ctx: TaskContext = {
    rank: m.rank,
    ranks: m.ranks,
    gang: new Int32Array(m.gang),
    post: (data, transfer) => send({ type: 'message', jobId: m.jobId, rank: m.rank, data }, transfer),
    onMessage: (l) => {
      listener = l;
    },
  };
  try {
    const handler = TASKS[m.task];
    if (!handler) throw new Error(`unknown pool task "${m.task}"; known: ${Object.keys(TASKS).join(', ')}`);
    const result = await handler(m.payload, ctx);
    send({ type: 'done', jobId: m.jobId, rank: m.rank, result });
  } catch (e) {
    send({ type: 'failed', jobId: m.jobId, rank: m.rank, error: serializeError(e) });
  }
}

send({ type: 'ready' });
