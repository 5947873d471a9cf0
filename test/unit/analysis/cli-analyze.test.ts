// `lab analyze RUN_ID --hessian --json` end to end: `lab run` a tiny network into a temp
// database, analyse it, and compare with an independent computation from `lab export --format
// weights`: the Hessian by central differences of the network engine's float64 gradient on the
// run's training rows, its eigenvalues by the Jacobi solver.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runLab } from '../../support/lab-cli';
import { experimentSpec } from '../../../preload/experiment';
import { loadData } from '../../../main/engine/data/load';
import { prepareData } from '../../../main/engine/data/prepare';
import { splitData } from '../../../main/engine/data/split';
import { eigenSymmetric } from '../../../main/engine/linalg';
import { computeLoss } from '../../../main/engine/nn/losses';
import { buildNetwork } from '../../../main/engine/nn/network';

const dir = mkdtempSync(join(tmpdir(), 'analyze-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const db = join(dir, 'lab.db');

const lab = (...args: string[]) => runLab(args, { defaultDb: join(dir, 'unused.db') });

const tiny = {
  name: 'tiny xor for the Hessian',
  seed: 4,
  data: { source: 'xor', samples: 80, noise: 0.05 },
  split: { validation: 0.25, test: 0 },
  model: [{ dense: 6, activation: 'tanh' }, { dense: 'output' }],
  optimizer: { name: 'adam', lr: 0.05 },
  l2: 0.001,
  batchSize: 20,
  epochs: 15,
};

describe('lab analyze --hessian', () => {
  it('reports all eigenvalues of a 32-parameter network, matching finite differences on the exported weights', async () => {
    const specPath = join(dir, 'tiny.json');
    writeFileSync(specPath, JSON.stringify(tiny));
    const trained = await lab('run', specPath, '--db', db, '--json');
    expect(trained.code).toBe(0);
    const runId = String(JSON.parse(trained.stdout).runId);

    const r = await lab('analyze', runId, '--hessian', '--json', '--db', db);
    expect(r.stderr).toMatch(/Hessian: 32\/32 columns/);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out)).toEqual(expect.arrayContaining(['params', 'loss', 'gradientNorm', 'eigenvalues', 'minimumRatio', 'kind']));
    expect(out.params).toBe(32);
    expect(out.eigenvalues).toHaveLength(32);

    // Independent: weights from `lab export`, data rebuilt from the stored spec, FD Hessian, Jacobi.
    const weights = JSON.parse((await lab('export', runId, '--format', 'weights', '--db', db)).stdout) as { layers: { weight: number[][]; bias: number[] }[] };
    const spec = experimentSpec.parse(JSON.parse((await lab('export', runId, '--format', 'json', '--db', db)).stdout).run.spec);
    const params = Float64Array.from(weights.layers.flatMap((l) => [...l.weight.flat(), ...l.bias]));
    const dataset = loadData(spec.data, spec.seed);
    const split = splitData(dataset.n, spec.split, spec.seed);
    const data = prepareData(dataset, split, spec.data, spec.seed);
    const rows = split.train.length;
    const x = Float64Array.from({ length: rows * 2 }, (_, i) => data.x[split.train[Math.floor(i / 2)]! * 2 + (i % 2)]!);
    const labels = Int32Array.from(split.train, (i) => data.labels![i]!);
    const net = buildNetwork(spec.model, 2, 2, 'float64', { params });
    const gradient = (): { loss: number; g: Float64Array } => {
      const z = net.forward(x, rows, { train: false, seed: 0, epoch: 0, sampleIds: null });
      const dz = new Float64Array(rows * 2);
      const { sum } = computeLoss('cross-entropy', z, rows, 2, { kind: 'labels', labels }, dz, 1 / rows);
      net.grads.fill(0);
      net.backward(dz, rows);
      const g = Float64Array.from(net.grads);
      net.addL2Gradient(g, spec.l2);
      return { loss: sum / rows + spec.l2 * net.halfSquaredWeights(), g };
    };
    const at = gradient();
    expect(out.loss).toBeCloseTo(at.loss, 12);
    expect(out.gradientNorm).toBeCloseTo(Math.hypot(...at.g), 10);
    const n = 32;
    const h = new Float64Array(n * n);
    const step = 1e-5;
    for (let j = 0; j < n; j++) {
      const keep = params[j]!;
      params[j] = keep + step;
      const plus = gradient().g;
      params[j] = keep - step;
      const minus = gradient().g;
      params[j] = keep;
      for (let i = 0; i < n; i++) h[i * n + j] = (plus[i]! - minus[i]!) / (2 * step);
    }
    const fd = eigenSymmetric(h, n).values;
    const scale = Math.max(...fd.map(Math.abs));
    (out.eigenvalues as number[]).forEach((v, i) => expect(Math.abs(v - fd[i]!)).toBeLessThan(1e-6 * scale));
    for (let i = 1; i < n; i++) expect(out.eigenvalues[i]).toBeGreaterThanOrEqual(out.eigenvalues[i - 1]);
    const zero = 1e-6 * Math.max(1, scale);
    expect(out.minimumRatio).toBe(fd.filter((v) => v > zero).length / n);
    expect(out.kind).toBe(out.gradientNorm > 1e-6 ? 'not-critical' : expect.any(String));
  }, 60_000);

  it('refuses what it cannot analyse, naming the problem', async () => {
    const missing = await lab('analyze', '99', '--hessian', '--db', db);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/run 99 not found/);
    const noMode = await lab('analyze', '1', '--db', db);
    expect(noMode.code).toBe(2);
    expect(noMode.stderr).toMatch(/--hessian/);
  }, 30_000);
});
