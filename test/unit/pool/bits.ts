// Exact-bits views of a training result for the pool's determinism tests: a value's hex digits
// (toString(16) keeps every bit of a double), and a fingerprint of what a run reports.
import type { TrainResult } from '../../../main/engine/nn/train';

export const hex = (v: number | null | undefined): string =>
  typeof v === 'number' ? new Float64Array([v]).reduce((_, x) => x.toString(16) + (Object.is(x, -0) ? '-0' : ''), '') : String(v);

/** Status, per-update series, per-epoch figures and the final parameters, as exact bits. */
export function fingerprint(r: TrainResult): string {
  return JSON.stringify({
    status: r.status,
    steps: [r.steps.loss.map(hex), r.steps.gradNorm.map(hex), r.steps.lr.map(hex)],
    epochs: r.epochs.map((e) => [e.epoch, hex(e.trainLoss), hex(e.trainAccuracy), hex(e.valLoss), hex(e.valAccuracy)]),
    params: Array.from(r.weights.params, hex),
  });
}
