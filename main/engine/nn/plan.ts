// The shape of a training run, decided once from its spec and the training set's size, and
// shared by both loops that run it — the in-process Trainer (trainer.ts) and the pool's Leader
// (pool/trainer.ts, driven by pool/network.ts) — so the two agree by construction:
//   - chunk rows: the unit of work and of summation order (CHUNK, or the whole batch with batch
//     norm, whose statistics need every row of the batch at once);
//   - the samples each epoch visits (curriculum learning: a growing prefix of the easy-first order);
//   - per update, its 1-based epoch and batch size (progress callbacks, samples per second).
import type { ExperimentSpec, LayerSpec } from '../../../preload/experiment';

/** Rows per gradient chunk: the unit of work a thread takes; never depends on the thread count. */
export const CHUNK = 32;

export interface TrainingPlan {
  /** Rows per gradient chunk: part of a run's identity (another size sums in another order). */
  chunkRows: number;
  epochs: number;
  /** Samples visited in each epoch (0-based index). */
  epochSizes: number[];
  /** Per update (0-based): its epoch, 1-based. */
  updateEpoch: Int32Array;
  /** Per update: its batch's size (the last batch of an epoch may be short). */
  updateSize: Int32Array;
}

function hasBatchNorm(model: LayerSpec[]): boolean {
  return model.some((l) => 'batchnorm' in l || ('residual' in l && l.residual.some((i) => 'batchnorm' in i)));
}

/** Rows per gradient chunk of a spec: CHUNK, or the whole batch with batch norm. */
export function chunkRowsOf(spec: Pick<ExperimentSpec, 'model' | 'batchSize'>): number {
  return hasBatchNorm(spec.model) ? spec.batchSize : Math.min(CHUNK, spec.batchSize);
}

/** Samples visited in epoch `epoch` (0-based) of `trainSize`: all, or the curriculum's prefix. */
export function epochLength(spec: Pick<ExperimentSpec, 'curriculum'>, epoch: number, trainSize: number): number {
  const c = spec.curriculum;
  return c && epoch < c.epochs ? Math.ceil(((epoch + 1) / c.epochs) * trainSize) : trainSize;
}

/** The plan of a run of `epochs` epochs (default spec.epochs) over `trainSize` training samples. */
export function trainingPlan(spec: ExperimentSpec, trainSize: number, epochs = spec.epochs): TrainingPlan {
  const bs = spec.batchSize;
  const epochSizes = Array.from({ length: epochs }, (_, e) => epochLength(spec, e, trainSize));
  const updates = epochSizes.reduce((a, n) => a + Math.ceil(n / bs), 0);
  const updateEpoch = new Int32Array(updates);
  const updateSize = new Int32Array(updates);
  let u = 0;
  epochSizes.forEach((n, e) => {
    for (let s = 0; s < n; s += bs, u++) {
      updateEpoch[u] = e + 1;
      updateSize[u] = Math.min(bs, n - s);
    }
  });
  return { chunkRows: chunkRowsOf(spec), epochs, epochSizes, updateEpoch, updateSize };
}

/** Samples seen by the first `updates` updates. */
export function samplesSeen(plan: TrainingPlan, updates: number): number {
  let n = 0;
  for (let u = 0; u < Math.min(updates, plan.updateSize.length); u++) n += plan.updateSize[u]!;
  return n;
}
