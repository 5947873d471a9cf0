// Cooperative slicing of the course's arithmetic on the main thread: a descent, a bound-lab
// sampling or a model-selection sweep is written as a generator that yields between small units
// of work, and the slicer lets the event loop run (IPC, progress, the live charts of a training)
// whenever the current stretch has taken `budgetMs`. The arithmetic is the same with or without
// the pauses, so the results are the same bits. A stopped section ends at the next pause.

/** Thrown at a pause once the section's signal is aborted (a 'course:stop', a SIGINT). */
export class CourseStopped extends Error {
  constructor() {
    super('the course section was stopped');
    this.name = 'CourseStopped';
  }
}

export interface SliceOptions {
  /** Work between two pauses, at most (default 8 ms; 0 pauses at every chance). */
  budgetMs?: number;
  /** Called at every pause (tests count them). */
  onYield?: () => void;
}

export class Slicer {
  private last = performance.now();
  private readonly budgetMs: number;

  constructor(
    private readonly signal?: AbortSignal,
    private readonly o: SliceOptions = {},
  ) {
    this.budgetMs = o.budgetMs ?? 8;
  }

  /** Throws CourseStopped when the section was stopped. */
  check(): void {
    if (this.signal?.aborted) throw new CourseStopped();
  }

  /** Lets the event loop run now (timers, I/O, immediates queued before this one). */
  async pause(): Promise<void> {
    this.check();
    this.o.onYield?.();
    await new Promise<void>((resolve) => setImmediate(resolve));
    this.last = performance.now();
    this.check();
  }

  /** Pauses when the current stretch of work has used its budget. */
  async tick(): Promise<void> {
    if (performance.now() - this.last >= this.budgetMs) await this.pause();
  }

  private turns: Promise<void> = Promise.resolve();
  /**
   * Waits for a turn of its own: work started together (a section launching its network runs,
   * each preparing its data and plan here before it goes to the pool) takes one turn after
   * another, with a pause between two whenever the budget is used.
   */
  turn(): Promise<void> {
    const mine = this.turns.then(() => this.tick());
    this.turns = mine.catch(() => undefined);
    return mine;
  }

  /** Runs a generator to its end, pausing between its yields whenever the budget is used. */
  async drive<T>(work: Generator<unknown, T>): Promise<T> {
    for (;;) {
      const r = work.next();
      if (r.done) return r.value;
      if (performance.now() - this.last >= this.budgetMs) await this.pause();
    }
  }
}

/** Runs a generator to its end at once (the synchronous callers of the same arithmetic). */
export function finish<T>(work: Generator<unknown, T>): T {
  for (;;) {
    const r = work.next();
    if (r.done) return r.value;
  }
}
