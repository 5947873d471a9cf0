// The SQLite store shared by the desktop app, web mode and the CLI: experiments, their runs,
// metric series and checkpoints. Never imports the engine. All writes run in IMMEDIATE
// transactions (take the write lock up front, so a concurrent writer waits on busy_timeout
// instead of failing mid-transaction).
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ExperimentKind, ExperimentRow, RunRow, RunStatus, SeriesData } from '../../preload/contract';
import { NotFoundError } from './errors';
import { WalCheckpointer } from './checkpointer';
import { describeWriteError, DiskReserve, isWriteFault } from './faults';
import { MetricWriter, type MetricWriterOptions, type PointBatch, type PointSink } from './metric-writer';
import { migrate } from './migrations';
import { cutSeries, dropResumeState, putResumeState, readResumeState, type ResumeStateRow } from './resume-state';
import { applyMask, extremesMask, normalize, sameSteps, SeriesChunks } from './series';
import { EXPERIMENT_SELECT, RUN_SELECT, toExperimentRow, toRunRow, type ExperimentRecord, type RunRecord } from './rows';

export interface StoreOptions {
  /** Mark runs orphaned by a dead process as `interrupted` while opening (default true). */
  recover?: boolean;
  /** How long a write waits for another process's write lock (ms). */
  busyTimeoutMs?: number;
  /**
   * better-sqlite3's compiled addon to load instead of the one in node_modules. The desktop app
   * needs one built for Electron's ABI while web mode, the CLI and the tests use Node's
   * (main/app/electron-sqlite.ts builds it; `npm start` passes it as DESCENT_LAB_SQLITE_BINDING).
   */
  nativeBinding?: string;
  /** Open without writing anything: no migrations, no recovery (a database from a newer app). */
  readOnly?: boolean;
  /**
   * Where WAL checkpoints run: 'background' (default for a file) in a worker thread, so no commit
   * of this thread ever copies the WAL back (main/store/checkpointer.ts); 'inline': SQLite's own,
   * inside the commit that finds the WAL over 1,000 pages.
   */
  checkpoints?: 'background' | 'inline';
}

interface NewExperiment {
  name: string;
  kind: ExperimentKind;
  spec: unknown;
  notes?: string;
  tags?: string[];
}

interface ExperimentPatch {
  name?: string;
  notes?: string;
  tags?: string[];
}

interface NewRun {
  experimentId: number;
  label: string;
  seed: number;
  spec: unknown;
  status?: RunStatus;
  lastStep?: number;
  summary?: RunRow['summary'];
  error?: string | null;
}

interface RunPatch {
  lastStep?: number;
  summary?: RunRow['summary'];
  error?: string | null;
}

interface Checkpoint {
  runId: number;
  step: number;
  meta: Record<string, unknown>;
  weights: Buffer;
  createdAt: string;
}

interface IntegrityReport {
  ok: boolean;
  /** integrity_check and foreign_key_check findings; empty when ok. */
  problems: string[];
}

/** Statuses of a run some process is (or was) driving. */
export const ACTIVE_STATUSES: readonly RunStatus[] = ['queued', 'running', 'paused'];
const isActive = (s: RunStatus) => ACTIVE_STATUSES.includes(s);

/** Tokens of the Store instances open in this process; a run owned by a closed one is orphaned. */
const liveTokens = new Set<string>();

/** Whether a process with this id exists (EPERM: it does, owned by another user). */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Resume states this large are written by the checkpoint worker (saveResumeState). */
const BACKGROUND_BLOB_BYTES = 2 ** 20;
/** saveResumeState's row, as the worker writes it: only while the run exists. */
const RESUME_STATE_LATER = `INSERT OR REPLACE INTO resume_states (run_id, epoch, step, state, created_at)
  SELECT ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM runs WHERE id = ?)`;

/** The -wal file is trimmed back to this size when it starts over (the checkpointer's restart threshold too). */
const WAL_SIZE_LIMIT = 16 * 2 ** 20;

const now = () => new Date().toISOString();
const json = (v: unknown) => JSON.stringify(v ?? null);


