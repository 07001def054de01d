// The upload queue: bounded concurrency in add order, connectivity handling, totals for the widget.

import type { UploadTotals } from '../core/progress';
import { DefaultHttpStack, type HttpStack } from 'tus-js-client';
import type { UploadHandle, UploadInput } from './handle';
import { UploadTask } from './task';
import type { TaskConfig, TaskHost } from './task-config';
import { browserOnlineSource, type OnlineSource } from './online';
import { estimateEtaSeconds, percentOf } from './progress';
import { defaultUrlStorage, type UrlStorage } from './storage';
import { createThrottle } from './throttle';

export interface UploadQueueOptions {
  /** tus creation endpoint, e.g. https://host/v1/uploads/ */
  endpoint: string;
  /** Read before every request, e.g. `{ Authorization: 'Bearer jt_…' }`. */
  headers?: () => Record<string, string>;
  /** Uploads running at once. Default 3. */
  concurrency?: number;
  /**
   * Fixed bytes per PATCH. Default: adaptive, from the measured throughput (src/upload/chunk-size.ts:
   * 1 MiB first, then chunks of about 2 s each, up to maxChunkSize).
   */
  chunkSize?: number;
  /** With adaptive chunks, the largest PATCH; also the most one cut connection re-sends. Default 64 MiB. */
  maxChunkSize?: number;
  /** Backoff in ms per failure in a row; the last value repeats. Default [0, 1000, 3000, 5000, 10000, 20000]. */
  retryDelays?: number[];
  /** Failures in a row (without the server confirming new bytes) before 'failed'. Default 20. */
  maxRetries?: number;
  /** No progress for this long → abort the request and retry. Default 15000. */
  stallTimeoutMs?: number;
  /** Progress notifications at most this often. Default 250. */
  progressIntervalMs?: number;
  /** Fingerprint → upload URL. Default localStorage when usable, else memory. */
  storage?: UrlStorage;
  /** Connectivity. Default navigator.onLine + online/offline events; always online without `window`. */
  online?: OnlineSource;
  /** Replace the HTTP stack (tests, custom transports). Default tus-js-client's. */
  httpStack?: HttpStack;
}

export type QueueTotals = UploadTotals;

export interface UploadQueue {
  add(input: UploadInput): UploadHandle;
  get(id: string): UploadHandle | undefined;
  handles(): UploadHandle[];
  /** Sums over every upload that is not cancelled or failed. */
  totals(): QueueTotals;
  /** Called on any upload's state change and, throttled, on progress. */
  onChange(cb: (queue: UploadQueue) => void): () => void;
  pauseAll(): void;
  resumeAll(): void;
  /** Stops all transfers (server uploads stay, so a reload can resume) and drops listeners. */
  destroy(): void;
}

export const DEFAULT_RETRY_DELAYS = [0, 1000, 3000, 5000, 10000, 20000];

export function createUploadQueue(opts: UploadQueueOptions): UploadQueue {
  const config: TaskConfig = {
    endpoint: opts.endpoint,
    headers: opts.headers,
    chunkSize: opts.chunkSize && opts.chunkSize > 0 ? { initial: opts.chunkSize, min: opts.chunkSize, max: opts.chunkSize } : { max: opts.maxChunkSize },
    retryDelays: opts.retryDelays?.length ? opts.retryDelays : DEFAULT_RETRY_DELAYS,
    maxRetries: opts.maxRetries ?? 20,
    stallTimeoutMs: opts.stallTimeoutMs ?? 15000,
    progressIntervalMs: opts.progressIntervalMs ?? 250,
    storage: opts.storage ?? defaultUrlStorage(),
    httpStack: opts.httpStack ?? new DefaultHttpStack({}),
  };
  const concurrency = Math.max(1, opts.concurrency ?? 3);
  const online = opts.online ?? browserOnlineSource();
  const tasks: UploadTask[] = [];
  const listeners = new Set<(queue: UploadQueue) => void>();
  let destroyed = false;

  const notifier = createThrottle(config.progressIntervalMs, () => {
    for (const cb of [...listeners]) cb(queue);
  });

  // Starting a task changes its state, which calls back into pump(); run one pass at a time.
  let pumping = false;
  let pumpAgain = false;
  function pump(): void {
    if (pumping) {
      pumpAgain = true;
      return;
    }
    pumping = true;
    try {
      do {
        pumpAgain = false;
        if (destroyed || !online.isOnline()) return;
        let active = tasks.filter((t) => t.holdsSlot).length;
        for (const task of tasks) {
          if (active >= concurrency) break;
          if (task.state === 'queued') {
            task.begin();
            active++;
          }
        }
      } while (pumpAgain);
    } finally {
      pumping = false;
    }
  }

  const host: TaskHost = {
    config,
    isOnline: () => online.isOnline(),
    taskStateChanged: () => {
      pump();
      notifier.flush();
    },
    taskProgressed: () => notifier.request(),
  };

  const unsubscribeOnline = online.subscribe((isOnline) => {
    if (destroyed) return;
    for (const task of tasks) {
      if (isOnline) task.comeOnline();
      else task.goOffline();
    }
    if (isOnline) pump();
  });

  const queue: UploadQueue = {
    add(input) {
      if (destroyed) throw new Error('upload queue destroyed');
      if (tasks.some((t) => t.id === input.id)) throw new Error(`upload id already queued: ${input.id}`);
      const task = new UploadTask(input, host);
      tasks.push(task);
      pump();
      notifier.flush();
      return task;
    },
    get: (id) => tasks.find((t) => t.id === id),
    handles: () => [...tasks],
    totals() {
      let bytesSent = 0;
      let bytesTotal = 0;
      let rateBps = 0;
      let active = 0;
      let queued = 0;
      for (const task of tasks) {
        if (task.state === 'cancelled' || task.state === 'failed') continue;
        const p = task.progress;
        bytesSent += p.bytesSent;
        bytesTotal += p.bytesTotal;
        rateBps += p.rateBps;
        if (task.holdsSlot) active++;
        if (task.state === 'queued') queued++;
      }
      return {
        bytesSent,
        bytesTotal,
        percent: percentOf(bytesSent, bytesTotal),
        rateBps,
        etaSeconds: estimateEtaSeconds(bytesTotal - bytesSent, rateBps),
        active,
        queued,
      };
    },
    onChange(cb) {
      listeners.add(cb);
      return () => listeners.delete(cb);
    },
    pauseAll() {
      for (const task of tasks) task.pause();
    },
    resumeAll() {
      for (const task of tasks) task.resume();
    },
    destroy() {
      destroyed = true;
      unsubscribeOnline();
      for (const task of tasks) task.destroy();
      notifier.cancel();
      listeners.clear();
    },
  };
  return queue;
}
