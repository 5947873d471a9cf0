// The Network lab's runs: preview, start, stop and read back. Training runs on the engine's worker
// pool (trainNetworkOnPool: the same numbers as in-process training, to the last bit, whatever the
// thread count), so the main process stays free. Running runs are kept here with their
// AbortControllers so 'network:stop' can reach them.
import { LabError, type NetworkEpoch, type NetworkResult, type RunStatus } from '../../preload/contract';
import type { DataSpec, ExperimentSpec } from '../../preload/experiment';
import { loadData } from '../engine/data/load';
import { ExperimentError } from '../engine/nn/errors';
import { loadRunWeights, NetworkRecorder } from '../engine/nn/records';
import { trainNetworkOnPool } from '../engine/pool/network';
import type { WorkerPool } from '../engine/pool/pool';
import { type EpochMetrics, type ModelView, type TrainHooks, type TrainResult, type Weights } from '../engine/nn/train';
import type { Store } from '../store';
import type { HandlerTable } from './dispatch';
import type { EventHub } from './events';
import { notFound } from './errors';
import { boundaryFrom, boundaryGrid, dataWindow, isPlanarClassification, previewOf } from './network-preview';

/** At most this often per run do epoch events go out (≤ 20 a second); the last epoch always does. */
const EVENT_INTERVAL_MS = 50;

type NetworkChannels = 'network:preview' | 'network:start' | 'network:stop' | 'network:result';

/** Engine errors about the spec become invalid-request naming the field under `spec.` (or `data.`). */
function asLabError(err: unknown, prefix: string): unknown {
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
  private readonly running = new Map<number, AbortController>();
  /** Every training still in flight, settled or not, so closing can wait for them. */
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(
    private readonly store: Store,
    private readonly events: EventHub,
    private readonly pool: WorkerPool,
  ) {}

  /** The one integration point with the engine: where training runs. */
  private train(spec: ExperimentSpec, hooks: TrainHooks): Promise<TrainResult> {
    const training = trainNetworkOnPool(this.pool, spec, hooks);
    this.inFlight.add(training);
    const forget = () => void this.inFlight.delete(training);
    training.then(forget, forget);
    return training;
  }

  get active(): number[] {
    return [...this.running.keys()];
  }

  preview(data: DataSpec, seed: number) {
    try {
      return previewOf(loadData(data, seed));
    } catch (err) {
      throw asLabError(err, '');
    }
  }

  /** Resolves once the run exists (data loaded, model built); training goes on in the background. */
  async start(name: string, parsed: ExperimentSpec): Promise<{ experimentId: number; runId: number }> {
    const spec: ExperimentSpec = { ...parsed, name };
    const store = this.store;
    const events = this.events;
    let initialWeights: Weights | undefined;
    try {
      if (typeof spec.init === 'object') initialWeights = loadRunWeights(store, spec.init.fromRun).weights;
    } catch (err) {
      throw asLabError(err, 'spec.');
    }
    const recorder = new NetworkRecorder(store, spec);
    const controller = new AbortController();
    const total = spec.epochs;
    let window: [[number, number], [number, number]] | null = null;
    let classes = 0;
    let pending: NetworkEpoch[] = [];
    let lastEmit = -Infinity;
    const startedAt = performance.now();

    const progress = (epoch: number, status: RunStatus) => {
      const elapsed = performance.now() - startedAt;
      const etaMs = epoch > 0 && status === 'running' ? Math.round((elapsed / epoch) * (total - epoch)) : null;
      events.emit('run:progress', { runId: recorder.runId, step: epoch, total, status, epoch, etaMs });
    };
    const flush = (model: ModelView | null) => {
      if (pending.length === 0) return;
      let boundary = null;
      if (model && window) {
        const rows = boundaryGrid(window);
        const n = rows.length / 2;
        const out = model.predict(rows, n);
        boundary = boundaryFrom(out, out.length / n, classes, window);
      }
      events.emit('network:epoch', { runId: recorder.runId, total, epochs: pending, boundary });
      progress(pending.at(-1)!.epoch, 'running');
      pending = [];
      lastEmit = performance.now();
    };

    return new Promise((resolve, reject) => {
      this.train(spec, {
        initialWeights,
        signal: controller.signal,
        onStart: (data) => {
          recorder.start(data);
          this.running.set(recorder.runId, controller);
          if (isPlanarClassification(data)) {
            classes = data.classes;
            window = dataWindow(loadData(spec.data, spec.seed));
          }
          progress(0, 'running');
          resolve({ experimentId: recorder.experimentId, runId: recorder.runId });
        },
        onEpoch: (m: EpochMetrics & { fold?: number }, model) => {
          recorder.epoch(m);
          if (m.fold !== undefined) return;
          const { epoch, trainLoss, trainAccuracy, valLoss, valAccuracy, lr, ms } = m;
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
          this.running.delete(recorder.runId);
          progress(result.epochs.length, result.status);
        },
        (err: unknown) => {
          if (!recorder.runId) {
            reject(asLabError(err, 'spec.'));
            return;
          }
          this.running.delete(recorder.runId);
          try {
            recorder.fail(err as Error);
          } catch {
            // the store may be closing; the run is recovered as 'interrupted' at the next start
          }
          progress(pending.at(-1)?.epoch ?? 0, 'failed');
        },
      );
    });
  }

  stop(runId: number): { stopped: boolean } {
    const controller = this.running.get(runId);
    if (!controller) return { stopped: false };
    controller.abort();
    return { stopped: true };
  }

  /**
   * Stops every run (closing the app) and waits, at most `waitMs`, for each to end 'stopped' with
   * its weights stored; a run that takes longer is recovered as 'interrupted' at the next start.
   */
  async stopAll(waitMs = 5000): Promise<void> {
    for (const controller of this.running.values()) controller.abort();
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
    };
  }
}
