// A saved network run's training objective, rebuilt from what the store keeps: the experiment
// spec (data source, split and seed reproduce the exact training rows, preprocessing and label
// noise included) and the checkpoint's weights, widened to float64. The loss is the one training
// minimised — mean loss over the training rows plus the L2 term — in evaluation mode and without
// augmentation (the Hessian of a random function is not defined). Under cross-validation the
// final run trained on all non-test rows, so those are used.
import type { ExperimentSpec } from '../../../preload/experiment';
import { loadData } from '../data/load';
import { prepareData } from '../data/prepare';
import { splitData } from '../data/split';
import { buildNetwork } from '../nn/network';
import type { CheckpointMeta } from '../nn/records';
import type { Weights } from '../nn/train';
import { TrainingObjective } from './dual-network';

export interface RunObjective {
  objective: TrainingObjective;
  spec: ExperimentSpec;
  /** Float64 copies of the saved parameters (the point analysed). */
  params: Float64Array;
  rows: number;
}

/** What the store keeps of a run that the objective needs; plain data, so it crosses to a pool worker. */
export interface SavedRun {
  weights: Weights;
  meta: CheckpointMeta;
  spec: ExperimentSpec;
}

/** The objective from a run's saved spec and weights (no store: this also runs inside a pool worker). */
export function buildRunObjective({ weights, meta, spec }: SavedRun): RunObjective {
  const dataset = loadData(spec.data, spec.seed);
  const split = splitData(dataset.n, spec.split, spec.seed);
  const data = prepareData(dataset, split, spec.data, spec.seed);
  const rows = spec.split.folds >= 2 ? Int32Array.from([...split.train, ...split.validation]) : split.train;
  const d = dataset.features;
  const k = meta.outputs;
  const x = new Float64Array(rows.length * d);
  rows.forEach((r, i) => {
    for (let j = 0; j < d; j++) x[i * d + j] = data.x[r * d + j]!;
  });
  const params = Float64Array.from(weights.params);
  const network = buildNetwork(spec.model, meta.inputs, k, 'float64', { params, state: Float64Array.from(weights.state) });
  const targets = data.labels
    ? { kind: 'labels' as const, labels: Int32Array.from(rows, (r) => data.labels![r]!) }
    : { kind: 'values' as const, values: Float64Array.from({ length: rows.length * k }, (_, i) => data.values![rows[Math.floor(i / k)]! * k + (i % k)]!) };
  const objective = new TrainingObjective(network, { x, rows: rows.length, targets, loss: spec.loss, l2: spec.l2 });
  return { objective, spec, params, rows: rows.length };
}
