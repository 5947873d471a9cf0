// The live network runs of this process: waiting in the queue, training, or held. It decides
// when a queued run starts (a workbench experiment trains at most `cap` runs at once, and never
// more than the pool has workers, oldest first), carries pause / resume / stop / cancel to the
// run's pool job (its control words), keeps each run's live figures and ETA for the dashboard,
// and sends 'run:progress' (coalesced, a status change at once). What a run stores is
// recordRun's (engine/runs/record.ts); the queue records only the pause/resume transitions.
import type { Events, NetworkEpoch, RunStatus } from '../../preload/contract';
import type { ExperimentSpec } from '../../preload/experiment';
import type { ActiveRun, RunControlResult } from '../../preload/workbench';
import type { StepMetrics } from '../engine/nn/train';
import type { TrainJob } from '../engine/pool/train-job';
import { Coalescer } from '../engine/runs/progress';
import { CANCEL } from '../engine/runs';
import type { Store } from '../store';
import { notFound } from './errors';
import type { EventHub } from './events';

/** At most this often per run does 'run:progress' go out (≤ 20 a second); a status change always does. */
const EVENT_INTERVAL_MS = 50;
/** Per-update losses kept per live run for the dashboard's sparkline. */
const RECENT_LOSSES = 50;

/** A run this process drives. */
export interface LiveRun {
  runId: number;
  experimentId: number;
  experimentName: string;
  label: string;
  spec: ExperimentSpec;
  status: 'queued' | 'running' | 'paused';
  /** Training began (a queued run that never started is cancelled without a job). */
  started: boolean;
  /** Aborted to stop (reason CANCEL to cancel) the run's training. */
  controller: AbortController;
  job: TrainJob | null;
  /** The user paused it: a job made later (the next fold) starts held too. */
  held: boolean;
  /** Workbench runs: at most this many of the experiment's runs train at once. */
  cap: number;
  /** Workers per run (a workbench grid shares the pool between its runs). */
  threads?: number;
  epoch: number;
  step: number;
  total: number;
  metrics: Record<string, number | null>;
  recentLoss: number[];
  runningMs: number;
  runningSince: number | null;
  progress: Coalescer<Events['run:progress']>;
}

type Command = 'pause' | 'resume' | 'stop' | 'cancel';

export class RunQueue {
  private readonly live = new Map<number, LiveRun>();
  private closing = false;

  constructor(
    private readonly store: Store,
    private readonly events: EventHub,
    /** Runs that may train at once (the pool's workers). */
    private readonly slots: number,
    /** Starts training a queued run; the queue is told of its start and end (begin, end). */
    private readonly launch: (run: LiveRun) => void,
  ) {}

  /** Ids of the runs training or held now (not those still queued). */
  get active(): number[] {
    return [...this.live.values()].filter((r) => r.started).map((r) => r.runId);
  }

  /** A live entry for a run whose row exists: queued (`queue`), or started directly. */
  add(
    ids: { runId: number; experimentId: number },
    experimentName: string,
    label: string,
    spec: ExperimentSpec,
    queue?: { cap: number; threads: number },
  ): LiveRun {
    const run: LiveRun = {
      ...ids, experimentName, label, spec,
      status: 'queued', started: !queue, controller: new AbortController(), job: null, held: false,
      cap: queue?.cap ?? Infinity, threads: queue?.threads,
      epoch: 0, step: 0, total: spec.epochs, metrics: {}, recentLoss: [], runningMs: 0, runningSince: null,
      progress: new Coalescer(EVENT_INTERVAL_MS, (p) => this.events.emit('run:progress', p)),
    };
    this.live.set(run.runId, run);
    if (queue) this.progress(run, true);
    return run;
  }

  /** Starts queued runs while their experiment and the pool have room. */
  pump(): void {
    if (this.closing) return;
    const runs = [...this.live.values()];
    let busy = runs.filter((r) => r.started).length;
    for (const r of runs) {
      if (busy >= this.slots) return;
      if (r.started || r.status !== 'queued') continue;
      if (runs.filter((o) => o.started && o.experimentId === r.experimentId).length >= r.cap) continue;
      r.started = true;
      busy++;
      this.launch(r);
    }
  }

  /** Training has begun (rows made, data loaded): running, or paused if the user held it meanwhile. */
  begin(run: LiveRun): void {
    this.setStatus(run, run.held ? 'paused' : 'running');
  }

  /** The run's pool job (one per fold): a held run's job starts held. */
  attach(run: LiveRun, job: TrainJob): void {
    run.job = job;
    if (run.held) job.command('pause');
  }

  step(run: LiveRun, m: StepMetrics): void {
    run.step = m.step + 1;
    run.recentLoss.push(m.loss);
    if (run.recentLoss.length > RECENT_LOSSES) run.recentLoss.splice(0, run.recentLoss.length - RECENT_LOSSES);
  }

  /** An epoch of the run ended; `publish` says whether to send progress now (with the epoch events). */
  epoch(run: LiveRun, m: NetworkEpoch, publish: boolean): void {
    const { epoch, trainLoss, trainAccuracy, valLoss, valAccuracy, lr } = m;
    run.epoch = epoch;
    run.metrics = { trainLoss, trainAccuracy, valLoss, valAccuracy, lr };
    if (publish) this.progress(run);
  }

  /** The run ended as `status` after `epoch` epochs: it leaves the queue and the next may start. */
  end(run: LiveRun, epoch: number, status: RunStatus): void {
    this.live.delete(run.runId);
    if (run.runningSince !== null) run.runningMs += performance.now() - run.runningSince;
    run.runningSince = null;
    run.progress.cancel();
    this.events.emit('run:progress', { runId: run.runId, step: epoch, total: run.total, status, epoch, etaMs: 0 });
    this.pump();
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
  control(runId: number, command: Command): RunControlResult {
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
          this.store.setRunStatus(runId, 'cancelled');
          this.end(r, 0, 'cancelled');
          return { runId, status: 'cancelled', changed: true };
        }
        // Training ends between two updates (a held job wakes to read the stop word).
        r.controller.abort(command === 'cancel' ? CANCEL : undefined);
        break;
    }
    return { runId, status: this.live.get(runId)?.status ?? this.store.getRun(runId).status, changed: true };
  }

  /** Closing: nothing more starts, and every run training is told to stop. */
  close(): void {
    this.closing = true;
    for (const r of this.live.values()) if (r.started) r.controller.abort();
  }

  private setStatus(run: LiveRun, status: LiveRun['status']): void {
    const now = performance.now();
    if (run.runningSince !== null) run.runningMs += now - run.runningSince;
    run.runningSince = status === 'running' ? now : null;
    run.status = status;
    this.store.setRunStatus(run.runId, status, { lastStep: run.step });
    this.progress(run, true);
  }

  private progress(run: LiveRun, statusChanged = false): void {
    run.progress.push({ runId: run.runId, step: run.epoch, total: run.total, status: run.status, epoch: run.epoch, etaMs: this.eta(run) }, statusChanged);
  }

  /** At the pace so far, paused time excluded; null until an epoch is done. */
  private eta(run: LiveRun): number | null {
    if (run.epoch === 0 || run.status === 'queued') return null;
    const ran = run.runningMs + (run.runningSince !== null ? performance.now() - run.runningSince : 0);
    return Math.round((ran / run.epoch) * (run.total - run.epoch));
  }
}
