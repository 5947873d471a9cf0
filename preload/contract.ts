// The one typed API between the main process and the renderer, whatever carries it
// (Electron IPC in the desktop app, a loopback WebSocket in web mode).
// Every channel: a zod schema for its request and a TypeScript type for its response.
// Main registers handlers from this table; the preload derives `window.lab` from it;
// the renderer imports types only.
import { z } from 'zod';
import {
  optimizerSpec,
  point2,
  surfaceExperimentSpec,
  surfaceName,
  surfaceRangeTestSpec,
  type OptimizerSpec,
  type ScheduleSpec,
  type SurfaceExperimentSpec,
  type SurfaceName,
} from './spec';
import { dataSpec, experimentSpec } from './experiment';
import { workbenchChannels } from './workbench';
import { analysisStudyChannels, type AnalysisProgress } from './analysis';
import type { StoreNotice } from './store-status';
export type { StoreNotice } from './store-status';
import { courseChannels, type CourseProgress } from './course';
import { filesChannels, type AppCommand, type ChosenFile } from './files';
import { exportChannels } from './export';
import { backupChannels } from './backups';
export type { BackupInfo, RestoreResult } from './backups';

import type { LabErrorShape } from './errors';
import { id, name, seed, type CriticalKind, type ExperimentRow, type NetworkEpoch, type RunRow, type RunStatus } from './shapes';

export * from './shapes';
export * from './errors';
export type { ActiveRun, ComparisonOptions, ComparisonRow, ExperimentFile, ImportedExperiment, RunControlResult, VariantAxis, VariantGrid } from './workbench';

// ---------------------------------------------------------------- the channels' shapes
// (those more than one module uses live in ./shapes.ts)

export interface SurfaceInfo {
  name: SurfaceName;
  /** LaTeX-free plain formula for display, e.g. "(1−x)² + 100(y−x²)²". */
  formula: string;
  /** Default view window [[xmin, xmax], [ymin, ymax]]. */
  window: [[number, number], [number, number]];
  start: [number, number];
  /** Known minima, for drawing markers. */
  minima: [number, number][];
  /** Whether a log colour scale reads better (large dynamic range). */
  logScale: boolean;
  /** Suggested learning rate per optimizer name for "race all". */
  suggestedLr: Partial<Record<string, number>>;
  /** Critical points inside the window (a click near one snaps to it); w1w2's curve of minima is sampled. */
  criticalPoints: { at: [number, number]; kind: CriticalKind }[];
}

export interface SurfaceGrid {
  fn: SurfaceName;
  xs: number[];
  ys: number[];
  /** z[j][i] = f(xs[i], ys[j]). */
  z: number[][];
  min: number;
  max: number;
}

export interface Trajectory {
  label: string;
  optimizer: OptimizerSpec;
  schedule: ScheduleSpec;
  /** [x, y, loss] for the start and after each update; ends early when the run diverges. */
  points: [number, number, number][];
  /** lr_t used by update t (0-based). */
  lr: number[];
  gradNorm: number[];
  status: 'completed' | 'diverged';
  /** Extra per-optimizer facts, e.g. SWATS's switch step and Λ. */
  notes?: Record<string, number | string | null>;
  /** Per-update values of optimizers that expose them (SWATS: gammaK and Lambda), aligned with lr. */
  traces?: Record<string, (number | null)[]>;
  /**
   * Only in an answer thinned for display ('surface:race' with display): the step of each entry
   * kept (ascending, first and last included); points, lr, gradNorm and traces hold just those
   * entries (lr, gradNorm and traces the kept steps below their length). Absent: every step.
   */
  steps?: number[];
  /** With steps: the full trajectory's number of points. */
  total?: number;
}

export interface RaceResult {
  fn: SurfaceName;
  spec: SurfaceExperimentSpec;
  trajectories: Trajectory[];
  ms: number;
}

/** An LR range test's curve and the rate it suggests (main/engine/range-test.ts explains the rule). */
export interface RangeTestCurve {
  lr: number[];
  /** loss[t] is the loss after update t (made with lr[t]). */
  loss: number[];
  smoothed: number[];
  status: 'completed' | 'diverged';
  /** Learning rate at the steepest descent of the smoothed loss (null when the curve never falls). */
  steepestLr: number | null;
  /** Learning rate at the lowest smoothed loss, divided by 10. */
  minLossLrOver10: number;
  /** What the lab proposes: steepestLr when it exists, else minLossLrOver10. */
  suggestedLr: number;
  /** Points read before the blow-up cut-off. */
  usable: number;
  /** The lr of the update after which the run stopped being finite (null when it stayed finite). */
  divergedAtLr: number | null;
}

