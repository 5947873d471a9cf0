// The LR range test on a network: lr_t follows minLr·(maxLr/minLr)^(t/(steps−1)) exactly, the run
// stops after `steps` updates, the pool and the in-process trainer give the same curve, and the
// suggested rate lies before the loss blows up.
import { afterAll, describe, expect, it } from 'vitest';
import { experimentSpec } from '../../../preload/experiment';
import { networkRangeTest } from '../../../main/engine/nn/range-test';
import { trainNetwork } from '../../../main/engine/nn/train';
import { trainNetworkOnPool } from '../../../main/engine/pool/network';
import { WorkerPool } from '../../../main/engine/pool/pool';

const spec = experimentSpec.parse({
  name: 'probe',
  seed: 3,
  data: { source: 'spiral', samples: 400, noise: 0.1, classes: 2 },
  model: [{ dense: 16, activation: 'relu' }, { dense: 2 }],
  optimizer: { name: 'sgd', lr: 0.1 },
  batchSize: 32,
});
const options = { minLr: 1e-4, maxLr: 1e3, steps: 120, smoothing: 0.9 };

const pool = new WorkerPool({ size: 2 });
afterAll(() => pool.shutdown());

describe('network LR range test', () => {
  it('sweeps lr exponentially for exactly `steps` updates and suggests a rate before the blow-up', async () => {
    const curve = await networkRangeTest(spec, options, trainNetwork);
    const n = curve.lr.length;
    for (let t = 0; t < n; t++) {
      const expected = 1e-4 * 1e7 ** (t / 119);
      expect(Math.abs(curve.lr[t]! - expected)).toBeLessThanOrEqual(1e-12 * expected);
    }
    // SGD at lr 1e3 on a cross-entropy MLP explodes: either the run diverged or the curve was cut.
    expect(curve.status === 'diverged' || curve.usable < n).toBe(true);
    expect(curve.suggestedLr).toBeGreaterThan(1e-4);
    expect(curve.suggestedLr).toBeLessThan(curve.lr[Math.min(curve.usable, n - 1)]!);
  });

  it('gives the same curve on the worker pool as in process', async () => {
    const here = await networkRangeTest(spec, { ...options, maxLr: 1, steps: 60 }, trainNetwork);
    const there = await networkRangeTest(spec, { ...options, maxLr: 1, steps: 60 }, (s, hooks) => trainNetworkOnPool(pool, s, { ...hooks, threads: 2 }));
    expect(there.lr).toHaveLength(60);
    expect(there.loss).toEqual(here.loss);
    expect(there.suggestedLr).toBe(here.suggestedLr);
  });
});

describe("the 'network:rangeTest' channel", () => {
  it('answers a curve for a good request and names the field of a bad one', async () => {
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { openLab } = await import('../../../main/api/lab');
    const dir = mkdtempSync(join(tmpdir(), 'descent-range-'));
    const lab = openLab({ dbPath: join(dir, 'lab.db'), info: { name: 'Descent Lab', version: 'test', transport: 'websocket', platform: process.platform, locale: 'en' } });
    try {
      const good = await lab.dispatcher.dispatch('network:rangeTest', { spec: { ...spec, epochs: 1 }, minLr: 1e-3, maxLr: 1, steps: 30 });
      if (!good.ok) throw new Error(good.error.message);
      expect((good.result as { lr: number[] }).lr).toHaveLength(30);
      const bad = await lab.dispatcher.dispatch('network:rangeTest', { spec, minLr: 1, maxLr: 0.1 });
      expect(bad.ok).toBe(false);
      if (!bad.ok) expect(bad.error.issues?.[0]?.path).toBe('maxLr');
      const badFile = await lab.dispatcher.dispatch('network:rangeTest', { spec: { ...spec, data: { source: 'csv', path: join(dir, 'missing.csv'), target: 'y' } } });
      expect(badFile.ok).toBe(false);
      if (!badFile.ok) expect(badFile.error.code).toBe('invalid-request');
    } finally {
      await lab.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
