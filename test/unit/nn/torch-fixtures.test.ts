// Forward, loss and parameter gradients against PyTorch 1.13 (test/fixtures/make_nn_fixtures.py,
// float64), plus a few SGD-momentum and Adam steps through the optimizer zoo.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { layerSpec, type LayerSpec, type LossName } from '../../../preload/experiment';
import { optimizerSpec } from '../../../preload/spec';
import { computeLoss, type Targets } from '../../../main/engine/nn/losses';
import { buildNetwork } from '../../../main/engine/nn/network';
import { createOptimizer } from '../../../main/engine/optim';

interface Case {
  name: string;
  model: unknown[];
  loss: LossName;
  regression: boolean;
  train: boolean;
  inSize: number;
  outSize: number;
  input: number[][];
  targets: number[] | number[][];
  params: number[];
  output: number[][];
  lossValue: number;
  grads: number[];
  runningMean?: number[];
  runningVar?: number[];
}
interface Training {
  name: string;
  model: unknown[];
  optimizer: unknown;
  input: number[][];
  targets: number[];
  params: number[];
  losses: number[];
  paramsAfter: number[][];
}

const fixtures = JSON.parse(readFileSync(new URL('../../fixtures/nn.json', import.meta.url), 'utf8')) as { cases: Case[]; training: Training[] };

// Both sides compute in float64 with the same formulas; differences are summation order only.
const TOL = 1e-12;

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
  return worst;
}

function targetsOf(c: { targets: number[] | number[][] }, regression: boolean): Targets {
  return regression
    ? { kind: 'values', values: Float64Array.from((c.targets as number[][]).flat()) }
    : { kind: 'labels', labels: Int32Array.from(c.targets as number[]) };
}

describe('network vs PyTorch fixtures (float64)', () => {
  for (const c of fixtures.cases) {
    it(c.name, () => {
      const net = buildNetwork(c.model.map((l) => layerSpec.parse(l) as LayerSpec), c.inSize, c.outSize, 'float64');
      net.init(0, 'he'); // sets batch-norm running statistics to (0, 1), as torch's start
      expect(net.paramSize).toBe(c.params.length);
      net.params.set(c.params);
      const n = c.input.length;
      const out = net.forward(Float64Array.from(c.input.flat()), n, { train: c.train, seed: 1, epoch: 0, sampleIds: null });
      expect(maxAbsDiff(out.subarray(0, n * c.outSize), c.output.flat())).toBeLessThan(TOL);
      const dOut = new Float64Array(n * c.outSize);
      const { sum } = computeLoss(c.loss, out, n, c.outSize, targetsOf(c, c.regression), dOut, 1 / n);
      expect(Math.abs(sum / n - c.lossValue)).toBeLessThan(TOL);
      net.grads.fill(0);
      net.backward(dOut, n);
      expect(maxAbsDiff(net.grads, c.grads)).toBeLessThan(TOL);
      if (c.runningMean) {
        const d = c.runningMean.length;
        expect(maxAbsDiff(net.state.subarray(0, d), c.runningMean)).toBeLessThan(TOL);
        expect(maxAbsDiff(net.state.subarray(d, 2 * d), c.runningVar!)).toBeLessThan(TOL);
      }
    });
  }

  for (const t of fixtures.training) {
    it(`training steps: ${t.name}`, () => {
      const net = buildNetwork(t.model.map((l) => layerSpec.parse(l) as LayerSpec), 4, 3, 'float64');
      net.params.set(t.params);
      const spec = optimizerSpec.parse(t.optimizer);
      const optimizer = createOptimizer(spec, { seed: 1 });
      const state = optimizer.init(net.params);
      const x = Float64Array.from(t.input.flat());
      const n = t.input.length;
      const dOut = new Float64Array(n * 3);
      t.losses.forEach((expected, step) => {
        const out = net.forward(x, n, { train: true, seed: 1, epoch: 0, sampleIds: null });
        const { sum } = computeLoss('cross-entropy', out, n, 3, targetsOf(t, false), dOut, 1 / n);
        expect(Math.abs(sum / n - expected)).toBeLessThan(1e-12);
        net.grads.fill(0);
        net.backward(dOut, n);
        optimizer.update(Float64Array.from(net.grads), state, net.params, (spec as { lr: number }).lr);
        expect(maxAbsDiff(net.params, t.paramsAfter[step]!)).toBeLessThan(1e-12);
      });
    });
  }
});
