// A pool run's final evaluation runs on a pool worker (the 'evaluate' task), never on the main
// thread, and gives the in-process run's final metrics and confusion matrix to the last bit; with
// early stopping it evaluates the best epoch's weights, not the last ones. Should the pool fail
// that job, the main thread evaluates and the run's result is the same. A fresh run's seeded
// weights are drawn by rank 0 in the pool, a fine-tuned run's start is set on the main thread.
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { experimentSpec } from '../../../preload/experiment';
import { trainNetwork, type TrainResult } from '../../../main/engine/nn/train';
import { Trainer } from '../../../main/engine/nn/trainer';
import { trainNetworkOnPool } from '../../../main/engine/pool/network';
import { WorkerPool } from '../../../main/engine/pool/pool';
import { hex } from './bits';

const pool = new WorkerPool({ size: 2 });
afterAll(() => pool.shutdown());
afterEach(() => vi.restoreAllMocks());

/** The run's end as exact bits: final metrics, confusion matrix, weights. */
const ending = (r: TrainResult) =>
  JSON.stringify({
    status: r.status,
    final: Object.entries(r.final).map(([k, v]) => [k, hex(v as number)]),
    confusion: r.confusion,
    bestEpoch: r.bestEpoch,
    stoppedEarly: r.stoppedEarly,
    params: Array.from(r.weights.params, hex),
  });

// minDelta 0.5 on a loss below 1.4: no later epoch counts as better than the first, so the run
// stops after 1 + patience epochs and ends with epoch 1's weights.
const early = experimentSpec.parse({
  data: { source: 'blobs', samples: 300, noise: 0.5, classes: 4 },
  model: [{ dense: 16, activation: 'relu' }, { dense: 'output' }],
  optimizer: { name: 'adam', lr: 0.02 },
  split: { validation: 0.2, test: 0.2 },
  earlyStopping: { patience: 2, minDelta: 0.5 },
  batchSize: 32, epochs: 10, seed: 7,
});

// Batch norm: the evaluation reads the running statistics the workers left in shared memory.
const batchnorm = experimentSpec.parse({
  data: { source: 'moons', samples: 240, noise: 0.2 },
  model: [{ dense: 16 }, { batchnorm: {} }, { activation: 'relu' }, { dense: 'output' }],
  optimizer: { name: 'sgd', lr: 0.1, momentum: 0.9 },
  split: { validation: 0.25, test: 0.1 },
  batchSize: 40, epochs: 3, seed: 2,
});

/** The pool's submissions by task name, and the main thread's Trainer.evaluate calls. */
function watch() {
  const tasks: string[] = [];
  const submit = pool.submit.bind(pool);
  vi.spyOn(pool, 'submit').mockImplementation((task, payload, options) => {
    tasks.push(task);
    return submit(task, payload, options);
  });
  const evaluate = vi.spyOn(Trainer.prototype, 'evaluate');
  const initWeights = vi.spyOn(Trainer.prototype, 'initWeights');
  return { tasks, evaluate, initWeights };
}

describe('final evaluation of a pool run', () => {
  it('runs in a worker and gives the in-process numbers to the last bit (batch norm)', async () => {
    const reference = await trainNetwork(batchnorm);
    const { tasks, evaluate, initWeights } = watch();
    const result = await trainNetworkOnPool(pool, batchnorm, { threads: 2 });
    expect(tasks).toEqual(['train', 'evaluate']);
    expect(evaluate).not.toHaveBeenCalled();
    // The seeded weights (and batch norm's initial statistics) were drawn by rank 0, not here.
    expect(initWeights).not.toHaveBeenCalled();
    expect(result.final.testLoss).toBeTypeOf('number');
    expect(ending(result)).toBe(ending(reference));
    expect(Array.from(result.weights.state, hex)).toEqual(Array.from(reference.weights.state, hex));
  });

  it('a fine-tuned run starts here from the weights given, and ends as in process', async () => {
    const from = await trainNetwork(batchnorm);
    const spec = { ...batchnorm, init: { fromRun: 1 }, seed: 3 };
    const reference = await trainNetwork(spec, { initialWeights: from.weights });
    const { tasks, evaluate, initWeights } = watch();
    const result = await trainNetworkOnPool(pool, spec, { threads: 2, initialWeights: from.weights });
    expect(tasks).toEqual(['train', 'evaluate']);
    expect(evaluate).not.toHaveBeenCalled();
    expect(initWeights).toHaveBeenCalledTimes(1);
    expect(ending(result)).toBe(ending(reference));
  });

  it("evaluates early stopping's best epoch's weights, not the last epoch's", async () => {
    const reference = await trainNetwork(early);
    const { tasks, evaluate } = watch();
    const result = await trainNetworkOnPool(pool, early, { threads: 2 });
    expect(tasks).toEqual(['train', 'evaluate']);
    expect(evaluate).not.toHaveBeenCalled();
    expect(result.stoppedEarly).toBe(true);
    expect(result.bestEpoch).toBe(1);
    expect(result.epochs.length).toBe(3);
    // The best epoch's own validation pass saw those weights: the final one repeats it exactly;
    // the last epoch's weights give another loss.
    expect(hex(result.final.valLoss)).toBe(hex(result.epochs[0]!.valLoss));
    expect(hex(result.final.valLoss)).not.toBe(hex(result.epochs[2]!.valLoss));
    expect(result.final.epoch).toBe(1);
    expect(ending(result)).toBe(ending(reference));
  });

  it('falls back to the main thread when the pool fails the evaluation job, with the same result', async () => {
    const reference = await trainNetwork(early);
    const submit = pool.submit.bind(pool);
    // A real worker fault in place of the evaluation: the diagnostic task throws.
    vi.spyOn(pool, 'submit').mockImplementation((task, payload, options) =>
      task === 'evaluate' ? submit('diagnostic', { kind: 'throw', message: 'evaluation lost' }, options) : submit(task, payload, options));
    const evaluate = vi.spyOn(Trainer.prototype, 'evaluate');
    const result = await trainNetworkOnPool(pool, early, { threads: 2 });
    expect(evaluate).toHaveBeenCalledTimes(3); // training, validation, test rows
    expect(ending(result)).toBe(ending(reference));
  });
});
