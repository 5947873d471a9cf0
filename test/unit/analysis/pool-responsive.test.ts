// The point of running the analyses on the pool: while a ~1,100-parameter full spectrum is being
// computed, this thread (the app's main process) keeps serving its event loop.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { channels } from '../../../preload/contract';
import { experimentSpec } from '../../../preload/experiment';
import { analysisHandlers } from '../../../main/api/analysis';
import { createEventHub } from '../../../main/api/events';
import { NetworkRecorder } from '../../../main/engine/nn/records';
import { trainNetwork } from '../../../main/engine/nn/train';
import { WorkerPool } from '../../../main/engine/pool/pool';
import { Store } from '../../../main/store';

const dir = mkdtempSync(join(tmpdir(), 'analysis-pool-'));
const store = Store.open(join(dir, 'lab.db'));
const pool = new WorkerPool({ size: 1 });
afterAll(async () => {
  await pool.shutdown();
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

it('the event loop keeps ticking while analysis:hessian builds and diagonalises a 1,082-parameter Hessian', async () => {
  const spec = experimentSpec.parse({
    name: 'responsive',
    seed: 1,
    data: { source: 'moons', samples: 100, noise: 0.1 },
    model: [{ dense: 30, activation: 'tanh' }, { dense: 30, activation: 'tanh' }, { dense: 'output' }],
    optimizer: { name: 'adam', lr: 0.01 },
    batchSize: 20,
    epochs: 2,
  });
  const recorder = new NetworkRecorder(store, spec);
  recorder.finish(await trainNetwork(spec, { onStart: (d) => recorder.start(d) }));
  const handlers = analysisHandlers(store, pool, createEventHub());

  expect(pool.liveWorkers).toBe(0); // workers start lazily: a live one afterwards did the work
  let ticks = 0;
  const ticker = setInterval(() => ticks++, 5);
  const r = await handlers['analysis:hessian'](channels['analysis:hessian'].request.parse({ runId: recorder.runId }));
  clearInterval(ticker);

  expect(r.params).toBe(1082); // 2·30+30 + 30·30+30 + 30·2+2
  expect(r.eigenvalues).toHaveLength(1082);
  // Rank-deficient (80 rows × 2 outputs ≪ 1,082): the tridiagonal QL once failed to converge here.
  // Σλ = tr H, the trace summed from the Hessian's own diagonal.
  expect(r.eigenvalues!.reduce((a, b) => a + b, 0)).toBeCloseTo(r.trace, 10);
  // Done on this thread, the synchronous work would let no timer fire before the reply; on the pool
  // this thread's timers keep firing. How evenly they fire depends on the machine's load, so the
  // gaps are measured by `npm run bench` (main/bench/timing.ts), not asserted here.
  expect(pool.liveWorkers).toBe(1);
  expect(ticks).toBeGreaterThan(1);
}, 120_000);