export interface CriticalPointAnalysis {
  fn: SurfaceName;
  at: [number, number];
  loss: number;
  gradient: [number, number];
  gradientNorm: number;
  hessian: [[number, number], [number, number]];
  /** Ascending. */
  eigenvalues: [number, number];
  /** eigenvectors[i] belongs to eigenvalues[i], unit length. */
  eigenvectors: [[number, number], [number, number]];
  kind: CriticalKind;
  /** At a saddle: the eigenvector of the most negative eigenvalue (LECTURE §2). */
  escapeDirection: [number, number] | null;
}

export interface SeriesData {
  runId: number;
  name: string;
  steps: number[];
  values: number[];
  /** Set when the series was thinned for drawing (runs:series maxPoints): how many points are stored. */
  total?: number;
}

export interface AppInfo {
  name: string;
  version: string;
  transport: 'ipc' | 'websocket';
  platform: string;
  locale: string;
  dbPath: string;
  /** What went wrong with the database at start (damaged, newer version, read-only folder), or null. */
  storeNotice?: StoreNotice | null;
  /** What float32 training runs on: native-avx512 | native-avx2 | wasm-simd128 | typescript. */
  kernels?: string;
}

/** What a network data set looks like before training (network:preview). */
export interface NetworkPreview {
  /** points: 2-D classification; curve: 1-D regression; images: digits / IDX; table: anything else (CSV). */
  kind: 'points' | 'curve' | 'images' | 'table';
  name: string;
  samples: number;
  features: number;
  /** 0 for regression. */
  classes: number;
  /** points: up to ~1,500 [x, y, label]; curve: [x, y, 0] sorted by x. */
  points: [number, number, number][];
  /** [[xmin, xmax], [ymin, ymax]] around the points, with a margin (the decision boundary's window). */
  window: [[number, number], [number, number]] | null;
  /** images: the first few, grey levels in [0, 1], row-major. */
  images: { width: number; height: number; pixels: number[][]; labels: number[] } | null;
}

/** The class the network picks on a regular grid over the data's window (2-D classification). */
export interface DecisionBoundary {
  window: [[number, number], [number, number]];
  /** Cells per side; cell (i, j) is centred at x_i, y_j with j = 0 at the bottom. */
  resolution: number;
  classes: number;
  /** argmax class per cell, row-major from the bottom row: index j·resolution + i. */
  argmax: number[];
  /** The winning class's probability per cell (softmax, or sigmoid for one output). */
  confidence: number[];
}

export interface NetworkResult {
  run: RunRow;
  /** confusion[true][predicted] on the validation data (else the training data); null for regression. */
  confusion: number[][] | null;
}

/** The generalization-bound lab (LECTURE §6): K sampled training sets of N edge counts. */
export interface BoundLabResult {
  population: number;
  /** h_all and L(h_all, D_all). */
  hAll: number;
  lossAll: number;
  /** Edge-count histograms of D_all per class (bins of edgeBinWidth, from 1). */
  edgeBinWidth: number;
  pokemonEdges: number[];
  digimonEdges: number[];
  /** Histogram of the K gaps L(h_train, D_all) − L(h_all, D_all). */
  gapBins: { from: number; to: number; count: number }[];
  gapMean: number;
  gapMax: number;
  /** Fraction of bad training sets (∃h: |L(h, D_train) − L(h, D_all)| > ε) and |H|·2·exp(−2Nε²), on a grid of ε. */
  epsilons: number[];
  badFraction: number[];
  bound: number[];
  badAtEpsilon: number;
  boundAtEpsilon: number;
  /** Smallest N with |H|·2·exp(−2Nε²) ≤ p. */
  nNeeded: number;
}

