// The analysis labs' channels (issue 7): the generalization-bound lab, the Hessian and the loss
// landscape of a saved network run, and the minimum-ratio study. The bound lab is quick arithmetic
// here; the rest runs on the worker pool (the store is read here, the arithmetic happens there),
// so a 3,000-parameter spectrum never freezes the app, with progress as 'analysis:progress'.
import type { AnalysisProgress, MinRatioPoint } from '../../preload/analysis';
import { readLandscapeInput } from '../engine/analysis/analyze-run';
import { runBoundLab } from '../engine/analysis/bound';
import { studyNets } from '../engine/analysis/min-ratio';
import { ExperimentError } from '../engine/nn/errors';
import { loadRunWeights } from '../engine/nn/records';
import type { AnalysisPayload, AnalysisProgressMessage, AnalysisTaskResult } from '../engine/pool/analysis-task';
import type { WorkerPool } from '../engine/pool/pool';
import type { Store } from '../store';
import type { HandlerTable } from './dispatch';
import { asFieldError } from './errors';
import type { EventHub } from './events';

type AnalysisChannels = 'analysis:bound' | 'analysis:hessian' | 'analysis:landscape' | 'analysis:minRatio';

export function analysisHandlers(store: Store, pool: WorkerPool, events: EventHub): Pick<HandlerTable, AnalysisChannels> {
  const onPool = async <T>(channel: AnalysisProgress['channel'], payload: AnalysisPayload): Promise<T> => {
    const job = pool.submit<AnalysisTaskResult>('analysis', payload, {
      onMessage: (data) => {
        const m = data as AnalysisProgressMessage;
        if (m.type === 'progress') events.emit('analysis:progress', { channel, phase: m.phase, done: m.done, total: m.total });
      },
    });
    const r = await job.done;
    if (!r.ok) throw new ExperimentError(r.field, r.message);
    return r.value as T;
  };
  return {
    'analysis:bound': (options) => runBoundLab(options),
    // fullLimit keeps the full spectrum to seconds; above it Lanczos, Hutchinson and SLQ take over.
    'analysis:hessian': ({ runId, k, fullLimit }) =>
      refusingBadRuns(() => onPool('analysis:hessian', { kind: 'hessian', run: loadRunWeights(store, runId, 'run'), runId, k, fullLimit })),
    'analysis:landscape': (request) => refusingBadRuns(() => onPool('analysis:landscape', { kind: 'landscape', input: readLandscapeInput(store, request) })),
    'analysis:minRatio': async (config) => {
      const started = performance.now();
      const nets = studyNets(config);
      let done = 0;
      events.emit('analysis:progress', { channel: 'analysis:minRatio', phase: 'network', done, total: nets.length });
      // One job per network: the pool runs as many side by side as it has workers.
      const points = await Promise.all(
        nets.map(async ({ width, seed }) => {
          const point = await onPool<MinRatioPoint>('analysis:minRatio', { kind: 'minRatioNet', config, width, seed });
          events.emit('analysis:progress', { channel: 'analysis:minRatio', phase: 'network', done: ++done, total: nets.length });
          return point;
        }),
      );
      return { points, ms: performance.now() - started };
    },
  };
}

/** A missing run, a non-network run, a model the analysis cannot handle: invalid-request naming the field. */
async function refusingBadRuns<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw asFieldError(err, '', 'run-not-analyzable', (field) => (field === 'run' ? 'runId' : field));
  }
}
