// Network runs: the Network lab's single runs and the workbench's variant grids — preview, start,
// enqueue, run control, live state and read back. Each run is recordRun's (engine/runs/record.ts:
// what it stores is the same whoever starts it) on the engine's worker pool, so the main process
// stays free; the live queue (cap, pump, pause / resume / stop / cancel, ETA) is run-queue.ts.
// Here: the 'network:epoch' stream, at most every EVENT_INTERVAL_MS, the decision boundary following
// in an event of its own once painted (in slices: boundary-slices.ts).
import type { NetworkEpoch, NetworkResult } from '../../preload/contract';
import type { DataSpec, ExperimentSpec } from '../../preload/experiment';
import type { ActiveRun } from '../../preload/workbench';
import { loadData } from '../engine/data/load';
import { confusionFromSeries } from '../engine/nn/records';
import type { ModelView } from '../engine/nn/train';
import type { WorkerPool } from '../engine/pool/pool';
import { recordRun, resumeRun, type RunHooks, type RunIds } from '../engine/runs';
import type { Store } from '../store';
import type { HandlerTable } from './dispatch';
import { asFieldError, notFound } from './errors';
import type { EventHub } from './events';
import { slicedBoundaryPainter, type SlicedPainter } from './boundary-slices';
import { previewOf } from './network-preview';
import { RunQueue, type LiveRun } from './run-queue';

/** At most this often per run do epoch events go out (≤ 20 a second); the last epoch always does. */
const EVENT_INTERVAL_MS = 50;

type NetworkChannels = 'network:preview' | 'network:start' | 'network:continue' | 'network:result' | 'runs:pause' | 'runs:resume' | 'runs:stop' | 'runs:cancel' | 'runs:active';

export class NetworkRuns {
  private readonly queue: RunQueue;
  /** Every training still in flight, so closing can wait for them. */
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(
    private readonly store: Store,
    private readonly events: EventHub,
    private readonly pool: WorkerPool,
  ) {
    this.queue = new RunQueue(store, events, pool.size, (run) => {
      this.train(run.spec, run).catch(() => {
        // a prepare-time problem: recordRun has stored the queued run as failed
      });
    });
  }

  /** Ids of the runs training or held now (not those still queued). */
  get active(): number[] {
    return this.queue.active;
  }

  /** Live runs (queued, running, paused) in the order they were made. */
  activeRuns(): ActiveRun[] {
    return this.queue.activeRuns();
  }

  preview(data: DataSpec, seed: number) {
    try {
      return previewOf(loadData(data, seed));
    } catch (err) {
      throw asFieldError(err, '');
    }
  }

  /** Resolves once the run exists (data loaded, model built); training goes on in the background. */
  start(name: string, parsed: ExperimentSpec): Promise<RunIds> {
    return this.train({ ...parsed, name }, null);
  }

  /** Continues an interrupted, stopped or failed run where it left off (resumeRun); resolves once it trains again. */
  resume(runId: number): Promise<RunIds> {
    let spec: ExperimentSpec;
    try {
      spec = this.store.getRun(runId).spec as ExperimentSpec;
    } catch {
      throw notFound('run', runId);
    }
    return this.train(spec, null, runId);
  }

  /**
   * Stores one queued run per spec under a new experiment and trains them a few at a time
   * (at most `concurrency`, and never more than the pool has workers), oldest first.
   */
  enqueue(
    experiment: { name: string; spec: unknown },
    cells: { label: string; spec: ExperimentSpec }[],
    concurrency?: number,
  ): { experimentId: number; runIds: number[] } {
    const size = this.pool.size;
    const cap = Math.max(1, Math.min(concurrency ?? size, size, cells.length));
    const threads = Math.max(1, Math.floor(size / cap));
    const { experimentId, runIds } = this.store.transaction(() => {
      const e = this.store.createExperiment({ name: experiment.name, kind: 'network', spec: experiment.spec });
      const ids = cells.map((c) => this.store.createRun({ experimentId: e.id, label: c.label, seed: c.spec.seed, spec: c.spec, status: 'queued' }).id);
      return { experimentId: e.id, runIds: ids };
    });
    cells.forEach((c, i) => this.queue.add({ runId: runIds[i]!, experimentId }, experiment.name, c.label, c.spec, { cap, threads: c.spec.threads ?? threads }));
    this.queue.pump();
    return { experimentId, runIds };
  }

