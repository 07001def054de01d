// A queue shared by many owners (jobs) that takes turns: the next item comes from the owner after
// the one served last, so a job that queued a hundred files is served one file per turn, and a
// file of another job is next in line as soon as a worker frees up (issue 12.3). Work-conserving:
// when only one owner has work, it gets every free worker.

export class FairQueue<T> {
  /** Owners with waiting items; Map order is the rotation (served owners move to the back). */
  private readonly waiting = new Map<string, T[]>();

  get size(): number {
    let n = 0;
    for (const items of this.waiting.values()) n += items.length;
    return n;
  }

  push(owner: string, item: T): void {
    const items = this.waiting.get(owner);
    if (items) items.push(item);
    else this.waiting.set(owner, [item]);
  }

  /** The next item in turn (that `accept` takes, when given), or undefined when none waits. */
  shift(accept?: (item: T) => boolean): T | undefined {
    for (const [owner, items] of this.waiting) {
      const at = accept ? items.findIndex(accept) : 0;
      if (at < 0) continue;
      const [item] = items.splice(at, 1);
      this.waiting.delete(owner);
      // Back of the rotation, if it has more.
      if (items.length > 0) this.waiting.set(owner, items);
      return item;
    }
    return undefined;
  }

  /** Remove and return everything (shutdown). */
  drain(): T[] {
    const all = [...this.waiting.values()].flat();
    this.waiting.clear();
    return all;
  }
}
