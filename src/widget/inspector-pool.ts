// A small pool of inspection workers shared by every intake on the page. Each task runs under a
// watchdog: a worker that crashes or exceeds the per-file timeout is terminated and replaced, and
// the file gets an `inspect_failed` / `inspect_timeout` answer instead of hanging the widget.
//
// Previews (image thumbnails, PDF page renders) are low priority and must never delay an
// inspection, so they run in a lane of their own: one extra worker (started on the first preview),
// which takes one task at a time and only while no sniff or inspection is running or waiting —
// a large drop's previews are bounded to one decode at a time. A decode that is slow or crashes
// costs a preview, never a verdict.
import * as Comlink from 'comlink';
import type { FileKind, SniffResult } from '../core/types';
import type { InspectorApi, InspectReply } from '../../workers/inspect.worker';
import type { ThumbnailReply } from '../../workers/thumbnail';
import type { RenderPageOptions, RenderPageReply } from '../../workers/render-page';

export type { ThumbnailReply } from '../../workers/thumbnail';
export type { ProofOverlay, RenderPageOptions, RenderPageReply } from '../../workers/render-page';

export interface InspectorPool {
  sniff(blob: Blob): Promise<SniffReply>;
  inspect(blob: Blob, sniffed: SniffResult): Promise<InspectReply>;
  /**
   * A file's sniff and, when its kind is one of `kinds`, its inspection, asked of one worker at
   * once: `sniffed` answers first (the page decides on the file's content and starts its upload),
   * while the worker goes on to inspect without waiting for that round trip. `inspected` is null
   * for a file of another kind (or whose sniff failed: `sniffed` says why). One task, under one
   * watchdog: a crash or timeout answers whichever of the two is still open.
   */
  check(blob: Blob, kinds: readonly FileKind[]): Checking;
  /**
   * A small preview of a raster file (long side ≤ maxPx), made in a worker. Optional: pools
   * without a decoder (Node) have none. Resolves `{ ok: false }` on any failure; never rejects.
   */
  thumbnail?(blob: Blob, maxPx: number, opts?: { signal?: AbortSignal }): Promise<ThumbnailReply>;
  /**
   * An image of one PDF page (1-based), rendered by pdf.js in the thumbnail lane (low priority,
   * own watchdog): a soft proof with print marks, or a row's preview of page 1. Optional; resolves
   * `{ ok: false }` on any failure.
   */
  renderPage?(blob: Blob, pageNumber: number, opts?: RenderPageOptions & { signal?: AbortSignal }): Promise<RenderPageReply>;
  /**
   * The customer is about to choose a file: start the first inspection worker (if none runs) and
   * have it load the readers for these kinds, so that the first file finds them ready. Not a task:
   * the worker stays free for the file. Optional (pools without workers have nothing to start);
   * never throws.
   */
  warm?(kinds: readonly FileKind[]): void;
  /** Number of live inspection workers (for tests and diagnostics; the thumbnail worker is not counted). */
  size(): number;
  terminate(): void;
}

export type SniffReply = { ok: true; sniffed: SniffResult } | { ok: false; error: { code: string; message: string } };

export interface Checking {
  sniffed: Promise<SniffReply>;
  inspected: Promise<InspectReply | null>;
}

export interface PoolOptions {
  createWorker: () => Worker;
  /** Inspection workers (default from navigator.hardwareConcurrency, 1..3). */
  maxWorkers?: number;
  /** Per-file inspection timeout. */
  timeoutMs?: number;
  /** Per-thumbnail timeout; a decoder stuck longer is replaced. */
  thumbnailTimeoutMs?: number;
  /** Per-page proof render timeout (pdf.js can hang); the worker is replaced after it. */
  renderTimeoutMs?: number;
  /** Waits before starting a worker again after one could not be started at all. */
  workerRetryDelaysMs?: readonly number[];
}

interface Slot {
  worker: Worker;
  api: Comlink.Remote<InspectorApi>;
  busy: boolean;
  crashed: Promise<never>;
}

interface Task<T> {
  run: (api: Comlink.Remote<InspectorApi>) => Promise<T>;
  onTimeout: () => T;
  onCrash: (message: string) => T;
  resolve: (value: T) => void;
  /** Thumbnails only: skipped when aborted before their turn. */
  signal?: AbortSignal;
  onAbort?: () => T;
  /** Lane tasks only: a watchdog limit other than the thumbnail one. */
  limitMs?: number;
  /** No worker could be started (not the file's fault): the answer, when it differs from a crash. */
  onBlocked?: (message: string) => T;
  tries?: number;
}


function blocked(message: string): Error {
  return Object.assign(new Error(message), { code: 'worker_blocked' });
}

function isBlocked(err: unknown): boolean {
  return (err as { code?: string } | null)?.code === 'worker_blocked';
}

