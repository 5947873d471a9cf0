// The Hessian analysis of a saved network run, as the CLI (`lab analyze`) and the
// 'analysis:hessian' channel report it.
import type { HessianAnalysis } from '../../../preload/contract';
import type { NetworkStore } from '../nn/records';
import { loadRunObjective } from './run-objective';
import { hessianReport, type ReportOptions } from './spectrum';

export function analyzeRunHessian(store: NetworkStore, runId: number, options: ReportOptions = {}): HessianAnalysis {
  // Read everything from the store first: the computation that follows may take a while.
  const { objective, rows } = loadRunObjective(store, runId);
  const r = hessianReport(objective, options);
  return {
    runId,
    params: r.params,
    trainingRows: rows,
    loss: r.loss,
    gradientNorm: r.gradientNorm,
    eigenvalues: r.eigenvalues,
    minimumRatio: r.minimumRatio,
    minimumRatioEstimated: r.minimumRatioEstimated,
    kind: r.kind,
    curvature: r.curvature,
    trace: r.trace,
    traceStandardError: r.traceStandardError,
    topK: r.topK,
    bottomK: r.bottomK,
    density: r.density ? { nodes: r.density.nodes, weights: r.density.weights } : null,
  };
}
