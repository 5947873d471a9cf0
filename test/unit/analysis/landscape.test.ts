// Loss landscapes: filter normalization (Li et al. 2018) keeps every filter's norm, the
// interpolation and the plane pass exactly through the weights they are built on (checked with
// the network engine's own forward pass and loss), and the 'analysis:landscape' channel on runs
// trained and stored in-process.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { channels, LabError } from '../../../preload/contract';
import { experimentSpec } from '../../../preload/experiment';
import { analysisHandlers } from '../../../main/api/analysis';
import { createEventHub } from '../../../main/api/events';
import { WorkerPool } from '../../../main/engine/pool/pool';
import { TrainingObjective } from '../../../main/engine/analysis/dual-network';
import { filterNormalizedDirection, filterRanges, interpolate, slice2d } from '../../../main/engine/analysis/landscape';
import { computeLoss } from '../../../main/engine/nn/losses';
import { buildNetwork, type Network } from '../../../main/engine/nn/network';
import { NetworkRecorder } from '../../../main/engine/nn/records';
import { trainNetwork } from '../../../main/engine/nn/train';
import { createRng } from '../../../main/engine/random';
import { Store } from '../../../main/store';

const model = experimentSpec.parse({
  name: 'm',
  data: { source: 'xor' },
  model: [{ dense: 5, activation: 'tanh' }, { batchnorm: {} }, { residual: [{ dense: 5, activation: 'relu' }, { dense: 5 }] }, { dense: 'output' }],
}).model;

function setup(): { net: Network; objective: TrainingObjective; x: Float64Array; labels: Int32Array } {
  const net = buildNetwork(model, 2, 3, 'float64');
  net.init(2, 'he');
  const rng = createRng(9);
  for (let i = 0; i < net.params.length; i++) net.params[i]! += 0.1 * rng.normal();
  const x = Float64Array.from({ length: 60 }, () => rng.normal());
  const labels = Int32Array.from({ length: 30 }, () => Math.floor(rng.next() * 3));
  return { net, x, labels, objective: new TrainingObjective(net, { x, rows: 30, targets: { kind: 'labels', labels }, loss: 'cross-entropy', l2: 0 }) };
}

/** The loss by the engine's layers and losses.ts at `theta` (an independent path from the dual pass). */
function engineLoss(net: Network, theta: ArrayLike<number>, x: Float64Array, labels: Int32Array): number {
  const saved = Float64Array.from(net.params);
  net.params.set(theta);
  const out = net.forward(x, 30, { train: false, seed: 0, epoch: 0, sampleIds: null });
  const { sum } = computeLoss('cross-entropy', out, 30, 3, { kind: 'labels', labels }, null, 1);
  net.params.set(saved);
  return sum / 30;
}

describe('filter-normalized directions', () => {
  it('every filter (dense weight row) of the direction has the norm of the same filter of θ; biases and batch norm get 0', () => {
    const { net } = setup();
    const theta = Float64Array.from(net.params);
    const d = filterNormalizedDirection(net, theta, 4);
    const ranges = filterRanges(net);
    expect(ranges).toHaveLength(5 + 5 + 5 + 3); // one filter per output unit of the four dense layers
    const covered = new Uint8Array(d.length);
    for (const [a, b] of ranges) {
      let dn = 0;
      let tn = 0;
      for (let i = a; i < b; i++) {
        dn += d[i]! ** 2;
        tn += theta[i]! ** 2;
        covered[i] = 1;
      }
      expect(Math.sqrt(dn)).toBeCloseTo(Math.sqrt(tn), 12);
    }
    for (let i = 0; i < d.length; i++) if (!covered[i]) expect(d[i]).toBe(0);
    expect(covered.reduce((s, c) => s + c, 0)).toBe(2 * 5 + 5 * 5 + 5 * 5 + 5 * 3);
    // a different seed gives a different direction with the same norms
    const other = filterNormalizedDirection(net, theta, 5);
    expect(other.some((v, i) => v !== d[i])).toBe(true);
  });
});

