// Network runs: the Network lab's single runs and the workbench's variant grids. Preview, start,
// queue, pause / resume / stop / cancel, live state and read back. Training runs on the engine's
// worker pool (trainNetworkOnPool: the same numbers as in-process training, to the last bit,
// whatever the thread count), so the main process stays free. Live runs are kept here with their
// AbortControllers and pool jobs (pause and resume are the job's control words).
import { LabError, type Events, type NetworkEpoch, type NetworkResult, type RunStatus } from '../../preload/contract';
import type { ActiveRun, RunControlResult } from '../../preload/workbench';
import type { DataSpec, ExperimentSpec } from '../../preload/experiment';
import { loadData } from '../engine/data/load';
import { ExperimentError } from '../engine/nn/errors';
import { loadRunWeights, NetworkRecorder } from '../engine/nn/records';
import { trainNetworkOnPool, type PoolTrainHooks } from '../engine/pool/network';
import type { WorkerPool } from '../engine/pool/pool';
import { type EpochMetrics, type ModelView, type TrainResult, type Weights } from '../engine/nn/train';
import type { TrainJob } from '../engine/pool/train-job';
import { Coalescer } from '../engine/runs/progress';
import type { Store } from '../store';
import type { HandlerTable } from './dispatch';
import type { EventHub } from './events';
import { notFound } from './errors';
import { boundaryFrom, boundaryGrid, dataWindow, isPlanarClassification, previewOf } from './network-preview';

/** At most this often per run do epoch events go out (≤ 20 a second); the last epoch always does. */
const EVENT_INTERVAL_MS = 50;

type NetworkChannels =
  | 'network:preview'
  | 'network:start'
  | 'network:stop'
  | 'network:result'
  | 'runs:pause'
  | 'runs:resume'
  | 'runs:stop'
  | 'runs:cancel'
  | 'runs:active';

/** Per-update losses kept per live run for the dashboard's sparkline. */
const RECENT_LOSSES = 50;

/** A run this process drives: waiting in the queue, training, or held. */
interface LiveRun {
  runId: number;
  experimentId: number;
  experimentName: string;
  label: string;
  spec: ExperimentSpec;
  status: 'queued' | 'running' | 'paused';
  /** Training began (a queued run that never started is cancelled without a job). */
  started: boolean;
  controller: AbortController;
  job: TrainJob | null;
  /** The user paused it: a job made later (the next fold) starts held too. */
  held: boolean;
  /** How the user ended it, when that differs from what training reports ('cancelled'). */
  requested: 'cancelled' | null;
  /** Workbench runs: at most this many of the experiment's runs train at once. */
  cap: number;
  threads?: number;
  epoch: number;
  step: number;
  total: number;
  metrics: Record<string, number | null>;
  recentLoss: number[];
  runningMs: number;
  runningSince: number | null;
  /** 'run:progress' for this run: at most every EVENT_INTERVAL_MS, status changes at once. */
  progress: Coalescer<Events['run:progress']>;
}

/** Where a queued run's rows already are (a recorder otherwise creates them when data is loaded). */
interface Target {
  experimentId: number;
  runId: number;
}

/**
 * The store as the recorder sees it for a run created ahead (queued): its experiment and first
 * run are the existing rows; later runs (cross-validation folds) are created for real.
 */
function storeFor(store: Store, target: Target): Store {
  let first = true;
  return new Proxy(store, {
    get(s, key) {
      if (key === 'createExperiment') return () => ({ id: target.experimentId });
      if (key === 'createRun' && first)
        return () => {
          first = false;
          s.setRunStatus(target.runId, 'running');
          return { id: target.runId };
        };
      const value = Reflect.get(s, key, s) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(s) : value;
    },
  });
}

/** Engine errors about the spec become invalid-request naming the field under `spec.` (or `data.`). */
export function asLabError(err: unknown, prefix: string): unknown {
  if (!(err instanceof ExperimentError)) return err;
  const path = `${prefix}${err.field}`;
  return new LabError({
    code: 'invalid-request',
    message: `${path}: ${err.message.slice(err.field.length + 2)} / 无法使用：${path}`,
    issues: [{ path, message: err.message.slice(err.field.length + 2) }],
  });
}


