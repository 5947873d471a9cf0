// The analyses of a saved network run as the CLI (`lab analyze`) and the 'analysis:hessian' and
// 'analysis:landscape' channels report them.
import type { HessianAnalysis, LossLandscape } from '../../../preload/contract';
import type { ExperimentSpec } from '../../../preload/experiment';
import { ExperimentError } from '../nn/errors';
import { buildNetwork } from '../nn/network';
import { loadRunWeights, type NetworkStore } from '../nn/records';
import { filterNormalizedDirection, interpolate, slice2d } from './landscape';
import { buildRunObjective, type SavedRun } from './run-objective';
import { hessianColumns, hessianReport, type ReportOptions } from './spectrum';

export function analyzeRunHessian(store: NetworkStore, runId: number, options: ReportOptions = {}): HessianAnalysis {
  return hessianOfSavedRun(loadRunWeights(store, runId, 'run'), runId, options);
}

/** Columns from…to−1 of a saved run's Hessian (one block of the full spectrum, for one pool worker). */
export function hessianBlockOfSavedRun(saved: SavedRun, from: number, to: number, onProgress?: (done: number, total: number) => void): Float64Array {
  const { objective } = buildRunObjective(saved);
  return hessianColumns((v) => objective.hvp(v), objective.size, from, to, onProgress);
}

/** The Hessian report of saved weights: pure computation, the part a pool worker runs. */
export function hessianOfSavedRun(saved: SavedRun, runId: number, options: ReportOptions = {}): HessianAnalysis {
  const { objective, rows } = buildRunObjective(saved);
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

/** A landscape's inputs read from the store: the run, and the other end of the line when the store holds it. */
export interface LandscapeInput {
  request: LandscapeRequest;
  run: SavedRun;
  /** Another run's weights, or the run's fine-tuning start; null: the seeded initialisation. */
  from: Float64Array | null;
}

export function readLandscapeInput(store: NetworkStore, r: LandscapeRequest): LandscapeInput {
  const run = loadRunWeights(store, r.runId, 'runId');
  let from: Float64Array | null = null;
  if (r.otherRunId !== undefined && r.mode === 'line') {
    from = Float64Array.from(loadRunWeights(store, r.otherRunId, 'otherRunId').weights.params);
    if (from.length !== run.weights.params.length)
      throw new ExperimentError('otherRunId', `run ${r.otherRunId} has ${from.length} parameters, run ${r.runId} has ${run.weights.params.length}: interpolation needs the same model`);
  } else if (typeof run.spec.init !== 'string') from = Float64Array.from(loadRunWeights(store, run.spec.init.fromRun, 'init.fromRun').weights.params);
  return { request: r, run, from };
}

/** The run's initial weights: the seeded initialisation (float32, as training drew it). */
function seededInit(spec: ExperimentSpec, inputs: number, outputs: number): Float64Array {
  const net = buildNetwork(spec.model, inputs, outputs, 'float32');
  if (typeof spec.init !== 'string') throw new ExperimentError('init.fromRun', 'a fine-tuned run starts from the stored weights of its parent run');
  net.init(spec.seed, spec.init);
  return Float64Array.from(net.params);
}

/** Coordinates (a, b) minimising ‖a·d1 + b·d2 − v‖: where v lies on the plane, seen along the least-squares projection. */
export function projectOnPlane(v: ArrayLike<number>, d1: ArrayLike<number>, d2: ArrayLike<number>): [number, number] {
  let a11 = 0, a12 = 0, a22 = 0, b1 = 0, b2 = 0;
  for (let i = 0; i < v.length; i++) {
    a11 += d1[i]! * d1[i]!;
    a12 += d1[i]! * d2[i]!;
    a22 += d2[i]! * d2[i]!;
    b1 += d1[i]! * v[i]!;
    b2 += d2[i]! * v[i]!;
  }
  const det = a11 * a22 - a12 * a12;
  if (!(Math.abs(det) > 0)) return [0, 0];
  return [(a22 * b1 - a12 * b2) / det, (a11 * b2 - a12 * b1) / det];
}

/** The landscape itself: pure computation, the part a pool worker runs. */
export function landscapeOf({ request: r, run, from }: LandscapeInput, onProgress?: (done: number, total: number) => void): LossLandscape {
  const { objective, params, spec } = buildRunObjective(run);
  const net = objective.network;
  const start = from ?? seededInit(spec, net.inSize, net.outSize);
  if (r.mode === 'line') {
    const line = interpolate(objective, start, params, r.points);
    return { runId: r.runId, line: { from: r.otherRunId ?? 'init', ...line }, plane: null };
  }
  const d1 = filterNormalizedDirection(net, params, r.seed);
  const d2 = filterNormalizedDirection(net, params, r.seed + 1);
  // Only the initial and final weights are stored, so the "trajectory" is those two points.
  const offset = Float64Array.from(start, (v, i) => v - params[i]!);
  const [ix, iy] = projectOnPlane(offset, d1, d2);
  const trajectory = { x: [ix, 0], y: [iy, 0], labels: ['init', 'final'] };
  return { runId: r.runId, line: null, plane: { ...slice2d(objective, params, d1, d2, r.range, r.resolution, onProgress), seed: r.seed, trajectory } };
}
