// The analyses of a saved network run as the CLI (`lab analyze`) and the 'analysis:hessian' and
// 'analysis:landscape' channels report them.
import type { HessianAnalysis, LossLandscape } from '../../../preload/contract';
import type { ExperimentSpec } from '../../../preload/experiment';
import { ExperimentError } from '../nn/errors';
import { buildNetwork } from '../nn/network';
import { loadRunWeights, type NetworkStore } from '../nn/records';
import { filterNormalizedDirection, interpolate, slice2d } from './landscape';
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

export interface LandscapeRequest {
  runId: number;
  mode: 'line' | 'plane';
  otherRunId?: number;
  points: number;
  resolution: number;
  range: number;
  seed: number;
}

/** The run's initial weights: the seeded initialisation (float32, as training drew it), or the run it fine-tuned from. */
function initialParams(store: NetworkStore, spec: ExperimentSpec, inputs: number, outputs: number): Float64Array {
  if (typeof spec.init !== 'string') return Float64Array.from(loadRunWeights(store, spec.init.fromRun, 'init.fromRun').weights.params);
  const net = buildNetwork(spec.model, inputs, outputs, 'float32');
  net.init(spec.seed, spec.init);
  return Float64Array.from(net.params);
}

export function runLandscape(store: NetworkStore, r: LandscapeRequest): LossLandscape {
  const { objective, params, spec } = loadRunObjective(store, r.runId);
  const net = objective.network;
  if (r.mode === 'line') {
    let from: Float64Array;
    if (r.otherRunId !== undefined) {
      from = Float64Array.from(loadRunWeights(store, r.otherRunId, 'otherRunId').weights.params);
      if (from.length !== params.length)
        throw new ExperimentError('otherRunId', `run ${r.otherRunId} has ${from.length} parameters, run ${r.runId} has ${params.length}: interpolation needs the same model`);
    } else from = initialParams(store, spec, net.inSize, net.outSize);
    const line = interpolate(objective, from, params, r.points);
    return { runId: r.runId, line: { from: r.otherRunId ?? 'init', ...line }, plane: null };
  }
  const d1 = filterNormalizedDirection(net, params, r.seed);
  const d2 = filterNormalizedDirection(net, params, r.seed + 1);
  return { runId: r.runId, line: null, plane: { ...slice2d(objective, params, d1, d2, r.range, r.resolution), seed: r.seed } };
}
