// The vocabulary every layer shares: optimizer, schedule and error-surface specs as zod schemas.
// Engine, store, CLI, web mode and renderer all read these; defaults live here and nowhere else,
// so a spec parsed anywhere means the same run everywhere.
import { z } from 'zod';
import { seed } from './shapes';

const finite = z.number().finite();
const positive = finite.positive();
const nonNegative = finite.min(0);
const unit = finite.min(0).lt(1);
const count = z.number().int().positive();

/**
 * Where gradient noise's normals come from (main/engine/random.ts):
 * - 'sequential': one xoshiro128** stream drawn in parameter order, update after update — what
 *   every spec written before the counter stream existed means, so a spec without `stream` keeps
 *   meaning it (stored runs, their resumes and imported files give the same numbers as ever);
 * - 'counter': Philox4x32-10 at (seed, update, parameter index), so a slice of the parameters
 *   draws its own noise (the pool shards it by slice). New experiments built in the app use it.
 */
export const NOISE_STREAMS = ['sequential', 'counter'] as const;
export type NoiseStream = (typeof NOISE_STREAMS)[number];
/** What a new experiment's gradient noise uses. */
export const NEW_NOISE_STREAM: NoiseStream = 'counter';

/** The stream a noise spec draws from: its own, or 'sequential' when it names none. */
export function noiseStreamOf(noise: { stream?: NoiseStream }): NoiseStream {
  return noise.stream ?? 'sequential';
}

/** Options that wrap any optimizer (LECTURE §7: gradient noise; clipping; the not-finite guard is always on). */
const wrapperKeys = {
  /** g ← g + N(0, σ_t²), σ_t² = eta / (1 + t)^gamma, seeded from the run's seed. */
  gradientNoise: z.object({ eta: positive, gamma: nonNegative.default(0.55), stream: z.enum(NOISE_STREAMS).optional() }).strict().optional(),
  /** Global gradient-norm clipping: g ← g · min(1, clipNorm / ‖g‖). */
  clipNorm: positive.optional(),
};

const sgdKeys = (momentum: number, nesterov: boolean) => ({
  lr: positive.default(1e-3),
  momentum: nonNegative.default(momentum),
  dampening: finite.min(0).max(1).default(0),
  nesterov: z.boolean().default(nesterov),
  weightDecay: nonNegative.default(0),
  ...wrapperKeys,
});

const adamKeys = (lr: number, amsgrad: boolean, weightDecay: number) => ({
  lr: positive.default(lr),
  beta1: unit.default(0.9),
  beta2: unit.default(0.999),
  eps: positive.default(1e-8),
  amsgrad: z.boolean().default(amsgrad),
  weightDecay: nonNegative.default(weightDecay),
  ...wrapperKeys,
});

const betas = { beta1: unit.default(0.9), beta2: unit.default(0.999), eps: positive.default(1e-8) };

const nesterovNeedsMomentum = (s: { nesterov: boolean; momentum: number; dampening: number }) =>
  !s.nesterov || (s.momentum > 0 && s.dampening === 0);
const nesterovMessage = { message: 'nesterov needs momentum > 0 and dampening 0', path: ['nesterov'] };

export const sgdSpec = z.object({ name: z.literal('sgd'), ...sgdKeys(0, false) }).strict().refine(nesterovNeedsMomentum, nesterovMessage);
export const sgdmSpec = z.object({ name: z.literal('sgdm'), ...sgdKeys(0.9, false) }).strict().refine(nesterovNeedsMomentum, nesterovMessage);
export const nagSpec = z.object({ name: z.literal('nag'), ...sgdKeys(0.9, true) }).strict().refine(nesterovNeedsMomentum, nesterovMessage);
export const sgdwSpec = z.object({ name: z.literal('sgdw'), ...sgdKeys(0.9, false) }).strict().refine(nesterovNeedsMomentum, nesterovMessage);
export const adagradSpec = z
  .object({
    name: z.literal('adagrad'),
    lr: positive.default(0.01),
    lrDecay: nonNegative.default(0),
    initialAccumulator: nonNegative.default(0),
    eps: positive.default(1e-10),
    weightDecay: nonNegative.default(0),
    ...wrapperKeys,
  })
  .strict();
