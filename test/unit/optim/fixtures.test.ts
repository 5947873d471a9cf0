// Every optimizer against the golden trajectories of test/fixtures/make_optim_fixtures.py
// (torch.optim, or a plain-Python transcription of the paper): θ after every update to 1e-6
// relative per coordinate, and the scheduled lr of every update to 1e-9 relative.
import { describe, expect, it } from 'vitest';
import { optimizerSpec, scheduleSpec, type SurfaceName } from '../../../preload/spec';
import { baseLearningRate, createOptimizer } from '../../../main/engine/optim';
import { createSchedule } from '../../../main/engine/schedules';
import { SURFACES } from '../../../main/engine/surfaces';
import fixture from '../../fixtures/optim.json';

interface Case {
  surface: SurfaceName;
  start: [number, number];
  optimizer: unknown;
  schedule?: unknown;
  points: number[];
  lr: number[];
  info?: { switchStep: number | null; Lambda: number | null };
}

const cases = fixture.cases as Case[];

function label(c: Case): string {
  return `${JSON.stringify(c.optimizer)}${c.schedule ? ' + ' + JSON.stringify(c.schedule) : ''} on ${c.surface}`;
}

/** Replays a fixture case; returns the worst relative errors so a failure says how far off it was. */
function replay(c: Case) {
  const spec = optimizerSpec.parse(c.optimizer);
  const schedule = createSchedule(scheduleSpec.parse(c.schedule ?? { name: 'constant' }), baseLearningRate(spec));
  const opt = createOptimizer(spec, { seed: 1 });
  const surface = SURFACES[c.surface];
  const params = Float64Array.from(c.start);
  const state = opt.init(params);
  const grads = new Float64Array(2);
  let worstParam = { err: 0, step: -1 };
  let worstLr = { err: 0, step: -1 };
  const steps = c.lr.length;
  for (let t = 0; t < steps; t++) {
    const [gx, gy] = surface.gradient(params[0]!, params[1]!);
    grads[0] = gx;
    grads[1] = gy;
    const lr = schedule(t);
    const lrErr = Math.abs(lr - c.lr[t]!) / Math.max(Math.abs(c.lr[t]!), 1e-12);
    if (!(lrErr <= worstLr.err)) worstLr = { err: lrErr, step: t };
    opt.update(grads, state, params, lr);
    for (let i = 0; i < 2; i++) {
      const want = c.points[2 * t + i]!;
      const err = Math.abs(params[i]! - want) / Math.max(1, Math.abs(want));
      if (!(err <= worstParam.err)) worstParam = { err, step: t + 1 };
    }
  }
  return { worstParam, worstLr, described: opt.describe?.(state) };
}

describe('optimizer fixtures (PyTorch 1.13 / paper transcriptions)', () => {
  it('cover every optimizer, schedule-attached runs, and ≥ 200 steps each', () => {
    const names = new Set(cases.map((c) => (c.optimizer as { name: string }).name));
    expect([...names].sort()).toEqual(
      ['adabound', 'adagrad', 'adam', 'adamw', 'amsgrad', 'lookahead', 'nadam', 'nag', 'radam', 'rmsprop', 'sgd', 'sgdm', 'sgdw', 'swats'],
    );
    expect(cases.every((c) => c.lr.length >= 200 && c.points.length === 2 * c.lr.length)).toBe(true);
    expect(new Set(cases.map((c) => c.surface)).size).toBeGreaterThanOrEqual(6);
    expect(cases.filter((c) => c.schedule).length).toBeGreaterThanOrEqual(10);
  });

  it.each(cases.map((c) => [label(c), c] as const))('%s', (_name, c) => {
    const { worstParam, worstLr, described } = replay(c);
    expect(worstLr.err, `lr at step ${worstLr.step}`).toBeLessThanOrEqual(1e-9);
    expect(worstParam.err, `θ after update ${worstParam.step}`).toBeLessThanOrEqual(1e-6);
    if (c.info) {
      expect(described?.switchStep ?? null).toBe(c.info.switchStep);
      if (c.info.Lambda === null) expect(described?.Lambda ?? null).toBeNull();
      else expect(Math.abs((described!.Lambda as number) - c.info.Lambda) / Math.abs(c.info.Lambda)).toBeLessThan(1e-6);
    }
  });
});

describe('RAdam threshold (paper ρ_t > 4 vs PyTorch ρ_t > 5)', () => {
  it('the fixture script verified torch is the paper with threshold 5, first differing at step 5', () => {
    expect(fixture.radamVsTorch.paperVsTorchFirstDifferentStep).toBe(5);
    expect(fixture.radamVsTorch.torchIsThreshold5MaxRelDiff).toBeLessThan(1e-12);
  });
});
