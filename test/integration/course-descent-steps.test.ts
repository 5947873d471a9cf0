// A course descent that keeps every 10th update is stored at its update counts: §4's ravine runs
// (10⁴ updates; the bouncing GD keeps every update, the others every 10th) all end at step 10 000 in
// the store, so their curves span the same axis (they used to end at 1 000, a tenth of the run).
// Real store, real §4 section.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { adaptiveLr, RAVINE_STEPS } from '../../main/course/sections/s4-adaptive-lr';
import { Slicer } from '../../main/course/slice';
import type { RunRef, SectionContext } from '../../main/course/types';
import { WorkerPool } from '../../main/engine/pool/pool';
import { Store } from '../../main/store';

const dir = mkdtempSync(join(tmpdir(), 'descent-lab-course-steps-'));
const store = Store.open(join(dir, 'lab.db'));
const pool = new WorkerPool({ size: 1 });
afterAll(async () => {
  store.close();
  await pool.shutdown();
  rmSync(dir, { recursive: true, force: true });
});

describe('course descents on their update axis', () => {
  it('§4’s ravine runs end at update 10 000 whether they kept every update or every 10th', async () => {
    const refs: RunRef[] = [];
    const ctx: SectionContext = { store, pool, seeds: [1], tag: 'Course §4', add: (r) => refs.push(r), step: () => {}, slice: new Slicer(), track: (work) => work };
    await adaptiveLr.run(ctx);
    const ravine = refs.filter((r) => ['gd-large', 'gd-small', 'adagrad', 'rmsprop'].includes(r.role));
    expect(ravine).toHaveLength(4);
    for (const r of ravine) {
      const series = new Map(store.readSeries([r.runId]).map((s) => [s.name, s]));
      const loss = series.get('loss')!;
      const x = series.get('x')!;
      const gradNorm = series.get('gradNorm')!;
      expect(loss.steps[0], r.role).toBe(0);
      expect(loss.steps.at(-1), r.role).toBe(RAVINE_STEPS);
      expect(x.steps).toEqual(loss.steps);
      // ‖g‖ of the update from a point to the next: at that point's update count.
      expect(gradNorm.steps, r.role).toEqual(loss.steps.slice(0, -1).map((_, i) => (r.role === 'gd-large' ? i : loss.steps[i + 1]! - 1)));
      expect(loss.steps.length, r.role).toBe(r.role === 'gd-large' ? RAVINE_STEPS + 1 : RAVINE_STEPS / 10 + 1);
      expect(store.getRun(r.runId).lastStep, r.role).toBe(RAVINE_STEPS + 1);
    }
  });
});
