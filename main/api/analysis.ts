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
  type Progress = (phase: string, done: number, total: number) => void;
  const emitFor = (channel: AnalysisProgress['channel']): Progress => (phase, done, total) => events.emit('analysis:progress', { channel, phase, done, total });
  const onPool = async <T>(channel: AnalysisProgress['channel'], payload: AnalysisPayload, report: Progress = emitFor(channel)): Promise<T> => {
    const job = pool.submit<AnalysisTaskResult>('analysis', payload, {
      onMessage: (data) => {
        const m = data as AnalysisProgressMessage;
        if (m.type === 'progress') report(m.phase, m.done, m.total);
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
      refusingBadRuns(async () => {
        const run = loadRunWeights(store, runId, 'run');
        const columns = await hessianInBlocks(run, fullLimit);
        return onPool('analysis:hessian', { kind: 'hessian', run, runId, k, fullLimit, columns });
      }),
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

  /**
   * A full spectrum's n Hessian-vector products, split into one block of columns per pool worker
   * (each rebuilds the objective and computes its share side by side), with the progress summed
   * over the blocks. Undefined when one worker would do it all anyway (a small network, a pool of
   * one, or a network above fullLimit, which Lanczos handles).
   */
  async function hessianInBlocks(run: ReturnType<typeof loadRunWeights>, fullLimit: number): Promise<Float64Array | undefined> {
    const n = run.weights.params.length;
    const blocks = Math.min(pool.size, Math.floor(n / 32));
    if (n > fullLimit || blocks < 2) return undefined;
    const done = new Array<number>(blocks).fill(0);
    const emit = emitFor('analysis:hessian');
    const bounds = Array.from({ length: blocks + 1 }, (_, b) => Math.round((b * n) / blocks));
    const parts = await Promise.all(
      bounds.slice(0, -1).map((from, b) =>
        onPool<Float64Array>('analysis:hessian', { kind: 'hessianBlock', run, from, to: bounds[b + 1]! }, (_phase, d) => {
          done[b] = d;
          emit('hessian', done.reduce((a, c) => a + c, 0), n);
        }),
      ),
    );
    const columns = new Float64Array(n * n);
    parts.forEach((part, b) => columns.set(part, bounds[b]! * n));
    return columns;
  }
}

/** A missing run, a non-network run, a model the analysis cannot handle: invalid-request naming the field. */
async function refusingBadRuns<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw asFieldError(err, '', 'run-not-analyzable', (field) => (field === 'run' ? 'runId' : field));
  }
}
