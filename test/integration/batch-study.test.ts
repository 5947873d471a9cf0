// The batch-size lab end to end through the handler table: a tiny study (2 batch sizes, 2 epochs)
// trains on the worker pool, is stored as one experiment, and reports facts that must hold.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { BatchStudyResult, Events } from '../../preload/contract';
import { openLab } from '../../main/api/lab';

const dir = mkdtempSync(join(tmpdir(), 'descent-lab-batch-'));
const lab = openLab({ dbPath: join(dir, 'lab.db'), info: { name: 'Descent Lab', version: 'test', transport: 'websocket', platform: process.platform, locale: 'en' } });
afterAll(async () => {
  await lab.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('batch:study', () => {
  it('trains each batch size as a run of one experiment, with timings, accuracies and noise', async () => {
    const events: Events['batch:progress'][] = [];
    const stop = lab.events.subscribe((event, payload) => {
      if (event === 'batch:progress') events.push(payload as Events['batch:progress']);
    });
    const reply = await lab.dispatcher.dispatch('batch:study', { name: 'tiny study', data: 'spiral', batchSizes: [64, 8], epochs: 2, draws: 60, threads: 2 });
    stop();
    if (!reply.ok) throw new Error(reply.error.message);
    const r = reply.result as BatchStudyResult;

    expect(r.entries.map((e) => e.batchSize)).toEqual([8, 64]);
    expect(r.data.train).toBeGreaterThan(0);
    for (const e of r.entries) {
      expect(e.status).toBe('completed');
      expect(e.updatesPerEpoch).toBe(Math.ceil(r.data.train / e.batchSize));
      expect(e.epochs).toBe(2);
      expect(e.epochMs).toHaveLength(2);
      expect(e.epochMs.every((ms) => ms > 0)).toBe(true);
      expect(e.msPerUpdate).toBeCloseTo(e.msPerEpoch / e.updatesPerEpoch, 9);
      // Fractions of whole counts: so many of the training rows, of the validation rows.
      for (const [fraction, rows] of [[e.trainAccuracy, r.data.train], [e.valAccuracy, r.data.validation]] as const) {
        expect(typeof fraction).toBe('number');
        expect(fraction! * rows).toBeCloseTo(Math.round(fraction! * rows), 6);
      }
    }
    // Same weights (the shared initial ones), 8× the batch: less noise, measured and predicted.
    const [small, large] = r.entries;
    expect(large!.noise).toBeLessThan(small!.noise);
    expect(large!.noisePredicted).toBeLessThan(small!.noisePredicted);
    expect(small!.noisePredicted / large!.noisePredicted).toBeCloseTo((64 * (r.data.train - 8)) / (8 * (r.data.train - 64)), 9);
    // 8 samples are one chunk: one worker; 64 are two chunks: two workers.
    expect(small!.threads).toBe(1);
    expect(large!.threads).toBe(Math.min(2, lab.pool.size));

    const runs = lab.store.listRuns({ experimentId: r.experimentId });
    expect(runs.map((run) => run.id).sort()).toEqual(r.entries.map((e) => e.runId).sort());
    expect(lab.store.getExperiment(r.experimentId).tags).toContain('batch-study');
    for (const e of r.entries) {
      const run = lab.store.getRun(e.runId);
      expect(run.summary).toMatchObject({ batchSize: e.batchSize, updatesPerEpoch: e.updatesPerEpoch });
      expect(lab.store.readSeries([e.runId], ['loss'])[0]!.steps).toHaveLength(2 * e.updatesPerEpoch);
    }

    expect(events.filter((e) => e.phase === 'done').map((e) => e.entry?.batchSize)).toEqual([8, 64]);
    expect(events[0]!.phase).toBe('noise');
  });

  it('refuses a bad request naming the field', async () => {
    const reply = await lab.dispatcher.dispatch('batch:study', { batchSizes: [0] });
    expect(reply.ok).toBe(false);
    if (!reply.ok) expect(reply.error.issues?.[0]?.path).toBe('batchSizes.0');
  });
});
