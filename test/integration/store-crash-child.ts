// Child process for store-crash.test.ts, SIGKILLed by the parent at a moment of its choosing.
//   write FILE  — batches of BATCH points (step = value) as fast as it can, every 7th batch also
//                 rewriting the last 100 steps (the merge path), with an online backup running;
//                 prints "ready" after the first commit.
//   open FILE   — prints "opening", then opens (and so migrates) the file; prints "opened".
import { dailyBackup, Store } from '../../main/store';

export const BATCH = 5_000;
const [mode, file] = process.argv.slice(2) as ['write' | 'open', string];

if (mode === 'open') {
  process.stdout.write('opening\n');
  Store.open(file).close();
  process.stdout.write('opened\n');
} else {
  const store = Store.open(file);
  const e = store.createExperiment({ name: 'crash', kind: 'network', spec: {} });
  const run = store.createRun({ experimentId: e.id, label: 'r', seed: 1, spec: {}, status: 'running' });
  const w = store.metricWriter({ maxPoints: 2 * BATCH, flushMs: 1e9 }); // two series: one flush per BATCH steps
  let step = 0;
  let batches = 0;
  void dailyBackup(store.db, file).catch(() => {});
  const tick = () => {
    for (let i = 0; i < BATCH; i++, step++) w.record(run.id, step, { a: step, b: -step });
    if (++batches % 7 === 0) {
      const back = Array.from({ length: 100 }, (_, k) => step - 100 + k);
      store.appendPoints(run.id, 'a', back, back);
    }
    if (batches === 1) process.stdout.write(`ready ${run.id}\n`);
    setImmediate(tick);
  };
  tick();
}