export class Store implements PointSink {
  readonly db: Database.Database;
  readonly path: string;
  /** How many runs were marked interrupted while opening. */
  readonly recovered: number;
  /** Opened read-only (every write throws SQLITE_READONLY). */
  readonly readOnly: boolean;
  private readonly token = randomUUID();
  private readonly writers = new Set<MetricWriter>();
  private readonly chunks: SeriesChunks;
  private readonly reserve: DiskReserve;
  /** Runs this store ended 'failed' because the disk refused their metrics. */
  private readonly faulted = new Set<number>();
  /** Copies the WAL back into the file off this thread; null for memory, read-only or inline. */
  readonly checkpointer: WalCheckpointer | null = null;

  /**
   * Opens (creating when missing) and migrates the file. A damaged file, a newer schema or a
   * read-only folder throws; once a caller has installed `Store.recovery` (main/store/safe-open.ts:
   * the CLI does) those are resolved and reported instead.
   */
  static open(path: string, options: StoreOptions = {}): Store {
    return Store.recovery && path !== ':memory:' ? Store.recovery(path, options) : new Store(path, options);
  }

  /** Opens exactly as asked, whatever `Store.recovery` says. */
  static openStrict(path: string, options: StoreOptions = {}): Store {
    return new Store(path, options);
  }

  static recovery: ((path: string, options: StoreOptions) => Store) | null = null;

  private constructor(path: string, options: StoreOptions) {
    this.path = path;
    this.readOnly = options.readOnly === true;
    if (path !== ':memory:' && !this.readOnly) mkdirSync(dirname(path), { recursive: true });
    const nativeBinding = options.nativeBinding ?? (process.env.DESCENT_LAB_SQLITE_BINDING || undefined);
    this.db = new Database(path, { ...(nativeBinding ? { nativeBinding } : {}), ...(this.readOnly ? { readonly: true, fileMustExist: true } : {}) });
    const background = path !== ':memory:' && !this.readOnly && options.checkpoints !== 'inline';
    try {
      this.db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
      if (!this.readOnly) {
        this.db.pragma('journal_mode = WAL');
        // In WAL mode NORMAL loses nothing committed when the process dies; only an OS crash
        // can drop the last transactions, never corrupt the file.
        this.db.pragma('synchronous = NORMAL');
        if (background) {
          // No checkpoint inside a commit: the checkpointer's worker does them (see its file).
          this.db.pragma('wal_autocheckpoint = 0');
          this.db.pragma(`journal_size_limit = ${WAL_SIZE_LIMIT}`);
        }
      }
      this.db.pragma('foreign_keys = ON');
      if (!this.readOnly) migrate(this.db);
      this.chunks = new SeriesChunks(this.db);
    } catch (e) {
      this.db.close();
      throw e;
    }
    if (background) {
      const changes = this.db.prepare('SELECT total_changes()').pluck();
      let seen = -1;
      this.checkpointer = new WalCheckpointer(path, {
        nativeBinding,
        restartBytes: WAL_SIZE_LIMIT,
        hasWrites: () => seen !== (seen = changes.get() as number),
        onFailure: (e) => {
          if (this.db.open) this.db.pragma('wal_autocheckpoint = 1000');
          process.stderr.write(`store: checkpoints run inside commits again (${e.message})\n`);
        },
      });
    }
    this.reserve = new DiskReserve(path === ':memory:' || this.readOnly ? null : `${path}.reserve`);
    liveTokens.add(this.token);
    this.recovered = options.recover === false || this.readOnly ? 0 : this.recoverInterrupted();
  }

  get isOpen(): boolean {
    return this.db.open;
  }

  /** Flushes every metric writer, then closes the file. Safe to call twice. */
  close(): void {
    if (!this.db.open) return;
    try {
      for (const w of [...this.writers]) w.close();
    } finally {
      liveTokens.delete(this.token);
      this.checkpointer?.close();
      this.db.close();
    }
  }

  /** Runs `fn` in one IMMEDIATE transaction (nested calls become savepoints). */
  transaction<T>(fn: () => T): T {
    try {
      return this.db.transaction(fn).immediate();
    } catch (e) {
      throw describeWriteError(e, this.path);
    }
  }

  // ------------------------------------------------------------ experiments

