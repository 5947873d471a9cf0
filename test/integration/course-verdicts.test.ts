// The §1 depth verdict on real runs, both ways: trained through the run lifecycle on the worker
// pool, stored, read back from the store, judged. With the section's settings it passes; when the
// "deep plain" network is in fact as shallow as the shallow one (so it trains just as well) it fails.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { courseExperiment, trainRole } from '../../main/course/record';
import { readRuns } from '../../main/course/runner';
import { Slicer } from '../../main/course/slice';
import { depthSpec } from '../../main/course/sections/s1-guide';
import type { RunRef, SectionContext } from '../../main/course/types';
import { depthVerdict } from '../../main/course/verdicts';
import { WorkerPool } from '../../main/engine/pool/pool';
import { Store } from '../../main/store';

const dir = mkdtempSync(join(tmpdir(), 'descent-lab-course-verdicts-'));
const store = Store.open(join(dir, 'lab.db'));
const pool = new WorkerPool({ size: 2 });
afterAll(async () => {
  store.close();
  await pool.shutdown();
  rmSync(dir, { recursive: true, force: true });
});

async function depthRuns(deepPlain: 'deep-plain' | 'shallow') {
  const refs: RunRef[] = [];
  const ctx: SectionContext = { store, pool, seeds: [1, 2], tag: 'Course §1', add: (r) => refs.push(r), step: () => {}, slice: new Slicer(), track: (work) => work };
  const exp = courseExperiment(ctx, 'depth', 'network', depthSpec('shallow', 1));
  await Promise.all(
    ctx.seeds.flatMap((seed) => [
      trainRole(ctx, exp, 'shallow', seed, depthSpec('shallow', seed)),
      trainRole(ctx, exp, 'deep-plain', seed, depthSpec(deepPlain, seed)),
      trainRole(ctx, exp, 'deep-residual', seed, depthSpec('deep-residual', seed)),
    ]),
  );
  return readRuns(store, { series: {} }, refs);
}

describe('§1 depth verdict on stored runs', () => {
  it('passes when the 20-layer plain sigmoid net is stuck above the shallow one', async () => {
    const r = depthVerdict(await depthRuns('deep-plain'));
    expect(r.passed).toBe(true);
    expect(store.getRun(r.runs['deep-plain']!).label).toBe('deep-plain · seed 1');
    expect(store.getExperiment(store.getRun(r.runs.shallow!).experimentId).tags).toEqual(['Course §1']);
  });

  it('fails when the "deep plain" runs are trained to match shallow', async () => {
    const r = depthVerdict(await depthRuns('shallow'));
    expect(r.passed).toBe(false);
    expect(r.summary.en).toMatch(/not clearly >/);
  });
});
