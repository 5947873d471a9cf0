// The run manager: a run is a pool job. It owns the run's life in the store — queued, running,
// paused, then completed / stopped / cancelled / diverged / failed — streams the job's metrics
// into the store's batched MetricWriter, and hands coalesced progress to whoever listens
// (the API forwards it as 'run:progress'). It is the only engine code that touches the store;
// the math in pool/, nn/ and surfaces/ never does.
//
// Control goes through the job's shared control words, so it reaches a worker busy in a tight
// loop: pause holds the job where it stands (its workers stay with it; resuming continues bit
// for bit), stop ends it keeping what was trained, cancel ends it as 'cancelled'.
import type { RunStatus } from '../../../preload/contract';
import type { SurfaceExperimentSpec } from '../../../preload/spec';
import { trajectorySummary, type MetricWriter, type Store } from '../../store';
import { PoolError, type PoolJob, type WorkerPool } from '../pool/pool';
import type { RaceEntryPayload, RaceEntryResult } from '../pool/race-entry';
import { CTRL_STATE, sendCommand, TrainerState, type CommandName, type FloatArray, type TrainBuffers } from '../pool/shared';
import { startTrainJob, type TrainJobSpec } from '../pool/train-job';
import type { TrainMessage, TrainResult } from '../pool/trainer';
import { Coalescer } from './progress';

export type RunWork =
  | { kind: 'train'; job: TrainJobSpec }
  | { kind: 'surface-entry'; spec: SurfaceExperimentSpec; index: number; label: string };

export interface RunProgress {
  runId: number;
  status: RunStatus;
  /** Updates done / planned. */
  step: number;
  total: number;
  /** Epochs completed (training runs). */
  epoch: number;
  /** Estimated time left at the current pace, paused time excluded; null until known. */
  etaMs: number | null;
}

export interface RunEnd {
  runId: number;
  status: RunStatus;
  error: string | null;
  summary: Record<string, number | string | null>;
}

export interface RunManagerOptions {
  pool: WorkerPool;
  store: Store;
  /** Progress events per second per run, at most (default 20). */
  progressHz?: number;
  /** Metric flush cadence (ms) of the store's writer (default 250). */
  flushMs?: number;
}

const TERMINAL: ReadonlySet<RunStatus> = new Set(['completed', 'stopped', 'cancelled', 'diverged', 'failed', 'interrupted']);

interface ActiveRun {
  runId: number;
  status: RunStatus;
  control: SharedArrayBuffer;
  job: PoolJob<unknown>;
  params: FloatArray | null;
  /** What the user asked for, should the job end before it could say so itself. */
  requested: RunStatus | null;
  step: number;
  total: number;
  epoch: number;
  runningMs: number;
  runningSince: number | null;
  progress: Coalescer<RunProgress>;
  end: Promise<RunEnd>;
}

export class RunManager {
  private readonly pool: WorkerPool;
  private readonly store: Store;
  private readonly writer: MetricWriter;
  private readonly intervalMs: number;
  private readonly runs = new Map<number, ActiveRun>();
  private readonly listeners = new Set<(p: RunProgress) => void>();

  constructor(options: RunManagerOptions) {
    this.pool = options.pool;
    this.store = options.store;
    this.writer = options.store.metricWriter({ flushMs: options.flushMs ?? 250 });
    this.intervalMs = 1000 / (options.progressHz ?? 20);
  }

