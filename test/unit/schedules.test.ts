// Every schedule against torch.optim.lr_scheduler (test/fixtures/make_optim_fixtures.py) at every
// one of 300 updates to 1e-9 relative, plus the formulas torch does not have, derived by hand.
import { describe, expect, it } from 'vitest';
import { SCHEDULE_NAMES, scheduleSpec } from '../../preload/spec';
import { createSchedule } from '../../main/engine/schedules';
import fixture from '../fixtures/schedules.json';

interface Case {
  schedule: unknown;
  baseLr: number;
  lr: number[];
}
const cases = fixture.cases as Case[];

describe('schedules vs torch.optim.lr_scheduler', () => {
  it('cover every schedule for ≥ 300 steps', () => {
    const names = new Set(cases.map((c) => (c.schedule as { name: string }).name));
    expect([...names].sort()).toEqual([...SCHEDULE_NAMES].sort());
    expect(cases.every((c) => c.lr.length >= 300)).toBe(true);
  });

  it.each(cases.map((c) => [JSON.stringify(c.schedule), c] as const))('%s', (_name, c) => {
    const schedule = createSchedule(scheduleSpec.parse(c.schedule), c.baseLr);
    let worst = { err: 0, t: -1 };
    c.lr.forEach((want, t) => {
      // Relative, with a floor where torch's recursive form leaves ~1e-18 of what is exactly 0.
      const err = Math.abs(schedule(t) - want) / Math.max(Math.abs(want), 1e-12);
      if (!(err <= worst.err)) worst = { err, t };
    });
    expect(worst.err, `at t = ${worst.t}`).toBeLessThanOrEqual(1e-9);
  });
});

describe('schedule formulas by hand', () => {
  const make = (spec: unknown, base = 1) => createSchedule(scheduleSpec.parse(spec), base);

  it('invsqrt peaks at t + 1 = warmupSteps with base·d^−½·warmup^−½', () => {
    const s = make({ name: 'invsqrt', dModel: 16, warmupSteps: 4 }, 2);
    expect(s(0)).toBeCloseTo(2 * 0.25 * 1 * 4 ** -1.5, 15); // (t+1)·w^−1.5 = 1/8
    expect(s(3)).toBeCloseTo(2 * 0.25 * 0.5, 15); // both branches: 4^−½ = 4·4^−1.5 = ½
    expect(s(15)).toBeCloseTo(2 * 0.25 * 0.25, 15); // 16^−½
  });

  it('rangeTest goes geometrically from minLr to maxLr over its steps, then holds', () => {
    const s = make({ name: 'rangeTest', minLr: 1e-4, maxLr: 1, steps: 5 }, 123);
    [1e-4, 1e-3, 1e-2, 1e-1, 1, 1].forEach((want, t) => expect(Math.abs(s(t) - want) / want).toBeLessThan(1e-12));
  });

  it('warmup from 0 is linear and hands over to `then` with its clock restarted', () => {
    const s = make({ name: 'warmup', steps: 4, then: { name: 'step', stepSize: 2, gamma: 0.5 } }, 0.8);
    [0, 0.2, 0.4, 0.6, 0.8, 0.8, 0.4, 0.4].forEach((want, t) => expect(s(t)).toBeCloseTo(want, 15));
  });

  it('onecycle holds its final rate after totalSteps (where torch would raise)', () => {
    const s = make({ name: 'onecycle', maxLr: 1, totalSteps: 10 });
    expect(s(9)).toBeCloseTo(1 / 25 / 1e4, 18);
    expect(s(50)).toBe(s(9));
  });

  it('cyclic and onecycle use their own rates, not the optimizer rate', () => {
    expect(make({ name: 'cyclic', baseLr: 0.01, maxLr: 0.1, stepSizeUp: 10 }, 5)(0)).toBe(0.01);
    expect(make({ name: 'onecycle', maxLr: 0.5, totalSteps: 100 }, 5)(0)).toBeCloseTo(0.02, 15);
  });
});
