// The store's figures for `npm run bench`: batched metric writes, Compare's read of long runs
// (what runs:series sends: read, thin to 10,000 points with exact extremes, JSON text), a raw
// export-sized read, and listing/search/Compare/start-up on a database holding 10M points.
// Everything runs on a real file in the temp folder, removed afterwards.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { COMPARE_SERIES } from '../../preload/shapes';
import { openStoreSafely, searchRuns, Store } from '../store';
import type { Row } from './row';

/** What Compare asks for (renderer/stores/compare.ts). */
const COMPARE_MAX_POINTS = 10_000;

function medianOf(reps: number, once: () => number): number {
  once();
  const xs = Array.from({ length: reps }, once).sort((a, b) => a - b);
  return xs[Math.floor(xs.length / 2)]!;
}

const timed = (fn: () => void) => {
  const t = performance.now();
  fn();
  return performance.now() - t;
};

/** A loss-like curve with noise: not compressible, not monotone. */
function curve(n: number, seed: number): Float64Array {
  const v = new Float64Array(n);
  let x = seed >>> 0;
  for (let i = 0; i < n; i++) {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    v[i] = 2 * Math.exp(-i / (n / 4)) + 0.05 * (x / 2 ** 32);
  }
  return v;
}

function runs(store: Store, count: number, points: number, label: string): number[] {
  const e = store.createExperiment({ name: `bench ${label}`, kind: 'network', spec: { data: { source: 'spiral' } }, tags: ['bench'] });
  const ids: number[] = [];
  const steps = Float64Array.from({ length: points }, (_, i) => i);
  for (let r = 0; r < count; r++) {
    const run = store.createRun({ experimentId: e.id, label: `${label} seed ${r + 1}`, seed: r + 1, spec: { optimizer: { name: 'adam' } }, status: 'completed', summary: { trainLoss: 1 / (r + 1) } });
    store.appendPoints(run.id, 'loss', steps, curve(points, r + 1));
    ids.push(run.id);
  }
  return ids;
}

/** The Compare request as the handler runs it, including the JSON text sent to the page. */
const compare = (store: Store, ids: number[]) =>
  timed(() => void JSON.stringify({ ok: true, result: store.readSeries(ids, [...COMPARE_SERIES], { maxPoints: COMPARE_MAX_POINTS }) }));

export async function storeRows(options: { quick: boolean; reps: number }): Promise<Row[]> {
  const dir = mkdtempSync(join(tmpdir(), 'descent-lab-bench-store-'));
  const rows: Row[] = [];
  const reps = Math.max(1, options.reps);
  try {
    const store = Store.open(join(dir, 'bench.db'));
    // Writes: a training loop's batched writer, 4 series of one run, flushing every 10,000 points.
    const writeN = options.quick ? 400_000 : 2_000_000;
    const e = store.createExperiment({ name: 'writes', kind: 'network', spec: {} });
    const wr = store.createRun({ experimentId: e.id, label: 'w', seed: 1, spec: {}, status: 'running' });
    const w = store.metricWriter({ maxPoints: 10_000, flushMs: 1e9 });
    const noise = curve(1024, 9);
    const writeMs = timed(() => {
      for (let i = 0; i < writeN / 4; i++) {
        const v = noise[i & 1023]!;
        w.record(wr.id, i, { loss: v, gradNorm: v * 2, lr: 1e-3, accuracy: 1 - v });
      }
      w.flush();
    });
    w.close();
    rows.push({ name: 'store: batched metric writes (4 series, flush per 10,000 points)', value: writeN / (writeMs / 1000), unit: 'points/s', target: '≥ 500,000', status: 'measured', note: `${writeN.toLocaleString('en')} points` });

    const [million] = runs(store, 1, 1_000_000, 'million');
    rows.push({ name: 'store: Compare of one run with 1M points (read + thin + JSON)', value: medianOf(reps, () => compare(store, [million!])), unit: 'ms', target: '< 1,000 ms', status: 'measured' });
    rows.push({
      name: 'store: raw read of 1M points (export, bundle)',
      value: medianOf(reps, () => timed(() => void store.readSeries([million!], ['loss']))),
      unit: 'ms',
      status: 'measured',
    });
    const twenty = runs(store, 20, 100_000, 'twenty');
    rows.push({ name: 'store: Compare of 20 runs × 100k points (read + thin + JSON)', value: medianOf(reps, () => compare(store, twenty)), unit: 'ms', target: '< 1,000 ms', status: 'measured' });

    // Grow the file to 10M points (quick: 4M), then the History and Compare reads on it.
    const target = options.quick ? 4_000_000 : 10_000_000;
    const have = 1_000_000 + 2_000_000 + writeN;
    const more = Math.max(0, Math.ceil((target - have) / 100_000));
    for (let i = 0; i < more; i += 10) runs(store, Math.min(10, more - i), 100_000, `bulk ${i}`);
    const total = store.db.prepare('SELECT sum(n) FROM series_chunks').pluck().get() as number;
    const mb = (statSync(join(dir, 'bench.db')).size + (statSync(join(dir, 'bench.db-wal'), { throwIfNoEntry: false })?.size ?? 0)) / 2 ** 20;
    const note = `${(total / 1e6).toFixed(1)}M points, ${store.listRuns().length} runs, ${mb.toFixed(0)} MiB`;
    rows.push({ name: `store (${(total / 1e6).toFixed(0)}M points): History listing of every run`, value: medianOf(reps, () => timed(() => void store.listRuns())), unit: 'ms', status: 'measured', note });
    rows.push({
      name: `store (${(total / 1e6).toFixed(0)}M points): History search (text + sort by a summary key)`,
      value: medianOf(reps, () => timed(() => void searchRuns(store, { text: 'seed 1', sortBy: 'trainLoss', order: 'asc' }))),
      unit: 'ms',
      status: 'measured',
    });
    rows.push({ name: `store (${(total / 1e6).toFixed(0)}M points): Compare of 20 runs × 100k`, value: medianOf(reps, () => compare(store, twenty)), unit: 'ms', target: '< 1,000 ms', status: 'measured' });
    store.close();
    rows.push({
      name: `store (${(total / 1e6).toFixed(0)}M points): start-up open with quick_check`,
      value: medianOf(Math.min(reps, 3), () => timed(() => openStoreSafely(join(dir, 'bench.db')).store.close())),
      unit: 'ms',
      status: 'measured',
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}
