// A network run exported as a PyTorch project, checked against PyTorch itself: runs over the
// optimizer zoo, the schedules, batch norm / dropout / layer norm / residual blocks, augmentation,
// early stopping, curriculum, fine-tuning and MSE regression are trained by the engine and stored
// in a real SQLite file, exported, and the exported train.py is run by /usr/bin/python3 (one
// process for all cases, plus one torchrun with 2 DDP processes). Tolerances: float32 sums a batch
// in another order in PyTorch than in the engine's 32-row chunks, and torch's optimizers round
// every float32 operation, so per-update losses match to ~1e-5 relative; we ask 1e-3 over the
// first 100 updates and 3 % on the final training loss, and show that a wrong batch order fails.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LabError } from '../../preload/contract';
import { experimentSpec, type ExperimentInput } from '../../preload/experiment';
import { desktopExport, exportHandlers } from '../../main/api/export';
import { rngFor } from '../../main/engine/nn/seeds';
import { counterNormals, NOISE_STREAM, philox4x32 } from '../../main/engine/random';
import { recordRun } from '../../main/engine/runs';
import { writeFolder } from '../../main/export/folder';
import { buildPytorchExport, ExportError } from '../../main/export/pytorch/export';
import { tarGz } from '../../main/export/tar';
import { importRunBundle, Store } from '../../main/store';
import { runLab } from '../support/lab-cli';

const PYTHON = '/usr/bin/python3';
const hasTorch = existsSync(PYTHON) && spawnSync(PYTHON, ['-c', 'import torch, numpy'], { stdio: 'ignore' }).status === 0;

const moons = { source: 'moons', samples: 200, noise: 0.2, standardize: true } as const;
const small: ExperimentInput['model'] = [{ dense: 12, activation: 'tanh' }, { dense: 'output' }];
/** 160 training rows in batches of 16: 10 updates an epoch, 110 in all. */
const base: ExperimentInput = { seed: 5, data: moons, split: { validation: 0.2, test: 0, folds: 0 }, model: small, batchSize: 16, epochs: 11 };

