// The lecture's 2-class network, small enough to draw its whole error surface: one input x, two
// logits z = (w·x + b, −(w·x + b)), and the engine's own losses on them (cross-entropy, or MSE
// between softmax(z) and the one-hot label). Parameters θ = (w, b).
import { computeLoss } from '../engine/nn/losses';
import { createRng } from '../engine/random';

export interface TwoClassData {
  x: Float64Array;
  labels: Int32Array;
}

/** n points: class 0 around x = −1, class 1 around x = +1 (σ = 0.5), seeded. */
export function twoClassData(n: number, seed: number): TwoClassData {
  const rng = createRng(seed);
  const x = new Float64Array(n);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    labels[i] = i % 2;
    x[i] = (labels[i] ? 1 : -1) + 0.5 * rng.normal();
  }
  return { x, labels };
}

export function classifierLoss(loss: 'cross-entropy' | 'mse', data: TwoClassData, w: number, b: number): { loss: number; grad: [number, number]; accuracy: number } {
  const n = data.x.length;
  const out = new Float64Array(2 * n);
  const dOut = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) {
    const a = w * data.x[i]! + b;
    out[2 * i] = a;
    out[2 * i + 1] = -a;
  }
  const r = computeLoss(loss, out, n, 2, { kind: 'labels', labels: data.labels }, dOut, 1 / n);
  let gw = 0;
  let gb = 0;
  for (let i = 0; i < n; i++) {
    const da = dOut[2 * i]! - dOut[2 * i + 1]!;
    gw += da * data.x[i]!;
    gb += da;
  }
  return { loss: r.sum / n, grad: [gw, gb], accuracy: r.correct / n };
}

/** The engine's softmax, read from its cross-entropy gradient (∂L/∂z = p − onehot for one row, scale 1). */
export function engineSoftmax(z: readonly number[]): number[] {
  const k = z.length;
  const d = new Float64Array(k);
  computeLoss('cross-entropy', Float64Array.from(z), 1, k, { kind: 'labels', labels: Int32Array.of(0) }, d, 1);
  return Array.from(d, (v, j) => v + (j === 0 ? 1 : 0));
}
