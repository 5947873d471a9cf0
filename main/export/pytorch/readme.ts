// The README.md of an exported PyTorch project: what is in the folder and how to run it.
import type { ExperimentSpec } from '../../../preload/experiment';

interface ReadmeFacts {
  runId: number;
  name: string;
  spec: ExperimentSpec;
  epochs: number;
  sizes: { train: number; validation: number; test: number };
}

export function readmeFor(o: ReadmeFacts): string {
  const opt = o.spec.optimizer.name === 'lookahead' ? `lookahead(${o.spec.optimizer.inner.name})` : o.spec.optimizer.name;
  return `# ${o.name} — run ${o.runId}, exported from Descent Lab for PyTorch

${o.spec.model.length} layer entries, loss \`${o.spec.loss}\`, optimizer \`${opt}\`, schedule \`${o.spec.schedule.name}\`,
batch size ${o.spec.batchSize}, ${o.epochs} epochs, seed ${o.spec.seed}; ${o.sizes.train} training,
${o.sizes.validation} validation and ${o.sizes.test} test rows.

Needs Python 3 with PyTorch ≥ 1.13 and NumPy, nothing else.

## Run it

\`\`\`sh
python3 train.py --out bundle.json                       # one process on the CPU
python3 train.py --device cuda --out bundle.json         # one GPU
python3 -m torch.distributed.run --nproc_per_node=4 train.py --out bundle.json
                                                         # DistributedDataParallel, 4 processes (gloo)
python3 -m torch.distributed.run --nproc_per_node=4 train.py --device cuda --out bundle.json
                                                         # one GPU per process (NCCL)
\`\`\`

Multi-node runs take torchrun's own flags (\`--nnodes\`, \`--node_rank\`, \`--rdzv_endpoint\`…).
\`--epochs N\` trains only the first N epochs. Debian's torch 1.13 on Python ≥ 3.11 needs
\`--redirects 1 --tee 1\` before \`train.py\` in the torchrun line (its launcher cannot parse its own default).
Under DDP each global batch of ${o.spec.batchSize} rows is split across the processes and the gradients are
averaged so that every update is the single-process update (batch normalization uses the statistics of
the whole global batch); process 0 writes the bundle.

Then bring the result back and put it beside the original:

\`\`\`sh
lab bundle import bundle.json        # or History → Import bundle in the app
\`\`\`

The imported run is tagged \`pytorch\`; select it and run ${o.runId} in History and open Compare.

## What is here

| path | what |
|---|---|
| \`train.py\` | the training script: model, loss, optimizer, schedule, loop, bundle writer |
| \`config.json\` | the experiment as Descent Lab ran it, the layer list with widths, the sizes |
| \`data/x_train.npy\`, \`y_train.npy\`, \`ids_train.npy\` | training rows after the split and preprocessing (standardisation fitted on these rows), labels or targets, data-set indices |
| \`data/x_val.npy\` …, \`data/x_test.npy\` … | the same for the validation and test rows |
| \`data/background.npy\` | per feature, a blank pixel after preprocessing (what augmentation fills with) |
| \`init/params.npy\`, \`init/state.npy\` | the initial weights (dense weights out × in, then biases, layer by layer) and batch-norm running statistics |
| \`order/order.npy\`, \`order/offsets.npy\` | the batch order: epoch e visits rows \`order[offsets[e]:offsets[e+1]]\` of x_train |

## How close it is

The same rows, initial weights, batch order, dropout masks, augmentation and gradient noise as the
original run (the engine's random generators are transcribed in \`train.py\`: xoshiro128** for
dropout, augmentation and the sequential noise stream; Philox4x32-10 for the counter-based noise
stream, whose normals are the engine's to the bit). The only difference is
float32 rounding — PyTorch sums a batch in another order — so per-update losses agree to about
1e-5 relative at first and drift apart slowly, as any two float32 programs do.
`;
}
