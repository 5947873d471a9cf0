// The LR range test (Smith 2017, "Cyclical Learning Rates for Training Neural Networks", §3.3;
// LECTURE §7): raise the learning rate exponentially over a short run, record the loss after each
// update, and read a good rate off the curve.
//
// Suggestion rule, so that students can check it by eye on the plot:
//   1. smooth the losses with a debiased exponential moving average (β = `smoothing`), since a
//      mini-batch loss is noisy (on a deterministic surface β = 0 keeps the raw curve);
//   2. stop reading the curve where it blows up: the first point whose smoothed loss exceeds
//      4 × the lowest smoothed loss before it, or is not finite;
//   3. suggest the rate where the smoothed loss falls fastest per unit of ln(lr) (the steepest
//      descent of the curve) on its way down to its lowest point — the loss is still dropping
//      quickly there, well before divergence (a drop after the lowest point is a bounce, not
//      learning); the first points (up to 10, at most a tenth of the curve) are not candidates,
//      since the moving average has seen too few losses there to tell a slope from noise;
//      the rate at the lowest loss divided by 10 is reported beside it as the classic alternative.
import type { RangeTestCurve } from '../../preload/contract';
import type { SurfaceRangeTestSpec } from '../../preload/spec';
import { createContestant } from './surfaces';

export type RangeTestSuggestion = Omit<RangeTestCurve, 'lr' | 'loss' | 'smoothed' | 'status' | 'divergedAtLr'>;

const BLOW_UP = 4;

/** Debiased EMA: s_t = β·s_{t−1} + (1−β)·x_t, reported as s_t / (1 − β^{t+1}). */
export function debiasedEma(values: readonly number[], beta: number): number[] {
  const out: number[] = [];
  let avg = 0;
  for (let t = 0; t < values.length; t++) {
    avg = beta * avg + (1 - beta) * values[t]!;
    out.push(beta === 0 ? values[t]! : avg / (1 - beta ** (t + 1)));
  }
  return out;
}

export function suggestLearningRate(lr: readonly number[], loss: readonly number[], smoothing = 0): RangeTestSuggestion & { smoothed: number[] } {
  if (lr.length !== loss.length || lr.length < 3) throw new RangeError('range test: need at least 3 (lr, loss) pairs of equal length');
  const smoothed = debiasedEma(loss, smoothing);
  let usable = smoothed.length;
  let best = Infinity;
  for (let i = 0; i < smoothed.length; i++) {
    const s = smoothed[i]!;
    if (!Number.isFinite(s) || (i > 0 && s > BLOW_UP * best && s - best > 1e-12 * Math.abs(best))) {
      usable = i;
      break;
    }
    best = Math.min(best, s);
  }
  usable = Math.max(usable, Math.min(3, smoothed.length));
  let minIndex = 0;
  for (let i = 1; i < usable; i++) if (smoothed[i]! < smoothed[minIndex]!) minIndex = i;
  let steepest = -1;
  let steepestSlope = 0;
  const skip = Math.max(1, Math.min(10, Math.floor(smoothed.length / 10)));
  for (let i = skip; i <= minIndex && i < usable - 1; i++) {
    const slope = (smoothed[i + 1]! - smoothed[i - 1]!) / (Math.log(lr[i + 1]!) - Math.log(lr[i - 1]!));
    if (slope < steepestSlope) {
      steepestSlope = slope;
      steepest = i;
    }
  }
  const steepestLr = steepest >= 0 ? lr[steepest]! : null;
  const minLossLrOver10 = lr[minIndex]! / 10;
  return { steepestLr, minLossLrOver10, suggestedLr: steepestLr ?? minLossLrOver10, usable, smoothed };
}

/** Runs the optimizer from `start` with lr_t = minLr·(maxLr/minLr)^(t/(steps−1)); loss[t] follows update t. */
export function surfaceRangeTest(spec: SurfaceRangeTestSpec): RangeTestCurve {
  const race = {
    kind: 'surface' as const,
    fn: spec.fn,
    start: spec.start,
    steps: spec.steps,
    seed: spec.seed,
    entries: [{ optimizer: spec.optimizer, schedule: { name: 'rangeTest' as const, minLr: spec.minLr, maxLr: spec.maxLr, steps: spec.steps } }],
  };
  const contestant = createContestant(race, 0, 'range test');
  contestant.advance(spec.steps);
  const { points, lr, status } = contestant.trajectory;
  const loss = points.slice(1).map((p) => p[2]);
  // The update that diverged is not recorded; its rate is the schedule's next one.
  const divergedAtLr = status === 'diverged' ? spec.minLr * (spec.maxLr / spec.minLr) ** (Math.min(lr.length, spec.steps - 1) / (spec.steps - 1)) : null;
  if (lr.length < 3) {
    const message = `minLr: the run diverged after ${lr.length} updates (at lr ${divergedAtLr}); lower minLr`;
    throw Object.assign(new RangeError(message), { code: 'invalid-request' as const });
  }
  return { lr: [...lr], loss, status, divergedAtLr, ...suggestLearningRate(lr, loss, spec.smoothing) };
}
