// The training loop end to end: the issue's digits bar, determinism, divergence, early stopping,
// cross-validation, and the experiment file's error messages.
import { describe, expect, it } from 'vitest';
import { describeIssues } from '../../../preload/spec';
import { experimentSpec, type ExperimentSpec } from '../../../preload/experiment';
import { trainNetwork } from '../../../main/engine/nn/train';

const spec = (input: unknown): ExperimentSpec => experimentSpec.parse(input);
const tiny = {
  seed: 7,
  data: { source: 'moons', samples: 200, noise: 0.1 },
  model: [{ dense: 16, activation: 'tanh' }, { dropout: 0.1 }, { dense: 'output' }],
  optimizer: { name: 'sgdm', lr: 0.1 },
  batchSize: 16,
  epochs: 5,
};

describe('training', () => {
  it('digits: a 64-64-10 MLP with Adam reaches ≥ 95 % validation accuracy within 30 epochs', async () => {
    const r = await trainNetwork(
      spec({
        seed: 1,
        data: { source: 'digits', standardize: true },
        split: { validation: 0.2 },
        model: [{ dense: 64, activation: 'relu' }, { dense: 10 }],
        optimizer: { name: 'adam', lr: 0.001 },
        batchSize: 32,
        epochs: 30,
      }),
    );
    expect(r.status).toBe('completed');
    expect(r.epochs).toHaveLength(30);
    expect(r.data).toMatchObject({ features: 64, classes: 10, validation: 359 });
    expect(r.final.valAccuracy).toBeGreaterThanOrEqual(0.95);
    // The confusion matrix counts every validation sample once.
    expect(r.confusion!.flat().reduce((a, b) => a + b, 0)).toBe(359);
    // Its duration (< 15 s) is a row of `npm run bench`, not an assertion here.
  });

  it('is deterministic: the same spec and seed give identical numbers; another seed does not', async () => {
    const a = await trainNetwork(spec(tiny));
    const b = await trainNetwork(spec(tiny));
    expect(b.steps).toEqual(a.steps);
    expect(b.epochs.map(({ ms: _, ...m }) => m)).toEqual(a.epochs.map(({ ms: _, ...m }) => m));
    expect(Array.from(b.weights.params)).toEqual(Array.from(a.weights.params));
    const c = await trainNetwork(spec({ ...tiny, seed: 8 }));
    expect(c.steps.loss).not.toEqual(a.steps.loss);
  });

  it('a diverging learning rate ends the run with status diverged', async () => {
    const r = await trainNetwork(spec({ ...tiny, model: [{ dense: 16, activation: 'relu' }, { dense: 'output' }], optimizer: { name: 'sgd', lr: 1e6 }, epochs: 50 }));
    expect(r.status).toBe('diverged');
    expect(r.epochs.length).toBeLessThan(50);
    expect(Number.isFinite(r.steps.loss[r.steps.loss.length - 1])).toBe(false);
  });

  it('early stopping stops after `patience` epochs without improvement and keeps the best weights', async () => {
    const r = await trainNetwork(
      spec({ ...tiny, data: { source: 'circles', samples: 100, noise: 0.3 }, model: [{ dense: 64, activation: 'relu' }, { dense: 64, activation: 'relu' }, { dense: 2 }], optimizer: { name: 'adam', lr: 0.03 }, epochs: 300, earlyStopping: { patience: 3 } }),
    );
    expect(r.stoppedEarly).toBe(true);
    expect(r.epochs.length).toBe(r.bestEpoch! + 3);
    const best = r.epochs[r.bestEpoch! - 1]!;
    expect(Math.min(...r.epochs.map((e) => e.valLoss!))).toBe(best.valLoss);
    // The final validation loss is the best epoch's: those weights were restored.
    expect(r.final.valLoss).toBeCloseTo(best.valLoss!, 5);
  });

  it('N-fold cross-validation trains N folds, reports mean ± std, then retrains on all of it', async () => {
    const r = await trainNetwork(spec({ ...tiny, split: { folds: 4, test: 0.1 } }));
    expect(r.folds).toHaveLength(4);
    const losses = r.folds!.map((f) => f.final.valLoss!);
    const mean = losses.reduce((a, b) => a + b, 0) / 4;
    expect(r.crossValidation!.valLoss.mean).toBeCloseTo(mean, 12);
    expect(r.crossValidation!.valLoss.std).toBeCloseTo(Math.sqrt(losses.reduce((a, b) => a + (b - mean) ** 2, 0) / 3), 12);
    expect(r.data).toMatchObject({ train: 180, validation: 0, test: 20 });
    expect(r.final.testAccuracy).not.toBeUndefined();
  });

  it('trains regression, BCE, batch norm, residual, curriculum and augmentation specs', async () => {
    const cases = [
      { data: { source: 'sine', samples: 100 }, loss: 'mse', model: [{ dense: 16, activation: 'tanh' }, { dense: 1 }] },
      { loss: 'bce', model: [{ dense: 8, activation: 'gelu' }, { dense: 1 }] },
      { model: [{ dense: 8 }, { batchnorm: {} }, { activation: 'relu' }, { layernorm: {} }, { dense: 2 }] },
      { model: [{ dense: 8, activation: 'relu' }, { residual: [{ dense: 8, activation: 'relu' }, { dense: 8 }], activation: 'relu' }, { dense: 2 }] },
      { curriculum: { by: 'noise', epochs: 3 } },
      { data: { source: 'digits' }, split: { validation: 0.9 }, model: [{ dense: 10 }], augment: { flip: true, shift: 1, rotate: 10 }, epochs: 2 },
    ];
    for (const c of cases) {
      const r = await trainNetwork(spec({ ...tiny, ...c }));
      expect(r.status).toBe('completed');
      expect(r.steps.loss.every(Number.isFinite)).toBe(true);
      expect(r.steps.loss[r.steps.loss.length - 1]).toBeLessThan(r.steps.loss[0]! * 1.5);
    }
  });

  it('refuses a model whose output does not fit the data, naming the layer', async () => {
    await expect(trainNetwork(spec({ ...tiny, model: [{ dense: 16 }, { dense: 3 }] }))).rejects.toThrow(
      'model.1.dense: the last dense layer is the output and must have 2 units for this data and loss (write 2 or "output")',
    );
    await expect(trainNetwork(spec({ ...tiny, model: [{ dense: 4 }, { residual: [{ dense: 3 }] }, { dense: 2 }] }))).rejects.toThrow(/model\.1\.residual: the block must end at the width of its input \(4\), not 3/);
    await expect(trainNetwork(spec({ ...tiny, loss: 'bce', data: { source: 'blobs', classes: 3 } }))).rejects.toThrow(/^loss: "bce" needs exactly 2 classes/);
  });
});

