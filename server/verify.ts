// Server-side inspection of stored files (issue 6: "the server's verdict").
//
// A FileVerifier turns a stored upload (a path with a server-generated name) into an Inspection:
// sniffed type + facts, or an error with a stable code. It never rejects for a bad file; it
// rejects only with VerifierClosedError when the server shuts down (the file then stays
// 'verifying' and is queued again at the next start, see verification.ts).
//
// The real verifier is a bounded pool of worker threads (`concurrency` files at a time, the rest
// wait in a FIFO queue). Each inspection has a deadline: a worker that does not answer in time is
// terminated (a hanging or looping inspector cannot be stopped any other way) and the file gets
// `inspect_timeout`; a worker that crashes or runs out of memory gives `inspect_failed`. Workers
// are reused between files and replaced when killed.
import { Worker } from 'node:worker_threads';
import { inspectFile } from './inspect-file';
import type { Inspection } from './verdict';
import type { RemediationTask, RemediationTaskResult } from './remediate/worker-task';

export interface FileVerifier {
  inspect(path: string): Promise<Inspection>;
  /**
   * Make and inspect a production file (server/remediate/) in the same pool, with its own
   * deadline; a worker that overruns is killed (`remediate_timeout`). Optional: verifiers
   * without it (tests' stubs) skip remediation, which is then reported as unavailable.
   */
  remediate?(task: RemediationTask): Promise<RemediationTaskResult>;
  /** Stop: queued and running inspections reject with VerifierClosedError. */
  close(): Promise<void>;
}

export class VerifierClosedError extends Error {
  constructor() {
    super('verifier closed');
  }
}

export interface WorkerVerifierOptions {
  /** Files inspected at the same time. Default 2. */
  concurrency?: number;
  /** Per-file deadline in ms, from the moment a worker starts on the file. Default 60 s. */
  timeoutMs?: number;
  /** Deadline of one remediation (making and inspecting a production file). Default 180 s. */
  remediateTimeoutMs?: number;
  /** Heap limit per worker (MB). Default 1024. */
  maxHeapMb?: number;
  /** The worker script (tests swap in a misbehaving one). Default ./verify-worker.mjs. */
  workerUrl?: URL;
}

interface Task {
  /** Posted to the worker with the task's id. */
  message: Record<string, unknown>;
  timeoutMs: number;
  /** The answer when the worker overran its deadline or died. */
  failed(cause: 'timeout' | 'crash', message: string): unknown;
  resolve(result: unknown): void;
  reject(err: Error): void;
}

interface Slot {
  worker: Worker | null;
  ready: Promise<Worker> | null;
  busy: boolean;
}

const failed = (code: string, message: string): Inspection => ({ ok: false, sniffed: null, error: { code, message } });