  /** Progress of every run; returns the unsubscribe function. */
  onProgress(listener: (p: RunProgress) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Queues the work of an existing run row (see Store.createRun) and returns at once. */
  start(runId: number, work: RunWork): void {
    const previous = this.runs.get(runId);
    if (previous && !TERMINAL.has(previous.status)) throw new Error(`run ${runId} is already active`);
    this.store.setRunStatus(runId, 'queued');
    let run!: ActiveRun;
    const hooks = {
      onStart: () => run && this.setStatus(run, 'running'),
      onMessage: (m: TrainMessage) => this.onMessage(run, m),
    };
    let job: PoolJob<unknown>;
    let control: SharedArrayBuffer;
    let params: FloatArray | null = null;
    let buffers: TrainBuffers | null = null;
    if (work.kind === 'train') {
      const t = startTrainJob(this.pool, work.job, hooks);
      ({ job, params, buffers } = t);
      control = buffers.control;
    } else {
      control = new SharedArrayBuffer(8 * 4);
      const payload: RaceEntryPayload = { spec: work.spec, index: work.index, label: work.label, control, reportMs: this.intervalMs };
      job = this.pool.submit<RaceEntryResult>('race-entry', payload, { onStart: hooks.onStart, onMessage: (m) => hooks.onMessage(m as TrainMessage) });
    }
    run = {
      runId,
      status: 'queued',
      control,
      job,
      params,
      requested: null,
      step: 0,
      total: work.kind === 'train' ? 0 : work.spec.steps,
      epoch: 0,
      runningMs: 0,
      runningSince: null,
      progress: new Coalescer(this.intervalMs, (p) => this.listeners.forEach((l) => l(p))),
      end: null as unknown as Promise<RunEnd>,
    };
    run.end = job.done.then(
      (result) => this.finish(run, work.kind === 'train' ? trainEnd(result as TrainResult) : surfaceEnd(result as RaceEntryResult)),
      (e: unknown) => this.finish(run, faultEnd(run, e)),
    );
    this.runs.set(runId, run);
    // The job may have been dispatched synchronously, before `run` existed.
    if (job.state === 'running') this.setStatus(run, 'running');
  }

  /** Resolves when the run has ended and its end is in the store. */
  finished(runId: number): Promise<RunEnd> {
    const run = this.runs.get(runId);
    if (!run) throw new Error(`run ${runId} is not active`);
    return run.end;
  }

  status(runId: number): RunStatus | null {
    return this.runs.get(runId)?.status ?? null;
  }

  /** The live weights of a training run (shared memory), kept after the run ends until release(). */
  params(runId: number): FloatArray | null {
    return this.runs.get(runId)?.params ?? null;
  }

  pause(runId: number): void {
    this.command(runId, 'pause');
  }

  resume(runId: number): void {
    this.command(runId, 'run');
  }

  /** Ends the run keeping what was trained: status 'stopped'. */
  stop(runId: number): void {
    this.command(runId, 'stop');
  }

  cancel(runId: number): void {
    this.command(runId, 'cancel');
  }

  /** Forgets an ended run (its weights buffer with it); false if it is unknown or still active. */
  release(runId: number): boolean {
    const run = this.runs.get(runId);
    if (!run || !TERMINAL.has(run.status)) return false;
    return this.runs.delete(runId);
  }

  /** Writes what is pending. Runs still active keep running; the pool's owner shuts it down. */
  flush(): void {
    this.writer.flush();
  }

  private command(runId: number, command: CommandName): void {
    const run = this.runs.get(runId);
    if (!run) throw new Error(`run ${runId} is not active`);
    if (TERMINAL.has(run.status)) return;
    if (command === 'stop') run.requested = 'stopped';
    if (command === 'cancel') run.requested = 'cancelled';
    sendCommand(run, command);
    // A queued job has no worker to read the word yet; ending it needs no worker at all.
    if (run.job.state === 'queued' && (command === 'stop' || command === 'cancel')) run.job.cancel(command);
  }

  private onMessage(run: ActiveRun, m: TrainMessage): void {
    if (m.type === 'state') {
      // The word itself is the truth: a 'paused' message may arrive after a resume was sent.
      const paused = Atomics.load(new Int32Array(run.control), CTRL_STATE) === TrainerState.paused;
      this.setStatus(run, m.state === 'paused' && paused ? 'paused' : 'running');
      return;
    }
    for (const [name, s] of Object.entries(m.series)) {
      for (let i = 0; i < s.steps.length; i++) this.writer.add(run.runId, name, s.steps[i]!, s.values[i]!);
    }
    run.step = m.update;
    run.total = m.total;
    run.epoch = m.epoch;
    run.progress.push(this.snapshot(run));
  }

  private setStatus(run: ActiveRun, status: RunStatus): void {
    if (run.status === status || TERMINAL.has(run.status)) return;
    const now = performance.now();
    if (run.runningSince !== null) run.runningMs += now - run.runningSince;
    run.runningSince = status === 'running' ? now : null;
    run.status = status;
    if (status === 'running' || status === 'paused') this.store.setRunStatus(run.runId, status, { lastStep: run.step });
    run.progress.push(this.snapshot(run), true);
  }

  private finish(run: ActiveRun, end: Omit<RunEnd, 'runId'> & { lastStep: number }): RunEnd {
    run.progress.cancel();
    const status = end.status;
    if (run.runningSince !== null) run.runningMs += performance.now() - run.runningSince;
    run.runningSince = null;
    run.status = status;
    run.step = Math.max(run.step, end.lastStep);
    this.writer.flush();
    this.store.setRunStatus(run.runId, status, { lastStep: run.step, summary: end.summary, error: end.error });
    const snapshot = this.snapshot(run);
    this.listeners.forEach((l) => l(snapshot));
    return { runId: run.runId, status, error: end.error, summary: end.summary };
  }

  private snapshot(run: ActiveRun): RunProgress {
    const running = run.runningMs + (run.runningSince !== null ? performance.now() - run.runningSince : 0);
    const etaMs = run.step > 0 && run.total > 0 && !TERMINAL.has(run.status) ? (running / run.step) * (run.total - run.step) : null;
    return { runId: run.runId, status: run.status, step: run.step, total: run.total, epoch: run.epoch, etaMs: TERMINAL.has(run.status) ? 0 : etaMs };
  }
}

type End = Omit<RunEnd, 'runId'> & { lastStep: number };

function trainEnd(r: TrainResult): End {
  const summary = { updates: r.updates, epochs: r.epochs, totalUpdates: r.totalUpdates, lastLoss: finiteOrNull(r.lastLoss), ms: Math.round(r.ms) };
  const error = r.outcome === 'diverged' ? `diverged: the loss or the parameters stopped being finite at update ${r.divergedAt}` : null;
  return { status: r.outcome, error, summary, lastStep: r.updates };
}

function surfaceEnd(r: RaceEntryResult): End {
  const summary = trajectorySummary(r.trajectory);
  return { status: r.outcome, error: null, summary, lastStep: summary.steps };
}

function faultEnd(run: ActiveRun, e: unknown): End {
  const summary = { updates: run.step };
  if (e instanceof PoolError && e.kind === 'cancelled') return { status: run.requested ?? 'cancelled', error: null, summary, lastStep: run.step };
  const message = e instanceof Error ? e.message : String(e);
  return { status: 'failed', error: message, summary, lastStep: run.step };
}

function finiteOrNull(v: number | null): number | null {
  return v !== null && Number.isFinite(v) ? v : null;
}
