// Progress events are cheap to make and expensive to draw: a run may finish thousands of
// updates a second. Per run, the first event goes out at once, later ones at most every
// `intervalMs` (the latest wins), and a status change always goes out immediately.

export class Coalescer<T> {
  private last = -Infinity;
  private pending: T | null = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly intervalMs: number,
    private readonly emit: (value: T) => void,
  ) {}

  push(value: T, urgent = false): void {
    const now = performance.now();
    if (urgent || now - this.last >= this.intervalMs) {
      this.cancel();
      this.last = now;
      this.emit(value);
      return;
    }
    this.pending = value;
    this.timer ??= setTimeout(() => {
      this.timer = null;
      const value = this.pending;
      this.pending = null;
      if (value !== null) {
        this.last = performance.now();
        this.emit(value);
      }
    }, this.intervalMs - (now - this.last));
  }

  cancel(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.pending = null;
  }
}
