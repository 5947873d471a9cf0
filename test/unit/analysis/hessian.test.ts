// Exact Hessian-vector products (forward-over-reverse) of small networks' training losses against
// PyTorch's torch.autograd.functional.hessian (test/fixtures/make_hessian_fixtures.py) and against
// central differences of the network engine's own float64 gradient; Lanczos, Hutchinson and SLQ
// against the full spectrum.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { LayerSpec, LossName } from '../../../preload/experiment';
import { experimentSpec } from '../../../preload/experiment';
import { TrainingObjective } from '../../../main/engine/analysis/dual-network';
import { extremeEigenvalues, fullHessian, hessianReport, hutchinsonTrace, minimumRatio, spectralDensity } from '../../../main/engine/analysis/spectrum';
import { eigenvaluesSymmetric } from '../../../main/engine/linalg';
import { computeLoss } from '../../../main/engine/nn/losses';
import { ExperimentError } from '../../../main/engine/nn/errors';
import { buildNetwork, type Network } from '../../../main/engine/nn/network';
import { createRng } from '../../../main/engine/random';

interface Case {
  name: string;
  model: unknown[];
  loss: LossName;
  l2: number;
  inputs: number;
  outputs: number;
  x: number[];
  labels: number[] | null;
  values: number[] | null;
  params: number[];
  state: number[];
  value: number;
  gradient: number[];
  hessian: number[];
  eigenvalues: number[];
}

const fixture = JSON.parse(readFileSync(new URL('../../fixtures/hessian.json', import.meta.url), 'utf8')) as { cases: Case[] };

function modelOf(c: { model: unknown[]; loss?: LossName }): LayerSpec[] {
  return experimentSpec.parse({ name: 'm', data: { source: 'xor' }, model: c.model }).model;
}

function setup(c: Case): { net: Network; objective: TrainingObjective; rows: number } {
  const net = buildNetwork(modelOf(c), c.inputs, c.outputs, 'float64', { params: Float64Array.from(c.params), state: Float64Array.from(c.state) });
  const rows = c.x.length / c.inputs;
  const targets = c.labels ? { kind: 'labels' as const, labels: Int32Array.from(c.labels) } : { kind: 'values' as const, values: Float64Array.from(c.values!) };
  return { net, rows, objective: new TrainingObjective(net, { x: c.x, rows, targets, loss: c.loss, l2: c.l2 }) };
}

/** The training engine's own float64 gradient (layers' backward + losses.ts): an independent path. */
function engineGradient(net: Network, c: Case, rows: number): { loss: number; gradient: Float64Array } {
  const out = net.forward(Float64Array.from(c.x), rows, { train: false, seed: 0, epoch: 0, sampleIds: null });
  const dOut = new Float64Array(rows * c.outputs);
  const targets = c.labels ? { kind: 'labels' as const, labels: Int32Array.from(c.labels) } : { kind: 'values' as const, values: Float64Array.from(c.values!) };
  const r = computeLoss(c.loss, out, rows, c.outputs, targets, dOut, 1 / rows);
  net.grads.fill(0);
  net.backward(dOut, rows);
  const gradient = Float64Array.from(net.grads);
  net.addL2Gradient(gradient, c.l2);
  return { loss: r.sum / rows + c.l2 * net.halfSquaredWeights(), gradient };
}

const relClose = (a: ArrayLike<number>, b: ArrayLike<number>, tol: number) => {
  let scale = 0;
  let err = 0;
  for (let i = 0; i < a.length; i++) {
    scale = Math.max(scale, Math.abs(b[i]!));
    err = Math.max(err, Math.abs(a[i]! - b[i]!));
  }
  expect(a.length).toBe(b.length);
  expect(err).toBeLessThanOrEqual(tol * Math.max(scale, 1e-12));
};

describe('network Hessian vs PyTorch (float64 fixtures)', () => {
  for (const c of fixture.cases) {
    it(`${c.name}: loss, gradient, full Hessian and eigenvalues`, () => {
      const { objective } = setup(c);
      const ev = objective.evaluate(null);
      expect(ev.loss).toBeCloseTo(c.value, 12);
      relClose(ev.gradient, c.gradient, 1e-10);
      const n = objective.size;
      expect(n).toBe(c.params.length);
      const h = fullHessian((v) => objective.hvp(v), n);
      relClose(h, c.hessian, 1e-10);
      relClose(eigenvaluesSymmetric(h, n), c.eigenvalues, 1e-9);
    });
  }
});

describe('Hessian-vector products vs central differences of the engine gradient', () => {
  for (const c of fixture.cases) {
    it(`${c.name}: H·v ≈ (g(θ+hv) − g(θ−hv)) / 2h`, () => {
      const { net, objective, rows } = setup(c);
      const rng = createRng(11);
      const v = Float64Array.from({ length: objective.size }, () => rng.normal());
      const hv = objective.hvp(v);
      const h = 1e-5;
      const theta = Float64Array.from(net.params);
      net.params.set(theta.map((t, i) => t + h * v[i]!));
      const plus = engineGradient(net, c, rows).gradient;
      net.params.set(theta.map((t, i) => t - h * v[i]!));
      const minus = engineGradient(net, c, rows).gradient;
      net.params.set(theta);
      const fd = plus.map((p, i) => (p - minus[i]!) / (2 * h));
      relClose(hv, fd, 1e-6);
      // and the dual pass's gradient is the engine's
      const engine = engineGradient(net, c, rows);
      relClose(objective.evaluate(null).gradient, engine.gradient, 1e-12);
      expect(objective.evaluate(null).loss).toBeCloseTo(engine.loss, 12);
    });
  }

  it('refuses a layer-norm network naming the layer', () => {
    const net = buildNetwork(modelOf({ model: [{ dense: 3 }, { layernorm: {} }, { dense: 'output' }] }), 2, 2, 'float64');
    expect(() => new TrainingObjective(net, { x: [0, 0], rows: 1, targets: { kind: 'labels', labels: Int32Array.of(0) }, loss: 'cross-entropy', l2: 0 })).toThrow(
      ExperimentError,
    );
    expect(() => new TrainingObjective(net, { x: [0, 0], rows: 1, targets: { kind: 'labels', labels: Int32Array.of(0) }, loss: 'cross-entropy', l2: 0 })).toThrow(/model\.1: .*layernorm/);
  });
});

