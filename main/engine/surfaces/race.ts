// Races several optimizer configurations from the same start on one error surface.
// For update t = 0..steps−1 of each entry: g = ∇f(θ); lr_t = schedule(t) from the optimizer's base
// rate; optimizer.update(g, state, θ, lr_t); record θ and f(θ). A non-finite θ or f(θ) ends that
// entry as 'diverged', keeping the points so far. Entry i's gradient noise is seeded spec.seed + i,
// so an entry gives the same numbers whether it runs here, alone, or in a worker thread.
//
// Every trajectory keeps points.length = lr.length + 1 = gradNorm.length + 1: lr[t] and
// gradNorm[t] (‖∇f‖ at points[t], before any noise or clipping) belong to the update that
// produced points[t + 1], so the update that diverged is not recorded.
import type { RaceResult, Trajectory } from '../../../preload/contract';
import type { OptimizerSpec, SurfaceExperimentSpec } from '../../../preload/spec';
import { baseLearningRate, createOptimizer, type Optimizer } from '../optim';
import { createSchedule, type Schedule } from '../schedules';
import { requireSurface, type Surface } from './functions';

/** "adam lr=0.01", "lookahead(adam) lr=0.01", plus the schedule when it is not constant. */
function defaultLabel(entry: SurfaceExperimentSpec['entries'][number]): string {
  const name = (spec: OptimizerSpec): string => (spec.name === 'lookahead' ? `lookahead(${name(spec.inner)})` : spec.name);
  const schedule = entry.schedule.name === 'constant' ? '' : ` ${entry.schedule.name}`;
  return `${name(entry.optimizer)} lr=${baseLearningRate(entry.optimizer)}${schedule}`;
}

/** One label per entry: the given one or a default, made unique with " #2", " #3", … */
export function raceLabels(spec: SurfaceExperimentSpec): string[] {
  const taken = new Set<string>();
  return spec.entries.map((entry) => {
    const wanted = entry.label ?? defaultLabel(entry);
    let label = wanted;
    for (let n = 2; taken.has(label); n++) label = `${wanted} #${n}`;
    taken.add(label);
    return label;
  });
}

/** One entry of a race, advanced an update at a time; its trajectory grows in place. */
interface Contestant {
  readonly trajectory: Trajectory;
  /** Updates done so far. */
  readonly t: number;
  readonly done: boolean;
  /** Performs up to `count` more updates (fewer when it finishes or diverges); returns how many. */
  advance(count: number): number;
}

export function createContestant(spec: SurfaceExperimentSpec, index: number, label = raceLabels(spec)[index]!): Contestant {
  const entry = spec.entries[index];
  if (!entry) throw new RangeError(`entries: no entry ${index} (the race has ${spec.entries.length})`);
  const surface = requireSurface(spec.fn);
  const [x0, y0] = spec.start;
  const loss0 = surface.value(x0, y0);
  if (!Number.isFinite(x0) || !Number.isFinite(y0) || !Number.isFinite(loss0)) {
    throw new RangeError(`start: ${spec.fn} is not finite at (${x0}, ${y0})`);
  }
  const optimizer: Optimizer = createOptimizer(entry.optimizer, { seed: spec.seed + index });
  const schedule: Schedule = createSchedule(entry.schedule, baseLearningRate(entry.optimizer));
  const theta = new Float64Array([x0, y0]);
  const grads = new Float64Array(2);
  const state = optimizer.init(theta);
  const trajectory: Trajectory = {
    label,
    optimizer: entry.optimizer,
    schedule: entry.schedule,
    points: [[x0, y0, loss0]],
    lr: [],
    gradNorm: [],
    status: 'completed',
  };
  let t = 0;
  let diverged = false;

  const refreshNotes = () => {
    if (optimizer.describe) trajectory.notes = optimizer.describe(state);
  };
  refreshNotes();

  return {
    trajectory,
    get t() {
      return t;
    },
    get done() {
      return diverged || t >= spec.steps;
    },
    advance(count) {
      let performed = 0;
      while (performed < count && !diverged && t < spec.steps) {
        if (!step(surface, optimizer, state, theta, grads, schedule(t), trajectory)) {
          diverged = true;
          trajectory.status = 'diverged';
        } else {
          t++;
        }
        performed++;
      }
      if (performed > 0) refreshNotes();
      return performed;
    },
  };
}

/** One update; false (and nothing recorded) when θ or f(θ) stops being finite. */
function step(surface: Surface, optimizer: Optimizer, state: unknown, theta: Float64Array, grads: Float64Array, lr: number, trajectory: Trajectory): boolean {
  const [gx, gy] = surface.gradient(theta[0]!, theta[1]!);
  grads[0] = gx;
  grads[1] = gy;
  optimizer.update(grads, state, theta, lr);
  const x = theta[0]!;
  const y = theta[1]!;
  const loss = surface.value(x, y);
  if (!Number.isFinite(x) || !Number.isFinite(y) || !Number.isFinite(loss)) return false;
  trajectory.points.push([x, y, loss]);
  trajectory.lr.push(lr);
  trajectory.gradNorm.push(Math.hypot(gx, gy));
  if (optimizer.trace) {
    const traces = (trajectory.traces ??= {});
    for (const [name, value] of Object.entries(optimizer.trace(state))) (traces[name] ??= []).push(value);
  }
  return true;
}

/** All entries of a race, advanced together so a live view can draw them as they go. */
interface Race {
  readonly spec: SurfaceExperimentSpec;
  readonly contestants: readonly Contestant[];
  /** Updates done by the slowest entry still running (= spec.steps when all are done). */
  readonly t: number;
  readonly done: boolean;
  /** Up to `count` more updates on every entry still running; returns the new `t`. */
  advance(count: number): number;
  /** The result so far (trajectories are the live objects, not copies). */
  result(): RaceResult;
}

export function createRace(spec: SurfaceExperimentSpec): Race {
  const started = performance.now();
  const labels = raceLabels(spec);
  const contestants = spec.entries.map((_, i) => createContestant(spec, i, labels[i]));
  const t = () => Math.min(...contestants.map((c) => (c.done ? spec.steps : c.t)));
  return {
    spec,
    contestants,
    get t() {
      return t();
    },
    get done() {
      return contestants.every((c) => c.done);
    },
    advance(count) {
      for (const c of contestants) c.advance(count);
      return t();
    },
    result: () => ({ fn: spec.fn, spec, trajectories: contestants.map((c) => c.trajectory), ms: performance.now() - started }),
  };
}

/**
 * The same race as a generator: yields the race after every `chunk` updates (for streaming
 * progress) and returns the final result.
 */
export function* raceSteps(spec: SurfaceExperimentSpec, chunk = 100): Generator<Race, RaceResult> {
  const race = createRace(spec);
  while (!race.done) {
    race.advance(chunk);
    yield race;
  }
  return race.result();
}

/** Runs a whole race synchronously. */
export function runRace(spec: SurfaceExperimentSpec): RaceResult {
  const race = createRace(spec);
  race.advance(spec.steps);
  return race.result();
}
