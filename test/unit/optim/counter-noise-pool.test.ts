// Counter-stream gradient noise on the worker pool: a network trained on 1, 2 and 3 threads gives
// the in-process loop's bits — noise alone, inside Lookahead under clipping (both sharded by
// parameter slice where the pool shards them: pool/sharded.ts), and noise before clipping at one
// level (which the pool applies whole). With three threads the slices start at offsets that are
// not multiples of Philox's four-normal blocks, so a slice that drew its noise at the wrong
// indices would change the weights.
import { afterAll, describe, expect, it } from 'vitest';
import { experimentSpec } from '../../../preload/experiment';
import { trainNetwork } from '../../../main/engine/nn/train';
import { trainNetworkOnPool } from '../../../main/engine/pool/network';
import { WorkerPool } from '../../../main/engine/pool/pool';
import { fingerprint } from '../pool/bits';

const pool = new WorkerPool({ size: 3 });
afterAll(() => pool.shutdown());

const counter = { eta: 0.02, gamma: 0.55, stream: 'counter' } as const;
const base = {
  data: { source: 'spiral', samples: 400, noise: 0.1, classes: 3 },
  // 2·23 + 23 + 23·17 + 17 + 17·3 + 3 = 531 parameters.
  model: [{ dense: 23, activation: 'tanh' }, { dense: 17, activation: 'relu' }, { dense: 'output' }],
  split: { validation: 0.25 },
  batchSize: 64, epochs: 3, seed: 5,
};
const specs = {
  'adam + counter noise': { optimizer: { name: 'adam', lr: 0.01, gradientNoise: counter } },
  'lookahead(sgdm + counter noise) + clipping': {
    optimizer: { name: 'lookahead', k: 3, inner: { name: 'sgdm', lr: 0.05, gradientNoise: counter }, clipNorm: 0.5 },
  },
  'counter noise, then clipping at the same level': { optimizer: { name: 'rmsprop', lr: 0.01, gradientNoise: counter, clipNorm: 0.5 } },
} as const;

describe('counter-stream gradient noise on the pool', () => {
  it.each(Object.keys(specs) as (keyof typeof specs)[])('%s: 1, 2 and 3 threads give the in-process bits', async (name) => {
    const spec = experimentSpec.parse({ ...base, ...specs[name] });
    const reference = fingerprint(await trainNetwork(spec));
    for (const threads of [1, 2, 3]) expect(fingerprint(await trainNetworkOnPool(pool, spec, { threads })), `${threads} threads`).toBe(reference);
    // The noise is there: without it the weights are others.
    const { gradientNoise: _noise, ...quiet } = spec.optimizer as unknown as Record<string, unknown>;
    const quietSpec = experimentSpec.parse({ ...base, optimizer: 'inner' in quiet ? { ...quiet, inner: { name: 'sgdm', lr: 0.05 } } : quiet });
    expect(fingerprint(await trainNetwork(quietSpec))).not.toBe(reference);
  }, 120_000);
});
