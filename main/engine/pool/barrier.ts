// Step coordination for the ranks of one data-parallel job, with Atomics on a shared Int32Array
// (the job's "gang" words, allocated by the pool) — no postMessage per step.
// Layout: [abort, count, generation, ...free for the task]. A generation-counting barrier:
// the last rank to arrive resets the count and bumps the generation, waking the others.

export const GANG_ABORT = 0;
const COUNT = 1;
const GENERATION = 2;
/** Words the pool allocates per job; indices ≥ GANG_FREE are the task's own. */
export const GANG_WORDS = 64;
export const GANG_FREE = 3;

/**
 * Busy-wait up to this long (ms) before sleeping. A rank that sleeps in Atomics.wait is woken by
 * the kernel, and on a virtual machine an idle vCPU takes 0.1–0.5 ms to come back: with three
 * synchronisations per update of the 784-256-128-10 MLP (~1 ms of work a rank), a 4-µs spin left
 * both ranks waiting ~1.2 ms per update. Spinning ~0.3 ms catches the other ranks in nearly every
 * step of a network run on a quiet machine.
 */
const SPIN_MS = 0.3;
/** The shortest spin: the budget shrinks towards it while spins keep failing. */
const MIN_SPIN_MS = 0.005;

/**
 * An adaptive spin budget (each rank has its own). A spin that sees the word move in time doubles
 * the budget (up to SPIN_MS). One that runs out sleeps, and when the word has moved, the whole
 * wait tells what a spin should have been: a wait shorter than SPIN_MS (the other rank was running,
 * only further behind than the budget) grows the budget to twice that wait, so the next such wait
 * is spun through; a longer one (the other rank descheduled) halves it. On a loaded machine the
 * other ranks are often descheduled, spinning for them only takes CPU time from them and everything
 * else, and the budget soon falls to a few microseconds: the rank sleeps at once. (Halving on every
 * spin that ran out, as before, left the budget at its floor after one long wait for as long as the
 * waits stayed longer than the floor: at batch 128 on two ranks every publication then cost a sleep
 * and a wake, ~0.1 ms of a 0.6-ms update.)
 */
export class Spinner {
  private budget = SPIN_MS;

  /** The current budget (ms). */
  get budgetMs(): number {
    return this.budget;
  }

  /** Spins until words[index] differs from `from` (`differs`) or reaches `from` (otherwise) or the budget runs out; true if it did. */
  until(w: Int32Array, index: number, from: number, differs: boolean): boolean {
    const end = performance.now() + this.budget;
    for (;;) {
      for (let i = 0; i < 256; i++) {
        const v = Atomics.load(w, index);
        if (differs ? v !== from : v >= from) {
          this.budget = Math.min(SPIN_MS, this.budget * 2);
          return true;
        }
      }
      if (performance.now() > end) return false;
    }
  }

  /** After a spin that ran out: the word moved `waitedMs` after the wait began. */
  slept(waitedMs: number): void {
    this.budget = waitedMs < SPIN_MS ? Math.min(SPIN_MS, Math.max(this.budget, 2 * waitedMs)) : Math.max(MIN_SPIN_MS, this.budget / 2);
  }

  /**
   * Returns once words[index] differs from `from` (`differs`) or reaches it (otherwise): a spin, then
   * sleeps of WAIT_MS at most (an abort is noticed between them), the wait's length learnt from.
   * Throws AbortedError if the job (words[GANG_ABORT]) was aborted while it slept.
   */
  await(w: Int32Array, index: number, from: number, differs: boolean): void {
    const since = performance.now();
    if (this.until(w, index, from, differs)) return;
    for (let v = Atomics.load(w, index); differs ? v === from : v < from; v = Atomics.load(w, index)) {
      if (Atomics.load(w, GANG_ABORT) !== 0) throw new AbortedError();
      Atomics.wait(w, index, v, WAIT_MS);
    }
    this.slept(performance.now() - since);
  }
}

/** Sleepers wake this often to notice an abort even if nobody notifies them. */
const WAIT_MS = 50;

export class AbortedError extends Error {
  constructor() {
    super('aborted: another rank of this job failed or the job was cancelled');
    this.name = 'AbortedError';
  }
}

export class Barrier {
  private readonly spinner = new Spinner();

  constructor(
    private readonly words: Int32Array,
    private readonly parties: number,
  ) {}

  /** Returns once all `parties` ranks have arrived; throws AbortedError if the job was aborted. */
  arrive(): void {
    const w = this.words;
    if (this.parties > 1) {
      const generation = Atomics.load(w, GENERATION);
      if (Atomics.add(w, COUNT, 1) === this.parties - 1) {
        Atomics.store(w, COUNT, 0);
        Atomics.add(w, GENERATION, 1);
        Atomics.notify(w, GENERATION);
      } else this.spinner.await(w, GENERATION, generation, true);
    }
    if (Atomics.load(w, GANG_ABORT) !== 0) throw new AbortedError();
  }
}

/** Marks the job aborted and wakes every rank sleeping at its barrier. */
export function abortGang(words: Int32Array): void {
  Atomics.store(words, GANG_ABORT, 1);
  Atomics.notify(words, GENERATION);
}

/**
 * A count the other ranks bump and one rank waits for: rank 0 waiting until every slice of a
 * sharded update is done, without holding the other ranks at a barrier of their own (they go
 * straight on to the next batch's barrier, where they wait for rank 0 anyway).
 */
export class Tally {
  private readonly spinner = new Spinner();

  constructor(
    private readonly words: Int32Array,
    private readonly index: number,
  ) {}

  add(): void {
    Atomics.add(this.words, this.index, 1);
    Atomics.notify(this.words, this.index);
  }

  /** Returns once the count reaches n; throws AbortedError if the job was aborted. */
  waitFor(n: number): void {
    const w = this.words;
    this.spinner.await(w, this.index, n, false);
    if (Atomics.load(w, GANG_ABORT) !== 0) throw new AbortedError();
  }
}
