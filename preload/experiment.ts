// The network experiment file (issue 4): what the UI builder writes, `lab run` reads and users
// share. Strict everywhere: unknown keys are refused and every message names its field.
// Input and output sizes are not written here; they come from the data (checked when the
// experiment is prepared, since only then is the data known).
//
// Layer entries (`model` is a list of them, applied in order):
//   {"dense": 64, "activation"?: "relu"}   fully connected; activation defaults to "linear".
//                                          The last dense layer is the output layer: write its
//                                          size, or "output" to take it from the data.
//   {"activation": "tanh"}                 a lone activation.
//   {"dropout": 0.2}                       inverted dropout, probability of dropping a unit.
//   {"batchnorm": {}} | {"batchnorm": {"momentum": 0.1, "eps": 1e-5}}
//   {"layernorm": {}} | {"layernorm": {"eps": 1e-5}}
//   {"residual": [ …layers, not residual… ], "activation"?: "relu"}
//                                          y = act(x + F(x)); F must end at the width of x.
import { z } from 'zod';
import { id, seed } from './shapes';
import { optimizerSpec, scheduleSpec, type OptimizerSpec, type ScheduleSpec } from './spec';

const finite = z.number().finite();
const fraction = finite.min(0).lt(1);
const path = z.string().trim().min(1, 'path must not be empty').max(4096);

export const ACTIVATIONS = ['relu', 'leaky-relu', 'tanh', 'sigmoid', 'gelu', 'linear'] as const;
export type Activation = (typeof ACTIVATIONS)[number];
const activation = z.enum(ACTIVATIONS);

/** Parses with the schema a transform picked, re-reporting its issues at their own paths. */
function parseWith(schema: z.ZodType, value: unknown, ctx: z.RefinementCtx): unknown {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues) ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path });
  return z.NEVER;
}

// ---------------------------------------------------------------- data

export const CLASSIFICATION_2D = ['spiral', 'circles', 'moons', 'xor', 'blobs', 'checkerboard'] as const;
export const REGRESSION_1D = ['sine', 'polynomial'] as const;
export type Synthetic2d = (typeof CLASSIFICATION_2D)[number];

/** Options every source shares: preprocessing applied after the split (fit on training data only). */
const common = {
  /** Per-feature (x − mean) / std with mean and std of the training split; kept for export. */
  standardize: z.boolean().default(false),
  /** Fraction of training labels replaced by a different, random class (classification only). */
  labelNoise: fraction.default(0),
  /** Mismatch: transform the test (or validation) features: x ← scale·R(rotate)·x + offset. */
  shift: z
    .object({
      offset: finite.default(0),
      scale: finite.positive().default(1),
      /** Degrees; 2-D data only. */
      rotate: finite.min(-180).max(180).default(0),
      applyTo: z.enum(['test', 'validation', 'both']).default('test'),
    })
    .strict()
    .optional(),
};

const samples = z.number().int().min(10).max(1_000_000).default(1000);
const noise = finite.min(0).max(10);

const twoD = z
  .object({
    source: z.enum(CLASSIFICATION_2D),
    samples,
    noise: noise.default(0.1),
    classes: z.number().int().min(2).max(10).default(2),
    ...common,
  })
  .strict()
  .refine((d) => d.classes === 2 || !['circles', 'moons', 'xor'].includes(d.source), {
    message: 'circles, moons and xor have exactly 2 classes',
    path: ['classes'],
  });

const regression = z
  .object({
    source: z.enum(REGRESSION_1D),
    samples: z.number().int().min(10).max(1_000_000).default(200),
    noise: noise.default(0.1),
    /** Polynomial degree (source "polynomial"); its coefficients come from the seed. */
    degree: z.number().int().min(1).max(10).default(3),
    ...common,
  })
  .strict();

const digits = z.object({ source: z.literal('digits'), ...common }).strict();

const idx = z
  .object({
    source: z.literal('idx'),
    images: path,
    labels: path,
    /** Use only the first `limit` images (after reading). */
    limit: z.number().int().min(1).optional(),
    ...common,
  })
  .strict();

const csv = z
  .object({
    source: z.literal('csv'),
    path,
    /** Column name (header row) or 0-based column index. */
    target: z.union([z.string().min(1), z.number().int().min(0)]),
    /** "auto": a first row with any non-numeric cell is a header. */
    header: z.union([z.boolean(), z.literal('auto')]).default('auto'),
    /** "auto": classification when every target is an integer and there are at most 50 values. */
    task: z.enum(['auto', 'classification', 'regression']).default('auto'),
    ...common,
  })
  .strict();

