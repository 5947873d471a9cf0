// The analysis labs' channels (issue 7): the generalization-bound lab and the Hessian of a saved
// network run. Both are synchronous arithmetic in this process.
import { LabError } from '../../preload/contract';
import { analyzeRunHessian } from '../engine/analysis/analyze-run';
import { runBoundLab } from '../engine/analysis/bound';
import { ExperimentError } from '../engine/nn/errors';
import type { Store } from '../store';
import type { HandlerTable } from './dispatch';

type AnalysisChannels = 'analysis:bound' | 'analysis:hessian';

export function analysisHandlers(store: Store): Pick<HandlerTable, AnalysisChannels> {
  return {
    'analysis:bound': (options) => runBoundLab(options),
    // fullLimit keeps the full spectrum to seconds; above it Lanczos, Hutchinson and SLQ take over.
    'analysis:hessian': ({ runId, k, fullLimit }) => {
      try {
        return analyzeRunHessian(store, runId, { k, fullLimit });
      } catch (err) {
        if (!(err instanceof ExperimentError)) throw err;
        const message = err.message.slice(err.field.length + 2);
        throw new LabError({ code: 'invalid-request', message: `runId: ${message} / 无法分析该运行：${message}`, issues: [{ path: 'runId', message }] });
      }
    },
  };
}