  /**
   * Trains one run: a fresh one (queued = null: recordRun makes its rows), a queued one (its rows
   * exist) or, with `resumeId`, a stored run continued from its last epoch end.
   */
  private train(spec: ExperimentSpec, queued: LiveRun | null, resumeId?: number): Promise<RunIds> {
    let live = queued;
    const controller = queued?.controller ?? new AbortController();
    // The boundary follows the epochs in an event of its own once painted (boundary-slices.ts).
    let painter: SlicedPainter | null = null;
    let pending: NetworkEpoch[] = [];
    let lastEmit = -Infinity;
    let runId = 0;
    // The run's last epochs, held until the boundary of the model they end with is painted.
    let last: Promise<void> = Promise.resolve();
    const flush = (model: ModelView | null, final = false) => {
      if (pending.length === 0 || !live) return;
      const epochs = pending;
      pending = [];
      lastEmit = performance.now();
      if (final && model && painter) {
        last = painter.paint(model).then((boundary) => this.events.emit('network:epoch', { runId, total: spec.epochs, epochs, boundary }));
        return;
      }
      this.events.emit('network:epoch', { runId, total: spec.epochs, epochs, boundary: painter?.take() ?? null });
      if (model) void painter?.paint(model);
    };

    return new Promise((resolve, reject) => {
      const hooks = {
        pool: this.pool,
        threads: queued?.threads,
        signal: controller.signal,
        onStart: (ids, data, dataset) => {
          runId = ids.runId;
          if (!live) {
            live = this.queue.add(ids, spec.name, spec.name, spec);
            live.controller = controller;
          }
          painter = slicedBoundaryPainter(dataset, data.classes);
          this.queue.begin(live);
          resolve(ids);
        },
        onJob: (job) => live && this.queue.attach(live, job),
        onStep: (m) => {
          if (live && m.fold === undefined) this.queue.step(live, m);
        },
        onEpoch: (m, model) => {
          if (m.fold !== undefined || !live) return;
          const { epoch, trainLoss, trainAccuracy, valLoss, valAccuracy, lr, ms, fullTrainLoss, fullTrainAccuracy } = m;
          const full = fullTrainLoss === undefined ? {} : { fullTrainLoss, fullTrainAccuracy };
          pending.push({ epoch, trainLoss, trainAccuracy, valLoss, valAccuracy, lr, ms, ...full });
          const publish = epoch === spec.epochs || performance.now() - lastEmit >= EVENT_INTERVAL_MS;
          this.queue.epoch(live, m, publish);
          if (publish) flush(model, epoch === spec.epochs);
        },
      } satisfies RunHooks;
      const training =
        resumeId !== undefined
          ? resumeRun(resumeId, this.store, hooks)
          : recordRun(spec, this.store, { ...hooks, ...(queued ? { target: { experimentId: queued.experimentId, runId: queued.runId } } : {}) });
      this.inFlight.add(training);
      const forget = () => void this.inFlight.delete(training);
      training.then(forget, forget);
      // The run's end is reported after its last epochs (whose boundary may still be painting).
      training.then(
        (run) =>
          void last.then(() => {
            flush(null);
            if (live) this.queue.end(live, run.result.epochs.length, run.status);
          }),
        (err: unknown) =>
          void last.then(() => {
            if (live) this.queue.end(live, live.epoch, 'failed');
            if (!runId) reject(asFieldError(err, 'spec.'));
          }),
      );
    });
  }

  /**
   * Stops every run (closing the app) and waits, at most `waitMs`, for each to end 'stopped' with
   * its weights stored; a run that takes longer, or one still queued, is recovered as
   * 'interrupted' at the next start.
   */
  async stopAll(waitMs = 5000): Promise<void> {
    this.queue.close();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, waitMs)));
    await Promise.race([Promise.allSettled([...this.inFlight]), timeout]);
    clearTimeout(timer);
  }

  result(runId: number): NetworkResult {
    let run;
    try {
      run = this.store.getRun(runId);
    } catch {
      throw notFound('run', runId);
    }
    const series = this.store.readSeries([runId], ['confusion'])[0];
    return { run, confusion: series ? confusionFromSeries(series.steps, series.values) : null };
  }

  handlers(): Pick<HandlerTable, NetworkChannels> {
    return {
      'network:preview': ({ data, seed }) => this.preview(data, seed),
      'network:start': ({ name, spec }) => this.start(name, spec),
      'network:continue': ({ runId }) => this.resume(runId),
      'network:result': ({ runId }) => this.result(runId),
      'runs:pause': ({ runId }) => this.queue.control(runId, 'pause'),
      'runs:resume': ({ runId }) => this.queue.control(runId, 'resume'),
      'runs:stop': ({ runId }) => this.queue.control(runId, 'stop'),
      'runs:cancel': ({ runId }) => this.queue.control(runId, 'cancel'),
      'runs:active': () => this.activeRuns(),
    };
  }
}