/** The Hessian of a saved network run's training loss at its weights (LECTURE §2). */
export interface HessianAnalysis {
  runId: number;
  params: number;
  trainingRows: number;
  loss: number;
  gradientNorm: number;
  /** All eigenvalues ascending (small networks), else null. */
  eigenvalues: number[] | null;
  /** # positive / # eigenvalues (zero band as in the surface lab); estimated from the SLQ density when eigenvalues is null. */
  minimumRatio: number;
  minimumRatioEstimated: boolean;
  kind: CriticalKind;
  /** The kind the curvature alone gives, as if the gradient were 0. */
  curvature: CriticalKind;
  trace: number;
  traceStandardError: number | null;
  topK: number[];
  bottomK: number[];
  /** Stochastic Lanczos quadrature nodes and weights (large networks). */
  density: { nodes: number[]; weights: number[] } | null;
}

/** Loss landscape of a saved network run (Li et al. 2018 filter-normalized slices; linear interpolation). */
export interface LossLandscape {
  runId: number;
  /** θ(α) = (1−α)·θ_from + α·θ_run for α ∈ [−0.5, 1.5]; `from` is another run's id or 'init' (the run's initial weights). */
  line: { from: number | 'init'; alphas: number[]; losses: number[] } | null;
  /** z[j][i] = L(θ + xs[i]·δ + ys[j]·η), δ and η random filter-normalized directions. */
  /** trajectory: the stored weights (initial, final) projected on the plane by least squares; the final is (0, 0). */
  plane: { xs: number[]; ys: number[]; z: number[][]; seed: number; trajectory?: { x: number[]; y: number[]; labels: string[] } } | null;
}

/** One batch size of a batch-size study (LECTURE §3): a stored network run plus its timings and noise. */
export interface BatchStudyEntry {
  batchSize: number;
  runId: number;
  status: RunStatus;
  /** ceil(training samples / batch size). */
  updatesPerEpoch: number;
  /** Workers the run used: the study's threads, at most one per 32-sample chunk of a batch. */
  threads: number;
  epochs: number;
  /** Wall time of each epoch on the pool (its updates plus one validation pass), ms. */
  epochMs: number[];
  /** Median epoch time, and that divided by the updates of an epoch. */
  msPerEpoch: number;
  msPerUpdate: number;
  trainAccuracy: number | null;
  valAccuracy: number | null;
  trainLoss: number | null;
  valLoss: number | null;
  /** E‖g_B − ḡ‖² at the initial weights: measured over random batches, and σ²/B·(n−B)/(n−1). */
  noise: number;
  noiseStandardError: number;
  noisePredicted: number;
}

export interface BatchStudyResult {
  experimentId: number;
  data: { name: string; train: number; validation: number; params: number };
  threads: number;
  /** σ² = (1/n)Σ‖g_i − ḡ‖² and ‖ḡ‖² at the initial weights; draws = random batches per batch size. */
  noise: { perSampleVariance: number; fullGradientNormSq: number; draws: number };
  entries: BatchStudyEntry[];
  ms: number;
}

// ---------------------------------------------------------------- channels

