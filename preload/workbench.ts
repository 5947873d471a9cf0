// The workbench's part of the contract (issue 6): variants and sweeps, run control, the live
// dashboard, history search, saved comparisons, experiment files and run bundles. Spread into
// `channels` in contract.ts, so these are ordinary channels of the one table.
import { z } from 'zod';
import type { ExperimentSpec } from './experiment';
import type { SurfaceExperimentSpec } from './spec';
import { experimentKind, id, name, runStatus, type ExperimentKind, type RunRow, type RunStatus } from './shapes';

// ---------------------------------------------------------------- shapes

/** One varied field: a dotted path into the experiment spec and the values it takes. */
export interface VariantAxis {
  /** e.g. "optimizer" (values: names or whole optimizer specs), "optimizer.lr", "batchSize", "seed", "model.0.dense". */
  path: string;
  values: unknown[];
}

/** One cell of a variant grid: a concrete, validated spec. */
export interface VariantCell {
  /** e.g. "optimizer=adam, lr=0.01, seed=2" (one "key=value" per axis, in axis order). */
  label: string;
  /** The axis values of this cell, by axis path. */
  values: Record<string, unknown>;
  spec: ExperimentSpec;
}

export interface VariantGrid {
  cells: VariantCell[];
  /** The grid's size (the product of the axes' lengths). */
  total: number;
}

/** A live network run as the dashboard shows it. */
export interface ActiveRun {
  runId: number;
  experimentId: number;
  experimentName: string;
  label: string;
  /** queued, running or paused (a run leaves the list once it ends). */
  status: RunStatus;
  epoch: number;
  /** Updates done so far. */
  step: number;
  /** Epochs in all. */
  total: number;
  etaMs: number | null;
  /** The latest epoch's metrics (trainLoss, trainAccuracy, valLoss, valAccuracy, lr); empty before the first epoch. */
  metrics: Record<string, number | null>;
  /** The last few per-update losses (at most 50), oldest first, for a sparkline. */
  recentLoss: number[];
}

export interface RunControlResult {
  runId: number;
  /** The run's status after the call. */
  status: RunStatus;
  /** False when the run was not in a state the command applies to (nothing changed). */
  changed: boolean;
}

export interface ComparisonOptions {
  /** Series name, e.g. "valLoss". */
  metric: string;
  xAxis: 'step' | 'epoch' | 'time';
  /** Debiased-EMA weight in [0, 1); 0 = raw. */
  smoothing: number;
  /** Spec path or "experiment" / "optimizer" to group runs by (mean ± std bands); null = no grouping. */
  groupBy: string | null;
  logScale: boolean;
  /** Settings table: all fields instead of only the differing ones. */
  showAllSettings: boolean;
}

export interface ComparisonRow {
  id: number;
  name: string;
  runIds: number[];
  options: ComparisonOptions;
  createdAt: string;
  updatedAt: string;
}

/** An experiment file, ready to write (experiments:export). */
export interface ExperimentFile {
  /** Suggested file name, e.g. "spiral-adam.experiment.json". */
  fileName: string;
  kind: ExperimentKind;
  /** The experiment-format JSON (pretty-printed). */
  json: string;
}

/** A parsed experiment file for the builder (experiments:import); nothing is stored or run. */
export type ImportedExperiment =
  | { kind: 'network'; name: string; spec: ExperimentSpec }
  | { kind: 'surface'; name: string; spec: SurfaceExperimentSpec };

interface RunBundleFile {
  /** Suggested file name, e.g. "run-12.lab-bundle.json". */
  fileName: string;
  /** The bundle (JSON text): format, version, experiment, run, series, checkpoint (weights base64). */
  bundle: string;
}

// ---------------------------------------------------------------- request schemas

/** A dotted spec path: identifiers and array indices, e.g. "optimizer.lr" or "model.0.dense". */
const axisPath = z
  .string()
  .trim()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*(\.([A-Za-z_][A-Za-z0-9_]*|\d+))*$/, 'path must be dotted field names, e.g. "optimizer.lr"');

export const variantAxis = z.object({ path: axisPath, values: z.array(z.unknown()).min(1, 'an axis needs at least one value').max(64) }).strict();

/** Most cells a grid may have. */
export const MAX_GRID = 64;

const variants = {
  /** The experiment spec input the axes vary (validated per cell, so a bad base names its field). */
  base: z.record(z.string(), z.unknown()),
  axes: z.array(variantAxis).max(8).default([]),
};

