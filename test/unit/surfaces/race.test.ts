import { describe, expect, it } from 'vitest';
import { SURFACE_NAMES, surfaceExperimentSpec } from '../../../preload/spec';
import { SURFACES, createContestant, createRace, raceLabels, raceSteps, runRace } from '../../../main/engine/surfaces';

const spec = (input: Record<string, unknown>) => surfaceExperimentSpec.parse(input);
const gd = (fn: string, start: [number, number], steps: number, lr: number) =>
  runRace(spec({ fn, start, steps, entries: [{ optimizer: { name: 'sgd', lr } }] })).trajectories[0]!;

describe('runRace bookkeeping', () => {
  it('records steps + 1 points (the start first), the lr of every update and ‖∇f‖ before it', () => {
    const steps = 25;
    const r = runRace(spec({ fn: 'rosenbrock', start: [-1.2, 1], steps, entries: [{ optimizer: { name: 'adam', lr: 0.01 } }, { optimizer: { name: 'sgd', lr: 1e-3 } }] }));
    expect(r.fn).toBe('rosenbrock');
    expect(Number.isFinite(r.ms)).toBe(true);
    for (const t of r.trajectories) {
      expect(t.status).toBe('completed');
      expect(t.points).toHaveLength(steps + 1);
      expect(t.points[0]).toEqual([-1.2, 1, SURFACES.rosenbrock.value(-1.2, 1)]);
      expect(t.lr).toHaveLength(steps);
      expect(t.gradNorm).toHaveLength(steps);
      // ‖g(−1.2, 1)‖ = ‖(−215.6, −88)‖, derived by hand in functions.test.ts
      expect(t.gradNorm[0]).toBeCloseTo(Math.hypot(215.6, 88), 9);
      t.points.forEach(([x, y, loss]) => expect(loss).toBe(SURFACES.rosenbrock.value(x, y)));
    }
    expect(r.trajectories[0]!.lr.every((lr) => lr === 0.01)).toBe(true);
    expect(r.trajectories[1]!.lr.every((lr) => lr === 1e-3)).toBe(true);
  });

  it('uses the schedule from the optimizer’s base rate: step {stepSize 2, γ 0.5} gives 0.1, 0.1, 0.05, 0.05, 0.025', () => {
    const r = runRace(spec({ fn: 'ravine', start: [-4.5, 0.8], steps: 5, entries: [{ optimizer: { name: 'sgd', lr: 0.1 }, schedule: { name: 'step', stepSize: 2, gamma: 0.5 } }] }));
    const lr = r.trajectories[0]!.lr;
    expect(lr.slice(0, 2)).toEqual([0.1, 0.1]);
    expect(lr[2]).toBeCloseTo(0.05, 15);
    expect(lr[3]).toBeCloseTo(0.05, 15);
    expect(lr[4]).toBeCloseTo(0.025, 15);
    // Lookahead starts its schedule from its inner optimizer's rate.
    const la = runRace(spec({ fn: 'ravine', start: [-4.5, 0.8], steps: 3, entries: [{ optimizer: { name: 'lookahead', inner: { name: 'sgd', lr: 0.02 } } }] }));
    expect(la.trajectories[0]!.lr).toEqual([0.02, 0.02, 0.02]);
  });

  it('ends a trajectory as diverged at the first non-finite point, keeping the finite ones', () => {
    const t = gd('ravine', [-4.5, 0.8], 1000, 1e6);
    expect(t.status).toBe('diverged');
    expect(t.points.length).toBeGreaterThan(1);
    expect(t.points.length).toBeLessThan(1001);
    expect(t.points.flat().every(Number.isFinite)).toBe(true);
    expect(t.lr).toHaveLength(t.points.length - 1);
    expect(t.gradNorm).toHaveLength(t.points.length - 1);
  });

  it('is deterministic for a seed, seeds entry i with seed + i, and differs for another seed', () => {
    const noisy = { optimizer: { name: 'sgd', lr: 0.01, gradientNoise: { eta: 0.5 } } };
    const input = { fn: 'himmelblau', start: [0, 0], steps: 50, seed: 42, entries: [noisy, noisy] };
    const a = runRace(spec(input));
    const b = runRace(spec(input));
    expect(a.trajectories.map((t) => t.points)).toEqual(b.trajectories.map((t) => t.points));
    expect(a.trajectories[0]!.points).not.toEqual(a.trajectories[1]!.points);
    const shifted = runRace(spec({ ...input, seed: 43, entries: [noisy] }));
    expect(shifted.trajectories[0]!.points).toEqual(a.trajectories[1]!.points);
    const other = runRace(spec({ ...input, seed: 7 }));
    expect(other.trajectories[0]!.points).not.toEqual(a.trajectories[0]!.points);
  });

  it('labels entries readably and uniquely, keeping given labels', () => {
    const labels = raceLabels(
      spec({
        fn: 'ravine',
        start: [0, 0],
        steps: 1,
        entries: [
          { optimizer: { name: 'adam', lr: 0.01 } },
          { optimizer: { name: 'adam', lr: 0.01, beta1: 0.5 } },
          { optimizer: { name: 'sgd', lr: 0.1 }, schedule: { name: 'cosine', tMax: 10 } },
          { optimizer: { name: 'lookahead', inner: { name: 'adam', lr: 0.01 } } },
          { label: 'mine', optimizer: { name: 'sgd' } },
          { label: 'mine', optimizer: { name: 'sgd' } },
        ],
      }),
    );
    expect(labels).toEqual(['adam lr=0.01', 'adam lr=0.01 #2', 'sgd lr=0.1 cosine', 'lookahead(adam) lr=0.01', 'mine', 'mine #2']);
  });

  it('carries the optimizer’s describe() as notes (RAdam’s ρ) and none for plain SGD', () => {
    const r = runRace(spec({ fn: 'ravine', start: [-4.5, 0.8], steps: 10, entries: [{ optimizer: { name: 'radam' } }, { optimizer: { name: 'sgd' } }] }));
    expect(r.trajectories[0]!.notes).toHaveProperty('rho');
    expect(r.trajectories[1]!.notes).toBeUndefined();
  });

  it('refuses a start where the surface is not finite, naming the field', () => {
    expect(() => gd('rosenbrock', [1e200, 0], 3, 0.1)).toThrow(/start: rosenbrock is not finite/);
  });
});

