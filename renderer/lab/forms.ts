// The lab's editable forms for optimizers, schedules and a whole race, and their validation.
// Numbers are edited as text so a student can type freely; a spec is built only when every
// field parses AND the shared zod schemas in preload/spec.ts accept it — the very schemas main
// applies — so nothing invalid is ever sent, and each problem is named at its own field.
import {
  NEW_NOISE_STREAM,
  OPTIMIZER_NAMES,
  SCHEDULE_NAMES,
  optimizerSpec,
  scheduleSpec,
  surfaceExperimentSpec,
  type NoiseStream,
  type OptimizerName,
  type OptimizerSpec,
  type ScheduleName,
  type ScheduleSpec,
  type SurfaceExperimentSpec,
  type SurfaceName,
} from '../../preload/spec';
import type { MessageKey } from '../i18n/messages';

export type FieldValue = string | boolean;
export type FieldKind = 'number' | 'boolean' | 'enum' | 'optionalNumber';

export interface FieldDef {
  key: string;
  kind: FieldKind;
  options?: readonly string[];
  defaultValue: number | boolean | string | null;
}

export interface FieldError {
  key: MessageKey;
  params?: Record<string, string | number>;
}
/** Keyed by a dotted path such as "entries.0.optimizer.lr" or "start.x". */
export type FormErrors = Record<string, FieldError>;

export interface ScheduleForm {
  name: ScheduleName;
  values: Record<string, FieldValue>;
  /** Only for warm-up: the schedule that follows it. */
  then: ScheduleForm | null;
}

export interface OptimizerForm {
  name: OptimizerName;
  values: Record<string, FieldValue>;
  /** Only for lookahead: the wrapped optimizer. */
  inner: OptimizerForm | null;
}

export interface EntryForm {
  uid: number;
  /** Display only: the card shows a one-line summary instead of every field. */
  collapsed: boolean;
  label: string;
  optimizer: OptimizerForm;
  schedule: ScheduleForm;
  /**
   * stream: where the noise's normals come from (preload/spec.ts NoiseStream). A new entry, or one
   * whose spec had no noise, takes the counter stream; an entry made from a spec with noise keeps
   * that spec's (absent: none named, the sequential stream), so re-running a stored experiment
   * draws its noise again.
   */
  noise: { enabled: boolean; eta: string; gamma: string; stream?: NoiseStream };
  clip: { enabled: boolean; value: string };
}

export interface RaceForm {
  fn: SurfaceName;
  startX: string;
  startY: string;
  steps: string;
  seed: string;
  entries: EntryForm[];
}

const ENUM_OPTIONS: Record<string, readonly string[]> = {
  mode: ['triangular', 'triangular2', 'exp_range'],
  anneal: ['cos', 'linear'],
};

/** Keys edited elsewhere in the form rather than as plain fields. */
const STRUCTURAL_KEYS = new Set(['name', 'inner', 'then', 'gradientNoise', 'clipNorm']);

export const LOOKAHEAD_DEFAULT_INNER: OptimizerName = 'adam';
export const RACE_ALL: readonly OptimizerName[] = ['sgd', 'sgdm', 'nag', 'adagrad', 'rmsprop', 'adam'];

function fieldsOf(parsed: Record<string, unknown>): FieldDef[] {
  const fields: FieldDef[] = [];
  for (const [key, value] of Object.entries(parsed)) {
    if (STRUCTURAL_KEYS.has(key)) continue;
    if (typeof value === 'boolean') fields.push({ key, kind: 'boolean', defaultValue: value });
    else if (typeof value === 'string') fields.push({ key, kind: 'enum', options: ENUM_OPTIONS[key] ?? [value], defaultValue: value });
    else if (value === null) fields.push({ key, kind: 'optionalNumber', defaultValue: null });
    else fields.push({ key, kind: 'number', defaultValue: value as number });
  }
  return fields;
}

export function optimizerDefaults(name: OptimizerName): OptimizerSpec {
  const raw = name === 'lookahead' ? { name, inner: { name: LOOKAHEAD_DEFAULT_INNER } } : { name };
  return optimizerSpec.parse(raw);
}

export function optimizerFields(name: OptimizerName): FieldDef[] {
  return fieldsOf(optimizerDefaults(name) as unknown as Record<string, unknown>);
}

/**
 * Values that make each schedule meaningful over a run of `steps` updates at base rate `lr`:
 * the spec gives no defaults for a period or a peak, since those depend on the run.
 */
