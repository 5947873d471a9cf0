// Metrics arrive one point at a time from a training loop; writing each in its own transaction
// would make SQLite the bottleneck. The writer queues them and flushes the queue as ONE
// transaction every `flushMs` or once `maxPoints` are pending, and on run end and close
// (the TensorBoard/MLflow pattern).

/** Pending points: run id → series name → parallel step/value arrays. */
export type PointBatch = Map<number, Map<string, { steps: number[]; values: number[] }>>;

export interface PointSink {
  /** Writes the whole batch in one transaction; returns how many points were written. */
  writeBatch(batch: PointBatch): number;
}

export interface MetricWriterOptions {
  /** Flush this long after the first queued point (ms). */
  flushMs?: number;
  /** Flush at once when this many points are pending. */
  maxPoints?: number;
  /** A timer-driven flush has nobody to throw to; it reports here (default: stderr). */
  onError?: (error: unknown) => void;
}

export class MetricWriter {
  readonly flushMs: number;
  readonly maxPoints: number;
  private pending: PointBatch = new Map();
  private count = 0;
  private timer: NodeJS.Timeout | null = null;
  private closed = false;
  private readonly onError: (error: unknown) => void;

  constructor(
    private readonly sink: PointSink,
    options: MetricWriterOptions = {},
    private readonly onClose: (w: MetricWriter) => void = () => {},
  ) {
    this.flushMs = options.flushMs ?? 250;
    this.maxPoints = options.maxPoints ?? 10_000;
    this.onError = options.onError ?? ((e) => process.stderr.write(`metric writer: ${e instanceof Error ? e.message : String(e)}\n`));
  }

  /** Points queued and not yet written. */
  get pendingPoints(): number {
    return this.count;
  }

  add(runId: number, series: string, step: number, value: number): void {
    if (this.closed) throw new Error('metric writer is closed');
    let bySeries = this.pending.get(runId);
    if (!bySeries) this.pending.set(runId, (bySeries = new Map()));
    let s = bySeries.get(series);
    if (!s) bySeries.set(series, (s = { steps: [], values: [] }));
    s.steps.push(step);
    s.values.push(value);
    this.count++;
    if (this.count >= this.maxPoints) this.flush();
    else if (!this.timer) {
      this.timer = setTimeout(() => {
        this.timer = null;
        try {
          this.flush();
        } catch (e) {
          this.onError(e);
        }
      }, this.flushMs);
      // A pending flush must not keep a finished CLI process alive; close() flushes anyway.
      this.timer.unref();
    }
  }

  /** One step of several series, e.g. { loss, accuracy }. */
  record(runId: number, step: number, values: Record<string, number>): void {
    for (const [name, value] of Object.entries(values)) this.add(runId, name, step, value);
  }

  /** Writes everything pending in one transaction; returns the number of points written. */
  flush(): number {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (this.count === 0) return 0;
    const batch = this.pending;
    const count = this.count;
    this.pending = new Map();
    this.count = 0;
    try {
      return this.sink.writeBatch(batch);
    } catch (e) {
      // The transaction rolled back as a whole; keep the points for the next try (e.g. SQLITE_BUSY).
      this.pending = batch;
      this.count = count;
      throw e;
    }
  }

  close(): void {
    if (this.closed) return;
    try {
      this.flush();
    } finally {
      this.closed = true;
      this.onClose(this);
    }
  }
}
