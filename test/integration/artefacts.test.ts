// A network run stores the same artefacts whichever entry point made it: the Network lab
// (network:start), the workbench (a variants grid on the queue), the batch-size lab and `lab run`
// (the real CLI as a child process) — the same series, the same summary keys (the batch-size lab
// adds its timings), the weights and the confusion matrix. One real SQLite file, the real pool.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { BatchStudyResult, RunStatus } from '../../preload/contract';
import { openLab } from '../../main/api/lab';
import { confusionFromSeries } from '../../main/engine/nn/records';
import { runLab } from '../support/lab-cli';

const dir = mkdtempSync(join(tmpdir(), 'descent-artefacts-'));
const dbPath = join(dir, 'lab.db');
const lab = openLab({ dbPath, info: { name: 'Descent Lab', version: 'test', transport: 'websocket', platform: process.platform, locale: 'en' } });
afterAll(async () => {
  await lab.close();
  rmSync(dir, { recursive: true, force: true });
});

// 400 spiral samples, the default split: 80 validation samples in every confusion matrix.
const spec = {
  name: 'artefacts',
  seed: 3,
  data: { source: 'spiral', samples: 400, noise: 0.1, classes: 2 },
  model: [{ dense: 16, activation: 'relu' }, { dense: 'output' }],
  optimizer: { name: 'adam', lr: 0.01 },
  batchSize: 32,
  epochs: 3,
  // As the Network lab's form and `lab run` set it: a full pass over the training set after each epoch.
  trainPass: true,
};

async function call<T>(channel: string, payload: unknown): Promise<T> {
  const reply = await lab.dispatcher.dispatch(channel, payload);
  if (!reply.ok) throw new Error(reply.error.message);
  return reply.result as T;
}

const ACTIVE: RunStatus[] = ['queued', 'running', 'paused'];
async function ended(runId: number): Promise<void> {
  const t0 = performance.now();
  while (ACTIVE.includes(lab.store.getRun(runId).status)) {
    if (performance.now() - t0 > 60_000) throw new Error(`run ${runId} did not end`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** What a run left in the store, as names and shapes (the values differ with the spec). */
function artefacts(runId: number) {
  const run = lab.store.getRun(runId);
  const series = lab.store.readSeries([runId]);
  const confusion = series.find((s) => s.name === 'confusion');
  const matrix = confusion ? confusionFromSeries(confusion.steps, confusion.values) : null;
  const checkpoint = lab.store.getCheckpoint(runId);
  return {
    status: run.status,
    series: series.map((s) => s.name).sort(),
    summary: Object.keys(run.summary).sort(),
    checkpointAt: checkpoint?.step ?? null,
    lastStep: run.lastStep,
    confusionTotal: matrix ? matrix.flat().reduce((a, b) => a + b, 0) : null,
  };
}

const BATCH_KEYS = ['batchSize', 'gradNoise', 'gradNoisePredicted', 'msPerEpoch', 'msPerUpdate', 'threads', 'updatesPerEpoch'];

describe('every entry point stores the same artefacts', () => {
  it('Network lab, workbench, batch-size lab and lab run', async () => {
    const fromLab = (await call<{ runId: number }>('network:start', { name: 'from the lab', spec })).runId;
    await ended(fromLab);

    const grid = await call<{ runIds: number[] }>('workbench:start', { name: 'from the workbench', base: spec, axes: [{ path: 'seed', values: [3] }] });
    const fromBench = grid.runIds[0]!;
    await ended(fromBench);

    const study = await call<BatchStudyResult>('batch:study', {
      name: 'from the batch lab', data: 'spiral', batchSizes: [32], epochs: 3, draws: 10, threads: 1,
    });
    const fromBatch = study.entries[0]!.runId;

    const file = join(dir, 'spec.json');
    writeFileSync(file, JSON.stringify(spec));
    const cli = await runLab(['run', file, '--db', dbPath], { defaultDb: join(dir, 'unused.db') });
    expect(cli.stderr).not.toMatch(/Error/);
    expect(cli.code).toBe(0);
    const fromCli = (JSON.parse(cli.stdout) as { runId: number }).runId;

    const [lab_, bench, batch, cmd] = [fromLab, fromBench, fromBatch, fromCli].map(artefacts);
    const expected = {
      status: 'completed',
      series: ['confusion', 'epochLr', 'epochMs', 'fullTrainAccuracy', 'fullTrainLoss', 'gradNorm', 'loss', 'lr', 'trainAccuracy', 'trainLoss', 'valAccuracy', 'valLoss'],
      summary: ['bestEpoch', 'epochs', 'samplesPerSecond', 'trainAccuracy', 'trainLoss', 'valAccuracy', 'valLoss'],
      // 320 training samples / 32 = 10 updates an epoch, 3 epochs; the weights saved at the last update.
      checkpointAt: 30,
      lastStep: 30,
      confusionTotal: 80,
    };
    expect(lab_).toEqual(expected);
    expect(bench).toEqual(expected);
    expect(cmd).toEqual(expected);
    // The batch-size lab's spiral has 1,000 samples (200 validation) and adds its timings to the summary; it times
    // epochs, so it adds no per-epoch training pass (its final training loss is still the full pass).
    expect(batch).toEqual({
      ...expected,
      series: expected.series.filter((name) => !name.startsWith('fullTrain')),
      summary: [...expected.summary, ...BATCH_KEYS].sort(),
      checkpointAt: 3 * 25,
      lastStep: 3 * 25,
      confusionTotal: 200,
    });
  }, 120_000);
});
