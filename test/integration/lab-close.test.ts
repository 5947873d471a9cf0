// Quitting the app while a network trains: the run is stopped, its weights stored, and the
// store closed cleanly — it must not be left 'running' (and later 'interrupted').
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openLab } from '../../main/api/lab';
import { Store } from '../../main/store';

const dir = mkdtempSync(join(tmpdir(), 'descent-lab-close-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('closing the lab', () => {
  it('stops running trainings and stores them as stopped with their weights', async () => {
    const dbPath = join(dir, 'lab.db');
    const lab = openLab({ dbPath, info: { name: 'Descent Lab', version: 'test', transport: 'websocket', platform: process.platform, locale: 'en' } });
    const started = await lab.dispatcher.dispatch('network:start', {
      name: 'long',
      spec: { name: 'long', seed: 1, data: { source: 'spiral', samples: 4000, noise: 0.1, classes: 2 }, model: [{ dense: 32, activation: 'relu' }, { dense: 2 }], epochs: 10_000 },
    });
    if (!started.ok) throw new Error(started.error.message);
    const { runId } = started.result as { runId: number };
    await lab.close();

    const store = Store.open(dbPath);
    try {
      const run = store.getRun(runId);
      expect(run.status).toBe('stopped');
      expect(store.getCheckpoint(runId)).not.toBeNull();
      expect(store.integrityCheck().ok).toBe(true);
    } finally {
      store.close();
    }
  });
});
