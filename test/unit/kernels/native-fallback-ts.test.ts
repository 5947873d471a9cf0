// Fallback: DESCENT_LAB_KERNELS=ts: the TypeScript twins. Vitest runs each test file in its own process, and pool workers copy this
// process's environment when they start, so the switch set here, before the engine is imported,
// holds for this file's in-process runs and its workers alike.
import { afterAll, describe, expect, it } from 'vitest';

process.env.DESCENT_LAB_KERNELS = 'ts';

const { kernelsInUse } = await import('../../../main/engine/nn/wasm-kernels');
const { nativeAddon } = await import('../../../native/addon');
const { trainNetwork } = await import('../../../main/engine/nn/train');
const { trainNetworkOnPool } = await import('../../../main/engine/pool/network');
const { WorkerPool } = await import('../../../main/engine/pool/pool');
const { experimentSpec } = await import('../../../preload/experiment');

const pool = new WorkerPool({ size: 2 });
afterAll(() => pool.shutdown());

describe('DESCENT_LAB_KERNELS=ts: the TypeScript twins', () => {
  it('reports the typescript kernels and no native addon', () => {
    expect(nativeAddon()).toBeNull();
    expect(kernelsInUse().kernels).toBe('typescript');
  });

  it('trains a float32 network in process and on 2 threads with the same bits', async () => {
    const spec = experimentSpec.parse({
      data: { source: 'moons', samples: 300, noise: 0.2 },
      model: [{ dense: 16, activation: 'relu' }, { dense: 'output' }],
      optimizer: { name: 'adam', lr: 0.01 },
      batchSize: 100, epochs: 2, seed: 3,
    });
    const a = await trainNetwork(spec);
    const b = await trainNetworkOnPool(pool, spec, { threads: 2 });
    expect(a.status).toBe('completed');
    expect(Array.from(b.weights.params)).toEqual(Array.from(a.weights.params));
    expect(b.steps.gradNorm).toEqual(a.steps.gradNorm);
  }, 30_000);
});
