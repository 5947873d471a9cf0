// The batch-size lab (LECTURE §3): one data set and model, trained once per batch size.
//
// The runs go one after another, each on all the pool's threads: time per update is only honest
// when a run does not share its cores with another run (two runs side by side on two cores would
// each measure half a machine). Before training, the gradient noise E‖g_B − ḡ‖² is measured at the
// runs' common initial weights (engine/analysis/batch-noise.ts), so every batch size is compared
// at the same θ. All runs are one experiment (tag 'batch-study'), so History and Compare show them;
// each run is recorded by recordRun (engine/runs/record.ts) like any other, its timings and noise
// level added to its summary.
import { LabError, type BatchStudyEntry, type BatchStudyResult, type ParsedRequest } from '../../preload/contract';
import { experimentSpec, type ExperimentSpec } from '../../preload/experiment';
import { optimizerSpec } from '../../preload/spec';
import { gradientNoise, networkGradientSource, type NoiseStats } from '../engine/analysis/batch-noise';
import { loadData } from '../engine/data/load';
import { prepareData } from '../engine/data/prepare';
import { splitData } from '../engine/data/split';
import { CHUNK } from '../engine/nn/plan';
import type { TrainResult } from '../engine/nn/train';
import { trainNetworkOnPool } from '../engine/pool/network';
import type { WorkerPool } from '../engine/pool/pool';
import { recordRun } from '../engine/runs';
import type { Store } from '../store';
import type { HandlerTable } from './dispatch';
import type { EventHub } from './events';

type StudyRequest = ParsedRequest<'batch:study'>;

/** At most this often go 'epoch' progress events (≤ 20 a second); noise and 'done' always go. */
const EVENT_INTERVAL_MS = 50;
/** Updates of the warm-up run before the timed ones. */
const WARM_UP_UPDATES = 300;

const MODELS = {
  digits: { data: { source: 'digits' }, hidden: [64] },
  spiral: { data: { source: 'spiral', samples: 1000, noise: 0.1, classes: 3 }, hidden: [32, 32] },
} as const;

/** The experiment every batch size shares; the default optimizer is plain SGD (lr 0.1) so the batch alone makes the difference. */
export function studySpec(req: StudyRequest): ExperimentSpec {
  const m = MODELS[req.data];
  return experimentSpec.parse({
    name: req.name,
    data: m.data,
    model: [...m.hidden.map((n) => ({ dense: n, activation: 'relu' })), { dense: 'output' }],
    optimizer: req.optimizer ?? optimizerSpec.parse({ name: 'sgd', lr: 0.1 }),
    batchSize: 32,
    epochs: req.epochs,
    seed: req.seed,
    ...(req.threads ? { threads: req.threads } : {}),
  }) as ExperimentSpec;
}

const median = (xs: number[]) => {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const k = s.length >> 1;
  return s.length % 2 ? s[k]! : (s[k - 1]! + s[k]!) / 2;
};
const finite = (v: number | null | undefined) => (v === null || v === undefined || !Number.isFinite(v) ? null : v);

export class BatchStudies {
  private current: AbortController | null = null;
  private inFlight: Promise<unknown> | null = null;

  constructor(
    private readonly store: Store,
    private readonly events: EventHub,
    private readonly pool: WorkerPool,
  ) {}

  study(req: StudyRequest): Promise<BatchStudyResult> {
    if (this.current)
      throw new LabError({ code: 'conflict', reason: 'batch-study-running', message: 'a batch-size study is already running; wait for it to finish' });
    const controller = new AbortController();
    this.current = controller;
    const work = this.run(req, controller.signal);
    this.inFlight = work;
    const clear = () => {
      this.current = null;
      this.inFlight = null;
    };
    work.then(clear, clear);
    return work;
  }

