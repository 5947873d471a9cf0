// Descent on the course's own functions (a slope with a bump, the AMSGrad counterexample, the
// lecture's 2-class classifier…): any engine optimizer and schedule on any dimension, the same
// update code the surface lab races with. Optional projection onto a box (the AMSGrad paper's
// feasible set).
import type { OptimizerSpec, ScheduleSpec } from '../../preload/spec';
import { optimizerSpec, scheduleSpec } from '../../preload/spec';
import { baseLearningRate, createOptimizer } from '../engine/optim';
import { createSchedule } from '../engine/schedules';
import { finish, type Slicer } from './slice';

export interface Objective {
  /** Loss and gradient at θ at update t (t lets an online problem change with time). */
  at(theta: Float64Array, t: number): { loss: number; grad: Float64Array };
}

export interface DescentOptions {
  optimizer: unknown;
  schedule?: unknown;
  steps: number;
  seed?: number;
  /** Clamp every coordinate into [lo, hi] after each update. */
  box?: [number, number];
  /** Record θ every `every` updates (default 1). */
  every?: number;
}

export interface Descent {
  /** θ after each recorded update; path[0] = start. */
  path: number[][];
  /** Loss at each recorded point. */
  loss: number[];
  gradNorm: number[];
  lr: number[];
  status: 'completed' | 'diverged';
  /** Updates performed (path has one point per recorded update, plus the start). */
  steps: number;
  /** The update count at each point of `path` (0 at the start); absent where every update is recorded. */
  at?: number[];
  /** The optimizer's own facts at the end (SWATS: its switch step and Λ). */
  notes: Record<string, number | string | null>;
}

/** Updates between two chances to pause (a few hundred microseconds of work). */
export const DESCENT_SLICE = 64;

export function descend(objective: Objective, start: readonly number[], o: DescentOptions): Descent {
  return finish(descentSteps(objective, start, o));
}

/** The same descent, letting the event loop run whenever the slicer's budget is used. */
export function descendSliced(slicer: Slicer, objective: Objective, start: readonly number[], o: DescentOptions): Promise<Descent> {
  return slicer.drive(descentSteps(objective, start, o));
}

/** The descent as a generator that yields every DESCENT_SLICE updates. */
export function* descentSteps(objective: Objective, start: readonly number[], o: DescentOptions): Generator<void, Descent> {
  const opt = optimizerSpec.parse(o.optimizer) as OptimizerSpec;
  const sched = scheduleSpec.parse(o.schedule ?? { name: 'constant' }) as ScheduleSpec;
  const optimizer = createOptimizer(opt, { seed: o.seed ?? 1 });
  const schedule = createSchedule(sched, baseLearningRate(opt));
  const theta = Float64Array.from(start);
  const state = optimizer.init(theta);
  const every = o.every ?? 1;
  const first = objective.at(theta, 0);
  const out: Descent = { path: [Array.from(theta)], loss: [first.loss], gradNorm: [], lr: [], status: 'completed', steps: 0, at: [0], notes: {} };
  for (let t = 0; t < o.steps; t++) {
    const { grad } = objective.at(theta, t);
    const g = Math.hypot(...grad);
    const lr = schedule(t);
    optimizer.update(grad, state, theta, lr);
    if (o.box) for (let i = 0; i < theta.length; i++) theta[i] = Math.min(o.box[1], Math.max(o.box[0], theta[i]!));
    const loss = objective.at(theta, t + 1).loss;
    if (!Number.isFinite(loss) || theta.some((v) => !Number.isFinite(v))) {
      out.status = 'diverged';
      break;
    }
    out.steps = t + 1;
    if ((t + 1) % every === 0 || t + 1 === o.steps) {
      out.path.push(Array.from(theta));
      out.at!.push(t + 1);
      out.loss.push(loss);
      out.gradNorm.push(g);
      out.lr.push(lr);
    }
    if ((t + 1) % DESCENT_SLICE === 0) yield;
  }
  if (optimizer.describe) out.notes = optimizer.describe(state);
  return out;
}

/** An objective from a loss and its gradient. */
export function objective(value: (p: Float64Array) => number, gradient: (p: Float64Array) => number[]): Objective {
  return { at: (p) => ({ loss: value(p), grad: Float64Array.from(gradient(p)) }) };
}