  createExperiment(input: NewExperiment): ExperimentRow {
    const t = now();
    const id = this.transaction(
      () =>
        this.db
          .prepare('INSERT INTO experiments (name, kind, spec, notes, tags, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
          .run(input.name, input.kind, json(input.spec), input.notes ?? '', json(input.tags ?? []), t, t).lastInsertRowid,
    );
    return this.getExperiment(Number(id));
  }

  getExperiment(id: number): ExperimentRow {
    const r = this.db.prepare(`${EXPERIMENT_SELECT} WHERE e.id = ?`).get(id) as ExperimentRecord | undefined;
    if (!r) throw new NotFoundError('experiment', id);
    return toExperimentRow(r);
  }

  /** Newest first, each with its run count. */
  listExperiments(): ExperimentRow[] {
    return (this.db.prepare(`${EXPERIMENT_SELECT} ORDER BY e.id DESC`).all() as ExperimentRecord[]).map(toExperimentRow);
  }

  updateExperiment(id: number, patch: ExperimentPatch): ExperimentRow {
    const sets: string[] = [];
    const args: unknown[] = [];
    if (patch.name !== undefined) {
      sets.push('name = ?');
      args.push(patch.name);
    }
    if (patch.notes !== undefined) {
      sets.push('notes = ?');
      args.push(patch.notes);
    }
    if (patch.tags !== undefined) {
      sets.push('tags = ?');
      args.push(json(patch.tags));
    }
    sets.push('updated_at = ?');
    args.push(now());
    const changes = this.transaction(() => this.db.prepare(`UPDATE experiments SET ${sets.join(', ')} WHERE id = ?`).run(...args, id).changes);
    if (changes === 0) throw new NotFoundError('experiment', id);
    return this.getExperiment(id);
  }

  /** Deletes the experiment with its runs, series, points and checkpoints; false if it did not exist. */
  deleteExperiment(id: number): boolean {
    return this.transaction(() => this.db.prepare('DELETE FROM experiments WHERE id = ?').run(id).changes > 0);
  }

  // ------------------------------------------------------------ runs

  createRun(input: NewRun): RunRow {
    const status = input.status ?? 'queued';
    const t = now();
    const id = this.transaction(() => {
      this.requireExperiment(input.experimentId);
      const terminal = !isActive(status);
      return this.db
        .prepare(
          `INSERT INTO runs (experiment_id, label, seed, status, spec, created_at, started_at, ended_at, last_step, summary, error, owner_pid, owner_token)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          input.experimentId, input.label, input.seed, status, json(input.spec), t,
          status === 'running' || terminal ? t : null, terminal ? t : null,
          input.lastStep ?? 0, json(input.summary ?? {}), input.error ?? null,
          terminal ? null : process.pid, terminal ? null : this.token,
        ).lastInsertRowid;
    });
    return this.getRun(Number(id));
  }

  getRun(id: number): RunRow {
    const r = this.db.prepare(`${RUN_SELECT} WHERE r.id = ?`).get(id) as RunRecord | undefined;
    if (!r) throw new NotFoundError('run', id);
    return toRunRow(r);
  }

  /** Newest experiments first; within an experiment, runs in the order they were created. */
  listRuns(filter: { experimentId?: number } = {}): RunRow[] {
    const rows =
      filter.experimentId === undefined
        ? this.db.prepare(`${RUN_SELECT} ORDER BY r.experiment_id DESC, r.id`).all()
        : this.db.prepare(`${RUN_SELECT} WHERE r.experiment_id = ? ORDER BY r.id`).all(filter.experimentId);
    return (rows as RunRecord[]).map(toRunRow);
  }

  /**
   * Moves a run to `status`: `running` stamps started_at (first time), a terminal status stamps
   * ended_at and first flushes pending metrics so the run's series are complete when it ends.
   */
  setRunStatus(id: number, status: RunStatus, patch: RunPatch = {}): RunRow {
    if (this.faulted.has(id) && status !== 'failed') {
      // Failed on a write fault (metricWrite): keep 'failed' and its reason; take the progress.
      const { error: _kept, ...rest } = patch;
      try {
        this.transaction(() => this.patchRun(id, rest));
      } catch {
        // the disk may still be full
      }
      return this.getRun(id);
    }
    const active = isActive(status);
    if (!active) {
      for (const w of this.writers) {
        try {
          w.flush();
        } catch (e) {
          // A full disk must not keep the run from ending: the writer keeps the points for its next flush.
          if (!isWriteFault(e)) throw e;
        }
      }
    }
    const t = now();
    this.reserve.spend(() => this.transaction(() => {
      const changes = this.db
        .prepare(
          `UPDATE runs SET status = ?,
             started_at = CASE WHEN ? AND started_at IS NULL THEN ? ELSE started_at END,
             ended_at = ?,
             owner_pid = ?, owner_token = ?
           WHERE id = ?`,
        )
        .run(status, status === 'running' ? 1 : 0, t, active ? null : t, active ? process.pid : null, active ? this.token : null, id).changes;
      if (changes === 0) throw new NotFoundError('run', id);
      this.patchRun(id, patch);
    }));
    return this.getRun(id);
  }

  /** Progress without a status change (last step, running summary, error text). */
  updateRun(id: number, patch: RunPatch): RunRow {
    this.transaction(() => {
      this.requireRun(id);
      this.patchRun(id, patch);
    });
    return this.getRun(id);
  }

  deleteRun(id: number): boolean {
    return this.transaction(() => this.db.prepare('DELETE FROM runs WHERE id = ?').run(id).changes > 0);
  }

  /**
   * Runs left queued/running/paused by a process that is gone become `interrupted`.
   * A run owned by another live process (the app training while the CLI lists runs) is left alone.
   */
  recoverInterrupted(): number {
    return this.transaction(() => {
      const rows = this.db
        .prepare(`SELECT id, owner_pid, owner_token FROM runs WHERE status IN (${ACTIVE_STATUSES.map(() => '?').join(', ')})`)
        .all(...ACTIVE_STATUSES) as { id: number; owner_pid: number | null; owner_token: string | null }[];
      const orphaned = rows.filter((r) =>
        r.owner_pid === null ? true : r.owner_pid === process.pid ? !liveTokens.has(r.owner_token ?? '') : !pidAlive(r.owner_pid),
      );
      const mark = this.db.prepare(`UPDATE runs SET status = 'interrupted', owner_pid = NULL, owner_token = NULL WHERE id = ?`);
      for (const r of orphaned) mark.run(r.id);
      return orphaned.length;
    });
  }

  // ------------------------------------------------------------ metrics

  /** Appends (or overwrites) points of one series in one transaction. */
  appendPoints(runId: number, series: string, steps: ArrayLike<number>, values: ArrayLike<number>): number {
    if (steps.length !== values.length) throw new RangeError(`appendPoints: ${steps.length} steps but ${values.length} values`);
    for (let i = 0; i < steps.length; i++) {
      if (!Number.isSafeInteger(steps[i])) throw new RangeError(`appendPoints: step ${String(steps[i])} is not a whole number`);
    }
    return this.metricWrite([runId], () =>
      this.transaction(() => {
        this.requireRun(runId);
        return this.insertSeries(runId, series, steps, values);
      }),
    );
  }

  /** PointSink for MetricWriter: the whole batch in one transaction; runs deleted meanwhile are skipped. */
  writeBatch(batch: PointBatch): number {
    return this.metricWrite(batch.keys(), () =>
      this.transaction(() => {
        let n = 0;
        const exists = this.stmt('SELECT 1 FROM runs WHERE id = ?');
        for (const [runId, bySeries] of batch) {
          if (!exists.get(runId)) continue;
          for (const [name, s] of bySeries) n += this.insertSeries(runId, name, s.steps, s.values);
        }
        return n;
      }),
    );
  }

  /**
   * A metric write that the disk refused (full, I/O error) ends its live runs 'failed' with the
   * reason at once, whatever the training loop does with the error, and that status sticks: a
   * run with a hole in its series must not later read 'completed'.
   */
  private metricWrite<T>(runIds: Iterable<number>, write: () => T): T {
    const outer = this.db.inTransaction;
    try {
      return write();
    } catch (e) {
      if (!outer && isWriteFault(e)) this.failOnFault([...runIds], (e as Error).message);
      throw e;
    }
  }

  /**
   * A run this store failed on a write fault is tried again on purpose (resumed from its last
   * state, its series cut back to that state): from here its status may move on from 'failed'.
   */
  retryAfterFault(id: number): void {
    this.faulted.delete(id);
  }

  private failOnFault(ids: number[], reason: string): void {
    try {
      this.reserve.spend(() =>
        this.transaction(() => {
          const mark = this.db.prepare(
            `UPDATE runs SET status = 'failed', error = ?, ended_at = ?, owner_pid = NULL, owner_token = NULL
             WHERE id = ? AND status IN (${ACTIVE_STATUSES.map((st) => `'${st}'`).join(', ')})`,
          );
          for (const id of ids) if (mark.run(reason, now(), id).changes) this.faulted.add(id);
        }),
      );
    } catch {
      // Still no room even for that: the run is recovered as 'interrupted' at the next start.
    }
  }

  /** A batching writer bound to this store; closed (and flushed) with it. */
  metricWriter(options: MetricWriterOptions = {}): MetricWriter {
    const w = new MetricWriter(this, options, (closed) => this.writers.delete(closed));
    this.writers.add(w);
    return w;
  }

  /**
   * Series of the given runs, each ordered by step. Runs in the order given; series in `names`
   * order (missing ones skipped) or else in the order they were first written. Values come back
   * bit for bit (NaN and ±Infinity included).
   *
   * With `maxPoints`, a longer series comes back thinned for drawing: per bucket its smallest and
   * largest value (so every extreme is exact), its first non-finite value, and the first and last
   * point, with `total` giving the stored count. Series of one run that share their steps (x and y
   * of a trajectory) keep the same points, so they still pair up.
   */
  readSeries(runIds: number[], names?: string[], options: { maxPoints?: number } = {}): SeriesData[] {
    const seriesOf = this.db.prepare('SELECT id, name FROM series WHERE run_id = ? ORDER BY id');
    const out: SeriesData[] = [];
    const readAll = () => {
      for (const runId of runIds) {
        this.requireRun(runId);
        let list = seriesOf.all(runId) as { id: number; name: string }[];
        if (names) list = names.flatMap((n) => list.filter((s) => s.name === n));
        const loaded = list.map((s) => ({ name: s.name, points: this.chunks.read(s.id) }));
        const max = options.maxPoints ?? Infinity;
        // Series sharing their steps (hence their length) share one mask: the union of their own.
        const groupOf = loaded.map((r, i) => loaded.findIndex((o, j) => j <= i && o.points.steps.length > max && sameSteps(o.points.steps, r.points.steps)));
        const masks = new Map<number, Uint8Array>();
        loaded.forEach((r, i) => {
          if (r.points.steps.length > max) masks.set(groupOf[i]!, extremesMask(r.points.values, max, masks.get(groupOf[i]!)));
        });
        loaded.forEach((r, i) => {
          const mask = masks.get(groupOf[i]!);
          if (!mask) out.push({ runId, name: r.name, steps: Array.from(r.points.steps), values: Array.from(r.points.values) });
          else out.push({ runId, name: r.name, ...applyMask(r.points, mask), total: r.points.steps.length });
        });
      }
    };
    // One read transaction: a writer committing meanwhile cannot tear a series across chunks.
    this.db.transaction(readAll).deferred();
    return out;
  }

  seriesNames(runId: number): string[] {
    this.requireRun(runId);
    return this.db.prepare('SELECT name FROM series WHERE run_id = ? ORDER BY id').pluck().all(runId) as string[];
  }

  // ------------------------------------------------------------ checkpoints

  /** Stores weights for (run, step), replacing an earlier checkpoint of the same step. */
  saveCheckpoint(runId: number, step: number, weights: Uint8Array, meta: Record<string, unknown> = {}): void {
    this.transaction(() => {
      this.requireRun(runId);
      this.db
        .prepare('INSERT OR REPLACE INTO checkpoints (run_id, step, meta, weights, created_at) VALUES (?, ?, ?, ?, ?)')
        .run(runId, step, json(meta), Buffer.from(weights.buffer, weights.byteOffset, weights.byteLength), now());
    });
  }

  /** The checkpoint at `step`, or the latest one; null when the run has none. */
  getCheckpoint(runId: number, step?: number): Checkpoint | null {
    this.requireRun(runId);
    const r = (
      step === undefined
        ? this.db.prepare('SELECT * FROM checkpoints WHERE run_id = ? ORDER BY step DESC LIMIT 1').get(runId)
        : this.db.prepare('SELECT * FROM checkpoints WHERE run_id = ? AND step = ?').get(runId, step)
    ) as { run_id: number; step: number; meta: string; weights: Buffer; created_at: string } | undefined;
    return r ? { runId: r.run_id, step: r.step, meta: JSON.parse(r.meta) as Record<string, unknown>, weights: r.weights, createdAt: r.created_at } : null;
  }

  // ------------------------------------------------------------ resumable training state (resume-state.ts)

  /** Replaces the run's resumable state (the training state after `epoch` epochs, `step` updates). */
  saveResumeState(runId: number, epoch: number, step: number, state: Uint8Array): void {
    // A large state (a big network's weights and optimizer moments: several MiB) is written by the
    // checkpoint worker, so this thread does not spend tens of ms copying it into pages; it lands
    // after the epoch's series, as the inline write would, and before any later delete or read.
    if (state.byteLength >= BACKGROUND_BLOB_BYTES && this.checkpointer?.active) {
      const later = this.checkpointer.write(RESUME_STATE_LATER, [runId, epoch, step, state, now(), runId]);
      if (later) {
        later.catch((e: unknown) => process.stderr.write(`resume state of run ${runId}: ${e instanceof Error ? e.message : String(e)}\n`));
        return;
      }
    }
    this.transaction(() => {
      this.requireRun(runId);
      putResumeState(this.db, runId, epoch, step, state);
    });
  }

  getResumeState(runId: number): ResumeStateRow | null {
    // A state still on its way lands first (not inside a transaction: the worker would wait for it).
    if (!this.db.inTransaction) this.checkpointer?.settle();
    this.requireRun(runId);
    return readResumeState(this.db, runId);
  }

  deleteResumeState(runId: number): void {
    // Behind a state still on its way (saveResumeState above): queued after it, not overtaken.
    if (this.checkpointer && this.checkpointer.pendingWrites > 0) {
      const later = this.checkpointer.write('DELETE FROM resume_states WHERE run_id = ?', [runId]);
      if (later) return void later.catch(() => undefined);
      if (!this.db.inTransaction) this.checkpointer.settle();
    }
    this.transaction(() => dropResumeState(this.db, runId));
  }

  /** Cuts the run's series back to step < bound (per series name); others: series not named. */
  truncateSeries(runId: number, below: Record<string, number>, others: 'keep' | 'delete' = 'keep'): void {
    this.transaction(() => {
      this.requireRun(runId);
      cutSeries(this.db, runId, below, others);
    });
  }

  // ------------------------------------------------------------ health

  integrityCheck(): IntegrityReport {
    const integrity = this.db.pragma('integrity_check', { simple: false }) as { integrity_check: string }[];
    const problems = integrity.map((r) => r.integrity_check).filter((m) => m !== 'ok');
    const fk = this.db.pragma('foreign_key_check') as { table: string; rowid: number; parent: string }[];
    for (const f of fk) problems.push(`${f.table} row ${f.rowid} points at a missing ${f.parent} row`);
    return { ok: problems.length === 0, problems };
  }

  // ------------------------------------------------------------ internals

  private requireExperiment(id: number): void {
    if (!this.db.prepare('SELECT 1 FROM experiments WHERE id = ?').get(id)) throw new NotFoundError('experiment', id);
  }

  private requireRun(id: number): void {
    if (!this.stmt('SELECT 1 FROM runs WHERE id = ?').get(id)) throw new NotFoundError('run', id);
  }

  private readonly statements = new Map<string, Database.Statement>();
  /** The statements of the metric path, prepared once (each is used in one mode only). */
  private stmt(sql: string): Database.Statement {
    let st = this.statements.get(sql);
    if (!st) this.statements.set(sql, (st = this.db.prepare(sql)));
    return st;
  }

  private patchRun(id: number, patch: RunPatch): void {
    const sets: string[] = [];
    const args: unknown[] = [];
    if (patch.lastStep !== undefined) {
      sets.push('last_step = ?');
      args.push(patch.lastStep);
    }
    if (patch.summary !== undefined) {
      sets.push('summary = ?');
      args.push(json(patch.summary));
    }
    if (patch.error !== undefined) {
      sets.push('error = ?');
      args.push(patch.error);
    }
    if (sets.length) this.db.prepare(`UPDATE runs SET ${sets.join(', ')} WHERE id = ?`).run(...args, id);
  }

  /** Call inside a transaction. */
  private insertSeries(runId: number, name: string, steps: ArrayLike<number>, values: ArrayLike<number>): number {
    this.stmt('INSERT OR IGNORE INTO series (run_id, name) VALUES (?, ?)').run(runId, name);
    const seriesId = this.stmt('SELECT id FROM series WHERE run_id = ? AND name = ?').pluck().get(runId, name) as number;
    this.chunks.write(seriesId, normalize(steps, values));
    return steps.length;
  }
}