describe('incremental races', () => {
  const input = { fn: 'beale', start: [1, 1.5], steps: 95, entries: [{ optimizer: { name: 'adam', lr: 0.05 } }, { optimizer: { name: 'sgd', lr: 1e6 } }, { optimizer: { name: 'nag', lr: 1e-3 } }] };

  it('advancing in chunks gives exactly the one-shot result', () => {
    const whole = runRace(spec(input));
    const race = createRace(spec(input));
    const ts: number[] = [];
    while (!race.done) ts.push(race.advance(10));
    expect(ts).toEqual([10, 20, 30, 40, 50, 60, 70, 80, 90, 95]);
    expect(race.result().trajectories).toEqual(whole.trajectories);
    expect(whole.trajectories[1]!.status).toBe('diverged');
  });

  it('the generator yields after every chunk and returns the result; one contestant alone gives the same numbers', () => {
    const gen = raceSteps(spec(input), 40);
    let yields = 0;
    let next = gen.next();
    while (!next.done) {
      yields++;
      next = gen.next();
    }
    expect(yields).toBe(3);
    const whole = runRace(spec(input));
    expect(next.value.trajectories).toEqual(whole.trajectories);
    const alone = createContestant(spec(input), 2);
    alone.advance(1000);
    expect(alone.done).toBe(true);
    expect(alone.trajectory).toEqual(whole.trajectories[2]);
  });
});

