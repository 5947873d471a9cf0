// The full spectrum's Hessian-vector products split across the pool: block by block on several
// workers gives the very matrix one worker builds column by column, so the same eigenvalues.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { channels } from '../../../preload/contract';
import { experimentSpec } from '../../../preload/experiment';
import { analysisHandlers } from '../../../main/api/analysis';
import { createEventHub } from '../../../main/api/events';
import { hessianOfSavedRun } from '../../../main/engine/analysis/analyze-run';
import { fullHessian, hessianColumns, symmetrize } from '../../../main/engine/analysis/spectrum';
import { NetworkRecorder, loadRunWeights } from '../../../main/engine/nn/records';
import { trainNetwork } from '../../../main/engine/nn/train';
import { WorkerPool } from '../../../main/engine/pool/pool';
import { Store } from '../../../main/store';

const dir = mkdtempSync(join(tmpdir(), 'hessian-blocks-'));
const store = Store.open(join(dir, 'lab.db'));
const pool = new WorkerPool({ size: 2 });
afterAll(async () => {
  await pool.shutdown();
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('Hessian in blocks', () => {
  it('stacked column blocks, symmetrised, are fullHessian bit for bit', () => {
    // A fixed non-symmetric A: hvp(v) = A·v, so symmetrising is visible too.
    const n = 7;
    const a = Float64Array.from({ length: n * n }, (_, i) => Math.sin(i * 1.7) * (1 + (i % 5)));
    const hvp = (v: Float64Array) => Float64Array.from({ length: n }, (_, r) => a.slice(r * n, r * n + n).reduce((s, x, c) => s + x * v[c]!, 0));
    const blocks = new Float64Array(n * n);
    blocks.set(hessianColumns(hvp, n, 0, 3), 0);
    blocks.set(hessianColumns(hvp, n, 3, n), 3 * n);
    expect(Array.from(symmetrize(blocks, n))).toEqual(Array.from(fullHessian(hvp, n)));
  });

  it('analysis:hessian on two workers reports the eigenvalues one thread computes, with summed progress', async () => {
    const spec = experimentSpec.parse({
      name: 'blocks',
      seed: 3,
      data: { source: 'moons', samples: 60, noise: 0.1 },
      model: [{ dense: 20, activation: 'tanh' }, { dense: 'output' }],
      optimizer: { name: 'adam', lr: 0.01 },
      batchSize: 20,
      epochs: 2,
    });
    const recorder = new NetworkRecorder(store, spec);
    recorder.finish(await trainNetwork(spec, { onStart: (d) => recorder.start(d) }));
    const hub = createEventHub();
    const progress: { done: number; total: number }[] = [];
    hub.subscribe((event, payload) => {
      const p = payload as { phase?: string; done: number; total: number };
      if (event === 'analysis:progress' && p.phase === 'hessian') progress.push({ done: p.done, total: p.total });
    });
    const handlers = analysisHandlers(store, pool, hub);
    const r = await handlers['analysis:hessian'](channels['analysis:hessian'].request.parse({ runId: recorder.runId }));
    const here = hessianOfSavedRun(loadRunWeights(store, recorder.runId, 'run'), recorder.runId);
    expect(r.params).toBe(102); // 2·20+20 + 20·2+2
    expect(r.eigenvalues).toEqual(here.eigenvalues);
    expect(pool.liveWorkers).toBe(2);
    expect(progress.at(-1)).toEqual({ done: 102, total: 102 });
  }, 120_000);
});