export function scheduleStarter(name: ScheduleName, steps: number, lr: number): ScheduleSpec {
  const part = (fraction: number) => Math.max(1, Math.round(steps * fraction));
  const raw: Record<ScheduleName, Record<string, unknown>> = {
    constant: {},
    step: { stepSize: part(0.25), gamma: 0.5 },
    exponential: { gamma: Number((0.01 ** (1 / Math.max(steps, 1))).toPrecision(4)) },
    cosine: { tMax: Math.max(1, steps) },
    warmup: { steps: part(0.1), then: { name: 'cosine', tMax: Math.max(1, steps - part(0.1)) } },
    cyclic: { baseLr: lr / 10, maxLr: lr, stepSizeUp: part(0.125) },
    sgdr: { t0: part(0.25) },
    onecycle: { maxLr: lr, totalSteps: Math.max(1, steps) },
    invsqrt: { dModel: 1, warmupSteps: part(0.1) },
    rangeTest: { minLr: 1e-5, maxLr: 1, steps: Math.max(2, steps) },
  };
  return scheduleSpec.parse({ name, ...raw[name] });
}

export function scheduleFields(name: ScheduleName, steps = 100, lr = 1e-3): FieldDef[] {
  return fieldsOf(scheduleStarter(name, steps, lr) as unknown as Record<string, unknown>);
}

const asText = (value: unknown): FieldValue =>
  typeof value === 'boolean' ? value : value === null || value === undefined ? '' : String(value);

function valuesOf(spec: Record<string, unknown>): Record<string, FieldValue> {
  const values: Record<string, FieldValue> = {};
  for (const [key, value] of Object.entries(spec)) if (!STRUCTURAL_KEYS.has(key)) values[key] = asText(value);
  return values;
}

export function optimizerFormFrom(spec: OptimizerSpec): OptimizerForm {
  return {
    name: spec.name,
    values: valuesOf(spec as unknown as Record<string, unknown>),
    inner: spec.name === 'lookahead' ? optimizerFormFrom(spec.inner) : null,
  };
}

export function optimizerForm(name: OptimizerName, lr?: number): OptimizerForm {
  const form = optimizerFormFrom(optimizerDefaults(name));
  if (lr !== undefined) {
    if (form.inner) form.inner.values.lr = String(lr);
    else form.values.lr = String(lr);
  }
  return form;
}

export function scheduleFormFrom(spec: ScheduleSpec): ScheduleForm {
  return {
    name: spec.name,
    values: valuesOf(spec as unknown as Record<string, unknown>),
    then: spec.name === 'warmup' ? scheduleFormFrom(spec.then) : null,
  };
}

let nextUid = 1;

export function entryForm(spec: { label?: string; optimizer: OptimizerSpec; schedule?: ScheduleSpec }): EntryForm {
  const noise = spec.optimizer.gradientNoise;
  const clip = spec.optimizer.clipNorm;
  return {
    uid: nextUid++,
    collapsed: false,
    label: spec.label ?? '',
    optimizer: optimizerFormFrom(spec.optimizer),
    schedule: scheduleFormFrom(spec.schedule ?? { name: 'constant' }),
    noise: {
      enabled: noise !== undefined,
      eta: String(noise?.eta ?? 0.01),
      gamma: String(noise?.gamma ?? 0.55),
      ...(noise === undefined ? { stream: NEW_NOISE_STREAM } : noise.stream !== undefined ? { stream: noise.stream } : {}),
    },
    clip: { enabled: clip !== undefined, value: String(clip ?? 1) },
  };
}

/** A note for an entry whose noise keeps the sequential stream of the spec it came from (null otherwise). */
export function noiseStreamNote(entry: EntryForm): MessageKey | null {
  return entry.noise.enabled && (entry.noise.stream ?? 'sequential') === 'sequential' ? 'entry.noiseSequential' : null;
}

export function newEntry(name: OptimizerName, lr?: number): EntryForm {
  const entry = entryForm({ optimizer: optimizerDefaults(name) });
  entry.optimizer = optimizerForm(name, lr);
  return entry;
}

export function cloneEntry(entry: EntryForm): EntryForm {
  return { ...(JSON.parse(JSON.stringify(entry)) as EntryForm), uid: nextUid++ };
}

/** The base rate a schedule multiplies (lookahead: its inner optimizer's), or NaN while unparsable. */
export function baseLrOf(form: OptimizerForm): number {
  const target = form.inner ?? form;
  const text = target.values.lr;
  return typeof text === 'string' ? parseNumber(text) ?? Number.NaN : Number.NaN;
}

export type RateTable = Partial<Record<string, number>>;

/**
 * A surface change re-tunes the learning rates the student left alone: an entry whose rate is
 * still the one the previous surface suggested for its optimizer (or the optimizer's own default)
 * takes the new surface's rate; a rate the student typed is kept and reported, so a rate tuned
 * for Rosenbrock never silently diverges on another surface — nor is the student's choice undone.
 * Edits `entries` in place; returns the uids whose rate changed and those whose rate was kept.
 */
