// The Network lab's builder form and its validation. As in forms.ts, numbers are edited as text;
// a spec exists only when every field parses and preload/experiment.ts's own schema (the one main
// applies) accepts it, and each problem is named at the field the student typed it in.
import {
  ACTIVATIONS,
  CLASSIFICATION_2D,
  LOSSES,
  REGRESSION_1D,
  experimentSpec,
  type Activation,
  type ExperimentSpec,
  type LayerSpec,
  type LossName,
  type PlainLayerSpec,
} from '../../preload/experiment';
import { addIssues, buildEntry, entryForm, readNumber, type EntryForm, type FormErrors, type Issue } from './forms';
import { optimizerSpec } from '../../preload/spec';

export const DATA_SOURCES = [...CLASSIFICATION_2D, ...REGRESSION_1D, 'digits', 'idx', 'csv'] as const;
export type DataSource = (typeof DATA_SOURCES)[number];
export const LAYER_KINDS = ['dense', 'activation', 'dropout', 'batchnorm', 'layernorm', 'residual'] as const;
export type LayerKind = (typeof LAYER_KINDS)[number];
/** The first two replace the layers only; the lecture's three set a whole experiment (renderer/lab/networkPresets.ts). */
export const PRESETS = ['mlp', 'shallow', 'lectureShallow', 'lectureDeepPlain', 'lectureDeepResidual'] as const;
export type Preset = (typeof PRESETS)[number];
export { ACTIVATIONS, LOSSES };

export const isPlanar = (s: DataSource) => (CLASSIFICATION_2D as readonly string[]).includes(s);
export const isRegression = (s: DataSource) => (REGRESSION_1D as readonly string[]).includes(s);
/** Only these three sources have a fixed class count of 2. */
export const twoClassOnly = (s: DataSource) => s === 'circles' || s === 'moons' || s === 'xor';

export interface LayerForm {
  uid: number;
  kind: LayerKind;
  /** dense / residual width. */
  units: string;
  activation: Activation;
  /** dropout probability. */
  rate: string;
  /** residual: dense layers inside the block. */
  depth: string;
  /** batchnorm: running-average momentum. */
  momentum: string;
  /** batchnorm / layernorm: the ε added to the variance. */
  eps: string;
  /**
   * residual: a stored block that is not the builder's own pattern (act(x + W·act(W·x)…)), e.g. Course §1's
   * x + σ(Wx + b). Its inner layers are kept exactly as stored and shown read-only; the block's own activation stays editable.
   */
  inner?: PlainLayerSpec[];
}

export interface NetworkForm {
  name: string;
  source: DataSource;
  samples: string;
  noise: string;
  classes: string;
  degree: string;
  standardize: boolean;
  /** csv */
  path: string;
  target: string;
  /** idx */
  images: string;
  labels: string;
  /** Hidden layers; the output layers below are appended. */
  layers: LayerForm[];
  /** From the last top-level dense layer on: by default the output layer sized from the data; a stored spec's own tail is kept as stored. */
  output: LayerSpec[];
  /** Whether training reshuffles the data every epoch (kept from a stored spec; the builder does not edit it). */
  shuffle: boolean;
  /** A full pass over the training set after each epoch: the training loss (full pass). On in a new form; a stored spec's own (absent: off). */
  trainPass: boolean;
  loss: LossName;
  /** Optimizer and schedule, edited with the error-surface lab's own fields. */
  entry: EntryForm;
  batchSize: string;
  epochs: string;
  seed: string;
  validation: string;
  test: string;
  /** The builder's "Advanced" section: everything else the experiment format can say. */
  advanced: AdvancedForm;
}

export const INIT_CHOICES = ['he', 'xavier', 'fromRun'] as const;
export type InitChoice = (typeof INIT_CHOICES)[number];
export const SHIFT_TARGETS = ['test', 'validation', 'both'] as const;
export const CURRICULUM_BY = ['distance', 'noise'] as const;

