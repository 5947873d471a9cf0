// "Store a race as an experiment": the one function the CLI (`surface --save`) and the API's
// `surface:save` handler both call, so a saved surface run means the same thing everywhere.
// Takes the race's plain data (contract types), never the engine.
import type { RaceResult, Trajectory } from '../../preload/contract';
import type { Store } from './store';

interface SavedRace {
  experimentId: number;
  runIds: number[];
}

/** Summary stored with each run: non-finite losses (a diverged run) become null in JSON. */
export function trajectorySummary(t: Trajectory): {
  finalLoss: number | null;
  bestLoss: number | null;
  finalX: number | null;
  finalY: number | null;
  steps: number;
} {
  const finite = (v: number | undefined) => (v !== undefined && Number.isFinite(v) ? v : null);
  const last = t.points[t.points.length - 1];
  let best: number | null = null;
  for (const p of t.points) if (Number.isFinite(p[2]) && (best === null || p[2] < best)) best = p[2];
  return { finalLoss: finite(last?.[2]), bestLoss: best, finalX: finite(last?.[0]), finalY: finite(last?.[1]), steps: Math.max(0, t.points.length - 1) };
}

/**
 * One experiment (kind 'surface', spec = the race spec) with one run per entry (label, seed =
 * spec.seed + i as the race seeds gradient noise, status, spec = the entry) and its series
 * 'x', 'y', 'loss' (step 0 = the start) and 'lr', 'gradNorm' (step = update index).
 * All in one transaction: a failure stores nothing.
 */
export function saveRaceResult(store: Store, meta: { name: string; notes?: string; tags?: string[] }, race: RaceResult): SavedRace {
  return store.transaction(() => {
    const experiment = store.createExperiment({ name: meta.name, kind: 'surface', spec: race.spec, notes: meta.notes ?? '', tags: meta.tags ?? [] });
    const runIds = race.trajectories.map((t, i) => {
      const summary = trajectorySummary(t);
      const run = store.createRun({
        experimentId: experiment.id,
        label: t.label,
        seed: race.spec.seed + i,
        spec: race.spec.entries[i] ?? { optimizer: t.optimizer, schedule: t.schedule },
        status: t.status,
        lastStep: summary.steps,
        summary,
      });
      const pointSteps = t.points.map((_, k) => k);
      store.appendPoints(run.id, 'x', pointSteps, t.points.map((p) => p[0]));
      store.appendPoints(run.id, 'y', pointSteps, t.points.map((p) => p[1]));
      store.appendPoints(run.id, 'loss', pointSteps, t.points.map((p) => p[2]));
      store.appendPoints(run.id, 'lr', t.lr.map((_, k) => k), t.lr);
      store.appendPoints(run.id, 'gradNorm', t.gradNorm.map((_, k) => k), t.gradNorm);
      return run.id;
    });
    return { experimentId: experiment.id, runIds };
  });
}