/** confusion[t][p] stored flat as a series (step = t·K + p), so it travels with the run. */
export function confusionFromSeries(steps: number[], values: number[]): number[][] | null {
  if (steps.length === 0) return null;
  const k = Math.round(Math.sqrt(Math.max(...steps) + 1));
  const m = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  steps.forEach((s, i) => (m[Math.floor(s / k)]![s % k] = values[i]!));
  return m;
}

export class NetworkRuns {
  private readonly live = new Map<number, LiveRun>();
  /** Every training still in flight, settled or not, so closing can wait for them. */
  private readonly inFlight = new Set<Promise<unknown>>();
  private closing = false;

  constructor(
    private readonly store: Store,
    private readonly events: EventHub,
    private readonly pool: WorkerPool,
  ) {}

  /** The one integration point with the engine: where training runs. */
  private train(spec: ExperimentSpec, hooks: PoolTrainHooks): Promise<TrainResult> {
    const training = trainNetworkOnPool(this.pool, spec, hooks);
    this.inFlight.add(training);
    const forget = () => void this.inFlight.delete(training);
    training.then(forget, forget);
    return training;
  }

  /** Ids of the runs training or held now (not those still queued). */
  get active(): number[] {
    return [...this.live.values()].filter((r) => r.started).map((r) => r.runId);
  }

  preview(data: DataSpec, seed: number) {
    try {
      return previewOf(loadData(data, seed));
    } catch (err) {
      throw asLabError(err, '');
    }
  }

  /** Resolves once the run exists (data loaded, model built); training goes on in the background. */
  start(name: string, parsed: ExperimentSpec): Promise<{ experimentId: number; runId: number }> {
    return this.run({ ...parsed, name }, null);
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
    const cap = Math.max(1, Math.min(concurrency ?? this.pool.size, this.pool.size, cells.length));
    const threads = Math.max(1, Math.floor(this.pool.size / cap));
    const { experimentId, runIds } = this.store.transaction(() => {
      const e = this.store.createExperiment({ name: experiment.name, kind: 'network', spec: experiment.spec });
      const ids = cells.map((c) => this.store.createRun({ experimentId: e.id, label: c.label, seed: c.spec.seed, spec: c.spec, status: 'queued' }).id);
      return { experimentId: e.id, runIds: ids };
    });
    cells.forEach((c, i) => {
      const live = this.liveRun(runIds[i]!, experimentId, experiment.name, c.label, c.spec);
      live.cap = cap;
      live.threads = c.spec.threads ?? threads;
      this.live.set(live.runId, live);
      this.progress(live, true);
    });
    this.pump();
    return { experimentId, runIds };
  }

  private liveRun(runId: number, experimentId: number, experimentName: string, label: string, spec: ExperimentSpec): LiveRun {
    return {
      runId, experimentId, experimentName, label, spec,
      status: 'queued', started: false, controller: new AbortController(), job: null, held: false, requested: null,
      cap: Infinity, epoch: 0, step: 0, total: spec.epochs, metrics: {}, recentLoss: [], runningMs: 0, runningSince: null,
      progress: new Coalescer(EVENT_INTERVAL_MS, (p) => this.events.emit('run:progress', p)),
    };
  }

  /** Starts queued runs while their experiment and the pool have room. */
  private pump(): void {
    if (this.closing) return;
    const runs = [...this.live.values()];
    let busy = runs.filter((r) => r.started).length;
    for (const r of runs) {
      if (busy >= this.pool.size) return;
      if (r.started || r.status !== 'queued') continue;
      if (runs.filter((o) => o.started && o.experimentId === r.experimentId).length >= r.cap) continue;
      r.started = true;
      busy++;
      this.run(r.spec, r).catch(() => {
        // a prepare-time problem: run() has stored the run as failed
      });
    }
  }