const CASES: Record<string, ExperimentInput> = {
  sgd: { ...base, optimizer: { name: 'sgd', lr: 0.2 }, schedule: { name: 'step', stepSize: 40, gamma: 0.5 } },
  momentum: { ...base, optimizer: { name: 'sgdm', lr: 0.05, weightDecay: 1e-3 }, schedule: { name: 'exponential', gamma: 0.99 } },
  nesterov: { ...base, optimizer: { name: 'nag', lr: 0.05 }, schedule: { name: 'warmup', steps: 20, then: { name: 'cosine', tMax: 90 } } },
  adagrad: { ...base, optimizer: { name: 'adagrad', lr: 0.1, lrDecay: 0.01 } },
  rmsprop: { ...base, optimizer: { name: 'rmsprop', lr: 0.002, momentum: 0.5, centered: true }, schedule: { name: 'cyclic', baseLr: 0.001, maxLr: 0.01, stepSizeUp: 25 } },
  adam: {
    ...base,
    model: [{ dense: 16, activation: 'tanh' }, { dropout: 0.1 }, { dense: 16, activation: 'relu' }, { batchnorm: {} }, { residual: [{ dense: 16, activation: 'gelu' }, { layernorm: {} }, { dense: 16 }], activation: 'relu' }, { dense: 'output' }],
    l2: 1e-3,
    optimizer: { name: 'adam', lr: 0.01 },
    schedule: { name: 'cosine', tMax: 110 },
  },
  amsgrad: { ...base, model: [{ dense: 12, activation: 'leaky-relu' }, { dense: 'output' }], optimizer: { name: 'amsgrad', lr: 0.02 }, schedule: { name: 'onecycle', maxLr: 0.03, totalSteps: 110 } },
  adamw: { ...base, model: [{ dense: 12, activation: 'sigmoid' }, { dense: 'output' }], optimizer: { name: 'adamw', lr: 0.02, weightDecay: 0.05 }, schedule: { name: 'sgdr', t0: 20, tMult: 2 } },
  nadam: { ...base, optimizer: { name: 'nadam', lr: 0.01 }, schedule: { name: 'invsqrt', dModel: 16, warmupSteps: 10 } },
  radam: { ...base, optimizer: { name: 'radam', lr: 0.02 } },
  adabound: { ...base, optimizer: { name: 'adabound', lr: 0.01, finalLr: 0.1 }, schedule: { name: 'step', stepSize: 30, gamma: 0.7 } },
  swats: { ...base, optimizer: { name: 'swats', lr: 0.01, switchAt: 40 } },
  sgdw: { ...base, optimizer: { name: 'sgdw', lr: 0.05, weightDecay: 0.01, nesterov: true }, schedule: { name: 'rangeTest', minLr: 0.001, maxLr: 0.2, steps: 110 } },
  lookahead: { ...base, optimizer: { name: 'lookahead', k: 4, alpha: 0.5, inner: { name: 'adam', lr: 0.01, clipNorm: 0.5 }, gradientNoise: { eta: 0.01 } } },
  // The counter stream (Philox4x32-10), added before clipping.
  counterNoise: { ...base, optimizer: { name: 'adam', lr: 0.01, gradientNoise: { eta: 0.01, stream: 'counter' }, clipNorm: 0.5 } },
  mseRegression: { ...base, data: { source: 'sine', samples: 200, noise: 0.1, standardize: true }, model: [{ dense: 16, activation: 'tanh' }, { dense: 'output' }], loss: 'mse', optimizer: { name: 'sgdm', lr: 0.05 } },
  mseClasses: { ...base, loss: 'mse', optimizer: { name: 'adam', lr: 0.02 } },
  bce: { ...base, loss: 'bce', optimizer: { name: 'adam', lr: 0.02 }, earlyStopping: { patience: 2 }, curriculum: { by: 'distance', epochs: 4 } },
  augment: {
    seed: 2,
    data: { source: 'digits', standardize: true },
    split: { validation: 0.1, test: 0.1, folds: 0 },
    model: [{ dense: 24, activation: 'relu' }, { dropout: 0.2 }, { dense: 'output' }],
    augment: { flip: true, shift: 1, rotate: 10 },
    optimizer: { name: 'adam', lr: 0.003 },
    batchSize: 128,
    epochs: 10,
  },
};

let dir: string;
let store: Store;
const runs: Record<string, number> = {};
const folders: Record<string, string> = {};
let csvPath: string;

const train = async (input: ExperimentInput) => (await recordRun(experimentSpec.parse(input), store)).runId;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'descent-export-'));
  store = Store.open(join(dir, 'lab.db'));
  for (const [name, input] of Object.entries(CASES)) runs[name] = await train({ ...input, name });
  runs.finetune = await train({ ...base, name: 'finetune', init: { fromRun: runs.sgd! }, optimizer: { name: 'sgd', lr: 0.05 } });
  for (const name of Object.keys(runs)) folders[name] = writeFolder(join(dir, name), buildPytorchExport(store, runs[name]!).files);
}, 120_000);

afterAll(() => {
  store?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A .npy file's header dict and raw data (enough to check what was written without numpy). */
function readNpy(path: string): { descr: string; shape: number[]; data: Buffer } {
  const b = readFileSync(path);
  expect([...b.subarray(0, 6)]).toEqual([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]);
  const len = b.readUInt16LE(8);
  const header = b.subarray(10, 10 + len).toString('latin1');
  expect((10 + len) % 64).toBe(0);
  const shape = /'shape': \(([^)]*)\)/.exec(header)![1]!.split(',').map((s) => s.trim()).filter(Boolean).map(Number);
  return { descr: /'descr': '([^']+)'/.exec(header)![1]!, shape, data: b.subarray(10 + len) };
}

const floats = (buf: Buffer) => new Float32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));