describe('plain gradient descent physics (closed forms, LECTURE §2 and §4)', () => {
  it('on the ravine follows x_t = x₀(1 − 0.2η)ᵗ, y_t = y₀(1 − 20η)ᵗ', () => {
    const lr = 0.01;
    const t = gd('ravine', [-4.5, 0.8], 200, lr);
    t.points.forEach(([x, y], k) => {
      expect(x).toBeCloseTo(-4.5 * (1 - 0.2 * lr) ** k, 12);
      expect(y).toBeCloseTo(0.8 * (1 - 20 * lr) ** k, 12);
    });
    // One step by hand: (−4.5 + 0.01·0.9, 0.8 − 0.01·16).
    expect(t.points[1]![0]).toBeCloseTo(-4.491, 14);
    expect(t.points[1]![1]).toBeCloseTo(0.64, 14);
  });

  it('oscillates across the ravine at η = 0.099 (1 − 20η = −0.98): y flips sign every step', () => {
    const t = gd('ravine', [-4.5, 0.8], 300, 0.099);
    for (let k = 1; k < t.points.length; k++) {
      expect(Math.sign(t.points[k]![1])).toBe(-Math.sign(t.points[k - 1]![1]));
      expect(Math.abs(t.points[k]![1]) / Math.abs(t.points[k - 1]![1])).toBeCloseTo(0.98, 10);
    }
    expect(t.status).toBe('completed');
  });

  it('diverges just above η = 2/λmax = 0.1 (|1 − 20η| > 1)', () => {
    const t = gd('ravine', [-4.5, 0.8], 20, 0.11);
    const ys = t.points.map((p) => Math.abs(p[1]));
    expect(ys[20]! / ys[0]!).toBeCloseTo(1.2 ** 20, 6);
    expect(gd('ravine', [-4.5, 0.8], 5000, 0.11).status).toBe('diverged');
  });

  it('crawls at a small η: y has settled but x has moved < 2% of the way after 1000 steps', () => {
    const t = gd('ravine', [-4.5, 0.8], 1000, 1e-4);
    const [x, y] = t.points[1000]!;
    expect(Math.abs(y)).toBeLessThan(0.8 * 0.9981 ** 1000); // (1 − 20·1e-4)^1000 ≈ 0.135
    expect(Math.abs(x) / 4.5).toBeGreaterThan(0.98); // (1 − 0.2·1e-4)^1000 ≈ 0.980
  });

  it('escapes the saddle x² − y² along y: y_t = y₀(1 + 2η)ᵗ while x_t = x₀(1 − 2η)ᵗ', () => {
    const lr = 0.01;
    const t = gd('saddle', [-1.8, 1e-3], 300, lr);
    t.points.forEach(([x, y], k) => {
      expect(x).toBeCloseTo(-1.8 * (1 - 2 * lr) ** k, 12);
      expect(y / (1e-3 * (1 + 2 * lr) ** k)).toBeCloseTo(1, 12);
    });
  });
});

describe('suggested rates ("race all")', () => {
  it.each(SURFACE_NAMES)('every suggested rate on %s runs 300 steps from the default start and moves', (fn) => {
    const s = SURFACES[fn];
    const entries = Object.entries(s.suggestedLr).map(([name, lr]) => ({ optimizer: { name, lr } }));
    const r = runRace(spec({ fn, start: s.start, steps: 300, entries }));
    const diagonal = Math.hypot(s.window[0][1] - s.window[0][0], s.window[1][1] - s.window[1][0]);
    for (const t of r.trajectories) {
      // AdaBound's rate tends to finalLr = 0.1 whatever lr is; on the unbounded cubic it runs off.
      if (fn === 'monkey' && t.optimizer.name === 'adabound') continue;
      expect(t.status, t.label).toBe('completed');
      const [x, y, loss] = t.points.at(-1)!;
      expect(loss, t.label).toBeLessThan(t.points[0]![2]);
      expect(Math.hypot(x - s.start[0], y - s.start[1]) / diagonal, t.label).toBeGreaterThan(0.02);
    }
  });
});