const DATA_SOURCES = [...CLASSIFICATION_2D, ...REGRESSION_1D, 'digits', 'idx', 'csv'] as const;
const dataBySource: Record<string, z.ZodType> = {
  ...Object.fromEntries(CLASSIFICATION_2D.map((s) => [s, twoD])),
  ...Object.fromEntries(REGRESSION_1D.map((s) => [s, regression])),
  digits,
  idx,
  csv,
};

export type DataSpec = z.output<typeof twoD> | z.output<typeof regression> | z.output<typeof digits> | z.output<typeof idx> | z.output<typeof csv>;

// ---------------------------------------------------------------- layers

const width = z.number().int().min(1).max(16_384);

const denseLayer = z.object({ dense: z.union([width, z.literal('output')]), activation: activation.default('linear') }).strict();
const activationLayer = z.object({ activation }).strict();
const dropoutLayer = z.object({ dropout: fraction }).strict();
const batchnormLayer = z
  .object({ batchnorm: z.object({ momentum: finite.gt(0).max(1).default(0.1), eps: finite.positive().default(1e-5) }).strict() })
  .strict();
const layernormLayer = z.object({ layernorm: z.object({ eps: finite.positive().default(1e-5) }).strict() }).strict();

export type DenseLayerSpec = z.output<typeof denseLayer>;
export type PlainLayerSpec =
  | DenseLayerSpec
  | z.output<typeof activationLayer>
  | z.output<typeof dropoutLayer>
  | z.output<typeof batchnormLayer>
  | z.output<typeof layernormLayer>;
export type ResidualLayerSpec = { residual: PlainLayerSpec[]; activation: Activation };
export type LayerSpec = PlainLayerSpec | ResidualLayerSpec;

// Order matters: the first key found decides the form, and "activation" also appears inside dense and residual.
const LAYER_KINDS = ['dense', 'residual', 'dropout', 'batchnorm', 'layernorm', 'activation'] as const;

/** Picks the layer form by its first recognised key, so errors talk about that form only. */
function layerParser(allowResidual: boolean): z.ZodType<LayerSpec, unknown> {
  return z.unknown().transform((value, ctx) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      ctx.addIssue({ code: 'custom', message: `a layer must be an object like {"dense": 64}` });
      return z.NEVER;
    }
    const keys = Object.keys(value);
    const kind = LAYER_KINDS.find((k) => keys.includes(k));
    let schema: z.ZodType | undefined;
    if (kind === 'dense') schema = denseLayer;
    else if (kind === 'residual') schema = allowResidual ? residualLayer : undefined;
    else if (kind === 'activation') schema = keys.length === 1 ? activationLayer : undefined;
    else if (kind === 'dropout') schema = dropoutLayer;
    else if (kind === 'batchnorm') schema = batchnormLayer;
    else if (kind === 'layernorm') schema = layernormLayer;
    if (!schema) {
      const message =
        kind === 'residual'
          ? 'residual blocks cannot be nested'
          : kind === 'activation'
            ? `unexpected key ${JSON.stringify(keys.find((k) => k !== 'activation'))} next to "activation"`
            : `unknown layer ${JSON.stringify(keys)}; expected one of ${LAYER_KINDS.join(', ')}`;
      ctx.addIssue({ code: 'custom', message });
      return z.NEVER;
    }
    return parseWith(schema, value, ctx) as LayerSpec;
  }) as unknown as z.ZodType<LayerSpec, unknown>;
}

const plainLayer = layerParser(false);
const residualLayer = z
  .object({ residual: z.array(plainLayer).min(1, 'a residual block needs at least one layer').max(32), activation: activation.default('linear') })
  .strict();
export const layerSpec = layerParser(true);

// ---------------------------------------------------------------- the experiment

export const LOSSES = ['cross-entropy', 'mse', 'bce'] as const;
export type LossName = (typeof LOSSES)[number];

export const dataSpec: z.ZodType<DataSpec, unknown> = z.unknown().transform((value, ctx) => {
  const source = (value as { source?: unknown } | null)?.source;
  // Own keys only: "constructor" or "__proto__" must not pick up Object's members.
  const schema = typeof source === 'string' && Object.hasOwn(dataBySource, source) ? dataBySource[source] : undefined;
  if (!schema) {
    const what = source === undefined ? 'no data source given' : `unknown data source ${JSON.stringify(source)}`;
    ctx.addIssue({ code: 'custom', path: ['source'], message: `${what}; expected one of ${DATA_SOURCES.join(', ')}` });
    return z.NEVER;
  }
  return parseWith(schema, value, ctx) as DataSpec;
}) as unknown as z.ZodType<DataSpec, unknown>;