export function retuneEntries(entries: EntryForm[], previous: RateTable, next: RateTable): { changed: number[]; kept: number[] } {
  const changed: number[] = [];
  const kept: number[] = [];
  for (const entry of entries) {
    const target = entry.optimizer.inner ?? entry.optimizer;
    const text = target.values.lr;
    if (typeof text !== 'string') continue;
    const ownDefault = (optimizerDefaults(target.name) as { lr?: number }).lr;
    const wasSuggested = previous[target.name] ?? ownDefault;
    const suggested = next[target.name] ?? ownDefault;
    if (suggested === undefined) continue;
    if (parseNumber(text) === wasSuggested) {
      if (wasSuggested !== suggested) {
        target.values.lr = String(suggested);
        changed.push(entry.uid);
      }
    } else if (parseNumber(text) !== suggested) kept.push(entry.uid);
  }
  return { changed, kept };
}

// ---------------------------------------------------------------- parsing and validation

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/** Strict: "1e-3", "-0.5", ".5" parse; "", "abc", "1,5", "0x10", "Infinity" do not. */
export function parseNumber(text: string): number | null {
  const trimmed = text.trim();
  if (!NUMBER.test(trimmed)) return null;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : null;
}

export interface Issue {
  path: PropertyKey[];
  message: string;
  minimum?: unknown;
  maximum?: unknown;
  inclusive?: boolean;
  expected?: unknown;
}

export function issueToError(issue: Issue): FieldError {
  if (issue.minimum !== undefined) return { key: issue.inclusive ? 'validation.min' : 'validation.gt', params: { min: String(issue.minimum) } };
  if (issue.maximum !== undefined) return { key: issue.inclusive ? 'validation.max' : 'validation.lt', params: { max: String(issue.maximum) } };
  if (issue.expected === 'int') return { key: 'validation.notInteger' };
  if (issue.message.startsWith('nesterov')) return { key: 'validation.nesterov' };
  if (issue.message.startsWith('maxLr must be larger')) return { key: 'validation.maxAboveMin' };
  // Schemas that re-report a nested issue (the experiment's layers and data) keep only zod's text.
  const bound = /expected number to be (<=|<|>=|>)\s*([-+\d.e]+)/.exec(issue.message);
  if (bound) {
    const [, op, value] = bound;
    if (op === '<=') return { key: 'validation.max', params: { max: value! } };
    if (op === '<') return { key: 'validation.lt', params: { max: value! } };
    if (op === '>=') return { key: 'validation.min', params: { min: value! } };
    return { key: 'validation.gt', params: { min: value! } };
  }
  if (/expected int/.test(issue.message)) return { key: 'validation.notInteger' };
  // A layer's width is "a whole number or 'output'": zod's union only says "Invalid input".
  if (issue.path.at(-1) === 'dense') return { key: 'validation.width' };
  if (issue.message === 'Invalid input') return { key: 'validation.invalidValue' };
  return { key: 'validation.other', params: { message: issue.message } };
}

function readFields(
  values: Record<string, FieldValue>,
  fields: FieldDef[],
  prefix: string,
  errors: FormErrors,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of fields) {
    const value = values[field.key];
    if (field.kind === 'boolean') out[field.key] = value === true;
    else if (field.kind === 'enum') out[field.key] = typeof value === 'string' && value ? value : field.defaultValue;
    else {
      const text = typeof value === 'string' ? value.trim() : '';
      if (text === '' && field.kind === 'optionalNumber') out[field.key] = null;
      else if (text === '') errors[prefix + field.key] = { key: 'validation.required' };
      else {
        const number = parseNumber(text);
        if (number === null) errors[prefix + field.key] = { key: 'validation.notNumber', params: { text } };
        else out[field.key] = number;
      }
    }
  }
  return out;
}

export function readNumber(text: string, path: string, errors: FormErrors): number | undefined {
  const trimmed = text.trim();
  if (trimmed === '') {
    errors[path] = { key: 'validation.required' };
    return undefined;
  }
  const value = parseNumber(trimmed);
  if (value === null) errors[path] = { key: 'validation.notNumber', params: { text: trimmed } };
  return value ?? undefined;
}

/** Adds zod's issues under `prefix`, except where a field already has its own parse error. */
export function addIssues(issues: readonly Issue[], prefix: string, errors: FormErrors, rename: (path: string) => string = (p) => p) {
  for (const issue of issues) {
    const path = prefix + rename(issue.path.map(String).join('.'));
    if (!Object.keys(errors).some((k) => k === path)) errors[path] = issueToError(issue);
  }
}

