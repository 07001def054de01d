// Keeps the order the server judges the job for equal to the one the page shows. The customer may
// change a product option while the job is being created, while a change is on its way, or while
// the server cannot be reached: one PUT /context at a time, always the newest order, tried again
// until it lands (a request that fails must not leave the files waiting for a verdict that never
// comes, nor the server judging a size the page no longer sells).
import { contextKey } from '../core/context';
import type { IntakeContext, IntakeError } from '../core/types';
import { ApiError, toIntakeError } from './api-client';
import { untilOnline } from '../upload/online';

export interface ContextSyncOptions {
  /** PUT /context of the job. */
  send(context: IntakeContext): Promise<void>;
  /** The page's order now. */
  current(): IntakeContext;
  /** The server holds the page's order again (after at least one change sent): fetch its verdicts. */
  onSettled(): void;
  /** The change cannot reach the server (true), or reached it (false). */
  onUnreachable(unreachable: boolean): void;
  /** The server refused the change: the files keep waiting (the gate stays closed) and the page hears why. */
  onError(error: IntakeError): void;
  /** Waits between attempts; the last one repeats for as long as the page is open. */
  retryDelaysMs?: readonly number[];
}

export interface ContextSync {
  /**
   * The job exists and the server judges it for `context` (what its creation carried, or what a
   * reload found); undefined: not known (the page's order is sent to be sure).
   */
  known(context: IntakeContext | null | undefined): void;
  /** The page's order changed. */
  changed(): void;
  /** No job any more (finalized): the next one is created with the page's order. */
  reset(): void;
  stop(): void;
}

const RETRY_DELAYS_MS = [1000, 3000, 5000, 10_000];

/** Worth trying again: no answer, a timeout, too many requests, or the server's own failure. */
function isTransient(err: unknown): boolean {
  if (!(err instanceof ApiError)) return true;
  return err.status === 0 || err.status === 408 || err.status === 429 || err.status >= 500;
}

export function createContextSync(opts: ContextSyncOptions): ContextSync {
  const delays = opts.retryDelaysMs ?? RETRY_DELAYS_MS;
  /** The order the server judges the job for; null: no job yet. */
  let server: string | null = null;
  /** Counts jobs: an answer for a job that has since been finalized changes nothing. */
  let generation = 0;
  let running = false;
  let stopped = false;

  /** Send one order until it lands; false when the server refused it (or we stopped). */
  async function deliver(context: IntakeContext): Promise<boolean> {
    for (let failures = 0; ; failures++) {
      try {
        await opts.send(context);
        if (failures > 0) opts.onUnreachable(false);
        return true;
      } catch (err) {
        if (stopped) return false;
        if (!isTransient(err)) {
          opts.onError(toIntakeError(err));
          return false;
        }
        if (failures === 0) opts.onUnreachable(true);
        await untilOnline();
        await new Promise((resolve) => setTimeout(resolve, delays[Math.min(failures, delays.length - 1)]));
        if (stopped) return false;
      }
    }
  }

  async function run(): Promise<void> {
    if (running || stopped || server === null) return;
    running = true;
    const job = generation;
    let sent = false;
    let refused = false;
    try {
      // The page may change its order again while one is on its way: loop until the server holds the newest.
      for (;;) {
        const wanted = opts.current();
        const key = contextKey(wanted);
        if (key === server || stopped || server === null) break;
        refused = !(await deliver(wanted));
        if (refused || job !== generation) break;
        server = key;
        sent = true;
      }
    } finally {
      running = false;
    }
    if (stopped) return;
    // The job changed under the request (finalized, or found again after a reload): start over for it.
    if (job !== generation) void run();
    else if (sent && !refused) opts.onSettled();
  }

  return {
    known(context) {
      generation++;
      server = context === undefined ? 'not known' : contextKey(context);
      void run();
    },
    changed() {
      void run();
    },
    reset() {
      generation++;
      server = null;
    },
    stop() {
      stopped = true;
    },
  };
}