describe('export structure', () => {
  it('writes train.py, README, config, data, initial weights and the batch order, nothing half-written', () => {
    const f = folders.adam!;
    expect(readdirSync(f).sort()).toEqual(['README.md', 'config.json', 'data', 'init', 'order', 'train.py']);
    expect(readdirSync(dir).filter((n) => n.includes('partial'))).toEqual([]);
    const cfg = JSON.parse(readFileSync(join(f, 'config.json'), 'utf8'));
    expect(cfg).toMatchObject({ format: 'descent-lab-pytorch-export', epochs: 11, features: 2, outputs: 2, classes: 2, sizes: { train: 160, validation: 40, test: 0 } });
    expect(cfg.layers.map((l: { kind: string }) => l.kind)).toEqual(['dense', 'activation', 'dropout', 'dense', 'activation', 'batchnorm', 'residual', 'dense']);
    // 2·16+16 + 16·16+16 + 2·16 (batch norm) + 16·16+16 + 2·16 (layer norm) + 16·16+16 + 16·2+2
    expect(cfg.params).toBe(48 + 272 + 32 + 272 + 32 + 272 + 34);
    expect(readNpy(join(f, 'init/params.npy'))).toMatchObject({ descr: '<f4', shape: [cfg.params] });
    expect(readNpy(join(f, 'init/state.npy')).shape).toEqual([32]); // running mean and variance
    expect(readNpy(join(f, 'data/x_train.npy')).shape).toEqual([160, 2]);
    expect(readNpy(join(f, 'data/y_train.npy')).descr).toBe('<i8');
    const offsets = readNpy(join(f, 'order/offsets.npy'));
    expect(offsets.shape).toEqual([12]);
    expect(Number(new BigInt64Array(offsets.data.buffer.slice(offsets.data.byteOffset))[11])).toBe(11 * 160);
    expect(readFileSync(join(f, 'README.md'), 'utf8')).toContain('torch.distributed.run --nproc_per_node');
  });

  it('stores features standardised with the training rows’ mean and std: mean 0, std 1 on x_train', () => {
    const x = floats(readNpy(join(folders.mseRegression!, 'data/x_train.npy')).data);
    const mean = x.reduce((a, b) => a + b, 0) / x.length;
    const sd = Math.sqrt(x.reduce((a, b) => a + (b - mean) ** 2, 0) / x.length);
    expect(Math.abs(mean)).toBeLessThan(1e-6);
    expect(Math.abs(sd - 1)).toBeLessThan(1e-5);
    // and the validation rows are not (they use the training rows' statistics)
    const v = floats(readNpy(join(folders.mseRegression!, 'data/x_val.npy')).data);
    expect(Math.abs(v.reduce((a, b) => a + b, 0) / v.length)).toBeGreaterThan(1e-4);
  });

  it('starts a fine-tuned run from its source run’s saved weights', () => {
    const source = store.getCheckpoint(runs.sgd!)!;
    const init = readNpy(join(folders.finetune!, 'init/params.npy')).data;
    expect(Buffer.compare(Buffer.from(source.weights), init)).toBe(0);
  });

  it('visits each epoch’s rows once in the run’s shuffled order, and the curriculum’s growing pools', () => {
    const order = new Int32Array(readNpy(join(folders.sgd!, 'order/order.npy')).data.buffer.slice(0));
    const first = [...order.subarray(-160 * 11, -160 * 10)];
    expect([...first].sort((a, b) => a - b)).toEqual(Array.from({ length: 160 }, (_, i) => i));
    expect(first).not.toEqual(Array.from({ length: 160 }, (_, i) => i));
    const offsets = readNpy(join(folders.bce!, 'order/offsets.npy')).data;
    const o = Array.from(new BigInt64Array(offsets.buffer.slice(offsets.byteOffset)), Number);
    expect(o.slice(1, 6).map((v, i) => v - o[i]!)).toEqual([40, 80, 120, 160, 160]);
  });

  it('packs the same files as a .tar.gz that tar reads back', () => {
    const { name, files } = buildPytorchExport(store, runs.sgd!);
    const tgz = tarGz(name, files);
    writeFileSync(join(dir, 'x.tar.gz'), tgz);
    const listing = spawnSync('tar', ['-tzf', join(dir, 'x.tar.gz')], { encoding: 'utf8' }).stdout.split('\n');
    expect(listing).toContain(`${name}/train.py`);
    expect(listing).toContain(`${name}/order/order.npy`);
    expect(gunzipSync(tgz).length % 512).toBe(0);
  });
});

