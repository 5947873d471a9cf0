// The analysis labs' heavy arithmetic as a pool task, so a 3,000-parameter spectrum or a study of
// twenty networks never holds the main thread (the app's event loop). The main thread reads the
// store and sends plain data; the worker rebuilds the objective and posts coalesced progress.
import type { HessianAnalysis, LossLandscape } from '../../../preload/contract';
import type { MinRatioPoint } from '../../../preload/analysis';
import { hessianBlockOfSavedRun, hessianOfSavedRun, landscapeOf, type LandscapeInput } from '../analysis/analyze-run';
import { studyNetwork, type MinRatioConfig } from '../analysis/min-ratio';
import type { SavedRun } from '../analysis/run-objective';
import { ExperimentError } from '../nn/errors';
import type { TaskHandler } from './task';

export type AnalysisPayload =
  /** `columns`: the full Hessian's columns already computed in blocks (below) on several workers. */
  | { kind: 'hessian'; run: SavedRun; runId: number; k: number; fullLimit: number; columns?: Float64Array }
  /** Columns from…to−1 of the Hessian: one worker's share of a full spectrum. */
  | { kind: 'hessianBlock'; run: SavedRun; from: number; to: number }
  | { kind: 'landscape'; input: LandscapeInput }
  | { kind: 'minRatioNet'; config: MinRatioConfig; width: number; seed: number };

export interface AnalysisProgressMessage {
  type: 'progress';
  phase: string;
  done: number;
  total: number;
}

/** An ExperimentError survives the thread boundary as data, so the channel can still name the field. */
export type AnalysisTaskResult =
  | { ok: true; value: HessianAnalysis | LossLandscape | MinRatioPoint | Float64Array }
  | { ok: false; field: string; message: string };

/** Progress at most this often (ms), plus the last one of each phase. */
const PROGRESS_MS = 150;

export const analysisTask: TaskHandler = (payload, ctx) => {
  const p = payload as AnalysisPayload;
  let last = 0;
  const progress = (phase: string, done: number, total: number) => {
    const now = performance.now();
    if (done < total && now - last < PROGRESS_MS) return;
    last = now;
    ctx.post({ type: 'progress', phase, done, total } satisfies AnalysisProgressMessage);
  };
  try {
    let value: HessianAnalysis | LossLandscape | MinRatioPoint | Float64Array;
    if (p.kind === 'hessian') value = hessianOfSavedRun(p.run, p.runId, { k: p.k, fullLimit: p.fullLimit, columns: p.columns, onProgress: progress });
    else if (p.kind === 'hessianBlock') value = hessianBlockOfSavedRun(p.run, p.from, p.to, (d, t) => progress('hessian', d, t));
    else if (p.kind === 'landscape') value = landscapeOf(p.input, (d, t) => progress('landscape', d, t));
    else value = studyNetwork(p.config, p.width, p.seed);
    return { ok: true, value } satisfies AnalysisTaskResult;
  } catch (err) {
    if (err instanceof ExperimentError) return { ok: false, field: err.field, message: err.message.slice(err.field.length + 2) } satisfies AnalysisTaskResult;
    throw err;
  }
};