/** Optional parts are switched on by a checkbox; a blank `threads` means "let the app choose". */
export interface AdvancedForm {
  threads: string;
  folds: string;
  l2: string;
  earlyStopping: boolean;
  patience: string;
  minDelta: string;
  init: InitChoice;
  /** Run id whose weights a fine-tuned run starts from. */
  fromRun: string;
  labelNoise: string;
  shift: boolean;
  shiftOffset: string;
  shiftScale: string;
  shiftRotate: string;
  shiftApplyTo: (typeof SHIFT_TARGETS)[number];
  augment: boolean;
  flip: boolean;
  augmentShift: string;
  augmentRotate: string;
  curriculum: boolean;
  curriculumBy: (typeof CURRICULUM_BY)[number];
  curriculumEpochs: string;
}

export const isImages = (s: DataSource) => s === 'digits' || s === 'idx';

/** Whether anything in the Advanced section differs from its defaults (a reopened spec shows it open). */
export function advancedChanged(form: AdvancedForm): boolean {
  return JSON.stringify(form) !== JSON.stringify(advancedForm());
}

export function advancedForm(): AdvancedForm {
  return {
    threads: '',
    folds: '0',
    l2: '0',
    earlyStopping: false,
    patience: '5',
    minDelta: '0',
    init: 'he',
    fromRun: '',
    labelNoise: '0',
    shift: false,
    shiftOffset: '0',
    shiftScale: '1',
    shiftRotate: '0',
    shiftApplyTo: 'test',
    augment: false,
    flip: false,
    augmentShift: '2',
    augmentRotate: '10',
    curriculum: false,
    curriculumBy: 'distance',
    curriculumEpochs: '5',
  };
}

let nextUid = 1;

export function layerForm(kind: LayerKind, units = 32, activation: Activation = 'relu'): LayerForm {
  return { uid: nextUid++, kind, units: String(units), activation, rate: '0.2', depth: '2', momentum: '0.1', eps: '1e-5' };
}

/** A deep copy of stored layers; JSON, not structuredClone, which refuses the reactive proxies the page's form is made of. */
const copyLayers = <T>(layers: T): T => JSON.parse(JSON.stringify(layers)) as T;

/** The output layer the builder appends: its size comes from the data. */
export const defaultOutput = (): LayerSpec[] => [{ dense: 'output', activation: 'linear' }];

export function presetLayers(preset: 'mlp' | 'shallow'): LayerForm[] {
  return preset === 'mlp' ? [layerForm('dense', 32), layerForm('dense', 32)] : [layerForm('dense', 32)];
}

export function networkForm(): NetworkForm {
  const entry = entryForm({ optimizer: optimizerSpec.parse({ name: 'adam', lr: 0.01 }) });
  return {
    name: 'spiral',
    source: 'spiral',
    samples: '1000',
    noise: '0.05',
    classes: '2',
    degree: '3',
    standardize: false,
    path: '',
    target: '',
    images: '',
    labels: '',
    layers: presetLayers('mlp'),
    output: defaultOutput(),
    shuffle: true,
    trainPass: true,
    loss: 'cross-entropy',
    entry,
    batchSize: '32',
    epochs: '15',
    seed: '1',
    validation: '0.2',
    test: '0',
    advanced: advancedForm(),
  };
}