describe('lab export --format pytorch', () => {
  const lab = (args: string[]) => runLab([...args, '--db', join(dir, 'lab.db')], { defaultDb: join(dir, 'unused.db') });

  it('writes the folder and prints what it wrote', async () => {
    const r = await lab(['export', String(runs.radam), '--format', 'pytorch', '--out', join(dir, 'cli-radam')]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ runId: runs.radam, out: join(dir, 'cli-radam'), files: 17 });
    expect(r.stderr).toContain('train.py --out bundle.json');
    expect(readFileSync(join(dir, 'cli-radam', 'train.py'), 'utf8')).toBe(readFileSync(join(folders.radam!, 'train.py'), 'utf8'));
  });

  it('needs --out, and names the problem when the run cannot be exported', async () => {
    const noOut = await lab(['export', String(runs.radam), '--format', 'pytorch']);
    expect(noOut.code).toBe(2);
    expect(noOut.stderr).toContain('--format pytorch needs --out DIR');
    const e = store.createExperiment({ name: 'race', kind: 'surface', spec: {} });
    const surface = store.createRun({ experimentId: e.id, label: 'adam', seed: 1, spec: {} }).id;
    const bad = await lab(['export', String(surface), '--format', 'pytorch', '--out', join(dir, 'cli-surface')]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain(`cannot export run ${surface} to PyTorch: run ${surface} is a surface run`);
    expect(existsSync(join(dir, 'cli-surface'))).toBe(false);
  });
});

describe('the runs:exportPytorch channel', () => {
  const exportRun = (runId: number) => exportHandlers(store)['runs:exportPytorch']({ runId });

  it('answers a .tar.gz for the page to download when no folder dialog is installed (web mode)', async () => {
    const r = await exportRun(runs.sgd!);
    if (r.kind !== 'archive') throw new Error(`expected an archive, got ${r.kind}`);
    expect(r.fileName).toBe(`run-${runs.sgd}-pytorch.tar.gz`);
    writeFileSync(join(dir, 'web.tar.gz'), Buffer.from(r.base64, 'base64'));
    expect(spawnSync('tar', ['-tzf', join(dir, 'web.tar.gz')], { encoding: 'utf8' }).stdout).toContain(`run-${runs.sgd}-pytorch/config.json`);
  });

  it('writes the folder the desktop dialog chose, and nothing when the dialog is cancelled', async () => {
    try {
      desktopExport.chooseFolder = async (name) => join(dir, `desktop-${name}`);
      const r = await exportRun(runs.sgd!);
      expect(r).toEqual({ kind: 'folder', path: join(dir, `desktop-run-${runs.sgd}-pytorch`), files: 17 });
      expect(existsSync(join(dir, `desktop-run-${runs.sgd}-pytorch`, 'train.py'))).toBe(true);
      desktopExport.chooseFolder = async () => null;
      expect(await exportRun(runs.sgd!)).toEqual({ kind: 'cancelled' });
    } finally {
      desktopExport.chooseFolder = null;
    }
  });

  it('refuses a run it cannot export as invalid-request naming the field', async () => {
    const e = store.createExperiment({ name: 'race', kind: 'surface', spec: {} });
    const run = store.createRun({ experimentId: e.id, label: 'sgd', seed: 1, spec: {} });
    const err = await Promise.resolve().then(() => exportRun(run.id)).catch((x: unknown) => x);
    expect(err).toBeInstanceOf(LabError);
    expect(err).toMatchObject({ code: 'invalid-request', reason: 'spec-unusable', params: { path: 'runId' } });
    expect((err as LabError).message).toMatch(/surface run; only network runs/);
  });
});