/** A 2-12-12-3 tanh network (231 parameters) on 40 random points: big enough for Lanczos to be approximate. */
function mediumObjective(): TrainingObjective {
  const rng = createRng(5);
  const net = buildNetwork(modelOf({ model: [{ dense: 12, activation: 'tanh' }, { dense: 12, activation: 'tanh' }, { dense: 'output' }] }), 2, 3, 'float64');
  net.init(3, 'xavier');
  for (let i = 0; i < net.params.length; i++) net.params[i]! += 0.3 * rng.normal();
  const rows = 40;
  const x = Float64Array.from({ length: rows * 2 }, () => rng.normal());
  const labels = Int32Array.from({ length: rows }, () => Math.floor(rng.next() * 3));
  return new TrainingObjective(net, { x, rows, targets: { kind: 'labels', labels }, loss: 'cross-entropy', l2: 0 });
}

describe('Lanczos, Hutchinson and SLQ against the full spectrum', () => {
  const objective = mediumObjective();
  const n = objective.size;
  const hvp = (v: Float64Array) => objective.hvp(v);
  const h = fullHessian(hvp, n);
  const exact = eigenvaluesSymmetric(h, n);
  let trace = 0;
  let frob = 0;
  let diag = 0;
  for (let i = 0; i < n; i++) {
    trace += h[i * n + i]!;
    diag += h[i * n + i]! ** 2;
  }
  for (const x of h) frob += x * x;

  it('Lanczos (80 steps of 231) finds the 3 largest and 3 smallest eigenvalues', () => {
    const ext = extremeEigenvalues(hvp, n, 3, 1, 80);
    const scale = Math.max(Math.abs(exact[0]!), Math.abs(exact[n - 1]!));
    ext.top.forEach((v, i) => expect(Math.abs(v - exact[n - 3 + i]!)).toBeLessThan(1e-6 * scale));
    ext.bottom.forEach((v, i) => expect(Math.abs(v - exact[i]!)).toBeLessThan(1e-6 * scale));
  });

  it('Hutchinson is within 4 standard deviations of the exact trace (variance 2(‖H‖²_F − Σ H_ii²)/m)', () => {
    const m = 200;
    const t = hutchinsonTrace(hvp, n, m, 7);
    const sd = Math.sqrt((2 * (frob - diag)) / m);
    expect(Math.abs(t.trace - trace)).toBeLessThan(4 * sd);
    // the reported standard error estimates the same quantity
    expect(t.standardError / sd).toBeGreaterThan(0.7);
    expect(t.standardError / sd).toBeLessThan(1.3);
  });

  it('SLQ: weights sum to 1, nodes lie in the spectrum, first moment ≈ tr(H)/n', () => {
    const d = spectralDensity(hvp, n, 20, 40, 3);
    expect(d.weights.reduce((s, w) => s + w, 0)).toBeCloseTo(1, 10);
    for (const node of d.nodes) {
      expect(node).toBeGreaterThanOrEqual(exact[0]! - 1e-9);
      expect(node).toBeLessThanOrEqual(exact[n - 1]! + 1e-9);
    }
    const firstMoment = d.nodes.reduce((s, node, i) => s + node * d.weights[i]!, 0);
    // each probe gives vᵀHv for a unit v: mean tr/n, sd ≤ √(2‖H‖²_F)/n per probe (Gaussian v)
    expect(Math.abs(firstMoment - trace / n)).toBeLessThan((4 * Math.sqrt((2 * frob) / 20)) / n);
  });

  it('hessianReport: full path and Lanczos path agree on the extremes, the trace and the minimum ratio', () => {
    const full = hessianReport(objective);
    expect(full.eigenvalues).toHaveLength(n);
    expect(full.trace).toBeCloseTo(trace, 8);
    expect(full.minimumRatio).toBe(minimumRatio(exact));
    const approx = hessianReport(objective, { fullLimit: 100, k: 2, hutchinsonProbes: 100, densityProbes: 10, lanczosSteps: 80 });
    expect(approx.eigenvalues).toBeNull();
    expect(approx.topK[1]).toBeCloseTo(exact[n - 1]!, 6);
    expect(approx.bottomK[0]).toBeCloseTo(exact[0]!, 6);
    expect(approx.curvature).toBe(full.curvature);
    expect(Math.abs(approx.minimumRatio - full.minimumRatio)).toBeLessThan(0.2);
  });
});

describe('minimum ratio', () => {
  it('counts eigenvalues above the critical.ts zero band as positive', () => {
    expect(minimumRatio([-2, 2])).toBe(0.5); // LECTURE §2: w1w2 at (0,0)
    expect(minimumRatio([1e-9, 1, 3, 4])).toBe(0.75); // 1e-9 ≤ 1e-6·4 counts as zero
    expect(minimumRatio([0.5, 1])).toBe(1);
  });
});
