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
const handlers = analysisHandlers(store, pool, createEventHub());

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
});
