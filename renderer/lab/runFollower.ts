// Which run's events a lab draws: the one whose id its own start returned. Training starts at
// once, so events of that run can arrive before the start answers; while a start is pending every
// event is held under its run id, and when the id is known the held events of that run alone are
// given back in order. Events of any other run (a workbench grid training at the same moment) are
// never taken for ours.
export class RunFollower<E> {
  private id: number | null = null;
  private held: Map<number, E[]> | null = null;

  /** The run followed now (null while a start is pending or before any). */
  get runId(): number | null {
    return this.id;
  }

  /** A start is on its way: follow nothing, hold everything until `adopt`. */
  starting(): void {
    this.id = null;
    this.held = new Map();
  }

  /** The start answered with `id`: follow it; returns the events of that run held meanwhile, oldest first. */
  adopt(id: number): E[] {
    const mine = this.held?.get(id) ?? [];
    this.held = null;
    this.id = id;
    return mine;
  }

  /** The start failed: follow nothing and drop what was held. */
  abandon(): void {
    this.held = null;
    this.id = null;
  }

  /** True when an event of run `runId` is to be shown now; while a start is pending it is held instead. */
  accept(runId: number, event: E): boolean {
    if (this.held) {
      const list = this.held.get(runId);
      if (list) list.push(event);
      else this.held.set(runId, [event]);
      return false;
    }
    return this.id !== null && this.id === runId;
  }
}
