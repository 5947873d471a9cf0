// Shapes that more than one part of the contract uses (the channel table, the workbench's and the
// analysis labs' channels, the store, the engine). A leaf: it imports zod and nothing of ours, so
// every module can import it without going round through contract.ts.
import { z } from 'zod';

/** The series a network run stores per epoch (step = epoch, 1-based): the engine writes them, the charts place them. */
export const EPOCH_SERIES = ['trainLoss', 'trainAccuracy', 'valLoss', 'valAccuracy', 'epochLr', 'epochMs', 'fullTrainLoss', 'fullTrainAccuracy'] as const;

/** The series a stored race keeps per update (a network run keeps loss, lr and gradNorm per update too). */
const UPDATE_SERIES = ['loss', 'x', 'y', 'lr', 'gradNorm'] as const;
const isFullPass = (name: string) => name.startsWith('full');
/**
 * What Compare reads of each chosen run (and `npm run bench` reads as Compare does): the per-update
 * series, then the per-epoch ones with the full-pass series first, the order its metric menu lists.
 */
export const COMPARE_SERIES: readonly string[] = [...UPDATE_SERIES, ...EPOCH_SERIES.filter(isFullPass), ...EPOCH_SERIES.filter((n) => !isFullPass(n))];

// ---------------------------------------------------------------- schemas shared by several channels

export const id = z.number().int().positive();
export const name = z.string().trim().min(1, 'name must not be empty').max(200);
/** A seed for the one PRNG (a 31-bit integer). */
export const seed = z.number().int().min(0).max(2 ** 31 - 1);

/** The one list of run statuses: the schema that validates a status filter is where the type comes from. */
export const runStatus = z.enum(['queued', 'running', 'paused', 'completed', 'stopped', 'cancelled', 'diverged', 'failed', 'interrupted']);
export type RunStatus = z.infer<typeof runStatus>;
export const RUN_STATUSES: readonly RunStatus[] = runStatus.options;

export const experimentKind = z.enum(['surface', 'network']);
export type ExperimentKind = z.infer<typeof experimentKind>;

export type CriticalKind = 'not-critical' | 'saddle' | 'local-min' | 'local-max' | 'degenerate';

// ---------------------------------------------------------------- experiments and runs

export interface ExperimentRow {
  id: number;
  name: string;
  kind: ExperimentKind;
  notes: string;
  tags: string[];
  spec: unknown;
  createdAt: string;
  updatedAt: string;
  runCount: number;
}

/** A stored surface run's summary (main/store/surface-runs.ts); non-finite values are null. */
export interface SurfaceSummary {
  finalLoss: number | null;
  bestLoss: number | null;
  finalX: number | null;
  finalY: number | null;
  /** Updates made (the trajectory has steps + 1 points). */
  steps: number;
}

/** A finished network run's summary (main/engine/nn/records.ts); non-finite metrics are null. */
export interface NetworkSummary {
  epochs: number;
  trainLoss: number | null;
  trainAccuracy: number | null;
  valLoss: number | null;
  valAccuracy: number | null;
  /** Only when the spec holds out a test split. */
  testLoss?: number | null;
  testAccuracy?: number | null;
  /** The epoch early stopping kept (null without early stopping). */
  bestEpoch: number | null;
  samplesPerSecond: number;
  /** Cross-validation's final run: the folds' validation mean ± std. */
  cvValLossMean?: number | null;
  cvValLossStd?: number | null;
  cvValAccuracyMean?: number | null;
  cvValAccuracyStd?: number | null;
}

/** What the batch-size lab adds to each of its runs' summaries. */
export interface BatchSummaryFields {
  batchSize: number;
  updatesPerEpoch: number;
  threads: number;
  msPerEpoch: number | null;
  msPerUpdate: number | null;
  /** E‖g_B − ḡ‖² measured at the initial weights, and σ²/B·(n−B)/(n−1). */
  gradNoise: number | null;
  gradNoisePredicted: number | null;
}

/** A run imported from a bundle keeps its summary and says when the original was made. */
export interface ImportedFields {
  importedFrom?: string | null;
}

export type NetworkRunSummary = NetworkSummary & Partial<BatchSummaryFields> & ImportedFields;
export type SurfaceRunSummary = SurfaceSummary & ImportedFields;

interface RunRowBase {
  id: number;
  experimentId: number;
  experimentName: string;
  label: string;
  seed: number;
  status: RunStatus;
  spec: unknown;
  createdAt: string;
  startedAt: string | null;
  endedAt: string | null;
  lastStep: number;
  error: string | null;
}

export interface NetworkRunRow extends RunRowBase {
  kind: 'network';
  summary: Partial<NetworkRunSummary>;
}

export interface SurfaceRunRow extends RunRowBase {
  kind: 'surface';
  summary: Partial<SurfaceRunSummary>;
}

/**
 * A stored run; `kind` says which summary it carries. A summary is read as partial: it is empty
 * until the run ends (queued, running, paused, failed, interrupted), and a run imported from a
 * bundle or written by an older version may hold fewer fields.
 */
export type RunRow = NetworkRunRow | SurfaceRunRow;

/** One epoch's metrics of a network run (1-based epoch). */
export interface NetworkEpoch {
  epoch: number;
  trainLoss: number;
  trainAccuracy: number | null;
  valLoss: number | null;
  valAccuracy: number | null;
  lr: number;
  ms: number;
  /** With spec.trainPass: a forward-only pass over the whole training set with the epoch's final weights (evaluation mode). */
  fullTrainLoss?: number;
  fullTrainAccuracy?: number | null;
}
