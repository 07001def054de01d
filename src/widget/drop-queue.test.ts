import { describe, expect, it } from 'vitest';
import { createDropQueue, DROP_SLICE_BUDGET_MS } from './drop-queue';

/** Files whose first `size` read costs `lookupMs` on a fake clock, as a dropped File's does in Chromium. */
function slowFiles(count: number, lookupMs: number, clock: { t: number }): File[] {
  return Array.from({ length: count }, (_, i) => {
    let known = false;
    return {
      name: `f${i}`,
      get size() {
        if (!known) clock.t += lookupMs;
        known = true;
        return 1000 + i;
      },
    } as unknown as File;
  });
}

function rig() {
  const clock = { t: 0 };
  const slices: { names: string[]; spentMs: number; stillWaiting: number }[] = [];
  const tasks: (() => void)[] = [];
  let taskStart = 0;
  const queue = createDropQueue({
    add: (files, stillWaiting) => slices.push({ names: files.map((f) => f.name), spentMs: clock.t - taskStart, stillWaiting }),
    now: () => clock.t,
    later: (run) => tasks.push(run),
  });
  const runTasks = () => {
    while (tasks.length > 0) {
      taskStart = clock.t;
      tasks.shift()!();
    }
  };
  return { clock, slices, queue, runTasks, start: () => (taskStart = clock.t) };
}

describe('drop queue', () => {
  it('300 files with a 0.4 ms look-up each: no task spends more than the budget, all added in order', () => {
    const r = rig();
    r.start();
    r.queue.push(slowFiles(300, 0.4, r.clock));
    // the first slice is added in the drop's own task, so the customer sees rows at once
    expect(r.slices).toHaveLength(1);
    r.runTasks();
    const names = r.slices.flatMap((s) => s.names);
    expect(names).toEqual(Array.from({ length: 300 }, (_, i) => `f${i}`));
    for (const s of r.slices) expect(s.spentMs).toBeLessThanOrEqual(DROP_SLICE_BUDGET_MS + 0.4);
    expect(r.slices.length).toBeGreaterThan(300 / (DROP_SLICE_BUDGET_MS / 0.4 + 1));
    expect(r.queue.pending).toBe(0);
  });

  it('a second drop while the first is still being taken goes after it, never in between', () => {
    const r = rig();
    r.start();
    r.queue.push(slowFiles(100, 1, r.clock));
    const second = slowFiles(3, 1, r.clock).map((f, i) => Object.defineProperty(f, 'name', { value: `second${i}` }));
    r.queue.push(second);
    r.runTasks();
    const names = r.slices.flatMap((s) => s.names);
    expect(names.slice(0, 100)).toEqual(Array.from({ length: 100 }, (_, i) => `f${i}`));
    expect(names.slice(100)).toEqual(['second0', 'second1', 'second2']);
  });

  it('a look-up slower than the budget still moves one file per task', () => {
    const r = rig();
    r.start();
    r.queue.push(slowFiles(3, 50, r.clock));
    r.runTasks();
    expect(r.slices.map((s) => s.names.length)).toEqual([1, 1, 1]);
  });

  it('each slice says how many files still wait behind it, the last one none', () => {
    const r = rig();
    r.start();
    r.queue.push(slowFiles(3, 50, r.clock));
    expect(r.slices.map((s) => s.stillWaiting)).toEqual([2]);
    r.runTasks();
    expect(r.slices.map((s) => s.stillWaiting)).toEqual([2, 1, 0]);
  });
});