export const rmspropSpec = z
  .object({
    name: z.literal('rmsprop'),
    lr: positive.default(0.01),
    alpha: unit.default(0.99),
    eps: positive.default(1e-8),
    momentum: nonNegative.default(0),
    centered: z.boolean().default(false),
    weightDecay: nonNegative.default(0),
    ...wrapperKeys,
  })
  .strict();
export const adamSpec = z.object({ name: z.literal('adam'), ...adamKeys(1e-3, false, 0) }).strict();
export const amsgradSpec = z.object({ name: z.literal('amsgrad'), ...adamKeys(1e-3, true, 0) }).strict();
export const adamwSpec = z.object({ name: z.literal('adamw'), ...adamKeys(1e-3, false, 1e-2) }).strict();
export const nadamSpec = z
  .object({ name: z.literal('nadam'), lr: positive.default(2e-3), ...betas, momentumDecay: nonNegative.default(4e-3), weightDecay: nonNegative.default(0), ...wrapperKeys })
  .strict();
export const radamSpec = z.object({ name: z.literal('radam'), lr: positive.default(1e-3), ...betas, weightDecay: nonNegative.default(0), ...wrapperKeys }).strict();
export const adaboundSpec = z
  .object({
    name: z.literal('adabound'),
    lr: positive.default(1e-3),
    finalLr: positive.default(0.1),
    gamma: positive.default(1e-3),
    ...betas,
    amsbound: z.boolean().default(false),
    ...wrapperKeys,
  })
  .strict();
export const swatsSpec = z
  .object({
    name: z.literal('swats'),
    lr: positive.default(1e-3),
    ...betas,
    switchEps: positive.default(1e-9),
    /** Force the switch to SGDM after this update (1-based); null = the paper's criterion only. */
    switchAt: count.nullable().default(null),
    ...wrapperKeys,
  })
  .strict();

type Base =
  | z.output<typeof sgdSpec> | z.output<typeof sgdmSpec> | z.output<typeof nagSpec> | z.output<typeof sgdwSpec>
  | z.output<typeof adagradSpec> | z.output<typeof rmspropSpec> | z.output<typeof adamSpec> | z.output<typeof amsgradSpec>
  | z.output<typeof adamwSpec> | z.output<typeof nadamSpec> | z.output<typeof radamSpec> | z.output<typeof adaboundSpec>
  | z.output<typeof swatsSpec>;
export type LookaheadSpec = {
  name: 'lookahead';
  k: number;
  alpha: number;
  inner: OptimizerSpec;
  gradientNoise?: { eta: number; gamma: number; stream?: NoiseStream };
  clipNorm?: number;
};
export type OptimizerSpec = Base | LookaheadSpec;

const lookaheadKeys = () => ({
  name: z.literal('lookahead'),
  k: count.default(5),
  alpha: finite.gt(0).max(1).default(0.5),
  inner: optimizerSpec,
  ...wrapperKeys,
});

export const lookaheadSpec: z.ZodType<LookaheadSpec, unknown> = z.lazy(() => z.object(lookaheadKeys()).strict()) as unknown as z.ZodType<
  LookaheadSpec,
  unknown
>;

export const OPTIMIZER_NAMES = [
  'sgd', 'sgdm', 'nag', 'adagrad', 'rmsprop', 'adam', 'amsgrad', 'adamw', 'nadam', 'radam', 'adabound', 'swats', 'sgdw', 'lookahead',
] as const;
export type OptimizerName = (typeof OPTIMIZER_NAMES)[number];

const byName = {
  sgd: sgdSpec, sgdm: sgdmSpec, nag: nagSpec, sgdw: sgdwSpec, adagrad: adagradSpec, rmsprop: rmspropSpec,
  adam: adamSpec, amsgrad: amsgradSpec, adamw: adamwSpec, nadam: nadamSpec, radam: radamSpec,
  adabound: adaboundSpec, swats: swatsSpec, lookahead: lookaheadSpec,
} satisfies Record<OptimizerName, z.ZodType>;

let fieldSchemas: Map<string, z.ZodType[]> | undefined;

/** The schemas a field has in the optimizers that have it (name aside). */
function schemasOfField(key: string): z.ZodType[] {
  if (!fieldSchemas) {
    fieldSchemas = new Map();
    const shapes = [
      ...Object.values(byName).flatMap((schema) => ('shape' in schema ? [(schema as z.ZodObject).shape as Record<string, z.ZodType>] : [])),
      lookaheadKeys() as Record<string, z.ZodType>,
    ];
    for (const shape of shapes) {
      for (const [k, schema] of Object.entries(shape)) if (k !== 'name') fieldSchemas.set(k, [...(fieldSchemas.get(k) ?? []), schema]);
    }
  }
  return fieldSchemas.get(key) ?? [];
}

