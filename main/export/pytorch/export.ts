// A network run as a self-contained PyTorch project: train.py (train-script.ts), the exact arrays
// the run trained on (after its split and preprocessing), its initial weights and its batch order.
// Everything is computed by the engine's own code — loadData, splitData, prepareData and a Trainer
// built exactly as the run's was — so the script has nothing to re-derive and the same math gives
// the same curve:
//
//   config.json            the experiment, the layer list with widths, sizes, the source run
//   data/x_train.npy …     features (float32) after standardisation fitted on the training rows;
//                          y_* labels (int64) or targets (float32); ids_* the rows' data-set
//                          indices (dropout masks and augmentation are drawn per data-set index)
//   data/background.npy    per feature, what a blank pixel is after preprocessing (augmentation)
//   init/params.npy        the initial parameters (seeded init, or the fine-tuning source's
//   init/state.npy           checkpoint) and batch-norm running statistics, in the engine's order
//   order/order.npy        every epoch's visiting order (positions in x_train; shuffle and
//   order/offsets.npy        curriculum included), epoch e = order[offsets[e]:offsets[e+1]]
//   train.py, README.md
import { existsSync } from 'node:fs';
import type { RunRow } from '../../../preload/contract';
import type { ExperimentSpec, LayerSpec, PlainLayerSpec } from '../../../preload/experiment';
import { loadData } from '../../engine/data/load';
import { prepareData } from '../../engine/data/prepare';
import { kFold, splitData, type Split } from '../../engine/data/split';
import { ExperimentError } from '../../engine/nn/errors';
import { outputSize } from '../../engine/nn/losses';
import { loadRunWeights } from '../../engine/nn/records';
import { Trainer, type Weights } from '../../engine/nn/trainer';
import type { Store } from '../../store';
import { npy } from '../npy';
import type { ArchiveFile } from '../tar';
import { readmeFor } from './readme';
import { TRAIN_PY } from './train-script';

const EXPORT_FORMAT = 'descent-lab-pytorch-export';
const EXPORT_VERSION = 1;

/** A run that cannot be exported; `field` names the cause ("run", "init.fromRun", "data.path"…). */
export class ExportError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'ExportError';
  }
}

/** One layer as train.py builds it: widths resolved, dropout's mask stream id, no defaults left. */
type ExportLayer =
  | { kind: 'dense'; in: number; out: number }
  | { kind: 'activation'; fn: string }
  | { kind: 'dropout'; p: number; id: number }
  | { kind: 'batchnorm'; width: number; momentum: number; eps: number }
  | { kind: 'layernorm'; width: number; eps: number }
  | { kind: 'residual'; layers: ExportLayer[]; activation: string };

/** The engine's layer list (network.ts buildNetwork) as data; ids number plain layers in build order. */
function exportLayers(model: LayerSpec[], inputs: number, outputs: number): ExportLayer[] {
  let nextId = 0;
  let width = inputs;
  const plain = (s: PlainLayerSpec): ExportLayer[] => {
    const id = nextId++;
    if ('dense' in s) {
      const out = s.dense === 'output' ? outputs : s.dense;
      const dense: ExportLayer = { kind: 'dense', in: width, out };
      width = out;
      return s.activation === 'linear' ? [dense] : [dense, { kind: 'activation', fn: s.activation }];
    }
    if ('dropout' in s) return [{ kind: 'dropout', p: s.dropout, id }];
    if ('batchnorm' in s) return [{ kind: 'batchnorm', width, momentum: s.batchnorm.momentum, eps: s.batchnorm.eps }];
    if ('layernorm' in s) return [{ kind: 'layernorm', width, eps: s.layernorm.eps }];
    return s.activation === 'linear' ? [] : [{ kind: 'activation', fn: s.activation }];
  };
  return model.flatMap((s): ExportLayer[] => {
    if (!('residual' in s)) return plain(s);
    const inner = s.residual.flatMap(plain);
    return [{ kind: 'residual', layers: inner, activation: s.activation }];
  });
}

/** Which rows the stored run trained on: a fold run, the final run after cross-validation, or the plain split. */
function runSplit(run: RunRow, spec: ExperimentSpec, n: number): { split: Split; spec: ExperimentSpec; epochs: number | undefined } {
  const split = splitData(n, spec.split, spec.seed);
  if (spec.split.folds < 2) return { split, spec, epochs: undefined };
  const rest = Int32Array.from([...split.train, ...split.validation]);
  const fold = /^fold (\d+)\//.exec(run.label);
  if (fold) {
    const part = kFold(rest, spec.split.folds)[Number(fold[1]) - 1];
    if (!part) throw new ExportError('run', `run ${run.id} is labelled "${run.label}", a fold its experiment's ${spec.split.folds}-fold split does not have`);
    return { split: { ...part, test: split.test }, spec, epochs: undefined };
  }
  // The final run: all non-test rows, no early stopping, as many epochs as it ran (trainWith).
  const epochs = (run.summary as { epochs?: unknown }).epochs;
  return {
    split: { train: rest, validation: new Int32Array(0), test: split.test },
    spec: { ...spec, earlyStopping: undefined },
    epochs: typeof epochs === 'number' && epochs > 0 ? epochs : spec.epochs,
  };
}

function dataFiles(spec: ExperimentSpec): { field: string; path: string }[] {
  const d = spec.data as { source: string; path?: string; images?: string; labels?: string };
  if (d.source === 'csv') return [{ field: 'data.path', path: d.path! }];
  if (d.source === 'idx') return [{ field: 'data.images', path: d.images! }, { field: 'data.labels', path: d.labels! }];
  return [];
}