describe('interpolation and slices', () => {
  it('θ(α) passes through both ends: L at α = 0 and 1 equals the engine loss there', () => {
    const { net, objective, x, labels } = setup();
    const to = Float64Array.from(net.params);
    const rng = createRng(1);
    const from = to.map((v) => v + 0.5 * rng.normal());
    const { alphas, losses } = interpolate(objective, from, to, 41);
    expect(alphas[10]).toBe(0);
    expect(alphas[30]).toBe(1);
    expect(losses[10]).toBeCloseTo(engineLoss(net, from, x, labels), 12);
    expect(losses[30]).toBeCloseTo(engineLoss(net, to, x, labels), 12);
    expect(Array.from(net.params)).toEqual(Array.from(to)); // the network is put back
  });

  it('the plane is centred on θ and each point is L(θ + xδ + yη)', () => {
    const { net, objective, x, labels } = setup();
    const theta = Float64Array.from(net.params);
    const d1 = filterNormalizedDirection(net, theta, 1);
    const d2 = filterNormalizedDirection(net, theta, 2);
    const s = slice2d(objective, theta, d1, d2, 0.5, 5);
    expect(s.xs).toEqual([-0.5, -0.25, 0, 0.25, 0.5]);
    expect(s.z[2]![2]).toBeCloseTo(engineLoss(net, theta, x, labels), 12);
    const at = theta.map((t, i) => t + 0.25 * d1[i]! - 0.5 * d2[i]!);
    expect(s.z[0]![3]).toBeCloseTo(engineLoss(net, at, x, labels), 12);
  });
});

describe("'analysis:landscape' on stored runs", () => {
  const dir = mkdtempSync(join(tmpdir(), 'landscape-'));
  const store = Store.open(join(dir, 'lab.db'));
  const pool = new WorkerPool({ size: 2 });
  afterAll(async () => {
    await pool.shutdown();
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const hub = createEventHub();
  const progress: unknown[] = [];
  hub.subscribe((event, payload) => {
    if (event === 'analysis:progress') progress.push(payload);
  });
  const handlers = analysisHandlers(store, pool, hub);

  async function train(overrides: Record<string, unknown>): Promise<number> {
    const spec = experimentSpec.parse({
      name: 'landscape',
      seed: 3,
      data: { source: 'moons', samples: 80, noise: 0.1 },
      model: [{ dense: 6, activation: 'tanh' }, { dense: 'output' }],
      optimizer: { name: 'adam', lr: 0.05 },
      batchSize: 16,
      epochs: 8,
      ...overrides,
    });
    const recorder = new NetworkRecorder(store, spec);
    const result = await trainNetwork(spec, { onStart: (d) => recorder.start(d) });
    recorder.finish(result);
    return recorder.runId;
  }

  it('init → final: the loss falls from the initial weights to the trained ones, and α = 1 is the run’s training loss', async () => {
    const runId = await train({});
    const line = await handlers['analysis:landscape'](channels['analysis:landscape'].request.parse({ runId, mode: 'line', points: 21 }));
    const hessian = await handlers['analysis:hessian'](channels['analysis:hessian'].request.parse({ runId }));
    expect(line.line!.from).toBe('init');
    expect(line.line!.losses[15]).toBeCloseTo(hessian.loss, 10); // α = −0.5 + 2·15/20 = 1
    // The spectrum ran on the pool and reported its last column ("Hessian column n/n").
    expect(progress).toContainEqual({ channel: 'analysis:hessian', phase: 'hessian', done: hessian.params, total: hessian.params });
    expect(line.line!.losses[5]).toBeGreaterThan(line.line!.losses[15]!); // α = 0: the initial weights
    const plane = await handlers['analysis:landscape'](channels['analysis:landscape'].request.parse({ runId, mode: 'plane', resolution: 5 }));
    expect(plane.plane!.z[2]![2]).toBeCloseTo(hessian.loss, 10);

    const other = await train({ seed: 4 });
    const between = await handlers['analysis:landscape'](channels['analysis:landscape'].request.parse({ runId, mode: 'line', otherRunId: other, points: 5 }));
    expect(between.line!.from).toBe(other);
    const wider = await train({ model: [{ dense: 7, activation: 'tanh' }, { dense: 'output' }] });
    const refused = handlers['analysis:landscape'](channels['analysis:landscape'].request.parse({ runId, mode: 'line', otherRunId: wider }));
    await expect(refused).rejects.toThrow(LabError);
    await expect(refused).rejects.toThrow(/otherRunId: .*same model/);
    // Only the initial and final weights are stored: the plane's trajectory is those two, the final at the origin.
    expect(plane.plane!.trajectory).toMatchObject({ x: [expect.any(Number), 0], y: [expect.any(Number), 0], labels: ['init', 'final'] });
  }, 30_000);
});