/** What a source needs: the data entry of the spec, with field errors under "data.". */
export function buildData(form: NetworkForm, errors: FormErrors): Record<string, unknown> {
  const data: Record<string, unknown> = { source: form.source, standardize: form.standardize };
  if (isPlanar(form.source) || isRegression(form.source)) {
    data.samples = readNumber(form.samples, 'data.samples', errors);
    data.noise = readNumber(form.noise, 'data.noise', errors);
  }
  if (isPlanar(form.source)) data.classes = twoClassOnly(form.source) ? 2 : readNumber(form.classes, 'data.classes', errors);
  if (form.source === 'polynomial') data.degree = readNumber(form.degree, 'data.degree', errors);
  if (form.source === 'csv') {
    data.path = form.path;
    const target = form.target.trim();
    data.target = /^\d+$/.test(target) ? Number(target) : target;
  }
  if (form.source === 'idx') {
    data.images = form.images;
    data.labels = form.labels;
  }
  const a = form.advanced;
  if (!isRegression(form.source)) data.labelNoise = readNumber(a.labelNoise, 'data.labelNoise', errors);
  if (a.shift) {
    const shift: Record<string, unknown> = {
      offset: readNumber(a.shiftOffset, 'data.shift.offset', errors),
      scale: readNumber(a.shiftScale, 'data.shift.scale', errors),
      applyTo: a.shiftApplyTo,
    };
    // A rotation only means something in the plane.
    if (isPlanar(form.source)) shift.rotate = readNumber(a.shiftRotate, 'data.shift.rotate', errors);
    data.shift = shift;
  }
  return data;
}

/** 0 (off) or 2…20: the schema's union would only say "invalid input", so the form says which. */
function readFolds(text: string, errors: FormErrors): number | undefined {
  const folds = readNumber(text, 'split.folds', errors);
  if (folds !== undefined && folds !== 0 && !(Number.isInteger(folds) && folds >= 2 && folds <= 20)) errors['split.folds'] = { key: 'net.adv.foldsRange' };
  return folds;
}

/** The Advanced section's top-level entries of the spec (threads, folds go elsewhere). */
function buildAdvanced(form: NetworkForm, errors: FormErrors): Record<string, unknown> {
  const a = form.advanced;
  const out: Record<string, unknown> = { l2: readNumber(a.l2, 'l2', errors) };
  if (a.threads.trim() !== '') out.threads = readNumber(a.threads, 'threads', errors);
  if (a.earlyStopping) out.earlyStopping = { patience: readNumber(a.patience, 'earlyStopping.patience', errors), minDelta: readNumber(a.minDelta, 'earlyStopping.minDelta', errors) };
  if (a.init === 'fromRun') {
    const fromRun = readNumber(a.fromRun, 'init.fromRun', errors);
    // Without a run picked the field's own error says so; the schema is not asked twice.
    out.init = fromRun === undefined ? 'he' : { fromRun };
  } else out.init = a.init;
  if (a.augment && isImages(form.source))
    out.augment = { flip: a.flip, shift: readNumber(a.augmentShift, 'augment.shift', errors), rotate: readNumber(a.augmentRotate, 'augment.rotate', errors) };
  if (a.curriculum) out.curriculum = { by: a.curriculumBy, epochs: readNumber(a.curriculumEpochs, 'curriculum.epochs', errors) };
  return out;
}

function buildLayer(layer: LayerForm, i: number, errors: FormErrors): Record<string, unknown> {
  const at = `model.${i}.`;
  switch (layer.kind) {
    case 'dense':
      return { dense: layer.units.trim() === 'output' ? 'output' : readNumber(layer.units, `${at}units`, errors), activation: layer.activation };
    case 'activation':
      return { activation: layer.activation };
    case 'dropout':
      return { dropout: readNumber(layer.rate, `${at}rate`, errors) };
    case 'batchnorm':
      return { batchnorm: { momentum: readNumber(layer.momentum, `${at}momentum`, errors), eps: readNumber(layer.eps, `${at}eps`, errors) } };
    case 'layernorm':
      return { layernorm: { eps: readNumber(layer.eps, `${at}eps`, errors) } };
    case 'residual': {
      if (layer.inner) return { residual: copyLayers(layer.inner), activation: layer.activation };
      const units = readNumber(layer.units, `${at}units`, errors);
      const depth = readNumber(layer.depth, `${at}depth`, errors) ?? 2;
      if (!Number.isInteger(depth) || depth < 1 || depth > 8) {
        errors[`${at}depth`] ??= { key: 'validation.range', params: { min: 1, max: 8 } };
        return { residual: [{ dense: units }], activation: layer.activation };
      }
      const inner = Array.from({ length: depth }, (_, k) => (k < depth - 1 ? { dense: units, activation: layer.activation } : { dense: units }));
      return { residual: inner, activation: layer.activation };
    }
  }
}

