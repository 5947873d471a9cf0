// The body of the kernel-fallback test files (native-fallback-*.test.ts). Each of them sets its
// environment switch first and only then imports this module: vitest runs every test file in a
// process of its own, and pool workers copy that process's environment when they start, so the
// switch holds for the file's in-process runs and its workers alike.
import { afterAll, describe, expect, it } from 'vitest';

const { kernelsInUse } = await import('../../../main/engine/nn/wasm-kernels');
const { nativeAddon } = await import('../../../native/addon');
const { trainNetwork } = await import('../../../main/engine/nn/train');
const { trainNetworkOnPool } = await import('../../../main/engine/pool/network');
const { WorkerPool } = await import('../../../main/engine/pool/pool');
const { experimentSpec } = await import('../../../preload/experiment');

/** The engine, started under the file's switch, reports `kernels`, loads no addon and trains with equal bits. */
export function fallbackSuite(title: string, kernels: 'wasm-simd128' | 'typescript'): void {
  const pool = new WorkerPool({ size: 2 });
  afterAll(() => pool.shutdown());

  describe(title, () => {
    it(`reports the ${kernels} kernels and no native addon`, () => {
      expect(nativeAddon()).toBeNull();
      expect(kernelsInUse().kernels).toBe(kernels);
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
}
