// A small pool of inspection workers shared by every intake on the page. Each task runs under a
// watchdog: a worker that crashes or exceeds the per-file timeout is terminated and replaced, and
// the file gets an `inspect_failed` / `inspect_timeout` answer instead of hanging the widget.
import * as Comlink from 'comlink';
import type { SniffResult } from '../core/types';
import type { InspectorApi, InspectReply } from '../../workers/inspect.worker';

export interface InspectorPool {
  sniff(blob: Blob): Promise<SniffReply>;
  inspect(blob: Blob, sniffed: SniffResult): Promise<InspectReply>;
  /** Number of live workers (for tests and diagnostics). */
  size(): number;
  terminate(): void;
}

export type SniffReply = { ok: true; sniffed: SniffResult } | { ok: false; error: { code: string; message: string } };

export interface PoolOptions {
  createWorker: () => Worker;
  maxWorkers?: number;
  timeoutMs?: number;
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
}

export function defaultPoolSize(): number {
  const cores = typeof navigator !== 'undefined' ? navigator.hardwareConcurrency || 2 : 2;
  return Math.max(1, Math.min(3, cores - 1));
}

export function createInspectorPool(opts: PoolOptions): InspectorPool {
  const maxWorkers = opts.maxWorkers ?? defaultPoolSize();
  const timeoutMs = opts.timeoutMs ?? 20_000;
  const slots: Slot[] = [];
  const queue: Task<unknown>[] = [];

  function spawn(): Slot {
    const worker = opts.createWorker();
    const crashed = new Promise<never>((_, reject) => {
      worker.addEventListener('error', (ev) => {
        ev.preventDefault();
        reject(new Error(ev.message || 'The inspection worker crashed.'));
      });
    });
    crashed.catch(() => undefined);
    const slot: Slot = { worker, api: Comlink.wrap<InspectorApi>(worker), busy: false, crashed };
    slots.push(slot);
    return slot;
  }

  function retire(slot: Slot): void {
    slot.worker.terminate();
    slots.splice(slots.indexOf(slot), 1);
  }

  function pump(): void {
    while (queue.length > 0) {
      let slot = slots.find((s) => !s.busy);
      if (!slot && slots.length < maxWorkers) slot = spawn();
      if (!slot) return;
      const task = queue.shift()!;
      void runOn(slot, task);
    }
  }

  async function runOn<T>(slot: Slot, task: Task<T>): Promise<void> {
    slot.busy = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutMs);
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
      retire(slot);
      task.resolve(task.onCrash(err instanceof Error ? err.message : String(err)));
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
      }),
    inspect: (blob, sniffed) =>
      enqueue<InspectReply>({
        run: (api) => api.inspect(blob, sniffed),
        onTimeout: () => ({ ok: false, error: timeoutError() }),
        onCrash: (message) => ({ ok: false, error: { code: 'inspect_failed', message } }),
      }),
    size: () => slots.length,
    terminate: () => {
      for (const s of [...slots]) retire(s);
    },
  };
}
