// A whole error-surface race on the pool: one job per entry, run side by side, the result
// assembled in entry order — the same RaceResult as surfaces/race.ts's runRace, entry for entry.
import type { RaceResult } from '../../../preload/contract';
import type { SurfaceExperimentSpec } from '../../../preload/spec';
import { raceLabels } from '../surfaces';
import type { WorkerPool } from './pool';
import type { RaceEntryPayload, RaceEntryResult } from './race-entry';

/** display: each entry comes back thinned for the charts (surfaces/thin.ts), done in its worker. */
export async function runRaceOnPool(pool: WorkerPool, spec: SurfaceExperimentSpec, options: { display?: boolean } = {}): Promise<RaceResult> {
  const started = performance.now();
  const labels = raceLabels(spec);
  const jobs = spec.entries.map((_, index) => {
    const payload: RaceEntryPayload = { spec, index, label: labels[index]!, control: null, reportMs: null, display: options.display === true };
    // Interactive lane: a race is answered while a network trains on the other workers.
    return pool.submit<RaceEntryResult>('race-entry', payload, { interactive: true }).done;
  });
  const results = await Promise.all(jobs);
  return { fn: spec.fn, spec, trajectories: results.map((r) => r.trajectory), ms: performance.now() - started };
}