  /** Trains one run: a fresh one (live = null: rows made when the data is loaded) or a queued one. */
  private run(spec: ExperimentSpec, queued: LiveRun | null): Promise<{ experimentId: number; runId: number }> {
    const store = this.store;
    const events = this.events;
    let initialWeights: Weights | undefined;
    try {
      if (typeof spec.init === 'object') initialWeights = loadRunWeights(store, spec.init.fromRun).weights;
    } catch (err) {
      if (queued) this.failQueued(queued, err);
      return Promise.reject(asLabError(err, 'spec.'));
    }
    const recorder = new NetworkRecorder(queued ? storeFor(store, queued) : store, spec);
    let live: LiveRun | null = queued;
    const controller = queued?.controller ?? new AbortController();
    const total = spec.epochs;
    let window: [[number, number], [number, number]] | null = null;
    let classes = 0;
    let pending: NetworkEpoch[] = [];
    let lastEmit = -Infinity;

    const flush = (model: ModelView | null) => {
      if (pending.length === 0 || !live) return;
      let boundary = null;
      if (model && window) {
        const rows = boundaryGrid(window);
        const n = rows.length / 2;
        const out = model.predict(rows, n);
        boundary = boundaryFrom(out, out.length / n, classes, window);
      }
      events.emit('network:epoch', { runId: recorder.runId, total, epochs: pending, boundary });
      this.progress(live);
      pending = [];
      lastEmit = performance.now();
    };

    return new Promise((resolve, reject) => {
      this.train(spec, {
        initialWeights,
        signal: controller.signal,
        threads: queued?.threads,
        onStart: (data) => {
          recorder.start(data);
          live ??= this.liveRun(recorder.runId, recorder.experimentId, spec.name, spec.name, spec);
          live.controller = controller;
          live.started = true;
          this.live.set(live.runId, live);
          if (isPlanarClassification(data)) {
            classes = data.classes;
            window = dataWindow(loadData(spec.data, spec.seed));
          }
          this.setStatus(live, live.held ? 'paused' : 'running');
          resolve({ experimentId: recorder.experimentId, runId: recorder.runId });
        },
        onJob: (job) => {
          if (!live) return;
          live.job = job;
          if (live.held) job.command('pause');
        },
        onStep: (m) => {
          if (!live || (m as { fold?: number }).fold !== undefined) return;
          live.step = m.step + 1;
          live.recentLoss.push(m.loss);
          if (live.recentLoss.length > RECENT_LOSSES) live.recentLoss.splice(0, live.recentLoss.length - RECENT_LOSSES);
        },
        onEpoch: (m: EpochMetrics & { fold?: number }, model) => {
          recorder.epoch(m);
          if (m.fold !== undefined || !live) return;
          const { epoch, trainLoss, trainAccuracy, valLoss, valAccuracy, lr, ms } = m;
          live.epoch = epoch;
          live.metrics = { trainLoss, trainAccuracy, valLoss, valAccuracy, lr };
          pending.push({ epoch, trainLoss, trainAccuracy, valLoss, valAccuracy, lr, ms });
          if (epoch === total || performance.now() - lastEmit >= EVENT_INTERVAL_MS) flush(model);
        },
        onFold: (f) => recorder.fold(f),
      }).then(
        (result) => {
          flush(null);
          recorder.finish(result);
          if (result.confusion) {
            const k = result.confusion.length;
            const steps = Array.from({ length: k * k }, (_, i) => i);
            store.appendPoints(recorder.runId, 'confusion', steps, steps.map((i) => result.confusion![Math.floor(i / k)]![i % k]!));
          }
          // Training reports a cancelled job as stopped (weights kept); the user asked to cancel.
          const status: RunStatus = live?.requested === 'cancelled' ? 'cancelled' : result.status;
          if (status !== result.status) store.setRunStatus(recorder.runId, status);
          this.end(live, recorder.runId, result.epochs.length, status);
        },
        (err: unknown) => {
          if (!recorder.runId) {
            if (queued) this.failQueued(queued, err);
            reject(asLabError(err, 'spec.'));
            return;
          }
          try {
            recorder.fail(err as Error);
          } catch {
            // the store may be closing; the run is recovered as 'interrupted' at the next start
          }
          this.end(live, recorder.runId, live?.epoch ?? 0, 'failed');
        },
      );
    });
  }

  /** A queued run whose spec could not be prepared (a shape, a file): failed, with the reason. */
  private failQueued(run: LiveRun, err: unknown): void {
    const e = asLabError(err, 'spec.');
    try {
      this.store.setRunStatus(run.runId, 'failed', { error: e instanceof Error ? e.message : String(e) });
    } catch {
      // closing
    }
    this.end(run, run.runId, 0, 'failed');
  }

  private end(live: LiveRun | null, runId: number, epoch: number, status: RunStatus): void {
    this.live.delete(runId);
    if (live) {
      if (live.runningSince !== null) live.runningMs += performance.now() - live.runningSince;
      live.runningSince = null;
      live.progress.cancel();
    }
    this.events.emit('run:progress', { runId, step: epoch, total: live?.total ?? epoch, status, epoch, etaMs: 0 });
    this.pump();
  }