/**
 * A spec whose name is unknown still has its other fields checked, so every problem is named at
 * once: a field is wrong when no optimizer accepts it as given (an unknown key, or a value every
 * optimizer that has the key refuses: the first such optimizer's complaint is reported).
 */
function otherFieldIssues(value: unknown): { path: PropertyKey[]; message: string }[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [];
  const issues: { path: PropertyKey[]; message: string }[] = [];
  for (const [key, field] of Object.entries(value)) {
    if (key === 'name') continue;
    const schemas = schemasOfField(key);
    if (schemas.length === 0) {
      issues.push({ path: [key], message: `Unrecognized key: ${JSON.stringify(key)}` });
      continue;
    }
    const results = schemas.map((schema) => schema.safeParse(field));
    if (results.some((r) => r.success)) continue;
    for (const issue of results[0]!.error!.issues) issues.push({ ...issue, path: [key, ...issue.path] });
  }
  return issues;
}

/** Any optimizer spec; the error names the unknown optimizer and every bad key. */
export const optimizerSpec: z.ZodType<OptimizerSpec, unknown> = z.unknown().transform((value, ctx) => {
  const name = (value as { name?: unknown } | null)?.name;
  const schema = typeof name === 'string' && Object.hasOwn(byName, name) ? (byName as Record<string, z.ZodType>)[name] : undefined;
  if (!schema) {
    ctx.addIssue({ code: 'custom', path: ['name'], message: `unknown optimizer ${JSON.stringify(name)}; expected one of ${OPTIMIZER_NAMES.join(', ')}` });
    for (const issue of otherFieldIssues(value)) ctx.addIssue({ ...issue, code: 'custom', message: issue.message, path: issue.path } as never);
    return z.NEVER;
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) ctx.addIssue({ ...issue, code: 'custom', message: issue.message, path: issue.path } as never);
    return z.NEVER;
  }
  return parsed.data as OptimizerSpec;
}) as unknown as z.ZodType<OptimizerSpec, unknown>;

// ---------------------------------------------------------------- schedules
// t is the 0-based update index; a schedule maps (t, baseLr) to lr_t.

export const SCHEDULE_NAMES = ['constant', 'step', 'exponential', 'cosine', 'warmup', 'cyclic', 'sgdr', 'onecycle', 'invsqrt', 'rangeTest'] as const;
export type ScheduleName = (typeof SCHEDULE_NAMES)[number];

const constantSchedule = z.object({ name: z.literal('constant') }).strict();
const stepSchedule = z.object({ name: z.literal('step'), stepSize: count, gamma: positive.default(0.1) }).strict();
const exponentialSchedule = z.object({ name: z.literal('exponential'), gamma: positive }).strict();
const cosineSchedule = z.object({ name: z.literal('cosine'), tMax: count, etaMin: nonNegative.default(0) }).strict();
const cyclicSchedule = z
  .object({
    name: z.literal('cyclic'),
    baseLr: positive,
    maxLr: positive,
    stepSizeUp: count.default(2000),
    stepSizeDown: count.nullable().default(null),
    mode: z.enum(['triangular', 'triangular2', 'exp_range']).default('triangular'),
    gamma: positive.default(1),
  })
  .strict();
const sgdrSchedule = z.object({ name: z.literal('sgdr'), t0: count, tMult: count.default(1), etaMin: nonNegative.default(0) }).strict();
const onecycleSchedule = z
  .object({
    name: z.literal('onecycle'),
    maxLr: positive,
    totalSteps: count,
    pctStart: finite.gt(0).lt(1).default(0.3),
    divFactor: positive.default(25),
    finalDivFactor: positive.default(1e4),
    anneal: z.enum(['cos', 'linear']).default('cos'),
  })
  .strict();
const invsqrtSchedule = z.object({ name: z.literal('invsqrt'), dModel: count, warmupSteps: count }).strict();
const rangeTestSchedule = z
  .object({ name: z.literal('rangeTest'), minLr: positive, maxLr: positive, steps: z.number().int().min(2) })
  .strict()
  .refine((s) => s.maxLr > s.minLr, { message: 'maxLr must be larger than minLr', path: ['maxLr'] });

