// The resumable state of a network run: the training state at its last epoch end (optimizer,
// weights, early stopping, … as the engine encodes it: nn/resume.ts), one row per run that is
// replaced at every epoch, so the file does not grow with the epochs. Ordinary weight checkpoints
// (checkpoints table) are separate and stay as they are. Rows go with their run (ON DELETE CASCADE).
//
// Resuming also cuts each series back to where the state was taken: a run stopped mid-epoch, or
// killed between writing an epoch's points and its state, has points the resumed run will write
// again (the later values would win anyway; cutting keeps a resumed series exactly the
// uninterrupted one, with no point from the abandoned partial epoch left past the new run's end).
import type { Database } from 'better-sqlite3';
import { SeriesChunks } from './series';

export interface ResumeStateRow {
  /** Epochs and updates the state has done. */
  epoch: number;
  step: number;
  state: Uint8Array;
  createdAt: string;
}

/** Call inside a transaction. */
export function putResumeState(db: Database, runId: number, epoch: number, step: number, state: Uint8Array): void {
  db.prepare('INSERT OR REPLACE INTO resume_states (run_id, epoch, step, state, created_at) VALUES (?, ?, ?, ?, ?)').run(
    runId, epoch, step, Buffer.from(state.buffer, state.byteOffset, state.byteLength), new Date().toISOString(),
  );
}

export function readResumeState(db: Database, runId: number): ResumeStateRow | null {
  const r = db.prepare('SELECT epoch, step, state, created_at FROM resume_states WHERE run_id = ?').get(runId) as
    | { epoch: number; step: number; state: Buffer; created_at: string }
    | undefined;
  return r ? { epoch: r.epoch, step: r.step, state: new Uint8Array(r.state), createdAt: r.created_at } : null;
}

/** Call inside a transaction. */
export function dropResumeState(db: Database, runId: number): void {
  db.prepare('DELETE FROM resume_states WHERE run_id = ?').run(runId);
}

/**
 * Keeps, in each named series of the run, only the points with step < the given bound; series
 * not named are deleted when `others` is 'delete' (a run's confusion matrix, written at its end).
 * Call inside a transaction.
 */
export function cutSeries(db: Database, runId: number, below: Record<string, number>, others: 'keep' | 'delete'): void {
  const chunks = new SeriesChunks(db);
  const list = db.prepare('SELECT id, name FROM series WHERE run_id = ?').all(runId) as { id: number; name: string }[];
  const clear = db.prepare('DELETE FROM series_chunks WHERE series_id = ?');
  for (const s of list) {
    const bound = below[s.name];
    if (bound === undefined) {
      if (others === 'delete') db.prepare('DELETE FROM series WHERE id = ?').run(s.id);
      continue;
    }
    const p = chunks.read(s.id);
    let n = 0;
    while (n < p.steps.length && p.steps[n]! < bound) n++;
    if (n === p.steps.length) continue;
    clear.run(s.id);
    chunks.write(s.id, { steps: p.steps.slice(0, n), values: p.values.slice(0, n) });
  }
}
