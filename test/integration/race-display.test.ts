// A race answered for display on the real worker pool: each long trajectory comes back thinned in
// its worker (main/engine/surfaces/thin.ts), every kept entry the one the plain race computes at
// that step, and without `display` the answer is the whole race, entry for entry.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WorkerPool } from '../../main/engine/pool/pool';
import { runRaceOnPool } from '../../main/engine/pool/race';
import { runRace } from '../../main/engine/surfaces';
import { surfaceExperimentSpec } from '../../preload/spec';

let pool: WorkerPool;
beforeAll(() => {
  pool = new WorkerPool({ size: 2 });
});
afterAll(async () => {
  await pool.shutdown();
});

const spec = surfaceExperimentSpec.parse({
  kind: 'surface', fn: 'rosenbrock', start: [-1.5, 2], steps: 20_000, seed: 1,
  entries: [{ optimizer: { name: 'adam', lr: 0.01 } }, { optimizer: { name: 'sgd', lr: 1e-5 } }],
});

describe('surface:race with display', () => {
  it('thins each long trajectory in its worker to exact entries of the full race', async () => {
    const full = runRace(spec).trajectories;
    const shown = (await runRaceOnPool(pool, spec, { display: true })).trajectories;
    expect(shown).toHaveLength(2);
    shown.forEach((tr, i) => {
      const whole = full[i]!;
      expect(tr.total).toBe(20_001);
      expect(tr.steps!.length).toBeLessThan(whole.points.length / 2);
      expect(tr.steps![0]).toBe(0);
      expect(tr.steps!.at(-1)).toBe(20_000);
      tr.steps!.forEach((s, k) => expect(tr.points[k]).toEqual(whole.points[s]));
      tr.lr.forEach((v, k) => expect(v).toBe(whole.lr[tr.steps![k]!]));
      expect(tr.status).toBe(whole.status);
      expect(tr.label).toBe(whole.label);
    });
  });

  it('answers the whole race without display', async () => {
    const pooled = await runRaceOnPool(pool, spec);
    expect(pooled.trajectories).toEqual(runRace(spec).trajectories);
    expect(pooled.trajectories[0]!.steps).toBeUndefined();
  });
});
