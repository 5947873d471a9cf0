// Step coordination for the ranks of one data-parallel job, with Atomics on a shared Int32Array
// (the job's "gang" words, allocated by the pool) — no postMessage per step.
// Layout: [abort, count, generation, ...free for the task]. A generation-counting barrier:
// the last rank to arrive resets the count and bumps the generation, waking the others.

export const GANG_ABORT = 0;
const COUNT = 1;
const GENERATION = 2;
/** Words the pool allocates per job; indices ≥ GANG_FREE are the task's own. */
export const GANG_WORDS = 16;
export const GANG_FREE = 3;

/**
 * Busy-wait up to this long (ms) before sleeping. A rank that sleeps in Atomics.wait is woken by
 * the kernel, and on a virtual machine an idle vCPU takes 0.1–0.5 ms to come back: with three
 * synchronisations per update of the 784-256-128-10 MLP (~1 ms of work a rank), a 4-µs spin left
 * both ranks waiting ~1.2 ms per update. Spinning ~0.3 ms catches the other ranks in nearly every
 * step of a network run; past it a rank sleeps, so a slow or descheduled rank costs at most that much
 * of a core per synchronisation.
 */
const SPIN_MS = 0.3;

/** Spins until `done(word)` holds or SPIN_MS has passed (the clock read every 256 loads). */
function spin(w: Int32Array, index: number, done: (v: number) => boolean): void {
  const until = performance.now() + SPIN_MS;
  for (;;) {
    for (let i = 0; i < 256; i++) if (done(Atomics.load(w, index))) return;
    if (performance.now() > until) return;
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
      } else {
        spin(w, GENERATION, (v) => v !== generation);
        while (Atomics.load(w, GENERATION) === generation) {
          if (Atomics.load(w, GANG_ABORT) !== 0) throw new AbortedError();
          Atomics.wait(w, GENERATION, generation, WAIT_MS);
        }
      }
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
    spin(w, this.index, (v) => v >= n);
    for (let v = Atomics.load(w, this.index); v < n; v = Atomics.load(w, this.index)) {
      if (Atomics.load(w, GANG_ABORT) !== 0) throw new AbortedError();
      Atomics.wait(w, this.index, v, WAIT_MS);
    }
    if (Atomics.load(w, GANG_ABORT) !== 0) throw new AbortedError();
  }
}
