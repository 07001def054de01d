// Takes a big drop from the browser a few files per main-thread task, in drop order.
//
// Why: the first read of a dropped File's `size` is a synchronous look-up in the browser (measured
// in Chromium: 300 files, 100 ms for the first pass over `size`, 0 ms for the second; `name` and
// `lastModified` cost nothing). The widget needs every size at once (the row, the size limit), so
// adding 300 files in one task blocked the page well past the 100 ms budget, and fixed slices of
// 50 files still took 60–150 ms on a busy machine. The queue reads sizes until a time budget is
// spent, hands those files to the controller in one batch (one render), and yields.

import { batch } from '@preact/signals';
import type { IntakeController } from './controller-types';

/** Time one task may spend taking files from the browser before it yields. */
export const DROP_SLICE_BUDGET_MS = 8;

export interface DropQueue {
  /** Queues files behind any still waiting; the first slice of an idle queue is added at once. */
  push(files: readonly File[]): void;
  /** Files not handed over yet. */
  readonly pending: number;
}

export interface DropQueueDeps {
  /**
   * Hands one slice to the controller (in drop order), with the number of files still waiting
   * behind it: while any wait, the job must not proceed on the files handed over so far.
   */
  add(files: File[], stillWaiting: number): void;
  now?: () => number;
  /** Runs the next slice in a later task. */
  later?: (run: () => void) => void;
}

export function createDropQueue({ add, now = () => performance.now(), later = (run) => void setTimeout(run, 0) }: DropQueueDeps): DropQueue {
  const waiting: File[] = [];
  let scheduled = false;

  function runSlice(): void {
    scheduled = false;
    const started = now();
    const slice: File[] = [];
    // at least one file per task, so a slow look-up can never stall the queue
    while (waiting.length > 0 && (slice.length === 0 || now() - started < DROP_SLICE_BUDGET_MS)) {
      const file = waiting.shift()!;
      void file.size; // the costly first read happens here, inside the budget; later reads are free
      slice.push(file);
    }
    if (waiting.length > 0) schedule();
    if (slice.length > 0) add(slice, waiting.length);
  }

  function schedule(): void {
    if (scheduled) return;
    scheduled = true;
    later(runSlice);
  }

  return {
    push(files) {
      if (files.length === 0) return;
      const idle = waiting.length === 0 && !scheduled;
      waiting.push(...files);
      if (idle) runSlice();
      else schedule();
    },
    get pending() {
      return waiting.length;
    },
  };
}

/**
 * A widget's drop queue: each slice goes to the controller of the moment (a workflow swapped
 * mid-drop still receives every file), which holds the job until the last slice is in. One
 * batch, so no status is emitted between a slice's files and the count still waiting.
 */
export function createWidgetDrops(controller: () => Pick<IntakeController, 'addFiles' | 'setArriving'>, deps: Omit<DropQueueDeps, 'add'> = {}): DropQueue {
  return createDropQueue({
    ...deps,
    add: (files, stillWaiting) =>
      batch(() => {
        const c = controller();
        c.setArriving(stillWaiting);
        c.addFiles(files);
      }),
  });
}
