// The analysis labs' channels (issue 7): the generalization-bound lab and the Hessian of a saved
// network run. Both are synchronous arithmetic in this process.
import { LabError } from '../../preload/contract';
import { analyzeRunHessian, runLandscape } from '../engine/analysis/analyze-run';
import { runBoundLab } from '../engine/analysis/bound';
import { ExperimentError } from '../engine/nn/errors';
import type { Store } from '../store';
import type { HandlerTable } from './dispatch';

type AnalysisChannels = 'analysis:bound' | 'analysis:hessian' | 'analysis:landscape';

export function analysisHandlers(store: Store): Pick<HandlerTable, AnalysisChannels> {
  return {
    'analysis:bound': (options) => runBoundLab(options),
    // fullLimit keeps the full spectrum to seconds; above it Lanczos, Hutchinson and SLQ take over.
    'analysis:hessian': ({ runId, k, fullLimit }) => refusingBadRuns(() => analyzeRunHessian(store, runId, { k, fullLimit })),
    'analysis:landscape': (request) => refusingBadRuns(() => runLandscape(store, request)),
  };
}

/** A missing run, a non-network run, a model the analysis cannot handle: invalid-request naming the field. */
function refusingBadRuns<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (!(err instanceof ExperimentError)) throw err;
    const path = err.field === 'run' ? 'runId' : err.field;
    const message = err.message.slice(err.field.length + 2);
    throw new LabError({ code: 'invalid-request', message: `${path}: ${message} / 无法分析该运行：${message}`, issues: [{ path, message }] });
  }
}
