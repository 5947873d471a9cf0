// The analysis channels through the contract's schemas and the handlers: defaults, refusals.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { channels, LabError } from '../../../preload/contract';
import { analysisHandlers } from '../../../main/api/analysis';
import { createEventHub } from '../../../main/api/events';
import { WorkerPool } from '../../../main/engine/pool/pool';
import { Store } from '../../../main/store';

const dir = mkdtempSync(join(tmpdir(), 'analysis-api-'));
const store = Store.open(join(dir, 'lab.db'));
const pool = new WorkerPool({ size: 2 });
afterAll(async () => {
  await pool.shutdown();
  store.close();
  rmSync(dir, { recursive: true, force: true });
});
const hub = createEventHub();
const handlers = analysisHandlers(store, pool, hub);

describe('analysis channels', () => {
  it('analysis:bound with the lecture’s defaults (N = 200, |H| = 10000, ε = 0.1)', async () => {
    const request = channels['analysis:bound'].request.parse({ trainingSets: 200 });
    expect(request).toMatchObject({ n: 200, hypotheses: 10000, epsilon: 0.1, target: 0.1 });
    const r = await handlers['analysis:bound'](request);
    expect(r.nNeeded).toBe(611);
    expect(r.badAtEpsilon).toBeLessThanOrEqual(Math.min(1, r.boundAtEpsilon));
    expect(channels['analysis:bound'].request.safeParse({ epsilon: 0 }).success).toBe(false);
  });

  it('analysis:hessian refuses a missing run as invalid-request naming runId', async () => {
    const request = channels['analysis:hessian'].request.parse({ runId: 7 });
    const e = await Promise.resolve(handlers['analysis:hessian'](request)).catch((err: unknown) => err);
    expect(e).toBeInstanceOf(LabError);
    expect((e as LabError).code).toBe('invalid-request');
    expect((e as LabError).message).toMatch(/runId: run 7 not found/);
  });

  it('analysis:minRatio runs one pool job per network and reports each', async () => {
    const seen: number[] = [];
    const off = hub.subscribe((event, payload) => {
      if (event === 'analysis:progress') seen.push((payload as { done: number }).done);
    });
    const request = channels['analysis:minRatio'].request.parse({ widths: [2, 3], seeds: 2, samples: 20, trainSteps: 100, newtonSteps: 3 });
    const r = await handlers['analysis:minRatio'](request);
    off();
    expect(r.points.map((p) => [p.width, p.seed])).toEqual([[2, 1], [2, 2], [3, 1], [3, 2]]);
    expect(seen).toEqual([0, 1, 2, 3, 4]);
    expect(channels['analysis:minRatio'].request.safeParse({ widths: [] }).success).toBe(false);
  }, 30_000);
});