/** zod's path inside a layer → the field that edits it. */
function layerField(path: string): string {
  const m = /^model\.(\d+)\.(dense|dropout|residual|batchnorm|layernorm)(?:\.(momentum|eps))?/.exec(path);
  if (!m) return path;
  if (m[3]) return `model.${m[1]}.${m[3]}`;
  if (m[2] === 'batchnorm' || m[2] === 'layernorm') return `model.${m[1]}.eps`;
  return `model.${m[1]}.${m[2] === 'dropout' ? 'rate' : 'units'}`;
}

export function buildNetwork(form: NetworkForm): { spec: ExperimentSpec | null; errors: FormErrors } {
  const errors: FormErrors = {};
  const data = buildData(form, errors);
  const model = [...form.layers.map((l, i) => buildLayer(l, i, errors)), ...copyLayers(form.output)];
  const { optimizer, schedule } = buildEntry(form.entry, '', errors);
  const raw = {
    name: form.name.trim() || 'network',
    seed: readNumber(form.seed, 'seed', errors),
    data,
    split: {
      validation: readNumber(form.validation, 'split.validation', errors),
      test: readNumber(form.test, 'split.test', errors),
      folds: readFolds(form.advanced.folds, errors),
    },
    model,
    loss: form.loss,
    optimizer,
    schedule,
    batchSize: readNumber(form.batchSize, 'batchSize', errors),
    epochs: readNumber(form.epochs, 'epochs', errors),
    shuffle: form.shuffle,
    ...(form.trainPass ? { trainPass: true } : {}),
    ...buildAdvanced(form, errors),
  };
  if (!form.name.trim()) errors.name = { key: 'validation.required' };
  const parsed = experimentSpec.safeParse(raw);
  if (!parsed.success) addIssues(parsed.error.issues as Issue[], '', errors, (p) => (p === 'earlyStopping' ? 'earlyStopping.patience' : layerField(p)));
  if (Object.keys(errors).length > 0) return { spec: null, errors };
  return { spec: parsed.success ? parsed.data : null, errors };
}

function advancedFormFrom(spec: ExperimentSpec): AdvancedForm {
  const a = advancedForm();
  const d = spec.data as { labelNoise?: number; shift?: { offset: number; scale: number; rotate: number; applyTo: AdvancedForm['shiftApplyTo'] } };
  a.folds = String(spec.split.folds);
  a.l2 = String(spec.l2);
  if (spec.threads !== undefined) a.threads = String(spec.threads);
  if (spec.earlyStopping) {
    Object.assign(a, { earlyStopping: true, patience: String(spec.earlyStopping.patience), minDelta: String(spec.earlyStopping.minDelta) });
  }
  if (typeof spec.init === 'string') a.init = spec.init;
  else Object.assign(a, { init: 'fromRun', fromRun: String(spec.init.fromRun) });
  if (d.labelNoise !== undefined) a.labelNoise = String(d.labelNoise);
  if (d.shift) {
    const { offset, scale, rotate, applyTo } = d.shift;
    Object.assign(a, { shift: true, shiftOffset: String(offset), shiftScale: String(scale), shiftRotate: String(rotate), shiftApplyTo: applyTo });
  }
  if (spec.augment) {
    const { flip, shift, rotate } = spec.augment;
    Object.assign(a, { augment: true, flip, augmentShift: String(shift), augmentRotate: String(rotate) });
  }
  if (spec.curriculum) {
    Object.assign(a, { curriculum: true, curriculumBy: spec.curriculum.by, curriculumEpochs: String(spec.curriculum.epochs) });
  }
  return a;
}

