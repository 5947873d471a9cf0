// The early reduction (pool/trainer.ts): a rank left without chunk groups to claim while another
// still sums the batch's last group reduces whole blocks over the groups already done, and any
// rank later adds the remaining groups on. The rank that claims the last group is made to sleep
// (the job's `stall`), so the others do reduce early in every update; the run must keep the bits
// of the one-thread run (no early reduction: one rank sums every group before reducing) — weights,
// losses and gradient norms — on 2 and 3 threads, for groups of one chunk and of two, on the native
// reduction (`first` continues a partial sum) and on the TypeScript one (DESCENT_LAB_KERNELS=ts).
// Publication (1): rank 0 does not wait for the other ranks to pick up a new batch; ranks made late
// (the job's `late`: they sleep before each wait) find rank 0 has claimed the groups without them,
// and the job keeps the one-thread bits — training, evaluation rounds split across ranks and all.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { experimentSpec, type ExperimentSpec } from '../../../preload/experiment';
import { loadData } from '../../../main/engine/data/load';
import { prepareData } from '../../../main/engine/data/prepare';
import { Trainer } from '../../../main/engine/nn/trainer';
import { mlpSource } from '../../../main/engine/pool/network';
import { WorkerPool } from '../../../main/engine/pool/pool';
import { startTrainJob } from '../../../main/engine/pool/train-job';
import type { SeriesBatch } from '../../../main/engine/pool/trainer';
import { hex } from './bits';


// 2 → 160 → 120 → 3: 20 163 parameters, two reduction blocks of 16 384.
const specOf = (batchSize: number, optimizer: unknown, validation = 0): ExperimentSpec =>
  experimentSpec.parse({
    data: { source: 'spiral', samples: 960, noise: 0.1, classes: 3 },
    model: [{ dense: 160, activation: 'relu' }, { dense: 120, activation: 'tanh' }, { dense: 'output' }],
    optimizer,
    split: { validation, test: 0 },
    batchSize, epochs: 2, seed: 4,
  });

interface Run {
  bits: string;
  earlyBlocks: number;
  rank0Groups: number;
  updates: number;
}

async function run(pool: WorkerPool, spec: ExperimentSpec, threads: number, stall?: number, late?: number): Promise<Run> {
  const dataset = loadData(spec.data, spec.seed);
  const split = { train: Int32Array.from({ length: dataset.n }, (_, i) => i), validation: new Int32Array(0), test: new Int32Array(0) };
  const data = prepareData(dataset, split, spec.data, spec.seed);
  const trainer = new Trainer(spec, data);
  const { source } = mlpSource(spec, dataset, data, trainer);
  const series: SeriesBatch = {};
  const job = startTrainJob(pool, {
    model: source, optimizer: spec.optimizer, schedule: spec.schedule, seed: spec.seed, batchSize: spec.batchSize, epochs: spec.epochs,
    shuffle: true, threads, chunkSize: trainer.chunkRows, initialParams: trainer.network.params, ...(stall ? { stall } : {}), ...(late ? { late } : {}),
  }, {
    onMessage: (m) => {
      if (m.type !== 'metrics') return;
      for (const [k, v] of Object.entries(m.series)) (series[k] ??= { steps: [], values: [] }).values.push(...v.values);
    },
  });
  const result = await job.job.done;
  expect(result.outcome).toBe('completed');
  const bits = JSON.stringify({ series: Object.entries(series).filter(([k]) => !/Ms$|PerSecond$/.test(k)).map(([k, v]) => [k, v.values.map(hex)]), params: Array.from(job.params, hex) });
  return { bits, earlyBlocks: result.earlyBlocks ?? 0, rank0Groups: result.rank0Groups ?? 0, updates: result.updates };
}

// Workers take the kernel level from their environment when they start (lazily, at a pool's first jobs).
describe.each(['native', 'ts'] as const)('early reduction, DESCENT_LAB_KERNELS=%s', (level) => {
  const pool = new WorkerPool({ size: 3 });
  const before = process.env.DESCENT_LAB_KERNELS;
  beforeAll(() => {
    process.env.DESCENT_LAB_KERNELS = level;
  });
  afterAll(async () => {
    if (before === undefined) delete process.env.DESCENT_LAB_KERNELS;
    else process.env.DESCENT_LAB_KERNELS = before;
    await pool.shutdown();
  });

  it.each([
    ['eight groups of one chunk (batch 256), SGD with momentum', 256, { name: 'sgdm', lr: 0.05, momentum: 0.9 }],
    ['eight groups of two chunks, the last of one (batch 480), Adam', 480, { name: 'adam', lr: 0.01 }],
  ] as const)('keeps the one-thread bits on 2 and 3 threads while blocks are reduced early: %s', async (_name, batch, optimizer) => {
    const spec = specOf(batch, optimizer);
    const reference = await run(pool, spec, 1);
    expect(reference.earlyBlocks).toBe(0);
    for (const threads of [2, 3]) {
      const r = await run(pool, spec, threads, 15);
      expect(r.bits, `${threads} threads`).toBe(reference.bits);
      // Every update stalls its last group, so the other ranks reduce early in (nearly) every update.
      expect(r.earlyBlocks, `${threads} threads: blocks reduced early`).toBeGreaterThan(0);
    }
  }, 60_000);
});

describe('publication (1)', () => {
  const pool = new WorkerPool({ size: 3 });
  afterAll(() => pool.shutdown());

  it('rank 0 claims the groups of a batch the other ranks are late for, with the one-thread bits', async () => {
    const spec = specOf(256, { name: 'sgdm', lr: 0.05, momentum: 0.9 });
    const reference = await run(pool, spec, 1);
    // 960 rows, batches of 256: 3 full batches of eight groups and one of 192 rows (six) an epoch.
    const groups = 2 * (3 * 8 + 6);
    expect(reference.rank0Groups).toBe(groups);
    for (const threads of [2, 3]) {
      const r = await run(pool, spec, threads, undefined, 30);
      expect(r.bits, `${threads} threads`).toBe(reference.bits);
      // The first batch starts at a barrier, so the ranks share its groups; every later one was
      // published while the others slept, and rank 0 took all its groups (a rank 0 that waited for
      // them at each batch would have shared every batch's).
      expect(r.rank0Groups, `${threads} threads: groups rank 0 summed`).toBeGreaterThanOrEqual(groups - 8);
    }
  }, 60_000);
});