export const comparisonOptions = z
  .object({
    metric: z.string().trim().min(1).max(100).default('valLoss'),
    xAxis: z.enum(['step', 'epoch', 'time']).default('epoch'),
    smoothing: z.number().min(0).lt(1).default(0),
    groupBy: z.string().trim().min(1).max(200).nullable().default(null),
    logScale: z.boolean().default(false),
    showAllSettings: z.boolean().default(false),
  })
  .strict();

/** An ISO date or date-time, e.g. "2026-11-27" or "2026-11-27T14:00:00Z". */
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}([T ][0-9:.]+(Z|[+-]\d{2}:?\d{2})?)?$/, 'expected an ISO date, e.g. 2026-11-27');

const runRef = z.object({ runId: id }).strict();

export const workbenchChannels = {
  /** The grid of concrete specs a base and its axes give (nothing is stored); invalid-request names the axis and value of a bad cell. */
  'workbench:expand': { request: z.object(variants).strict(), response: {} as VariantGrid },
  /**
   * One experiment with one run per grid cell, all stored 'queued' at once and trained on the
   * worker pool a few at a time; progress arrives as 'run:progress' (and 'network:epoch') events.
   */
  'workbench:start': {
    request: z
      .object({ name, ...variants, concurrency: z.number().int().min(1).max(64).optional() })
      .strict(),
    response: {} as { experimentId: number; runIds: number[]; labels: string[] },
  },
  /** Holds a running network run between two updates (a queued one stays queued but won't start until resumed). */
  'runs:pause': { request: runRef, response: {} as RunControlResult },
  'runs:resume': { request: runRef, response: {} as RunControlResult },
  /** Ends a queued, running or paused run as 'stopped', weights kept (a queued run never started: 'cancelled'). */
  'runs:stop': { request: runRef, response: {} as RunControlResult },
  /** Ends a run as 'cancelled': a queued run never starts; a running one stops (weights kept). */
  'runs:cancel': { request: runRef, response: {} as RunControlResult },
  /** Every live (queued, running, paused) network run of this process, oldest first. */
  'runs:active': { request: z.object({}).strict(), response: {} as ActiveRun[] },
  /** History: runs filtered and sorted in SQL. */
  'runs:search': {
    request: z
      .object({
        /** Matches experiment name, notes, tags and run label (case-insensitive substring). */
        text: z.string().trim().max(200).optional(),
        status: z.array(runStatus).max(runStatus.options.length).optional(),
        kind: experimentKind.optional(),
        experimentId: id.optional(),
        /** Network data source, e.g. "spiral", "digits"; for surface runs the surface name. */
        dataSource: z.string().trim().min(1).max(40).optional(),
        /** Optimizer name, e.g. "adam". */
        optimizer: z.string().trim().min(1).max(40).optional(),
        /** Created at or after / before (inclusive; a date alone means the whole day for `to`). */
        from: isoDate.optional(),
        to: isoDate.optional(),
        /** createdAt | startedAt | endedAt | label | status | experimentName | any summary key (e.g. "valLoss"). */
        sortBy: z.string().trim().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'sortBy must be a column or summary key').default('createdAt'),
        order: z.enum(['asc', 'desc']).default('desc'),
        limit: z.number().int().min(1).max(5000).default(500),
      })
      .strict(),
    response: {} as RunRow[],
  },
  /** Creates (no id) or replaces (id) a named comparison. */
  'comparisons:save': {
    request: z
      .object({ id: id.optional(), name, runIds: z.array(id).min(1).max(50), options: comparisonOptions.default(comparisonOptions.parse({})) })
      .strict(),
    response: {} as ComparisonRow,
  },
  /** Newest first (by updatedAt). */
  'comparisons:list': { request: z.object({}).strict(), response: {} as ComparisonRow[] },
  'comparisons:get': { request: z.object({ id }).strict(), response: {} as ComparisonRow },
  'comparisons:delete': { request: z.object({ id }).strict(), response: {} as { deleted: boolean } },
  /** The experiment's spec as an experiment file (network: the experiment format; surface: the surface spec). */
  'experiments:export': { request: z.object({ id }).strict(), response: {} as ExperimentFile },
  /** Validates an experiment file (invalid-request names each bad field) and returns it parsed for the builder. */
  'experiments:import': { request: z.object({ json: z.string().max(10_000_000) }).strict(), response: {} as ImportedExperiment },
  /** A run with its spec, series and weights as one JSON file, to share between machines. */
  'runs:exportBundle': { request: runRef, response: {} as RunBundleFile },
  /** Stores a bundle as a new experiment + run (status kept, tagged "imported"); refuses a malformed or foreign-version bundle. */
  'runs:importBundle': {
    request: z.object({ bundle: z.string().max(512_000_000) }).strict(),
    response: {} as { experimentId: number; runId: number },
  },
} as const;
