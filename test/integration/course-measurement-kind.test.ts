// Course measurements (studies that are no race on an error surface) are stored as 'surface'
// experiments marked `measurement: true`, which History calls "course measurement"; the course's
// own races keep their surface and stay "error surface". Real store, real §5 section.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { courseExperiment } from '../../main/course/record';
import { classification } from '../../main/course/sections/s5-classification';
import { Slicer } from '../../main/course/slice';
import type { SectionContext } from '../../main/course/types';
import { WorkerPool } from '../../main/engine/pool/pool';
import { Store } from '../../main/store';
import { experimentKindLabel } from '../../renderer/lab/experimentKind';

const dir = mkdtempSync(join(tmpdir(), 'descent-lab-course-kind-'));
const store = Store.open(join(dir, 'lab.db'));
const pool = new WorkerPool({ size: 1 });
afterAll(async () => {
  store.close();
  await pool.shutdown();
  rmSync(dir, { recursive: true, force: true });
});
const ctx = (tag: string): SectionContext => ({ store, pool, seeds: [1], tag, add: () => {}, step: () => {}, slice: new Slicer(), track: (work) => work });

describe('course experiment kinds', () => {
  it('a measurement is a surface experiment marked so; a race keeps its surface', () => {
    const m = store.getExperiment(courseExperiment(ctx('Course §1'), 'u-curve', 'measurement', { model: 'piecewise-constant', sizes: [1, 2] }));
    expect(m.kind).toBe('surface');
    expect(m.spec).toEqual({ measurement: true, model: 'piecewise-constant', sizes: [1, 2] });
    expect(experimentKindLabel(m)).toBe('measurement');
    const race = store.getExperiment(courseExperiment(ctx('Course §3'), 'bump', 'surface', { fn: 'course:bump', lr: 0.1 }));
    expect(race.spec).toEqual({ fn: 'course:bump', lr: 0.1 });
    expect(experimentKindLabel(race)).toBe('surface');
  });

  it('§5 files softmax, the loss grids and the plateau training as course measurements', async () => {
    await classification.run(ctx('Course §5'));
    const mine = store.listExperiments().filter((e) => e.tags.includes('Course §5'));
    expect(mine.map((e) => e.name).sort()).toEqual(['Course §5 · MSE vs cross-entropy error surfaces', 'Course §5 · softmax', 'Course §5 · training from the MSE plateau']);
    for (const e of mine) expect(experimentKindLabel(e), e.name).toBe('measurement');
  });
});