export const channels = {
  'app:info': { request: z.object({}).strict(), response: {} as AppInfo },
  'surface:list': { request: z.object({}).strict(), response: {} as SurfaceInfo[] },
  'surface:grid': {
    request: z
      .object({
        fn: surfaceName,
        window: z.tuple([point2, point2]).optional(),
        resolution: z.number().int().min(8).max(400).default(120),
      })
      .strict(),
    response: {} as SurfaceGrid,
  },
  // display: long trajectories come back thinned to what the charts draw (Trajectory.steps); the full ones without it.
  'surface:race': { request: z.object({ spec: surfaceExperimentSpec, display: z.boolean().optional() }).strict(), response: {} as RaceResult },
  'surface:rangeTest': { request: z.object({ spec: surfaceRangeTestSpec }).strict(), response: {} as RangeTestCurve },
  'surface:analyze': { request: z.object({ fn: surfaceName, at: point2 }).strict(), response: {} as CriticalPointAnalysis },
  /** Re-runs the spec deterministically and stores it as an experiment with one run per entry. */
  'surface:save': {
    request: z.object({ name, notes: z.string().max(10_000).default(''), spec: surfaceExperimentSpec }).strict(),
    response: {} as { experimentId: number; runIds: number[] },
  },
  'experiments:list': { request: z.object({}).strict(), response: {} as ExperimentRow[] },
  'experiments:get': { request: z.object({ id }).strict(), response: {} as { experiment: ExperimentRow; runs: RunRow[] } },
  'experiments:update': {
    request: z
      .object({ id, name: name.optional(), notes: z.string().max(10_000).optional(), tags: z.array(z.string().trim().min(1).max(40)).max(50).optional() })
      .strict(),
    response: {} as ExperimentRow,
  },
  'experiments:delete': { request: z.object({ id }).strict(), response: {} as { deleted: boolean } },
  'runs:list': { request: z.object({ experimentId: id.optional() }).strict(), response: {} as RunRow[] },
  'runs:series': {
    request: z
      .object({
        runIds: z.array(id).min(1).max(50),
        names: z.array(z.string().min(1)).max(50).optional(),
        // Thin each series to about this many points for drawing, keeping its extremes exactly.
        maxPoints: z.number().int().min(16).max(1_000_000).optional(),
      })
      .strict(),
    response: {} as SeriesData[],
  },
  /** A look at the data an experiment would train on, without training. */
  'network:preview': { request: z.object({ data: dataSpec, seed: seed.default(1) }).strict(), response: {} as NetworkPreview },
  /**
   * Starts training in the background once the data is loaded and the model built (problems with
   * the spec's files or shapes come back as invalid-request naming the field). Progress arrives as
   * 'run:progress' and 'network:epoch' events; the run is stored under `name`.
   */
  'network:start': {
    request: z.object({ name, spec: experimentSpec }).strict(),
    response: {} as { experimentId: number; runId: number },
  },
  /** An LR range test on the network the spec describes (nothing stored): loss vs an exponentially rising lr. */
  'network:rangeTest': {
    request: z
      .object({
        spec: experimentSpec,
        minLr: z.number().finite().positive().default(1e-5),
        maxLr: z.number().finite().positive().default(1),
        steps: z.number().int().min(10).max(5000).default(200),
        // Mini-batch losses are noisy: fastai's lr_find smooths with the same β.
        smoothing: z.number().finite().min(0).lt(1).default(0.98),
      })
      .strict()
      .refine((r) => r.maxLr > r.minLr, { message: 'maxLr must be larger than minLr', path: ['maxLr'] }),
    response: {} as RangeTestCurve,
  },
  /** A network run as stored: its row (summary) and its confusion matrix. */
  'network:result': { request: z.object({ runId: id }).strict(), response: {} as NetworkResult },
  /**
   * Continues an interrupted, stopped or failed network run from its last epoch end, in the same
   * run (main/engine/runs/resume.ts); resolves once it trains again, with progress as for
   * 'network:start'. Refused (conflict, run-not-resumable-*) where it could not be exact.
   */
  'network:continue': { request: z.object({ runId: id }).strict(), response: {} as { experimentId: number; runId: number } },
  /** The generalization-bound lab: sample training sets, histogram the gap, count bad sets against the bound. */
  'analysis:bound': {
    request: z
      .object({
        n: z.number().int().min(1).max(100_000).default(200),
        hypotheses: z.number().int().min(1).max(10_000).default(10_000),
        epsilon: z.number().gt(0).max(0.5).default(0.1),
        trainingSets: z.number().int().min(1).max(5000).default(1000),
        target: z.number().gt(0).lt(1).default(0.1),
        seed: seed.default(1),
      })
      .strict(),
    response: {} as BoundLabResult,
  },
  /** Hessian spectrum of a saved network run at its weights; full spectrum up to `fullLimit` parameters, else Lanczos/Hutchinson/SLQ. */
  'analysis:hessian': {
    request: z.object({ runId: id, k: z.number().int().min(1).max(50).default(5), fullLimit: z.number().int().min(0).max(3000).default(1500) }).strict(),
    response: {} as HessianAnalysis,
  },
  /** Loss along a line (to another run's weights, or from the initial weights) or on a random filter-normalized plane. */
  'analysis:landscape': {
    request: z
      .object({
        runId: id,
        mode: z.enum(['line', 'plane']),
        otherRunId: id.optional(),
        points: z.number().int().min(3).max(201).default(41),
        resolution: z.number().int().min(3).max(61).default(21),
        range: z.number().gt(0).max(10).default(1),
        seed: seed.default(1),
      })
      .strict(),
    response: {} as LossLandscape,
  },
  /** The workbench (issue 6): variants, run control, live runs, history, comparisons, files and bundles (preload/workbench.ts). */
  ...workbenchChannels,
  /**
   * The batch-size lab: one data set and model trained once per batch size, one after another on all
   * the pool's threads (so time per update is not shared with another run), stored as one experiment
   * with a run per batch size; the gradient noise is measured at the shared initial weights first.
   * Progress arrives as 'batch:progress' events; resolves when every batch size is done.
   */
  'batch:study': {
    request: z
      .object({
        name: name.default('Batch-size study'),
        data: z.enum(['digits', 'spiral']).default('digits'),
        batchSizes: z.array(z.number().int().min(1).max(4096)).min(1).max(8).default([8, 32, 128, 512]),
        epochs: z.number().int().min(1).max(200).default(20),
        optimizer: optimizerSpec.optional(),
        threads: z.number().int().min(1).max(256).optional(),
        draws: z.number().int().min(2).max(1000).default(40),
        seed: seed.default(1),
      })
      .strict(),
    response: {} as BatchStudyResult,
  },
  /** The minimum-ratio study (preload/analysis.ts). */
  ...analysisStudyChannels,
  /** The lecture course (preload/course.ts). */
  ...courseChannels,
  /** The user's files: uploads, native open and save dialogs (preload/files.ts). */
  ...filesChannels,
  /** Export a network run as a PyTorch project (preload/export.ts). */
  ...exportChannels,
  /** Backups of the database: list, back up now, restore in the running app (preload/backups.ts). */
  ...backupChannels,
} as const;

