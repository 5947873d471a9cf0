// Child process for runs.test.ts: trains a long network run through recordRun into the SQLite
// file given as argv[2], prints "ready RUN_ID EPOCHS" once EPOCHS epochs are stored, then keeps
// training until the parent SIGKILLs it.
import { experimentSpec } from '../../preload/experiment';
import { WorkerPool } from '../../main/engine/pool/pool';
import { recordRun } from '../../main/engine/runs';
import { Store } from '../../main/store';

const store = Store.open(process.argv[2]!);
const spec = experimentSpec.parse({
  name: 'killed',
  data: { source: 'spiral', samples: 300, noise: 0.1, classes: 3 },
  model: [{ dense: 16, activation: 'tanh' }, { dense: 'output' }],
  batchSize: 64,
  epochs: 100_000,
  seed: 1,
});
let announced = false;
void recordRun(spec, store, {
  pool: new WorkerPool({ size: 2 }),
  threads: 2,
  onEpoch: (m) => {
    if (announced || m.epoch < 20) return;
    announced = true;
    const runId = store.listRuns()[0]!.id;
    const epochs = store.readSeries([runId], ['trainLoss'])[0]?.steps.length ?? 0;
    process.stdout.write(`ready ${runId} ${epochs}\n`);
  },
});