describe('experiment file', () => {
  const issues = (input: unknown) => {
    const r = experimentSpec.safeParse(input);
    return r.success ? '' : describeIssues(r.error);
  };
  const ok = { data: { source: 'spiral' }, model: [{ dense: 'output' }] };

  it('fills defaults (Adam, constant schedule, 20 % validation)', () => {
    const s = spec(ok);
    expect(s.optimizer).toMatchObject({ name: 'adam', lr: 0.001 });
    expect(s.schedule).toEqual({ name: 'constant' });
    expect(s.split).toEqual({ validation: 0.2, test: 0, folds: 0 });
    expect(s.model[0]).toEqual({ dense: 'output', activation: 'linear' });
  });

  it('refuses unknown keys, bad layers and out-of-range values, naming the field', () => {
    expect(issues({ ...ok, epoch: 3 })).toMatch(/Unrecognized key.*"epoch"/);
    expect(issues({ ...ok, data: { source: 'spirals' } })).toMatch(/^data\.source: unknown data source "spirals"/);
    expect(issues({ ...ok, data: { source: 'moons', classes: 3 } })).toMatch(/^data\.classes: circles, moons and xor have exactly 2 classes/);
    expect(issues({ ...ok, data: { source: 'csv', path: 'a.csv' } })).toMatch(/^data\.target/);
    expect(issues({ ...ok, model: [{ dense: 0 }] })).toMatch(/^model\.0\.dense/);
    expect(issues({ ...ok, model: [{ dense: 4, activation: 'swish' }] })).toMatch(/^model\.0\.activation/);
    expect(issues({ ...ok, model: [{ dropout: 1 }] })).toMatch(/^model\.0\.dropout/);
    expect(issues({ ...ok, model: [{ conv: 3 }] })).toMatch(/^model\.0: unknown layer \["conv"\]/);
    expect(issues({ ...ok, model: [{ residual: [{ residual: [{ dense: 2 }] }] }] })).toMatch(/^model\.0\.residual\.0: residual blocks cannot be nested/);
    expect(issues({ ...ok, model: [{ activation: 'relu', dense: 3, units: 3 }] })).toMatch(/^model\.0: Unrecognized key.*"units"/);
    expect(issues({ ...ok, split: { validation: 0.6, test: 0.5 } })).toMatch(/^split\.test: validation \+ test must leave some training data/);
    expect(issues({ ...ok, split: { folds: 1 } })).toMatch(/^split\.folds/);
    expect(issues({ ...ok, optimizer: { name: 'adam', lr: -1 } })).toMatch(/^optimizer\.lr/);
    expect(issues({ ...ok, batchSize: 0 })).toMatch(/^batchSize/);
    expect(issues({ ...ok, split: { validation: 0 }, earlyStopping: { patience: 2 } })).toMatch(/^earlyStopping: early stopping needs a validation split/);
    expect(issues({ ...ok, init: 'zeros' })).toMatch(/^init/);
  });
});