describe('bad input', () => {
  const parentEntries = () => readdirSync(dir).sort();

  it('refuses a surface run, naming it', () => {
    const e = store.createExperiment({ name: 'a race', kind: 'surface', spec: {} });
    const run = store.createRun({ experimentId: e.id, label: 'adam', seed: 1, spec: {} });
    expect(() => buildPytorchExport(store, run.id)).toThrow(/is a surface run; only network runs/);
    expect(() => buildPytorchExport(store, 9999)).toThrow(/run 9999 not found/);
  });

  it('refuses a fold run whose label names a fold its experiment does not have', () => {
    const spec = experimentSpec.parse({ ...base, name: 'folds', split: { validation: 0.2, test: 0, folds: 3 } });
    const e = store.createExperiment({ name: 'folds', kind: 'network', spec });
    const kept = store.createRun({ experimentId: e.id, label: 'fold 3/3', seed: 5, spec });
    const stray = store.createRun({ experimentId: e.id, label: 'fold 4/3', seed: 5, spec });
    expect(() => buildPytorchExport(store, stray.id)).toThrow(ExportError);
    expect(() => buildPytorchExport(store, stray.id)).toThrow(/labelled "fold 4\/3", a fold its experiment's 3-fold split does not have/);
    expect(buildPytorchExport(store, kept.id).files.map((f) => f.name)).toContain('train.py');
  });

  it('refuses a run whose data file is gone, and writes nothing', async () => {
    csvPath = join(dir, 'points.csv');
    writeFileSync(csvPath, 'a,b,y\n' + Array.from({ length: 40 }, (_, i) => `${i % 7},${(i * 3) % 5},${i % 2}`).join('\n') + '\n');
    const id = await train({ ...base, name: 'csv', data: { source: 'csv', path: csvPath, target: 'y' }, epochs: 1 });
    rmSync(csvPath);
    const before = parentEntries();
    let err: unknown;
    try {
      writeFolder(join(dir, 'csv-export'), buildPytorchExport(store, id).files);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ExportError);
    expect((err as ExportError).field).toBe('data.path');
    expect((err as Error).message).toContain(`${csvPath} no longer exists`);
    expect(parentEntries()).toEqual(before);
  });

  it('refuses a fine-tuned run whose source run (its initial weights) was deleted', async () => {
    const source = await train({ ...base, name: 'source', epochs: 1 });
    const tuned = await train({ ...base, name: 'tuned', epochs: 1, init: { fromRun: source } });
    store.deleteExperiment(store.getRun(source).experimentId);
    expect(() => buildPytorchExport(store, tuned)).toThrow(ExportError);
    expect(() => buildPytorchExport(store, tuned)).toThrow(new RegExp(`no initial weights: run ${tuned} was fine-tuned from run ${source}`));
  });

  it('never writes over a folder that has files in it', () => {
    expect(() => writeFolder(folders.adam!, [{ name: 'x', data: new Uint8Array(1) }])).toThrow(/exists and is not empty/);
  });
});

interface BundleSeries {
  name: string;
  steps: number[];
  values: (number | string | null)[];
}

const seriesOf = (runId: number, name: string) => store.readSeries([runId], [name])[0]!.values;
const bundleSeries = (b: { series: BundleSeries[] }, name: string) => b.series.find((s) => s.name === name)!.values.map(Number);

/** Largest relative difference over the first `n` updates. */
function maxRelative(a: number[], b: number[], n = 100): number {
  let worst = 0;
  for (let i = 0; i < Math.min(n, a.length); i++) if (a[i] !== b[i]) worst = Math.max(worst, Math.abs(a[i]! - b[i]!) / Math.abs(a[i]!));
  return worst;
}

describe.skipIf(!hasTorch)('the exported train.py under PyTorch', () => {
  const bundles: Record<string, { series: BundleSeries[]; run: { status: string; summary: Record<string, number> } }> = {};
  const names = Object.keys(CASES).concat('finetune');

  beforeAll(() => {
    // A wrong batch order (each epoch's order reversed): the check below must catch it.
    cpSync(folders.sgd!, join(dir, 'wrong-order'), { recursive: true });
    const order = readNpy(join(folders.sgd!, 'order/order.npy'));
    const file = readFileSync(join(folders.sgd!, 'order/order.npy'));
    const ints = new Int32Array(order.data.buffer.slice(order.data.byteOffset));
    for (let e = 0; e < 11; e++) ints.subarray(e * 160, (e + 1) * 160).reverse();
    writeFileSync(join(dir, 'wrong-order/order/order.npy'), Buffer.concat([file.subarray(0, file.length - order.data.length), Buffer.from(ints.buffer)]));
    const jobs = [...names, 'wrong-order'].map((n) => [join(dir, n), join(dir, `${n}.bundle.json`)]);
    const driver = join(dir, 'driver.py');
    writeFileSync(driver, 'import json, runpy, sys\nfor d, out in json.loads(sys.argv[1]):\n    sys.argv = [d + "/train.py", "--out", out, "--quiet"]\n    runpy.run_path(sys.argv[0], run_name="__main__")\n');
    const r = spawnSync(PYTHON, [driver, JSON.stringify(jobs)], { encoding: 'utf8', env: { ...process.env, OMP_NUM_THREADS: '1' } });
    expect(r.status, r.stderr).toBe(0);
    for (const n of [...names, 'wrong-order']) bundles[n] = JSON.parse(readFileSync(join(dir, `${n}.bundle.json`), 'utf8'));
  }, 240_000);

  it.each(Object.keys(CASES).concat('finetune'))('%s: per-update loss within 1e-3 relative over 100 updates, final training loss within 3 %%', (name) => {
    const runId = runs[name]!;
    const ours = seriesOf(runId, 'loss');
    const theirs = bundleSeries(bundles[name]!, 'loss');
    expect(theirs.length).toBe(ours.length);
    // Early stopping ends the bce run after a few epochs: there the same stopping epoch is the check.
    if (CASES[name]?.earlyStopping) expect(bundles[name]!.run.summary.bestEpoch).toBe((store.getRun(runId).summary as { bestEpoch: number }).bestEpoch);
    else expect(ours.length).toBeGreaterThanOrEqual(100);
    expect(maxRelative(ours, theirs)).toBeLessThan(1e-3);
    expect(maxRelative(seriesOf(runId, 'lr'), bundleSeries(bundles[name]!, 'lr'), Infinity)).toBeLessThan(1e-9);
    const final = (store.getRun(runId).summary as { trainLoss: number }).trainLoss;
    expect(Math.abs(bundles[name]!.run.summary.trainLoss! - final) / final).toBeLessThan(0.03);
    expect(bundles[name]!.run.status).toBe(store.getRun(runId).status);
    expect(bundles[name]!.run.summary.epochs).toBe((store.getRun(runId).summary as { epochs: number }).epochs);
  });

  it('train.py’s transcription of the engine’s generator draws the same numbers (scalar and per-sample arrays)', () => {
    const py = [
      'import importlib.util, json, sys, numpy as np',
      'spec = importlib.util.spec_from_file_location("train", sys.argv[1]); m = importlib.util.module_from_spec(spec); spec.loader.exec_module(m)',
      'r = m.Rng(m.mix_seed(7, 3, 2, 5, 1)); u = [r.next() for _ in range(4)]; n = [r.normal() for _ in range(3)]',
      'v = m.Rng(m.mix_seed(7, 4, 2, np.array([0, 5, 2**31 - 1], dtype=np.uint64))); a = [v.next().tolist() for _ in range(3)]',
      'print(json.dumps({"u": u, "n": n, "a": a}))',
    ].join('\n');
    const r = spawnSync(PYTHON, ['-c', py, join(folders.sgd!, 'train.py')], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const got = JSON.parse(r.stdout) as { u: number[]; n: number[]; a: number[][] };
    const rng = rngFor(7, 3, 2, 5, 1);
    expect(got.u).toEqual([rng.next(), rng.next(), rng.next(), rng.next()]);
    got.n.forEach((x) => expect(x).toBeCloseTo(rng.normal(), 14));
    const per = [0, 5, 2 ** 31 - 1].map((sample) => rngFor(7, 4, 2, sample));
    expect(got.a).toEqual([0, 1, 2].map(() => per.map((g) => g.next())));
  });

  it('train.py’s transcription of the counter stream: Philox4x32-10’s words (Random123’s known answer too) and the normals bit for bit', () => {
    const py = [
      'import importlib.util, json, sys, numpy as np',
      'spec = importlib.util.spec_from_file_location("train", sys.argv[1]); m = importlib.util.module_from_spec(spec); spec.loader.exec_module(m)',
      'kat = [int(w[0]) for w in m.philox4x32([0x243f6a88], [0x85a308d3], [0x13198a2e], [0x03707344], 0xa4093822, 0x299f31d0)]',
      'b = np.array([0, 1, 2**32 + 3], dtype=np.uint64); z = np.zeros_like(b)',
      'words = [w.tolist() for w in m.philox4x32(b & np.uint64(0xFFFFFFFF), b >> np.uint64(32), z + np.uint64(9), z, 7, m.NOISE_STREAM)]',
      'print(json.dumps({"kat": kat, "words": words, "whole": m.counter_normals(7, 9, 0, 5000).tolist(), "slice": m.counter_normals(7, 9, 1234, 7).tolist()}))',
    ].join('\n');
    const r = spawnSync(PYTHON, ['-c', py, join(folders.counterNoise!, 'train.py')], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const got = JSON.parse(r.stdout) as { kat: number[]; words: number[][]; whole: number[]; slice: number[] };
    expect(got.kat).toEqual([0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1]);
    const ours = [0, 1, 2 ** 32 + 3].map((block) => Array.from(philox4x32(block % 2 ** 32, Math.floor(block / 2 ** 32), 9, 0, 7, NOISE_STREAM)));
    expect(got.words).toEqual([0, 1, 2, 3].map((w) => ours.map((o) => o[w])));
    // ln, cos and sin from basic operations only (random.ts): the normals are the engine's to the bit.
    expect(got.whole).toEqual(Array.from(counterNormals(7, 9, 0, new Float64Array(5000))));
    expect(got.slice).toEqual(Array.from(counterNormals(7, 9, 1234, new Float64Array(7))));
  });

  it('the comparison catches a wrong batch order (same data, same weights, epochs reversed)', () => {
    expect(maxRelative(seriesOf(runs.sgd!, 'loss'), bundleSeries(bundles['wrong-order']!, 'loss'))).toBeGreaterThan(1e-3);
  });

  it('2 DDP processes under torchrun (gloo) give the single-process curve: batch norm, dropout, residual, L2', () => {
    // --redirects/--tee: Debian's torch 1.13 elastic launcher cannot parse its own default "0" on Python ≥ 3.11.
    const out = join(dir, 'ddp.bundle.json');
    const r = spawnSync(PYTHON, ['-m', 'torch.distributed.run', '--nproc_per_node=2', '--redirects', '1', '--tee', '1', '--log_dir', join(dir, 'ddp-logs'), join(folders.adam!, 'train.py'), '--out', out, '--quiet'], { encoding: 'utf8', timeout: 120_000 });
    expect(r.status, r.stderr).toBe(0);
    const b = JSON.parse(readFileSync(out, 'utf8'));
    expect(b.producer).toMatchObject({ name: 'pytorch', processes: 2 });
    expect(maxRelative(seriesOf(runs.adam!, 'loss'), bundleSeries(b, 'loss'))).toBeLessThan(1e-3);
    const final = (store.getRun(runs.adam!).summary as { trainLoss: number }).trainLoss;
    expect(Math.abs(b.run.summary.trainLoss - final) / final).toBeLessThan(0.03);
  }, 120_000);

  it('the bundle imports as a run tagged pytorch, with the series Compare overlays', () => {
    const { experimentId, runId } = importRunBundle(store, readFileSync(join(dir, 'adam.bundle.json'), 'utf8'));
    expect(store.getExperiment(experimentId).tags).toEqual(expect.arrayContaining(['pytorch', 'imported']));
    const both = store.readSeries([runs.adam!, runId], ['loss', 'trainLoss', 'valLoss', 'trainAccuracy', 'epochLr', 'gradNorm']);
    for (const name of ['loss', 'trainLoss', 'valLoss', 'trainAccuracy', 'epochLr', 'gradNorm']) {
      const [a, b] = [both.find((s) => s.runId === runs.adam && s.name === name), both.find((s) => s.runId === runId && s.name === name)];
      expect(b?.steps, name).toEqual(a?.steps);
    }
    expect(store.getCheckpoint(runId)!.weights.length).toBe(store.getCheckpoint(runs.adam!)!.weights.length);
  });
});
