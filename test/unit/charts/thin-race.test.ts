// The race answer thinned for display at its source (main/engine/surfaces/thin.ts): a 100k-step
// trajectory from the real engine comes back as a few thousand entries, each one exactly the full
// trajectory's entry at its step, with the first and last points, the loss's lowest value, the
// gradient's spikes and a diverged run's last point among them; a short race comes back whole.
import { describe, expect, it } from 'vitest';
import { runRace } from '../../../main/engine/surfaces';
import { thinTrajectory } from '../../../main/engine/surfaces/thin';
import { LINE_BUDGET, PATH_BUDGET } from '../../../renderer/charts/decimate';
import { atSteps, entryAt, lastStep } from '../../../renderer/charts/steps';
import { surfaceExperimentSpec } from '../../../preload/spec';

const race = (steps: number, lr: number) =>
  surfaceExperimentSpec.parse({ kind: 'surface', fn: 'rosenbrock', start: [-1.5, 2], steps, seed: 1, entries: [{ optimizer: { name: 'sgd', lr } }] });

describe('a race trajectory thinned for display', () => {
  const full = runRace(race(100_000, 1e-7)).trajectories[0]!;
  const thin = thinTrajectory(full);

  it('keeps a few thousand ascending steps from 0 to the last, and says how long the whole is', () => {
    expect(full.points).toHaveLength(100_001);
    const steps = thin.steps!;
    expect(steps.length).toBeLessThanOrEqual(PATH_BUDGET + 3 * LINE_BUDGET);
    expect(steps.length).toBeGreaterThan(LINE_BUDGET / 2);
    expect(steps[0]).toBe(0);
    expect(steps.at(-1)).toBe(100_000);
    for (let k = 1; k < steps.length; k++) expect(steps[k]!).toBeGreaterThan(steps[k - 1]!);
    expect(thin.total).toBe(100_001);
    expect(lastStep(thin)).toBe(100_000);
  });

  it('holds each kept entry exactly as the full trajectory has it at that step', () => {
    const steps = thin.steps!;
    steps.forEach((s, k) => expect(thin.points[k]).toEqual(full.points[s]));
    expect(thin.lr).toHaveLength(steps.filter((s) => s < full.lr.length).length);
    thin.lr.forEach((v, k) => expect(v).toBe(full.lr[steps[k]!]));
    thin.gradNorm.forEach((v, k) => expect(v).toBe(full.gradNorm[steps[k]!]));
    expect(atSteps(thin, thin.gradNorm).at(-1)).toEqual([steps.at(-2), full.gradNorm.at(-1)]);
  });

  it('keeps the loss’s lowest and the gradient norm’s highest and lowest values', () => {
    const lowest = (values: number[]) => values.reduce((m, v) => (v < m ? v : m), Infinity);
    const highest = (values: number[]) => values.reduce((m, v) => (v > m ? v : m), -Infinity);
    expect(lowest(thin.points.map((p) => p[2]))).toBe(lowest(full.points.map((p) => p[2])));
    expect(highest(thin.gradNorm)).toBe(highest(full.gradNorm));
    expect(lowest(thin.gradNorm)).toBe(lowest(full.gradNorm));
  });

  it('finds the entry shown at a playback step', () => {
    const steps = thin.steps!;
    const k = entryAt(thin, thin.points.length, 50_000);
    expect(steps[k]!).toBeLessThanOrEqual(50_000);
    expect(steps[k + 1]!).toBeGreaterThan(50_000);
    expect(entryAt(thin, thin.points.length, 100_000)).toBe(thin.points.length - 1);
    expect(entryAt({}, 301, 120)).toBe(120);
  });

  it('keeps a diverged run’s last point, and leaves a short race whole', () => {
    // The 100k crawl cut where a blow-up would end it: step 60 000 becomes non-finite, as the engine stops there.
    const cut = 60_001;
    const diverged = {
      ...full,
      status: 'diverged' as const,
      points: full.points.slice(0, cut).map((p, i): [number, number, number] => (i === cut - 1 ? [p[0], p[1], Infinity] : p)),
      lr: full.lr.slice(0, cut - 1),
      gradNorm: full.gradNorm.slice(0, cut - 1),
    };
    const t = thinTrajectory(diverged);
    expect(t.points.at(-1)).toEqual(diverged.points.at(-1));
    expect(t.steps!.at(-1)).toBe(60_000);
    expect(lastStep(t)).toBe(60_000);
    const short = runRace(race(300, 1e-3)).trajectories[0]!;
    expect(thinTrajectory(short)).toBe(short);
  });
});