describe('a step is chunk gradients reduced in order', () => {
  it('one SGD step on a 70-sample batch (chunks 32 + 32 + 6) moves the weights by −lr × the batch-mean gradient', async () => {
    const { Trainer } = await import('../../../main/engine/nn/trainer');
    const { loadData } = await import('../../../main/engine/data/load');
    const { prepareData } = await import('../../../main/engine/data/prepare');
    const { splitData } = await import('../../../main/engine/data/split');
    const { buildNetwork } = await import('../../../main/engine/nn/network');
    const { computeLoss } = await import('../../../main/engine/nn/losses');
    const s = spec({ ...tiny, model: [{ dense: 8, activation: 'tanh' }, { dense: 'output' }], optimizer: { name: 'sgd', lr: 0.5 }, batchSize: 70, shuffle: false });
    const ds = loadData(s.data, s.seed);
    const data = prepareData(ds, splitData(ds.n, s.split, s.seed), s.data, s.seed);
    const trainer = new Trainer(s, data);
    const before = Float64Array.from(trainer.network.params);
    const ids = data.train.subarray(0, 70);
    trainer.trainStep(ids, 0);

    // The reference: the whole batch at once, in float64.
    const ref = buildNetwork(s.model, 2, 2, 'float64');
    ref.params.set(before);
    const x = new Float64Array(70 * 2);
    ids.forEach((i, r) => x.set(data.x.subarray(2 * i, 2 * i + 2), 2 * r));
    const out = ref.forward(x, 70, { train: true, seed: s.seed, epoch: 0, sampleIds: ids });
    const dOut = new Float64Array(140);
    computeLoss('cross-entropy', out, 70, 2, { kind: 'labels', labels: Int32Array.from(ids, (i) => data.labels![i]!) }, dOut, 1 / 70);
    ref.backward(dOut, 70);
    let worst = 0;
    for (let i = 0; i < before.length; i++) worst = Math.max(worst, Math.abs(trainer.network.params[i]! - (before[i]! - 0.5 * ref.grads[i]!)));
    expect(worst).toBeLessThan(1e-6); // float32 rounding of parameters of size ~1
  });
});

describe('progress hooks and data options', () => {
  it('onEpoch gets a model view whose predictions on raw points agree with the validation metrics', async () => {
    const { loadData } = await import('../../../main/engine/data/load');
    const { splitData } = await import('../../../main/engine/data/split');
    const s = spec({ ...tiny, data: { source: 'blobs', samples: 300, noise: 0.8, classes: 3, standardize: true }, model: [{ dense: 8, activation: 'relu' }, { dense: 3 }] });
    const ds = loadData(s.data, s.seed);
    const { validation } = splitData(ds.n, s.split, s.seed);
    const raw = Float32Array.from([...validation].flatMap((i) => [ds.x[2 * i], ds.x[2 * i + 1]]));
    const seen: number[] = [];
    await trainNetwork(s, {
      onEpoch: (m, model) => {
        const out = model.predict(raw, validation.length);
        let correct = 0;
        validation.forEach((i, r) => {
          const row = Array.from(out.subarray(3 * r, 3 * r + 3));
          if (row.indexOf(Math.max(...row)) === ds.labels![i]) correct++;
        });
        expect(correct / validation.length).toBe(m.valAccuracy);
        seen.push(m.epoch);
      },
    });
    expect(seen).toEqual([1, 2, 3, 4, 5]);
  });

  it('a mismatch shift moves test features only', async () => {
    const { loadData } = await import('../../../main/engine/data/load');
    const { prepareData } = await import('../../../main/engine/data/prepare');
    const { splitData } = await import('../../../main/engine/data/split');
    const s = spec({ ...tiny, split: { validation: 0.2, test: 0.2 }, data: { source: 'moons', samples: 100, shift: { offset: 1, rotate: 90 } } });
    const ds = loadData(s.data, s.seed);
    const split = splitData(ds.n, s.split, s.seed);
    const p = prepareData(ds, split, s.data, s.seed);
    for (const i of split.test) {
      // Rotation by 90°: (a, b) → (−b, a), then + 1.
      expect(p.x[2 * i]).toBeCloseTo(-ds.x[2 * i + 1]! + 1, 5);
      expect(p.x[2 * i + 1]).toBeCloseTo(ds.x[2 * i]! + 1, 5);
    }
    for (const i of [...split.train, ...split.validation]) expect([p.x[2 * i], p.x[2 * i + 1]]).toEqual([ds.x[2 * i], ds.x[2 * i + 1]]);
    await expect(trainNetwork(spec({ ...s, split: { validation: 0.2, test: 0 } }))).rejects.toThrow(/^data\.shift\.applyTo: there is no test data to shift/);
  });
});