  private setStatus(live: LiveRun, status: LiveRun['status']): void {
    const now = performance.now();
    if (live.runningSince !== null) live.runningMs += now - live.runningSince;
    live.runningSince = status === 'running' ? now : null;
    live.status = status;
    this.store.setRunStatus(live.runId, status, { lastStep: live.step });
    this.progress(live, true);
  }

  private progress(live: LiveRun, statusChanged = false): void {
    live.progress.push({ runId: live.runId, step: live.epoch, total: live.total, status: live.status, epoch: live.epoch, etaMs: this.eta(live) }, statusChanged);
  }

  /** At the pace so far, paused time excluded; null until an epoch is done. */
  private eta(live: LiveRun): number | null {
    if (live.epoch === 0 || live.status === 'queued') return null;
    const ran = live.runningMs + (live.runningSince !== null ? performance.now() - live.runningSince : 0);
    return Math.round((ran / live.epoch) * (live.total - live.epoch));
  }

  /** Live runs (queued, running, paused) in the order they were made. */
  activeRuns(): ActiveRun[] {
    return [...this.live.values()]
      .sort((a, b) => a.runId - b.runId)
      .map((r) => ({
        runId: r.runId,
        experimentId: r.experimentId,
        experimentName: r.experimentName,
        label: r.label,
        status: r.status,
        epoch: r.epoch,
        step: r.step,
        total: r.total,
        etaMs: this.eta(r),
        metrics: { ...r.metrics },
        recentLoss: [...r.recentLoss],
      }));
  }

  /** pause / resume / stop / cancel one run; a run not live here is left as stored (changed: false). */
  control(runId: number, command: 'pause' | 'resume' | 'stop' | 'cancel'): RunControlResult {
    const r = this.live.get(runId);
    if (!r) {
      let status: RunStatus;
      try {
        status = this.store.getRun(runId).status;
      } catch {
        throw notFound('run', runId);
      }
      return { runId, status, changed: false };
    }
    const unchanged = { runId, status: r.status as RunStatus, changed: false };
    switch (command) {
      case 'pause':
        if (r.status === 'paused') return unchanged;
        r.held = true;
        r.job?.command('pause');
        this.setStatus(r, 'paused');
        break;
      case 'resume':
        if (r.status !== 'paused') return unchanged;
        r.held = false;
        if (r.started) {
          r.job?.command('run');
          this.setStatus(r, 'running');
        } else {
          this.setStatus(r, 'queued');
          this.pump();
        }
        break;
      case 'stop':
      case 'cancel':
        if (!r.started) {
          // Never started: nothing to keep. It leaves the queue for good.
          this.live.delete(runId);
          this.store.setRunStatus(runId, 'cancelled');
          this.end(r, runId, 0, 'cancelled');
          return { runId, status: 'cancelled', changed: true };
        }
        if (command === 'cancel') r.requested = 'cancelled';
        r.controller.abort();
        // A held job must wake to read the stop word.
        break;
    }
    return { runId, status: this.live.get(runId)?.status ?? this.store.getRun(runId).status, changed: true };
  }

  /** Waits until the run has left the live set (ended); resolves at once if it is not live. */
  settled(runId: number): Promise<void> {
    return new Promise((resolve) => {
      const check = () => (this.live.has(runId) ? setTimeout(check, 20) : resolve());
      check();
    });
  }

  stop(runId: number): { stopped: boolean } {
    const r = this.live.get(runId);
    if (!r) return { stopped: false };
    this.control(runId, 'stop');
    return { stopped: true };
  }

  /**
   * Stops every run (closing the app) and waits, at most `waitMs`, for each to end 'stopped' with
   * its weights stored; a run that takes longer, or one still queued, is recovered as
   * 'interrupted' at the next start.
   */
  async stopAll(waitMs = 5000): Promise<void> {
    this.closing = true;
    for (const r of this.live.values()) if (r.started) r.controller.abort();
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
      'network:stop': ({ runId }) => this.stop(runId),
      'network:result': ({ runId }) => this.result(runId),
      'runs:pause': ({ runId }) => this.control(runId, 'pause'),
      'runs:resume': ({ runId }) => this.control(runId, 'resume'),
      'runs:stop': ({ runId }) => this.control(runId, 'stop'),
      'runs:cancel': ({ runId }) => this.control(runId, 'cancel'),
      'runs:active': () => this.activeRuns(),
    };
  }
}
