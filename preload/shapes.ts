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

// ---------------------------------------------------------------- the course's stored experiments

/**
 * The experiments the course stores, by a key the sections name them with: `en` is the name each is
 * stored under after its section's tag ("Course §3 · batch size: …"), as every version has stored it,
 * so databases from before keep matching and History's search and the `lab` command find it in
 * English; `zh` is what the pages show instead in the Chinese UI (renderer/i18n/course-names.ts).
 * An `en` never changes: a new name is a new key.
 */
export const COURSE_EXPERIMENTS = {
  depth: { en: 'shallow vs deep plain vs deep residual', zh: '浅层 vs 深层普通 vs 深层残差' },
  'u-curve': { en: 'model size: training vs validation loss', zh: '模型大小：训练损失与验证损失' },
  'model-selection': { en: 'model selection: public test split vs N-fold cross-validation', zh: '选择模型：公开测试集 vs N 折交叉验证' },
  mismatch: { en: 'mismatch: a shifted test set', zh: '失配：偏移的测试集' },
  saddle: { en: 'saddle of (1 − w₁w₂)²', zh: '(1 − w₁w₂)² 的鞍点' },
  'min-ratio': { en: 'minimum ratio at stuck points', zh: '卡住点的最小值比例' },
  batch: { en: 'batch size: time per epoch and validation accuracy', zh: '批次大小：每轮时间与验证准确率' },
  bump: { en: 'momentum over a bump', zh: '动量越过鼓包' },
  ravine: { en: 'long ravine x²/1000 + ln cosh(10y)', zh: '狭长山谷 x²/1000 + ln cosh(10y)' },
  decay: { en: 'Adagrad without and with decay', zh: '不衰减与衰减的 Adagrad' },
  'adam-warmup': { en: 'Adam with and without warm-up', zh: '有无预热的 Adam' },
  softmax: { en: 'softmax', zh: '归一化指数（softmax）' },
  surfaces: { en: 'MSE vs cross-entropy error surfaces', zh: '均方误差与交叉熵的误差曲面' },
  'mse-training': { en: 'training from the MSE plateau', zh: '从均方误差的高原出发训练' },
  bound: { en: 'edge-count classifiers: sampled training sets vs the bound', zh: '按边缘数分类：抽样训练集与上界' },
  amsgrad: { en: 'Adam vs AMSGrad on the online counterexample', zh: '在线反例上的 Adam 与 AMSGrad' },
  'weight-decay': { en: 'L2 regularization vs decoupled weight decay', zh: 'L2 正则化与解耦权重衰减' },
  lookahead: { en: 'Lookahead around an oscillating SGD', zh: '包在振荡 SGD 外面的 Lookahead' },
  swats: { en: 'SWATS: Adam, then SGD', zh: 'SWATS：先 Adam，后 SGD' },
  radam: { en: 'RAdam vs Adam with and without warm-up', zh: 'RAdam 与有无预热的 Adam' },
  'range-test': { en: 'LR range test, then training at its suggestion', zh: '学习率范围测试，然后按建议训练' },
  schedules: { en: 'cyclic, SGDR and one-cycle on the same run', zh: '同一运行上的循环、SGDR 与 one-cycle' },
} as const satisfies Record<string, { en: string; zh: string }>;
export type CourseExperimentKey = keyof typeof COURSE_EXPERIMENTS;

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
