// Every layer and loss against central differences, in float64. Each network starts with a
// dense layer, so the input gradient of every layer after it is checked through that layer's
// weight gradient as well.
import { describe, expect, it } from 'vitest';
import { layerSpec, type LayerSpec, type LossName } from '../../../preload/experiment';
import { computeLoss, type Targets } from '../../../main/engine/nn/losses';
import { buildNetwork, type Network } from '../../../main/engine/nn/network';
import { createRng } from '../../../main/engine/random';

const N = 5;
const IN = 4;

function lossOf(net: Network, x: Float64Array, loss: LossName, targets: Targets, l2: number, withGrad: boolean): number {
  const ctx = { train: true, seed: 7, epoch: 3, sampleIds: Int32Array.from({ length: N }, (_, i) => 10 + i) };
  const out = net.forward(x, N, ctx);
  const dOut = withGrad ? new Float64Array(N * net.outSize) : null;
  const { sum } = computeLoss(loss, out, N, net.outSize, targets, dOut, 1 / N);
  if (withGrad) {
    net.grads.fill(0);
    net.backward(dOut!, N);
    net.addL2Gradient(net.grads, l2);
  }
  return sum / N + l2 * net.halfSquaredWeights();
}

function check(model: unknown[], loss: LossName, opts: { outSize?: number; regression?: boolean; l2?: number } = {}) {
  const classes = 3;
  const outSize = opts.outSize ?? (loss === 'bce' ? 1 : classes);
  const layers = model.map((l) => layerSpec.parse(l) as LayerSpec);
  const net = buildNetwork(layers, IN, outSize, 'float64');
  net.init(3, 'xavier');
  const rng = createRng(11);
  // Non-default normalisation parameters, so γ and β gradients are not checked only at (1, 0).
  for (let i = 0; i < net.params.length; i++) net.params[i]! += 0.1 * rng.normal();
  const x = Float64Array.from({ length: N * IN }, () => rng.normal());
  const targets: Targets = opts.regression
    ? { kind: 'values', values: Float64Array.from({ length: N * outSize }, () => rng.normal()) }
    : { kind: 'labels', labels: Int32Array.from({ length: N }, (_, i) => (loss === 'bce' ? i % 2 : i % classes)) };
  const l2 = opts.l2 ?? 0;
  lossOf(net, x, loss, targets, l2, true);
  const analytic = Float64Array.from(net.grads);
  const h = 1e-6;
  let worst = 0;
  for (let i = 0; i < net.params.length; i++) {
    const saved = net.params[i]!;
    net.params[i] = saved + h;
    const up = lossOf(net, x, loss, targets, l2, false);
    net.params[i] = saved - h;
    const down = lossOf(net, x, loss, targets, l2, false);
    net.params[i] = saved;
    const numeric = (up - down) / (2 * h);
    const err = Math.abs(numeric - analytic[i]!) / Math.max(1e-3, Math.abs(numeric) + Math.abs(analytic[i]!));
    worst = Math.max(worst, err);
  }
  // Central differences in float64 with h = 1e-6 are good to ~1e-8 relative on smooth functions.
  expect(worst).toBeLessThan(1e-6);
}

describe('gradient checks (float64, central differences)', () => {
  for (const act of ['relu', 'leaky-relu', 'tanh', 'sigmoid', 'gelu', 'linear']) {
    it(`dense + ${act}`, () => check([{ dense: 6, activation: act }, { dense: 'output' }], 'cross-entropy'));
  }
  it('dropout (fixed mask per seed, epoch, sample)', () => check([{ dense: 6, activation: 'tanh' }, { dropout: 0.5 }, { dense: 3 }], 'cross-entropy'));
  it('batch normalization in training mode', () => check([{ dense: 6 }, { batchnorm: {} }, { activation: 'tanh' }, { dense: 3 }], 'cross-entropy'));
  it('layer normalization', () => check([{ dense: 6 }, { layernorm: {} }, { activation: 'gelu' }, { dense: 3 }], 'cross-entropy'));
  it('residual block', () =>
    check([{ dense: 6, activation: 'tanh' }, { residual: [{ dense: 5, activation: 'tanh' }, { dense: 6 }], activation: 'tanh' }, { dense: 3 }], 'cross-entropy'));
  it('softmax cross-entropy', () => check([{ dense: 3 }], 'cross-entropy'));
  it('MSE on softmax vs one-hot', () => check([{ dense: 6, activation: 'sigmoid' }, { dense: 3 }], 'mse'));
  it('binary cross-entropy with a logit', () => check([{ dense: 6, activation: 'tanh' }, { dense: 1 }], 'bce'));
  it('MSE regression', () => check([{ dense: 6, activation: 'tanh' }, { dense: 2 }], 'mse', { outSize: 2, regression: true }));
  it('L2 term', () => check([{ dense: 6, activation: 'tanh' }, { dense: 3 }], 'cross-entropy', { l2: 0.3 }));
});
