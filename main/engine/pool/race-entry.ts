// One entry of an error-surface race as a pool task, so a race's entries run side by side on
// the workers. The numbers are the race runner's own (surfaces/race.ts seeds entry i with
// spec.seed + i wherever it runs); this adds streaming of the trajectory as metric batches and
// the same control words as training (pause, stop, cancel), checked between slices of updates.
import type { Trajectory } from '../../../preload/contract';
import type { SurfaceExperimentSpec } from '../../../preload/spec';
import { createContestant } from '../surfaces';
import { thinTrajectory } from '../surfaces/thin';
import { Command, CTRL_CMD, CTRL_STATE, CTRL_UPDATE, TrainerState } from './shared';
import type { SeriesBatch, TrainMessage } from './trainer';

export interface RaceEntryPayload {
  spec: SurfaceExperimentSpec;
  index: number;
  label: string;
  /** Int32 control words (shared.ts CTRL_*), or null for an uncontrolled entry. */
  control: SharedArrayBuffer | null;
  /** Post series batches at most this often (ms); null: post nothing, just return the trajectory. */
  reportMs: number | null;
  /** Return the trajectory thinned for display (surfaces/thin.ts) rather than whole. */
  display?: boolean;
}

export interface RaceEntryResult {
  trajectory: Trajectory;
  outcome: 'completed' | 'diverged' | 'stopped' | 'cancelled';
}

/** Updates between looks at the control word and the clock: ~10 µs of work on a 2-D surface. */
const SLICE = 64;

export function runRaceEntry(p: RaceEntryPayload, post: (m: TrainMessage) => void): RaceEntryResult {
  const c = createContestant(p.spec, p.index, p.label);
  const tr = c.trajectory;
  const control = p.control ? new Int32Array(p.control) : null;
  let sentPoints = 0;
  let sentUpdates = 0;
  let lastReport = performance.now();
  const report = () => {
    lastReport = performance.now();
    const series: SeriesBatch = {};
    const range = (from: number, to: number) => Array.from({ length: to - from }, (_, k) => from + k);
    const pointSteps = range(sentPoints, tr.points.length);
    const newPoints = tr.points.slice(sentPoints);
    series.x = { steps: pointSteps, values: newPoints.map((q) => q[0]) };
    series.y = { steps: pointSteps, values: newPoints.map((q) => q[1]) };
    series.loss = { steps: pointSteps, values: newPoints.map((q) => q[2]) };
    const updateSteps = range(sentUpdates, tr.lr.length);
    series.lr = { steps: updateSteps, values: tr.lr.slice(sentUpdates) };
    series.gradNorm = { steps: updateSteps, values: tr.gradNorm.slice(sentUpdates) };
    sentPoints = tr.points.length;
    sentUpdates = tr.lr.length;
    post({ type: 'metrics', epoch: 0, update: c.t, total: p.spec.steps, series });
  };
  let outcome: RaceEntryResult['outcome'] | null = null;
  while (!c.done && !outcome) {
    c.advance(SLICE);
    if (!control) continue;
    Atomics.store(control, CTRL_UPDATE, c.t);
    if (p.reportMs !== null && performance.now() - lastReport >= p.reportMs) report();
    let command = Atomics.load(control, CTRL_CMD);
    if (command === Command.pause) {
      if (p.reportMs !== null) report();
      Atomics.store(control, CTRL_STATE, TrainerState.paused);
      post({ type: 'state', state: 'paused' });
      while (command === Command.pause) {
        Atomics.wait(control, CTRL_CMD, Command.pause, 100);
        command = Atomics.load(control, CTRL_CMD);
      }
      Atomics.store(control, CTRL_STATE, TrainerState.running);
      if (command === Command.run) post({ type: 'state', state: 'running' });
    }
    if (command === Command.stop) outcome = 'stopped';
    if (command === Command.cancel) outcome = 'cancelled';
  }
  if (p.reportMs !== null) report();
  if (control) Atomics.store(control, CTRL_STATE, TrainerState.finished);
  return { trajectory: p.display ? thinTrajectory(tr) : tr, outcome: outcome ?? tr.status };
}