export type Channel = keyof typeof channels;
export type Request<C extends Channel> = z.input<(typeof channels)[C]['request']>;
export type ParsedRequest<C extends Channel> = z.output<(typeof channels)[C]['request']>;
export type Response<C extends Channel> = (typeof channels)[C]['response'];

/** The events main pushes to the renderer: the bridge lets these names through and no other. */
/** Statuses from which 'network:continue' resumes a network run (its last epoch end was kept). */
export const RESUMABLE_STATUSES = ['interrupted', 'stopped', 'failed'] as const satisfies readonly RunStatus[];

export const eventName = z.enum(['run:progress', 'app:locale', 'network:epoch', 'batch:progress', 'analysis:progress', 'course:progress', 'app:file', 'app:command']);
export type EventName = z.infer<typeof eventName>;

/** Each event's payload; listeners receive the payload only. */
interface EventPayloads {
  'run:progress': { runId: number; step: number; total: number; status: RunStatus; epoch?: number; etaMs?: number | null };
  /** The desktop app's Language menu was used; the renderer switches its i18n locale. */
  'app:locale': { locale: 'zh-CN' | 'en' };
  /**
   * Epochs of a network run finished since the last event (at most ~20 events a second per run),
   * with the decision boundary after the latest of them for 2-D classification data.
   */
  'network:epoch': { runId: number; total: number; epochs: NetworkEpoch[]; boundary: DecisionBoundary | null };
  /** A batch-size study's progress: the noise measured, an epoch of batch size `batchSize` done, or that batch size finished (`entry`). */
  'batch:progress': { experimentId: number; phase: 'noise' | 'epoch' | 'done'; index: number; total: number; batchSize: number; epoch: number; epochs: number; entry: BatchStudyEntry | null };
  /** A long analysis on the pool: the Hessian's columns, a landscape's rows, a study's networks. */
  'analysis:progress': AnalysisProgress;
  /** A course section's run: a step of its experiments done. */
  'course:progress': CourseProgress;
  /** Desktop: a file opened from the menu, dropped on the window or passed to a second launch (already allowed). */
  'app:file': ChosenFile;
  /** Desktop: a menu entry for the page (new experiment, export, a page, a theme). */
  'app:command': AppCommand;
}
/** Events pushed from main to the renderer: a name in `eventName` without a payload above does not compile. */
export type Events = { [E in EventName]: EventPayloads[E] };

// ---------------------------------------------------------------- envelopes and errors

// The error shape, its reasons and LabError live in ./errors.ts (re-exported above).
export type Envelope<T> = { ok: true; result: T } | { ok: false; error: LabErrorShape };

/** What `window.lab` and the web-mode client both provide. */
export type LabApi = {
  invoke<C extends Channel>(channel: C, request: Request<C>): Promise<Response<C>>;
  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void;
};

export const CHANNEL_NAMES = Object.keys(channels) as Channel[];

/**
 * What the preload exposes as `window.lab` in the desktop app. Envelopes cross the bridge
 * (class instances don't survive contextBridge); renderer/api/client.ts turns them into LabApi.
 */
export type LabBridge = {
  invoke<C extends Channel>(channel: C, request: Request<C>): Promise<Envelope<Response<C>>>;
  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void;
};