const splitSpec = z
  .object({
    validation: fraction.default(0.2),
    test: fraction.default(0),
    /** N-fold cross-validation when ≥ 2 (the validation fraction is then ignored). */
    folds: z.union([z.literal(0), z.number().int().min(2).max(20)]).default(0),
  })
  .strict()
  .refine((s) => s.validation + s.test < 1, { message: 'validation + test must leave some training data (sum < 1)', path: ['test'] });

const initSpec = z.union([z.enum(['he', 'xavier']), z.object({ fromRun: id }).strict()]);

const experimentObject = z
  .object({
    kind: z.literal('network').default('network'),
    name: z.string().trim().min(1, 'name must not be empty').max(200).default('network'),
    seed: seed.default(1),
    data: dataSpec,
    split: splitSpec.default({ validation: 0.2, test: 0, folds: 0 }),
    model: z.array(layerSpec).min(1, 'model needs at least one layer').max(64),
    /** Weight initialisation, or fine-tuning: start from a stored run's weights. */
    init: initSpec.default('he'),
    loss: z.enum(LOSSES).default('cross-entropy'),
    /** L2 regularisation: adds l2/2·‖w‖² (dense weights only) to the loss. */
    l2: finite.min(0).default(0),
    optimizer: optimizerSpec.optional(),
    schedule: scheduleSpec.optional(),
    batchSize: z.number().int().min(1).max(65_536).default(32),
    epochs: z.number().int().min(1).max(100_000).default(30),
    shuffle: z.boolean().default(true),
    /** Worker threads; results never depend on it. Omitted: the app uses every core, `lab run` one thread. */
    threads: z.number().int().min(1).max(256).optional(),
    /**
     * After each epoch, a forward-only pass over the whole training set with the epoch's final
     * weights in evaluation mode: the training loss (full pass), as the final metrics measure it.
     * Costs one forward pass over the training data per epoch. Absent: off.
     */
    trainPass: z.boolean().optional(),
    earlyStopping: z.object({ patience: z.number().int().min(1).max(10_000), minDelta: finite.min(0).default(0) }).strict().optional(),
    /** Image augmentation, drawn per (seed, epoch, sample): images only. */
    augment: z
      .object({
        flip: z.boolean().default(false),
        /** Largest shift in pixels, each axis. */
        shift: z.number().int().min(0).max(8).default(0),
        /** Largest rotation in degrees, either way. */
        rotate: finite.min(0).max(45).default(0),
      })
      .strict()
      .optional(),
    /**
     * Curriculum learning: easy → hard. For the first `epochs` epochs only the easiest
     * (e+1)/epochs of the training data is used; "distance" ranks by distance to the class
     * mean, "noise" by the noise the generator added (synthetic data only).
     */
    curriculum: z.object({ by: z.enum(['distance', 'noise']), epochs: z.number().int().min(1) }).strict().optional(),
  })
  .strict()
  .superRefine((s, ctx) => {
    if (s.earlyStopping && s.split.validation === 0 && s.split.folds === 0)
      ctx.addIssue({ code: 'custom', path: ['earlyStopping'], message: 'early stopping needs a validation split (split.validation > 0)' });
    if (s.curriculum && s.curriculum.epochs > s.epochs)
      ctx.addIssue({ code: 'custom', path: ['curriculum', 'epochs'], message: 'curriculum epochs must not exceed epochs' });
  });

export type ExperimentSpec = Omit<z.output<typeof experimentObject>, 'optimizer' | 'schedule'> & {
  optimizer: OptimizerSpec;
  schedule: ScheduleSpec;
};
export type ExperimentInput = z.input<typeof experimentObject>;

/** The whole network experiment; optimizer defaults to Adam (lr 1e-3), schedule to constant. */
export const experimentSpec: z.ZodType<ExperimentSpec, unknown> = experimentObject.transform((s) => ({
  ...s,
  optimizer: s.optimizer ?? (optimizerSpec.parse({ name: 'adam' }) as OptimizerSpec),
  schedule: s.schedule ?? (scheduleSpec.parse({ name: 'constant' }) as ScheduleSpec),
})) as unknown as z.ZodType<ExperimentSpec, unknown>;