type PlainSchedule =
  | z.output<typeof constantSchedule> | z.output<typeof stepSchedule> | z.output<typeof exponentialSchedule>
  | z.output<typeof cosineSchedule> | z.output<typeof cyclicSchedule> | z.output<typeof sgdrSchedule>
  | z.output<typeof onecycleSchedule> | z.output<typeof invsqrtSchedule> | z.output<typeof rangeTestSchedule>;
export type WarmupSchedule = { name: 'warmup'; steps: number; startFactor: number; then: ScheduleSpec };
export type ScheduleSpec = PlainSchedule | WarmupSchedule;

const warmupSchedule = z.lazy(() =>
  z
    .object({
      name: z.literal('warmup'),
      steps: count,
      startFactor: finite.min(0).max(1).default(0),
      then: scheduleSpec.default({ name: 'constant' }),
    })
    .strict(),
);

const schedulesByName = {
  constant: constantSchedule, step: stepSchedule, exponential: exponentialSchedule, cosine: cosineSchedule,
  warmup: warmupSchedule, cyclic: cyclicSchedule, sgdr: sgdrSchedule, onecycle: onecycleSchedule,
  invsqrt: invsqrtSchedule, rangeTest: rangeTestSchedule,
} satisfies Record<ScheduleName, z.ZodType>;

export const scheduleSpec: z.ZodType<ScheduleSpec, unknown> = z.unknown().transform((value, ctx) => {
  const name = (value as { name?: unknown } | null)?.name;
  const schema = typeof name === 'string' && Object.hasOwn(schedulesByName, name) ? (schedulesByName as Record<string, z.ZodType>)[name] : undefined;
  if (!schema) {
    ctx.addIssue({ code: 'custom', path: ['name'], message: `unknown schedule ${JSON.stringify(name)}; expected one of ${SCHEDULE_NAMES.join(', ')}` });
    return z.NEVER;
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) ctx.addIssue({ ...issue, code: 'custom', message: issue.message, path: issue.path } as never);
    return z.NEVER;
  }
  return parsed.data as ScheduleSpec;
}) as unknown as z.ZodType<ScheduleSpec, unknown>;

// ---------------------------------------------------------------- error surfaces

export const SURFACE_NAMES = ['rosenbrock', 'beale', 'himmelblau', 'rastrigin', 'saddle', 'monkey', 'w1w2', 'ravine'] as const;
export type SurfaceName = (typeof SURFACE_NAMES)[number];
export const surfaceName = z.enum(SURFACE_NAMES);

export const point2 = z.tuple([finite, finite]);

/** One contestant of a race: an optimizer with an optional schedule, drawn under a label. */
export const raceEntry = z
  .object({
    label: z.string().trim().min(1).max(80).optional(),
    optimizer: optimizerSpec,
    schedule: scheduleSpec.default({ name: 'constant' }),
  })
  .strict();

/** A whole error-surface experiment: what is saved, re-run and compared. */
export const surfaceExperimentSpec = z
  .object({
    kind: z.literal('surface').default('surface'),
    fn: surfaceName,
    start: point2,
    steps: z.number().int().min(1).max(100_000),
    seed: seed.default(1),
    entries: z.array(raceEntry).min(1).max(32),
  })
  .strict();
export type SurfaceExperimentSpec = z.output<typeof surfaceExperimentSpec>;

/** An LR range test on an error surface (Smith 2017): lr rises exponentially from minLr to maxLr. */
export const surfaceRangeTestSpec = z
  .object({
    fn: surfaceName,
    start: point2,
    optimizer: optimizerSpec,
    minLr: positive.default(1e-5),
    maxLr: positive.default(1),
    steps: z.number().int().min(10).max(20_000).default(200),
    seed: seed.default(1),
    /** β of the debiased moving average applied before reading the curve (0 = raw losses). */
    smoothing: finite.min(0).lt(1).default(0),
  })
  .strict()
  .refine((s) => s.maxLr > s.minLr, { message: 'maxLr must be larger than minLr', path: ['maxLr'] });
export type SurfaceRangeTestSpec = z.output<typeof surfaceRangeTestSpec>;

/** Human-readable path + message for a zod error, e.g. "optimizer.lr: Too small: expected number to be >0". */
export function describeIssues(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.length ? i.path.join('.') + ': ' : ''}${i.message}`).join('; ');
}
