// The LR range test on a network (Smith 2017; LECTURE §7): train from the spec's initial weights
// while lr rises exponentially from minLr to maxLr over `steps` updates, record each update's
// mini-batch loss, and read the suggestion off the smoothed curve with the same rule as on the
// error surfaces (main/engine/range-test.ts). Nothing is stored: it is a probe before a run.
import type { RangeTestCurve } from '../../../preload/contract';
import type { ExperimentSpec } from '../../../preload/experiment';
import { suggestLearningRate } from '../range-test';
import type { TrainHooks, TrainResult } from './train';

export interface NetworkRangeTestOptions {
  minLr: number;
  maxLr: number;
  steps: number;
  /** β of the debiased moving average over the (noisy) mini-batch losses. */
  smoothing: number;
}

/** How to train: in process (trainNetwork) or on the pool (trainNetworkOnPool). */
export type Train = (spec: ExperimentSpec, hooks: TrainHooks) => Promise<TrainResult>;

export async function networkRangeTest(spec: ExperimentSpec, options: NetworkRangeTestOptions, train: Train): Promise<RangeTestCurve> {
  const { minLr, maxLr, steps, smoothing } = options;
  // Epochs enough for `steps` updates whatever the data size; the run is stopped right after them.
  const probe: ExperimentSpec = {
    ...spec,
    schedule: { name: 'rangeTest', minLr, maxLr, steps },
    split: { ...spec.split, folds: 0 },
    epochs: 100_000,
    earlyStopping: undefined,
  };
  const lr: number[] = [];
  const loss: number[] = [];
  const controller = new AbortController();
  const result = await train(probe, {
    signal: controller.signal,
    onStep: (m) => {
      if (m.step >= steps) return;
      lr[m.step] = m.lr;
      loss[m.step] = m.loss;
      if (m.step === steps - 1) controller.abort();
    },
  });
  // Keep the updates made in order (a run that diverged stops early).
  let n = 0;
  while (n < steps && lr[n] !== undefined && Number.isFinite(loss[n])) n++;
  const status = n < steps && result.status === 'diverged' ? 'diverged' : 'completed';
  const divergedAtLr = status === 'diverged' ? minLr * (maxLr / minLr) ** (Math.min(n, steps - 1) / (steps - 1)) : null;
  if (n < 3) {
    throw Object.assign(new RangeError(`minLr: the run diverged after ${n} updates (at lr ${divergedAtLr}); lower minLr`), { code: 'invalid-request' as const });
  }
  const kept = { lr: lr.slice(0, n), loss: loss.slice(0, n) };
  return { ...kept, status, divergedAtLr, ...suggestLearningRate(kept.lr, kept.loss, smoothing) };
}
