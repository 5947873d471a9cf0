// How a section stores what it runs, so every course run is an ordinary stored run tagged with
// its section: network runs through the one run lifecycle (recordRun, on the worker pool), and
// measurements (a descent on one of the course's own functions, an analysis) as runs of a
// 'surface' experiment with their numbers in the summary and their curves as series.
import type { ExperimentSpec } from '../../preload/experiment';
import { experimentSpec, type ExperimentInput } from '../../preload/experiment';
import { COURSE_EXPERIMENTS, type CourseExperimentKey } from '../../preload/shapes';
import { recordRun, type RecordedRun, type RunHooks } from '../engine/runs/record';
import type { Descent } from './descent';
import type { SectionContext } from './types';

type Summary = Record<string, number | string | null>;


/**
 * Work a section starts now and awaits later (networks training while it measures): should the
 * section stop or fail in between, its rejection is not left unhandled; awaited, it still rejects.
 */
export function meanwhile<T>(work: Promise<T>): Promise<T> {
  work.catch(() => undefined);
  return work;
}

/**
 * One experiment of the section (a group of runs), tagged with the section and stored under its
 * English name (COURSE_EXPERIMENTS: the pages show it in their language). A 'measurement' (a
 * study that is no race on an error surface: model sizes, bound sampling, softmax, loss grids) is
 * stored as a 'surface' experiment whose spec says `measurement: true`, so History names it so.
 */
export function courseExperiment(ctx: SectionContext, key: CourseExperimentKey, kind: 'network' | 'surface' | 'measurement', spec: unknown): number {
  const stored = kind === 'measurement' ? { measurement: true, ...(spec as object) } : spec;
  const name = `${ctx.tag} · ${COURSE_EXPERIMENTS[key].en}`;
  return ctx.store.createExperiment({ name, kind: kind === 'network' ? 'network' : 'surface', spec: stored, tags: [ctx.tag] }).id;
}

export const parseExperiment = (input: ExperimentInput): ExperimentSpec => experimentSpec.parse(input);

/**
 * Trains `spec` on the pool as a run of `experimentId` labelled `role · seed k`, and notes its role.
 * A spec given as a function is built in the run's own turn (runs launched together prepare one
 * after another, the event loop running between them).
 */
export async function trainRole(
  ctx: SectionContext,
  experimentId: number,
  role: string,
  seed: number,
  spec: ExperimentSpec | (() => ExperimentSpec),
  o: Pick<RunHooks, 'threads' | 'summary'> = {},
): Promise<RecordedRun> {
  await ctx.slice.turn();
  // A run not yet begun when the section is stopped is never begun.
  ctx.slice.check();
  const parsed = typeof spec === 'function' ? spec() : spec;
  const run = await ctx.track(
    recordRun({ ...parsed, name: `${role} · seed ${seed}`, seed }, ctx.store, {
      pool: ctx.pool,
      threads: o.threads ?? 1,
      ...(o.summary ? { summary: o.summary } : {}),
      target: { experimentId },
      signal: ctx.signal,
    }),
  );
  ctx.add({ role, seed, runId: run.runId });
  ctx.step(`${role} · seed ${seed}`, run.runId);
  return run;
}

/** Stores a measurement as a completed run: numbers in the summary, curves as series (step = index). */
export function storeMeasurement(
  ctx: SectionContext,
  experimentId: number,
  role: string,
  seed: number,
  summary: Summary,
  series: Record<string, ArrayLike<number>> = {},
  spec: unknown = {},
  /** Where a series' points lie on its x axis (an update count, say) when not at 0, 1, 2, …. */
  steps: Partial<Record<string, readonly number[]>> = {},
): number {
  // A measurement finished after the section was stopped is not stored (the section reports stopped).
  ctx.slice.check();
  const finite: Summary = {};
  for (const [k, v] of Object.entries(summary)) finite[k] = typeof v === 'number' && !Number.isFinite(v) ? null : v;
  const runId = ctx.store.transaction(() => {
    const at = Object.fromEntries(Object.entries(series).map(([name, values]) => [name, steps[name] ?? Array.from({ length: values.length }, (_, i) => i)]));
    const lastStep = Math.max(0, ...Object.values(at).map((xs) => (xs.length ? xs[xs.length - 1]! + 1 : 0)));
    const run = ctx.store.createRun({ experimentId, label: `${role} · seed ${seed}`, seed, spec, status: 'completed', lastStep, summary: finite as never });
    for (const [name, values] of Object.entries(series)) ctx.store.appendPoints(run.id, name, at[name]!, values);
    return run.id;
  });
  ctx.add({ role, seed, runId });
  ctx.step(`${role} · seed ${seed}`);
  return runId;
}

/**
 * A descent stored as a run: its end in the summary (plus `extra`), its x, y, loss, gradNorm and lr
 * as series, each point at its update count (a descent that kept every 10th update ends at its
 * last update, not at a tenth of it); gradNorm and lr belong to the update from a point to the next.
 */
export function storeDescent(ctx: SectionContext, experimentId: number, role: string, seed: number, d: Descent, extra: Summary, spec: unknown): number {
  const end = d.path.at(-1)!;
  const before = d.at?.slice(1).map((t) => t - 1);
  return storeMeasurement(
    ctx,
    experimentId,
    role,
    seed,
    { finalX: end[0]!, finalY: end[1] ?? null, finalLoss: d.loss.at(-1)!, steps: d.steps, status: d.status, ...extra },
    { x: d.path.map((p) => p[0]!), y: d.path.map((p) => p[1] ?? 0), loss: d.loss, gradNorm: d.gradNorm, lr: d.lr },
    spec,
    d.at && before ? { x: d.at, y: d.at, loss: d.at, gradNorm: before, lr: before } : {},
  );
}