function rawOptimizer(form: OptimizerForm, prefix: string, errors: FormErrors): Record<string, unknown> {
  const raw: Record<string, unknown> = { name: form.name, ...readFields(form.values, optimizerFields(form.name), prefix, errors) };
  if (form.name === 'lookahead') raw.inner = rawOptimizer(form.inner ?? optimizerForm(LOOKAHEAD_DEFAULT_INNER), `${prefix}inner.`, errors);
  return raw;
}

function rawSchedule(form: ScheduleForm, prefix: string, errors: FormErrors): Record<string, unknown> {
  const raw: Record<string, unknown> = { name: form.name, ...readFields(form.values, scheduleFields(form.name), prefix, errors) };
  if (form.name === 'warmup') raw.then = rawSchedule(form.then ?? scheduleFormFrom({ name: 'constant' }), `${prefix}then.`, errors);
  return raw;
}

export function buildSchedule(form: ScheduleForm, prefix = '', errors: FormErrors = {}): { spec: ScheduleSpec | null; errors: FormErrors } {
  const before = Object.keys(errors).length;
  const raw = rawSchedule(form, prefix, errors);
  if (Object.keys(errors).length > before) return { spec: null, errors };
  const parsed = scheduleSpec.safeParse(raw);
  if (!parsed.success) {
    addIssues(parsed.error.issues as Issue[], prefix, errors);
    return { spec: null, errors };
  }
  return { spec: parsed.data, errors };
}

export function buildEntry(entry: EntryForm, prefix = '', errors: FormErrors = {}): { optimizer: OptimizerSpec | null; schedule: ScheduleSpec | null; errors: FormErrors } {
  const before = Object.keys(errors).length;
  const raw = rawOptimizer(entry.optimizer, `${prefix}optimizer.`, errors);
  if (entry.noise.enabled) {
    const eta = readNumber(entry.noise.eta, `${prefix}noise.eta`, errors);
    const gamma = readNumber(entry.noise.gamma, `${prefix}noise.gamma`, errors);
    raw.gradientNoise = { eta, gamma, ...(entry.noise.stream !== undefined ? { stream: entry.noise.stream } : {}) };
  }
  if (entry.clip.enabled) raw.clipNorm = readNumber(entry.clip.value, `${prefix}clip.value`, errors);
  let optimizer: OptimizerSpec | null = null;
  if (Object.keys(errors).length === before) {
    const parsed = optimizerSpec.safeParse(raw);
    if (parsed.success) optimizer = parsed.data;
    else
      addIssues(parsed.error.issues as Issue[], prefix, errors, (p) =>
        p.startsWith('gradientNoise.') ? `noise.${p.slice('gradientNoise.'.length)}` : p === 'clipNorm' ? 'clip.value' : `optimizer.${p}`,
      );
  }
  const { spec: schedule } = buildSchedule(entry.schedule, `${prefix}schedule.`, errors);
  return { optimizer, schedule, errors };
}

/** Labels must tell trajectories apart: an empty label becomes the optimizer's name, repeats get "#2", "#3". */
export function uniqueLabels(entries: { label: string; name: string }[]): string[] {
  const seen = new Map<string, number>();
  return entries.map(({ label, name }) => {
    const base = label.trim() || name;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return n === 1 ? base : `${base} #${n}`;
  });
}

export function buildRace(form: RaceForm): { spec: SurfaceExperimentSpec | null; errors: FormErrors } {
  const errors: FormErrors = {};
  const x = readNumber(form.startX, 'start.x', errors);
  const y = readNumber(form.startY, 'start.y', errors);
  const steps = readNumber(form.steps, 'steps', errors);
  const seed = readNumber(form.seed, 'seed', errors);
  const labels = uniqueLabels(form.entries.map((e) => ({ label: e.label, name: e.optimizer.name })));
  const entries = form.entries.map((entry, i) => {
    const { optimizer, schedule } = buildEntry(entry, `entries.${i}.`, errors);
    return { label: labels[i], optimizer, schedule };
  });
  if (Object.keys(errors).length > 0) return { spec: null, errors };
  const parsed = surfaceExperimentSpec.safeParse({ kind: 'surface', fn: form.fn, start: [x, y], steps, seed, entries });
  if (!parsed.success) {
    addIssues(parsed.error.issues as Issue[], '', errors, (p) => (p === 'start.0' ? 'start.x' : p === 'start.1' ? 'start.y' : p));
    return { spec: null, errors };
  }
  return { spec: parsed.data, errors };
}

export function raceFormFrom(spec: SurfaceExperimentSpec): RaceForm {
  return {
    fn: spec.fn,
    startX: String(spec.start[0]),
    startY: String(spec.start[1]),
    steps: String(spec.steps),
    seed: String(spec.seed),
    entries: spec.entries.map((e) => entryForm(e)),
  };
}

export { OPTIMIZER_NAMES, SCHEDULE_NAMES };
