// `lab run` and `lab export` as child processes on a temp database: the printed JSON, what is
// stored (series, weights), fine-tuning from a stored run, and errors that name the problem.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runLab } from '../../support/lab-cli';

const dir = mkdtempSync(join(tmpdir(), 'nn-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const db = join(dir, 'lab.db');

const lab = (...args: string[]) => runLab(args, { defaultDb: join(dir, 'unused.db') });

function specFile(name: string, spec: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(spec));
  return path;
}

const tiny = {
  name: 'tiny xor',
  seed: 2,
  data: { source: 'xor', samples: 120, noise: 0.05 },
  split: { validation: 0.25, test: 0.25 },
  model: [{ dense: 8, activation: 'tanh' }, { dense: 'output' }],
  optimizer: { name: 'adam', lr: 0.05 },
  batchSize: 16,
  epochs: 3,
};

describe('lab run / lab export', () => {
  it('trains, stores and prints one JSON object; export gives its series and weights', async () => {
    const r = await lab('run', specFile('tiny.json', tiny), '--db', db, '--json');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ runId: 1, status: 'completed', experimentId: 1 });
    expect(out.epochs).toHaveLength(3);
    // The training loss (full pass) is on by default in `lab run`: its last epoch is the final training loss.
    expect(Object.keys(out.epochs[0]).sort()).toEqual(['epoch', 'fullTrainAccuracy', 'fullTrainLoss', 'lr', 'ms', 'trainAccuracy', 'trainLoss', 'valAccuracy', 'valLoss']);
    expect(out.epochs[2].fullTrainLoss).toBe(out.final.trainLoss);
    expect(Object.keys(out.final)).toEqual(expect.arrayContaining(['trainLoss', 'valLoss', 'testLoss', 'testAccuracy']));
    expect(out.samplesPerSecond).toBeGreaterThan(0);
    expect(r.stderr).toMatch(/epoch 3\/3/);

    const json = JSON.parse((await lab('export', '1', '--format', 'json', '--db', db)).stdout);
    expect(json.run.spec.name).toBe('tiny xor');
    expect(json.series.valLoss.values).toEqual(out.epochs.map((e: { valLoss: number }) => e.valLoss));
    expect(json.series.loss.steps).toHaveLength(3 * Math.ceil(60 / 16)); // 60 training samples, batch 16
    const csv = (await lab('export', '1', '--format', 'csv', '--db', db)).stdout.trim().split('\n');
    expect(csv[0]).toBe('series,step,value');
    expect(csv).toContain(`trainLoss,1,${out.epochs[0].trainLoss}`);

    const outFile = join(dir, 'w.json');
    expect((await lab('export', '1', '--format', 'weights', '--out', outFile, '--db', db)).code).toBe(0);
    const weights = JSON.parse(readFileSync(outFile, 'utf8'));
    expect(weights.preprocess).toBeNull();
    expect(weights.layers.map((l: { type: string; activation: string }) => [l.type, l.activation])).toEqual([['dense', 'tanh'], ['dense', 'linear']]);
    expect([weights.layers[0].weight.length, weights.layers[0].weight[0].length]).toEqual([8, 2]); // out × in
  });

  it('fine-tunes from a stored run: starts where that run ended', async () => {
    const r = await lab('run', specFile('ft.json', { ...tiny, init: { fromRun: 1 }, epochs: 1 }), '--db', db);
    expect(r.code).toBe(0);
    const first = JSON.parse((await lab('export', '1', '--format', 'json', '--db', db)).stdout);
    const tuned = JSON.parse((await lab('export', String(JSON.parse(r.stdout).runId), '--format', 'json', '--db', db)).stdout);
    // The first update of the fine-tuned run sees the trained weights: its loss is near the end of run 1, far below run 1's start.
    const firstLosses = first.series.loss.values as number[];
    expect(tuned.series.loss.values[0]).toBeLessThan(firstLosses[0]!);
    const missing = await lab('run', specFile('ft2.json', { ...tiny, init: { fromRun: 99 } }), '--db', db);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/init\.fromRun: run 99 not found/);
  });

  it('refuses broken specs and files with a message naming the field, storing nothing', async () => {
    const bad = await lab('run', specFile('bad.json', { ...tiny, batchSize: -1 }), '--db', db);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/batchSize/);
    const shape = await lab('run', specFile('shape.json', { ...tiny, model: [{ dense: 5 }] }), '--db', db);
    expect(shape.code).toBe(1);
    expect(shape.stderr).toMatch(/model\.0\.dense: the last dense layer is the output and must have 2 units/);
    const file = await lab('run', specFile('file.json', { ...tiny, data: { source: 'csv', path: join(dir, 'nope.csv'), target: 'y' } }), '--db', db);
    expect(file.code).toBe(1);
    expect(file.stderr).toMatch(/data\.path: cannot read .*nope\.csv: no such file/);
    const notJson = join(dir, 'broken.json');
    writeFileSync(notJson, '{"name": ');
    expect((await lab('run', notJson, '--db', db)).stderr).toMatch(/broken\.json is not valid JSON/);
    const runs = JSON.parse((await lab('runs', '--json', '--db', db)).stdout);
    expect(runs).toHaveLength(2); // only the two good runs above
  });
});