/** The export's files (in memory): the caller writes them as a folder or packs them as an archive. */
export function buildPytorchExport(store: Store, runId: number): { name: string; files: ArchiveFile[] } {
  let run: RunRow;
  try {
    run = store.getRun(runId);
  } catch {
    throw new ExportError('run', `run ${runId} not found`);
  }
  if (run.kind !== 'network') throw new ExportError('run', `run ${runId} is a ${run.kind} run; only network runs can be exported to PyTorch`);
  const stored = run.spec as ExperimentSpec;
  for (const f of dataFiles(stored))
    if (!existsSync(f.path)) throw new ExportError(f.field, `the run's data file ${f.path} no longer exists (${f.field}); put it back or export another run`);

  let initialWeights: Weights | undefined;
  if (typeof stored.init === 'object') {
    const source = stored.init.fromRun;
    try {
      initialWeights = loadRunWeights(store, source, 'init.fromRun').weights;
    } catch (e) {
      const why = e instanceof ExperimentError ? e.message.replace(/^init\.fromRun: /, '') : String(e);
      throw new ExportError('init.fromRun', `no initial weights: run ${runId} was fine-tuned from run ${source}, whose weights cannot be read (${why})`);
    }
  }

  let dataset;
  try {
    dataset = loadData(stored.data, stored.seed);
  } catch (e) {
    if (e instanceof ExperimentError) throw new ExportError(e.field, `cannot load the run's data: ${e.message}`);
    throw e;
  }
  const { split, spec, epochs } = runSplit(run, stored, dataset.n);
  const data = prepareData(dataset, split, spec.data, spec.seed);
  let trainer: Trainer;
  try {
    trainer = new Trainer(spec, data, { initialWeights, epochs });
  } catch (e) {
    if (e instanceof ExperimentError) throw new ExportError(e.field, e.message);
    throw e;
  }
  const outputs = outputSize(spec.loss, dataset.classes, dataset.targetWidth);
  const d = dataset.features;
  const init = trainer.weights();

  const files: ArchiveFile[] = [];
  const rows = (ids: Int32Array, prefix: string) => {
    const x = new Float32Array(ids.length * d);
    ids.forEach((i, r) => x.set(data.x.subarray(i * d, (i + 1) * d), r * d));
    files.push({ name: `data/x_${prefix}.npy`, data: npy(x, [ids.length, d]) });
    if (data.labels) files.push({ name: `data/y_${prefix}.npy`, data: npy(BigInt64Array.from(ids, (i) => BigInt(data.labels![i]!)), [ids.length]) });
    else {
      const w = dataset.targetWidth;
      const y = new Float32Array(ids.length * w);
      ids.forEach((i, r) => y.set(data.values!.subarray(i * w, (i + 1) * w), r * w));
      files.push({ name: `data/y_${prefix}.npy`, data: npy(y, [ids.length, w]) });
    }
    files.push({ name: `data/ids_${prefix}.npy`, data: npy(Int32Array.from(ids), [ids.length]) });
  };
  rows(data.train, 'train');
  rows(data.validation, 'val');
  rows(data.test, 'test');
  files.push({ name: 'data/background.npy', data: npy(Float32Array.from(data.background), [d]) });
  files.push({ name: 'init/params.npy', data: npy(init.params, [init.params.length]) });
  files.push({ name: 'init/state.npy', data: npy(init.state, [init.state.length]) });

  // Positions in x_train of every epoch's visiting order.
  const position = new Int32Array(dataset.n).fill(-1);
  data.train.forEach((i, k) => (position[i] = k));
  const total = trainer.totalEpochs;
  const offsets = new BigInt64Array(total + 1);
  const orders: Int32Array[] = [];
  for (let e = 0; e < total; e++) {
    const o = trainer.epochOrder(e);
    orders.push(Int32Array.from(o, (i) => position[i]!));
    offsets[e + 1] = offsets[e]! + BigInt(o.length);
  }
  const order = new Int32Array(Number(offsets[total]));
  let at = 0;
  for (const o of orders) {
    order.set(o, at);
    at += o.length;
  }
  files.push({ name: 'order/order.npy', data: npy(order, [order.length]) });
  files.push({ name: 'order/offsets.npy', data: npy(offsets, [total + 1]) });

  const experiment = store.getExperiment(run.experimentId);
  const config = {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    exportedAt: new Date().toISOString(),
    source: { runId, label: run.label, experiment: experiment.name, status: run.status, summary: run.summary },
    spec,
    epochs: total,
    features: d,
    outputs,
    classes: dataset.classes,
    targetWidth: dataset.targetWidth,
    image: dataset.image,
    layers: exportLayers(spec.model, d, outputs),
    params: init.params.length,
    state: init.state.length,
    preprocess: data.preprocess,
    sizes: { train: data.train.length, validation: data.validation.length, test: data.test.length },
  };
  files.push({ name: 'config.json', data: utf8(JSON.stringify(config, null, 2) + '\n') });
  files.push({ name: 'train.py', data: utf8(TRAIN_PY) });
  files.push({ name: 'README.md', data: utf8(readmeFor({ runId, name: experiment.name, spec, epochs: total, sizes: config.sizes })) });
  return { name: `run-${runId}-pytorch`, files };
}

const utf8 = (s: string) => new Uint8Array(Buffer.from(s, 'utf8'));
