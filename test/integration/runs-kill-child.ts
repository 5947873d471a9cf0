// Child process for runs.test.ts: trains a long run through the run manager into the SQLite
// file given as argv[2], prints "ready RUN_ID POINTS" once POINTS loss points are committed,
// then keeps training until the parent SIGKILLs it.
import { optimizerSpec } from '../../preload/spec';
import { makeLinearSource } from '../../main/engine/pool/linear';
import { WorkerPool } from '../../main/engine/pool/pool';
import { RunManager } from '../../main/engine/runs';
import { Store } from '../../main/store';

const store = Store.open(process.argv[2]!);
const experiment = store.createExperiment({ name: 'killed', kind: 'network', spec: {} });
const run = store.createRun({ experimentId: experiment.id, label: 'long', seed: 1, spec: {} });
const manager = new RunManager({ pool: new WorkerPool({ size: 2 }), store, flushMs: 50 });
let announced = false;
manager.onProgress((p) => {
  if (announced || p.step < 200) return;
  announced = true;
  manager.flush();
  const points = store.readSeries([run.id], ['loss'])[0]?.steps.length ?? 0;
  process.stdout.write(`ready ${run.id} ${points}\n`);
});
manager.start(run.id, {
  kind: 'train',
  job: {
    model: makeLinearSource({ seed: 1, samples: 2048, features: 32, noise: 0.1, loss: 'squared', dtype: 'float32' }),
    optimizer: optimizerSpec.parse({ name: 'sgd', lr: 0.01 }),
    schedule: { name: 'constant' },
    seed: 1,
    batchSize: 64,
    epochs: 100_000,
    shuffle: true,
    threads: 2,
  },
});
