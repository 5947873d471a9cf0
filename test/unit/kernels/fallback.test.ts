// With the WebAssembly kernels switched off (as where they cannot load), float32 networks train on
// the TypeScript twins. Vitest runs each test file in its own process, so the switch set here
// before the engine is imported affects only this file.
import { describe, expect, it } from 'vitest';

process.env.DESCENT_LAB_KERNELS = 'ts';

describe('dense kernels: fallback to the TypeScript twin', () => {
  it('reports no WebAssembly kernels and still trains a float32 layer', async () => {
    const { denseWasm } = await import('../../../main/engine/nn/wasm-kernels');
    const { Dense } = await import('../../../main/engine/nn/dense');
    expect(denseWasm()).toBeNull();
    const layer = new Dense(2, 1, 'float32');
    const params = new Float32Array([0.5, -1, 0.25]);
    layer.bind({ params, grads: new Float32Array(3), state: new Float32Array(0) }, 0, 0);
    const y = layer.forward(new Float32Array([2, 3]), 1, { train: true, seed: 1, epoch: 0, sampleIds: null });
    expect(y[0]).toBe(0.5 * 2 - 1 * 3 + 0.25);
  });
});