// A name for each Blob the preview lane draws from: a Blob posted to a worker arrives there as a
// new object with every call, so the worker knows "the same file" by this name (it draws page 1
// once for the row's preview and the proof: workers/render-page.ts, `fileKey`). A File is
// immutable, so one object is one set of bytes.
const blobKeys = new WeakMap<Blob, string>();
let lastBlobKey = 0;
function blobKey(blob: Blob): string {
  let key = blobKeys.get(blob);
  if (!key) blobKeys.set(blob, (key = `blob-${++lastBlobKey}`));
  return key;
}

export function defaultPoolSize(): number {
  const cores = typeof navigator !== 'undefined' ? navigator.hardwareConcurrency || 2 : 2;
  return Math.max(1, Math.min(3, cores - 1));
}

export function createInspectorPool(opts: PoolOptions): InspectorPool {
  const maxWorkers = Math.max(1, opts.maxWorkers ?? defaultPoolSize());
  const timeoutMs = opts.timeoutMs ?? 20_000;
  const thumbnailTimeoutMs = opts.thumbnailTimeoutMs ?? 10_000;
  const renderTimeoutMs = opts.renderTimeoutMs ?? 20_000;
  const retryDelays = opts.workerRetryDelaysMs ?? [500, 2000];
  const slots: Slot[] = [];
  const queue: Task<unknown>[] = [];
  // the thumbnail lane
  let thumbSlot: Slot | null = null;
  const thumbQueue: Task<unknown>[] = [];

  function spawn(): Slot {
    let worker: Worker;
    try {
      worker = opts.createWorker();
    } catch (err) {
      // e.g. the page's Content-Security-Policy forbids workers: not the file's fault
      const crashed = Promise.reject(blocked((err as Error)?.message ?? String(err)));
      crashed.catch(() => undefined);
      const api = new Proxy({}, { get: () => () => crashed }) as Comlink.Remote<InspectorApi>;
      return { worker: { terminate() {} } as Worker, api, busy: false, crashed };
    }
    const crashed = new Promise<never>((_, reject) => {
      worker.addEventListener('error', (ev) => {
        ev.preventDefault();
        // A script error inside the worker is an ErrorEvent; a worker whose script could not be
        // loaded at all (blocked by a CSP, a failed download) gets a plain Event.
        reject(typeof (ev as Partial<ErrorEvent>).message === 'string' ? new Error(ev.message || 'The inspection worker crashed.') : blocked('The inspection worker could not be started.'));
      });
    });
    crashed.catch(() => undefined);
    return { worker, api: Comlink.wrap<InspectorApi>(worker), busy: false, crashed };
  }

  function retire(slot: Slot): void {
    slot.worker.terminate();
    const i = slots.indexOf(slot);
    if (i >= 0) slots.splice(i, 1);
    if (thumbSlot === slot) thumbSlot = null;
  }

  function pump(): void {
    while (queue.length > 0) {
      let slot = slots.find((s) => !s.busy);
      if (!slot && slots.length < maxWorkers) {
        slot = spawn();
        slots.push(slot);
      }
      if (!slot) break;
      const task = queue.shift()!;
      void runOn(slot, task, timeoutMs);
    }
    pumpThumbnails();
  }

  function pumpThumbnails(): void {
    // Inspections first: while any runs or waits for a worker, no decode starts to compete for
    // CPU. Measured on 2 cores (bench/profile-pdf.ts): page 1 of the 1,000-page PDF rendered for
    // its row while the same file was inspected took most of a core for the whole inspection.
    if (queue.length > 0 || slots.some((s) => s.busy) || thumbSlot?.busy) return;
    let task = thumbQueue.shift();
    while (task?.signal?.aborted) {
      task.resolve(task.onAbort!());
      task = thumbQueue.shift();
    }
    if (!task) return;
    thumbSlot ??= spawn();
    void runOn(thumbSlot, task, task.limitMs ?? thumbnailTimeoutMs);
  }

  async function runOn<T>(slot: Slot, task: Task<T>, limitMs: number): Promise<void> {
    slot.busy = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), limitMs);
    });
    try {
      const result = await Promise.race([task.run(slot.api), timedOut, slot.crashed]);
      if (result === 'timeout') {
        retire(slot); // a stuck worker cannot be interrupted, only replaced
        task.resolve(task.onTimeout());
      } else {
        slot.busy = false;
        task.resolve(result as T);
      }
    } catch (err) {
      const lane = slot === thumbSlot;
      retire(slot);
      const tries = task.tries ?? 0;
      if (isBlocked(err) && !lane && tries < retryDelays.length) {
        // Start a worker again after a pause (a network hiccup); a CSP block fails every time.
        setTimeout(() => {
          queue.unshift({ ...task, tries: tries + 1 } as Task<unknown>);
          pump();
        }, retryDelays[tries]);
      } else if (isBlocked(err) && task.onBlocked) {
        task.resolve(task.onBlocked((err as Error).message));
      } else {
        task.resolve(task.onCrash(err instanceof Error ? err.message : String(err)));
      }
    } finally {
      clearTimeout(timer);
      pump();
    }
  }

  function enqueue<T>(task: Omit<Task<T>, 'resolve'>): Promise<T> {
    return new Promise<T>((resolve) => {
      queue.push({ ...task, resolve } as Task<unknown>);
      pump();
    });
  }

  /** Queue a task in the low-priority lane; one aborted before its turn is answered at once and leaves the queue. */
  function inLane<T>(task: Omit<Task<T>, 'resolve'> & { onAbort: () => T }): Promise<T> {
    return new Promise<T>((resolve) => {
      const queued = { ...task, resolve } as Task<unknown>;
      if (task.signal?.aborted) return resolve(task.onAbort());
      thumbQueue.push(queued);
      task.signal?.addEventListener(
        'abort',
        () => {
          const i = thumbQueue.indexOf(queued);
          if (i >= 0) {
            thumbQueue.splice(i, 1);
            resolve(task.onAbort());
          }
        },
        { once: true },
      );
      pumpThumbnails();
    });
  }

  const timeoutError = () => ({
    code: 'inspect_timeout',
    message: `Checking this file took longer than ${Math.round(timeoutMs / 1000)} s.`,
  });

  return {
    sniff: (blob) =>
      enqueue<SniffReply>({
        run: async (api) => ({ ok: true, sniffed: await api.sniff(blob) }),
        onTimeout: () => ({ ok: false, error: timeoutError() }),
        onCrash: (message) => ({ ok: false, error: { code: 'inspect_failed', message } }),
        onBlocked: (message) => ({ ok: false, error: { code: 'worker_blocked', message } }),
      }),
    inspect: (blob, sniffed) =>
      enqueue<InspectReply>({
        run: (api) => api.inspect(blob, sniffed),
        onTimeout: () => ({ ok: false, error: timeoutError() }),
        onCrash: (message) => ({ ok: false, error: { code: 'inspect_failed', message } }),
        onBlocked: (message) => ({ ok: false, error: { code: 'worker_blocked', message } }),
      }),
    check(blob, kinds) {
      let answer!: (reply: SniffReply) => void;
      const sniffed = new Promise<SniffReply>((resolve) => (answer = resolve));
      // a failure of the whole task answers the sniff too, if it is still open (a second answer is ignored)
      const failed = (error: { code: string; message: string }) => (answer({ ok: false, error }), { ok: false as const, error });
      const inspected = enqueue<InspectReply | null>({
        run: async (api) => {
          const sniffing = api.sniff(blob);
          const inspecting = api.sniffAndInspect(blob, kinds); // posted now, not after the sniff's answer
          inspecting.catch(() => undefined); // a crash is met by the watchdog's race
          answer({ ok: true, sniffed: await sniffing });
          return inspecting;
        },
        onTimeout: () => failed(timeoutError()),
        onCrash: (message) => failed({ code: 'inspect_failed', message }),
        onBlocked: (message) => failed({ code: 'worker_blocked', message }),
      });
      return { sniffed, inspected };
    },
    warm(kinds) {
      if (slots.length === 0) slots.push(spawn());
      (slots.find((s) => !s.busy) ?? slots[0])?.api.warm(kinds).catch(() => undefined);
    },
    thumbnail: (blob, maxPx, o = {}) =>
      inLane<ThumbnailReply>({
        run: (api) => api.thumbnail(blob, maxPx),
        onTimeout: () => ({ ok: false, error: { code: 'thumbnail_timeout', message: 'The preview took too long.' } }),
        onCrash: (message) => ({ ok: false, error: { code: 'thumbnail_failed', message } }),
        onAbort: () => ({ ok: false, error: { code: 'thumbnail_aborted', message: 'No longer needed.' } }),
        signal: o.signal,
      }),
    renderPage: (blob, pageNumber, { signal, ...renderOpts } = {}) =>
      inLane<RenderPageReply>({
        // the worker's own timeout fires first and keeps the worker; the watchdog is the backstop
        run: (api) => api.renderPage(blob, pageNumber, { ...renderOpts, fileKey: blobKey(blob), timeoutMs: renderOpts.timeoutMs ?? Math.max(1000, renderTimeoutMs - 2000) }),
        onTimeout: () => ({ ok: false, error: { code: 'render_timeout', message: 'The proof took too long.' } }),
        onCrash: (message) => ({ ok: false, error: { code: 'render_failed', message } }),
        onAbort: () => ({ ok: false, error: { code: 'render_aborted', message: 'No longer needed.' } }),
        signal,
        limitMs: renderTimeoutMs,
      }),
    size: () => slots.length,
    terminate: () => {
      for (const s of [...slots]) retire(s);
      if (thumbSlot) retire(thumbSlot);
    },
  };
}