  /** Closing the app: stop the study between two updates and wait (at most `waitMs`) for its records. */
  async stopAll(waitMs = 5000): Promise<void> {
    this.current?.abort();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.inFlight?.catch(() => undefined), new Promise((r) => (timer = setTimeout(r, waitMs)))]);
    clearTimeout(timer);
  }

  private async run(req: StudyRequest, signal: AbortSignal): Promise<BatchStudyResult> {
    const started = performance.now();
    const sizes = [...new Set(req.batchSizes)].sort((a, b) => a - b);
    const base = studySpec(req);
    const threads = Math.max(1, Math.min(req.threads ?? this.pool.size, this.pool.size));

    const dataset = loadData(base.data, base.seed);
    const split = splitData(dataset.n, base.split, base.seed);
    const source = networkGradientSource(base, prepareData(dataset, split, base.data, base.seed));
    const experimentId = this.store.createExperiment({ name: req.name, kind: 'network', spec: base, tags: ['batch-study'] }).id;
    const progress = (phase: 'noise' | 'epoch' | 'done', index: number, batchSize: number, epoch: number, entry: BatchStudyEntry | null) =>
      this.events.emit('batch:progress', { experimentId, phase, index, total: sizes.length, batchSize, epoch, epochs: base.epochs, entry });

    const noise: NoiseStats = await gradientNoise(source, sizes, {
      draws: req.draws,
      seed: req.seed,
      onProgress: () => new Promise((resolve) => setImmediate(resolve)),
    });
    progress('noise', 0, sizes[0]!, 0, null);

    // A fresh worker runs cold (started on demand, code not yet optimized): an unrecorded run of
    // about WARM_UP_UPDATES updates on every thread keeps that out of the first batch size's timings.
    const warmBatch = CHUNK * threads;
    const warmEpochs = Math.max(1, Math.min(50, Math.ceil(WARM_UP_UPDATES / Math.ceil(split.train.length / warmBatch))));
    if (!signal.aborted) await trainNetworkOnPool(this.pool, { ...base, name: 'warm-up', epochs: warmEpochs, batchSize: warmBatch }, { threads, signal });

    const entries: BatchStudyEntry[] = [];
    for (const [index, batchSize] of sizes.entries()) {
      if (signal.aborted) break;
      const spec: ExperimentSpec = { ...base, name: `batch ${batchSize}`, batchSize };
      let workers = 1;
      let lastEmit = -Infinity;
      const level = noise.levels[index]!;
      const timing = (result: TrainResult) => {
        const epochMs = result.epochs.filter((e) => Number.isFinite(e.trainLoss)).map((e) => e.ms);
        const updatesPerEpoch = Math.ceil(result.data.train / batchSize);
        const msPerEpoch = median(epochMs);
        return { epochMs, updatesPerEpoch, msPerEpoch, msPerUpdate: msPerEpoch / updatesPerEpoch };
      };
      const run = await recordRun(spec, this.store, {
        pool: this.pool,
        target: { experimentId },
        threads,
        signal,
        onJob: (job) => (workers = job.threads),
        onEpoch: (m) => {
          if (m.epoch === base.epochs || performance.now() - lastEmit >= EVENT_INTERVAL_MS) {
            lastEmit = performance.now();
            progress('epoch', index, batchSize, m.epoch, null);
          }
        },
        summary: (result) => {
          const t = timing(result);
          return {
            batchSize,
            updatesPerEpoch: t.updatesPerEpoch,
            threads: workers,
            msPerEpoch: finite(t.msPerEpoch),
            msPerUpdate: finite(t.msPerUpdate),
            gradNoise: finite(level.measured),
            gradNoisePredicted: finite(level.predicted),
          };
        },
      });
      const { result } = run;
      const t = timing(result);
      const entry: BatchStudyEntry = {
        batchSize,
        runId: run.runId,
        status: result.status,
        updatesPerEpoch: t.updatesPerEpoch,
        threads: workers,
        epochs: result.epochs.length,
        epochMs: t.epochMs,
        msPerEpoch: t.msPerEpoch,
        msPerUpdate: t.msPerUpdate,
        trainAccuracy: finite(result.final.trainAccuracy),
        valAccuracy: finite(result.final.valAccuracy),
        trainLoss: finite(result.final.trainLoss),
        valLoss: finite(result.final.valLoss),
        noise: level.measured,
        noiseStandardError: level.standardError,
        noisePredicted: level.predicted,
      };
      entries.push(entry);
      progress('done', index, batchSize, entry.epochs, entry);
    }
    return {
      experimentId,
      data: { name: dataset.name, train: split.train.length, validation: split.validation.length, params: noise.params },
      threads,
      noise: { perSampleVariance: noise.perSampleVariance, fullGradientNormSq: noise.fullGradientNormSq, draws: Math.max(2, req.draws) },
      entries,
      ms: performance.now() - started,
    };
  }

  handlers(): Pick<HandlerTable, 'batch:study'> {
    return { 'batch:study': (req) => this.study(req) };
  }
}
