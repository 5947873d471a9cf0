// The tasks a pool worker can run, by name. Payloads are checked by whoever builds them on the
// main thread (run manager, bench); a task trusts its payload's shape.
import { analysisTask } from './analysis-task';
import { evaluateTask } from './evaluate-task';
import { loadDataTask, prepareDataTask } from './prepare-task';
import { runRaceEntry, type RaceEntryPayload } from './race-entry';
import type { TaskHandler } from './task';
import { trainRank, type TrainMessage, type TrainPayload } from './trainer';

export type DiagnosticPayload =
  | { kind: 'ping' }
  | { kind: 'sleep'; ms: number }
  | { kind: 'busy'; ms: number }
  | { kind: 'throw'; message: string }
  | { kind: 'exit'; code: number }
  | { kind: 'uncaught'; message: string };

/** Pool health and fault injection (tests, bench): every way a job can end. */
const diagnostic: TaskHandler = async (payload, ctx) => {
  const p = payload as DiagnosticPayload;
  switch (p.kind) {
    case 'ping':
      return { rank: ctx.rank, ranks: ctx.ranks, threadId: (await import('node:worker_threads')).threadId };
    case 'sleep':
      await new Promise((r) => setTimeout(r, p.ms));
      return p.ms;
    case 'busy': {
      const until = performance.now() + p.ms;
      while (performance.now() < until);
      return p.ms;
    }
    case 'throw':
      throw new Error(p.message);
    case 'exit':
      process.exit(p.code);
      break;
    case 'uncaught':
      setTimeout(() => {
        throw new Error(p.message);
      });
      return new Promise(() => {});
  }
  throw new Error(`unknown diagnostic ${JSON.stringify((p as { kind: unknown }).kind)}`);
};

const train: TaskHandler = (payload, ctx) =>
  trainRank(payload as TrainPayload, { rank: ctx.rank, ranks: ctx.ranks, gang: ctx.gang, post: (m: TrainMessage) => ctx.post(m) });

const raceEntry: TaskHandler = (payload, ctx) => runRaceEntry(payload as RaceEntryPayload, (m: TrainMessage) => ctx.post(m));

export const TASKS: Record<string, TaskHandler> = { diagnostic, train, 'race-entry': raceEntry, analysis: analysisTask, evaluate: evaluateTask, 'load-data': loadDataTask, 'prepare-data': prepareDataTask };