/** Back from a stored spec to the form ("run again with changes" from History). */
export function networkFormFrom(spec: ExperimentSpec, name: string): NetworkForm {
  const form = networkForm();
  const d = spec.data as Record<string, unknown>;
  const text = (v: unknown, fallback: string) => (v === undefined || v === null ? fallback : String(v));
  Object.assign(form, {
    name,
    source: d.source as DataSource,
    samples: text(d.samples, form.samples),
    noise: text(d.noise, form.noise),
    classes: text(d.classes, form.classes),
    degree: text(d.degree, form.degree),
    standardize: d.standardize === true,
    path: text(d.path, ''),
    target: text(d.target, ''),
    images: text(d.images, ''),
    labels: text(d.labels, ''),
    loss: spec.loss,
    entry: entryForm({ optimizer: spec.optimizer, schedule: spec.schedule }),
    batchSize: String(spec.batchSize),
    epochs: String(spec.epochs),
    seed: String(spec.seed),
    validation: String(spec.split.validation),
    test: String(spec.split.test),
    advanced: advancedFormFrom(spec),
  });
  // The output part starts at the last top-level dense layer ("the last dense layer is the output layer").
  const last = spec.model.findLastIndex((l) => 'dense' in l);
  const cut = last < 0 ? spec.model.length : last;
  form.output = copyLayers(spec.model.slice(cut));
  form.shuffle = spec.shuffle;
  form.trainPass = spec.trainPass === true;
  form.layers = spec.model.slice(0, cut).map(layerFormFrom);
  return form;
}

/** Whether a stored block is exactly what the builder writes for these fields (see buildLayer). */
function builderBlock(block: { residual: PlainLayerSpec[]; activation: Activation }): boolean {
  const inner = block.residual;
  const first = inner[0] as { dense?: unknown } | undefined;
  if (inner.length < 1 || inner.length > 8 || typeof first?.dense !== 'number') return false;
  const units = first.dense;
  return inner.every((l, k) => {
    const want = { dense: units, activation: k < inner.length - 1 ? block.activation : 'linear' };
    return JSON.stringify(l) === JSON.stringify(want);
  });
}

/** One stored (parsed) layer → its builder entry; nothing the spec says is dropped. */
export function layerFormFrom(layer: LayerSpec): LayerForm {
  if ('residual' in layer) {
    const inner = layer.residual as { dense?: number | 'output' }[];
    const width = typeof inner[0]?.dense === 'number' ? inner[0].dense : 16;
    const form = { ...layerForm('residual', width, layer.activation), depth: String(inner.length) };
    return builderBlock(layer) ? form : { ...form, inner: copyLayers(layer.residual) };
  }
  if ('dense' in layer) return { ...layerForm('dense', 32, layer.activation), units: String(layer.dense) };
  if ('activation' in layer) return layerForm('activation', 32, layer.activation);
  if ('dropout' in layer) return { ...layerForm('dropout'), rate: String(layer.dropout) };
  if ('batchnorm' in layer) return { ...layerForm('batchnorm'), momentum: String(layer.batchnorm.momentum), eps: String(layer.batchnorm.eps) };
  return { ...layerForm('layernorm'), eps: String(layer.layernorm.eps) };
}

/** A layer as one short line, for the read-only inner layers of a kept residual block and a kept output part. */
export function layerSummary(layer: LayerSpec): string {
  if ('residual' in layer) return `residual[${layer.residual.map(layerSummary).join(', ')}] → ${layer.activation}`;
  if ('dense' in layer) return `dense ${layer.dense} · ${layer.activation}`;
  if ('activation' in layer) return layer.activation;
  if ('dropout' in layer) return `dropout ${layer.dropout}`;
  if ('batchnorm' in layer) return `batchnorm (momentum ${layer.batchnorm.momentum}, ε ${layer.batchnorm.eps})`;
  return `layernorm (ε ${layer.layernorm.eps})`;
}

/** Whether the output part is the builder's own (one layer sized from the data). */
export const defaultOutputPart = (output: LayerSpec[]) => JSON.stringify(output) === JSON.stringify(defaultOutput());
