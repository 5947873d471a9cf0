// Appending a few points at a time (one per epoch) on a real SQLite file: the tail chunk that is
// rewritten on every append stays small (TAIL_MERGE_POINTS), so an epoch's write costs a page,
// not a 32 KiB chunk; a large append still fills the tail up to CHUNK_POINTS; and every point
// reads back exactly, in order.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Store } from '../../main/store';
import { CHUNK_POINTS, TAIL_MERGE_POINTS } from '../../main/store/series';

let dir: string;
let store: Store;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'descent-lab-tail-'));
  store = Store.open(join(dir, 'lab.db'));
});
afterAll(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

it('one-point appends keep the tail chunk small; a large append fills it; the series reads back whole', () => {
  const e = store.createExperiment({ name: 'tail', kind: 'network', spec: {} });
  const runId = store.createRun({ experimentId: e.id, label: 'r', seed: 1, spec: {}, status: 'running' }).id;
  for (let epoch = 1; epoch <= 2000; epoch++) store.appendPoints(runId, 'trainLoss', [epoch], [1 / epoch]);
  const sizes = () => store.db.prepare('SELECT c.n FROM series_chunks c JOIN series s ON s.id = c.series_id WHERE s.run_id = ? ORDER BY c.first_step').pluck().all(runId) as number[];
  expect(sizes()).toEqual([TAIL_MERGE_POINTS, TAIL_MERGE_POINTS, TAIL_MERGE_POINTS, 2000 - 3 * TAIL_MERGE_POINTS]);
  const more = Array.from({ length: 10_000 }, (_, i) => 2001 + i);
  store.appendPoints(runId, 'trainLoss', more, more.map((s) => 1 / s));
  const after = sizes();
  expect(after.slice(0, 3)).toEqual([TAIL_MERGE_POINTS, TAIL_MERGE_POINTS, TAIL_MERGE_POINTS]);
  expect(after[3]).toBe(CHUNK_POINTS);
  expect(after.reduce((a, b) => a + b, 0)).toBe(12_000);
  const s = store.readSeries([runId], ['trainLoss'])[0]!;
  expect(s.steps).toEqual(Array.from({ length: 12_000 }, (_, i) => i + 1));
  expect(s.values.every((v, i) => v === 1 / (i + 1))).toBe(true);
});