export function createWorkerVerifier(options: WorkerVerifierOptions = {}): FileVerifier {
  const concurrency = Math.max(1, options.concurrency ?? 2);
  const timeoutMs = options.timeoutMs ?? 60_000;
  const workerUrl = options.workerUrl ?? new URL('./verify-worker.mjs', import.meta.url);
  const queue: Task[] = [];
  const slots: Slot[] = Array.from({ length: concurrency }, () => ({ worker: null, ready: null, busy: false }));
  const running = new Set<{ task: Task; kill(): void }>();
  let closed = false;
  let nextId = 1;

  const spawn = (slot: Slot): Promise<Worker> => {
    slot.ready ??= new Promise<Worker>((resolve, reject) => {
      const worker = new Worker(workerUrl, { resourceLimits: { maxOldGenerationSizeMb: options.maxHeapMb ?? 1024 } });
      worker.unref();
      const onReady = (m: { ready?: boolean }) => {
        if (!m?.ready) return;
        worker.off('message', onReady);
        worker.off('error', onEarlyError);
        worker.off('exit', onEarlyExit);
        slot.worker = worker;
        resolve(worker);
      };
      const onEarlyError = (err: Error) => {
        slot.ready = null;
        reject(err);
      };
      const onEarlyExit = (code: number) => {
        slot.ready = null;
        reject(new Error(`verification worker exited during start (code ${code})`));
      };
      worker.on('message', onReady);
      worker.once('error', onEarlyError);
      worker.once('exit', onEarlyExit);
    });
    return slot.ready;
  };

  const retire = (slot: Slot) => {
    const w = slot.worker;
    slot.worker = null;
    slot.ready = null;
    if (w) void w.terminate().catch(() => {});
  };

  const run = async (slot: Slot, task: Task) => {
    let worker: Worker;
    try {
      worker = await spawn(slot);
    } catch (err) {
      task.resolve(task.failed('crash', `verification worker could not start: ${(err as Error).message}`));
      return;
    }
    if (closed) {
      task.reject(new VerifierClosedError());
      return;
    }
    await new Promise<void>((done) => {
      const id = nextId++;
      let settled = false;
      const finish = (outcome: { result: unknown } | { error: Error }, kill: boolean) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
        running.delete(entry);
        if (kill) retire(slot);
        if ('result' in outcome) task.resolve(outcome.result);
        else task.reject(outcome.error);
        done();
      };
      const onMessage = (m: { id?: number; result?: unknown }) => {
        if (m?.id === id && m.result) finish({ result: m.result }, false);
      };
      const onError = (err: Error) => finish({ result: task.failed('crash', `crashed: ${err.message}`) }, true);
      const onExit = (code: number) => finish({ result: task.failed('crash', `worker exited (code ${code})`) }, true);
      const timer = setTimeout(
        () => finish({ result: task.failed('timeout', `took longer than ${task.timeoutMs} ms`) }, true),
        task.timeoutMs,
      );
      const entry = { task, kill: () => finish({ error: new VerifierClosedError() }, true) };
      running.add(entry);
      worker.on('message', onMessage);
      worker.once('error', onError);
      worker.once('exit', onExit);
      worker.postMessage({ ...task.message, id });
    });
  };

  const pump = () => {
    for (const slot of slots) {
      if (closed || queue.length === 0) return;
      if (slot.busy) continue;
      const task = queue.shift()!;
      slot.busy = true;
      void run(slot, task).finally(() => {
        slot.busy = false;
        pump();
      });
    }
  };

  const enqueue = <T>(message: Record<string, unknown>, ms: number, onFailure: Task['failed']): Promise<T> => {
    if (closed) return Promise.reject(new VerifierClosedError());
    return new Promise<T>((resolve, reject) => {
      queue.push({ message, timeoutMs: ms, failed: onFailure, resolve: resolve as (r: unknown) => void, reject });
      pump();
    });
  };
  const remediateTimeoutMs = options.remediateTimeoutMs ?? 180_000;

  return {
    inspect(path) {
      return enqueue<Inspection>({ path }, timeoutMs, (cause, message) =>
        failed(cause === 'timeout' ? 'inspect_timeout' : 'inspect_failed', `inspection ${message}`),
      );
    },
    remediate(task) {
      return enqueue<RemediationTaskResult>({ remediate: task }, remediateTimeoutMs, (cause, message) => ({
        ok: false,
        error: { code: cause === 'timeout' ? 'remediate_timeout' : 'remediate_failed', message: `remediation ${message}` },
      }));
    },
    async close() {
      closed = true;
      for (const task of queue.splice(0)) task.reject(new VerifierClosedError());
      for (const r of [...running]) r.kill();
      await Promise.all(
        slots.map(async (slot) => {
          const pending = slot.ready;
          retire(slot);
          const w = await pending?.catch(() => null);
          if (w) await w.terminate().catch(() => {});
        }),
      );
    },
  };
}

/**
 * Inspection in the calling thread, one file at a time: no kill switch, so only for trusted
 * callers (the CLI on the shop's own files, unit tests).
 */
export function createInProcessVerifier(): FileVerifier {
  let closed = false;
  let chain: Promise<unknown> = Promise.resolve();
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    if (closed) return Promise.reject(new VerifierClosedError());
    const next = chain.then(fn);
    chain = next.catch(() => {});
    return next;
  };
  return {
    inspect(path) {
      return serial(() => inspectFile(path));
    },
    remediate(task) {
      return serial(async () => (await import('./remediate/worker-task')).runRemediationTask(task));
    },
    async close() {
      closed = true;
    },
  };
}
