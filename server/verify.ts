// Server-side inspection of stored files (issue 6: "the server's verdict").
//
// A FileVerifier turns a stored upload (a path with a server-generated name) into an Inspection:
// sniffed type + facts, or an error with a stable code. It never rejects for a bad file; it
// rejects only with VerifierClosedError when the server shuts down (the file then stays
// 'verifying' and is queued again at the next start, see verification.ts).
//
// The real verifier is a bounded pool of worker threads (`concurrency` files at a time, the rest
// wait in a queue that takes turns between jobs, see fair-queue.ts), each with a memory limit. Each inspection has a deadline: a worker that does not answer in time is
// terminated (a hanging or looping inspector cannot be stopped any other way) and the file gets
// `inspect_timeout`; a worker that crashes or runs out of memory gives `inspect_failed`. Workers
// are reused between files and replaced when killed.
import { stat } from 'node:fs/promises';
import { Worker } from 'node:worker_threads';
import { FairQueue } from './fair-queue';
import { inspectFile } from './inspect-file';
import type { Inspection } from '../src/core/judge';
import type { RemediationTask, RemediationTaskResult } from './remediate/worker-task';
import type { Measures } from '../src/core/measures';

export interface FileVerifier {
  /**
   * @param owner who the file belongs to (the job id): the pool takes turns between owners, so one
   *   job's many files cannot keep another job's file waiting behind all of them.
   * @param measures the costly measurements the job's rule reads (src/core/measures.ts); all when
   *   omitted.
   */
  inspect(path: string, owner?: string, measures?: Measures): Promise<Inspection>;
  /**
   * Make and inspect a production file (server/remediate/) in the same pool, with its own
   * deadline; a worker that overruns is killed (`remediate_timeout`). Optional: verifiers
   * without it (tests' stubs) skip remediation, which is then reported as unavailable.
   */
  remediate?(task: RemediationTask, owner?: string): Promise<RemediationTaskResult>;
  /**
   * Hold one of the pool's places for one file, for all the work on its bytes: the local copy
   * (storage/ withUploadFile: with S3 a temporary file), the inspection and the remediation.
   * Resolves with the release once a place is free: files wait here, in turn between owners,
   * before their copy is made, so at most `concurrency` copies exist at once however many files
   * are queued. The small-file rule holds here too (big files take at most concurrency − 1
   * places). Optional: verifiers without it (in-process) simply run what they are given.
   */
  admit?(owner: string, size: number): Promise<() => void>;
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
  /**
   * Heap limit per worker, i.e. per file being inspected (MB). Default 512. A file whose inspection
   * needs more is stopped (the worker is killed and replaced) and fails with `file_too_complex`.
   */
  maxHeapMb?: number;
  /**
   * With 2 or more workers, one only inspects files up to this size (default 32 MB): a customer's
   * ordinary file never waits behind a queue of huge ones that each may hold a worker until the
   * timeout. Big files share the other workers.
   */
  smallFileBytes?: number;
  /** The worker script (tests swap in a misbehaving one). Default ./verify-worker.mjs. */
  workerUrl?: URL;
}

interface Task {
  /** Posted to the worker with the task's id. */
  message: Record<string, unknown>;
  /** Bytes of the stored file (decides whether the small-file worker may take it). */
  size: number;
  timeoutMs: number;
  /** The answer when the worker overran its deadline, died, or went over its memory limit. */
  failed(cause: 'timeout' | 'crash' | 'memory', message: string): unknown;
  resolve(result: unknown): void;
  reject(err: Error): void;
}

interface Slot {
  /** Takes only files up to smallFileBytes, so big files can never occupy every worker. */
  smallOnly: boolean;
  worker: Worker | null;
  ready: Promise<Worker> | null;
  busy: boolean;
}

const failed = (code: string, message: string): Inspection => ({ ok: false, sniffed: null, error: { code, message } });

export function createWorkerVerifier(options: WorkerVerifierOptions = {}): FileVerifier {
  const concurrency = Math.max(1, options.concurrency ?? 2);
  const timeoutMs = options.timeoutMs ?? 60_000;
  const workerUrl = options.workerUrl ?? new URL('./verify-worker.mjs', import.meta.url);
  const maxHeapMb = options.maxHeapMb ?? 512;
  const queue = new FairQueue<Task>();
  const smallFileBytes = options.smallFileBytes ?? 32 * 1024 * 1024;
  const slots: Slot[] = Array.from({ length: concurrency }, (_, i) => ({ smallOnly: concurrency > 1 && i === 0, worker: null, ready: null, busy: false }));
  const small = (t: Task) => t.size <= smallFileBytes;
  const running = new Set<{ task: Task; kill(): void }>();
  let closed = false;
  let nextId = 1;

  const spawn = (slot: Slot): Promise<Worker> => {
    slot.ready ??= new Promise<Worker>((resolve, reject) => {
      const worker = new Worker(workerUrl, {
        resourceLimits: { maxOldGenerationSizeMb: maxHeapMb, maxYoungGenerationSizeMb: Math.min(64, Math.max(8, maxHeapMb / 8)), stackSizeMb: 4 },
      });
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
      task.resolve(task.failed('crash', `could not start a worker: ${(err as Error).message}`));
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
      const onError = (err: Error) => {
        // Over its memory limit: the file is too complex for the server, not a server fault.
        const oom = (err as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY';
        finish({ result: oom ? task.failed('memory', `needed more than ${maxHeapMb} MB of memory`) : task.failed('crash', `crashed: ${err.message}`) }, true);
      };
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
      worker.postMessage({ id, ...task.message });
    });
  };

  const pump = () => {
    for (const slot of slots) {
      if (closed || queue.size === 0) return;
      if (slot.busy) continue;
      const task = queue.shift(slot.smallOnly ? small : undefined);
      if (!task) continue;
      slot.busy = true;
      void run(slot, task).finally(() => {
        slot.busy = false;
        pump();
      });
    }
  };

  const enqueue = <T>(owner: string, path: string, message: Record<string, unknown>, ms: number, onFailure: Task['failed']): Promise<T> => {
    if (closed) return Promise.reject(new VerifierClosedError());
    return stat(path).then(
      (st) => st.size,
      () => 0, // unreadable: the inspection reports it
    ).then((size) => new Promise<T>((resolve, reject) => {
      if (closed) return reject(new VerifierClosedError());
      queue.push(owner, { message, size, timeoutMs: ms, failed: onFailure, resolve: resolve as (r: unknown) => void, reject });
      pump();
    }));
  };
  const remediateTimeoutMs = options.remediateTimeoutMs ?? 180_000;

  // Places for whole files (admit): as many as workers, so what the admitted files submit (one
  // inspection or remediation at a time each) never waits long in the pool's queue.
  const places = new FairQueue<{ big: boolean; resolve(release: () => void): void; reject(err: Error): void }>();
  let admitted = 0;
  let admittedBig = 0;
  const admitNext = () => {
    while (!closed && admitted < concurrency) {
      const bigFull = concurrency > 1 && admittedBig >= concurrency - 1;
      const next = places.shift(bigFull ? (w) => !w.big : undefined);
      if (!next) return;
      admitted++;
      if (next.big) admittedBig++;
      let released = false;
      next.resolve(() => {
        if (released) return;
        released = true;
        admitted--;
        if (next.big) admittedBig--;
        admitNext();
      });
    }
  };

  return {
    inspect(path, owner = path, measures) {
      return enqueue<Inspection>(owner, path, { path, measures }, timeoutMs, (cause, message) =>
        cause === 'memory' ? failed('file_too_complex', `inspection ${message}`) : failed(cause === 'timeout' ? 'inspect_timeout' : 'inspect_failed', `inspection ${message}`),
      );
    },
    remediate(task, owner = task.input) {
      return enqueue<RemediationTaskResult>(owner, task.input, { remediate: task }, remediateTimeoutMs, (cause, message) => ({
        ok: false,
        error: { code: cause === 'timeout' ? 'remediate_timeout' : 'remediate_failed', message: `remediation ${message}` },
      }));
    },
    admit(owner, size) {
      if (closed) return Promise.reject(new VerifierClosedError());
      return new Promise((resolve, reject) => {
        places.push(owner, { big: size > smallFileBytes, resolve, reject });
        admitNext();
      });
    },
    async close() {
      closed = true;
      for (const waiting of places.drain()) waiting.reject(new VerifierClosedError());
      for (const task of queue.drain()) task.reject(new VerifierClosedError());
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
    inspect(path, _owner, measures) {
      return serial(() => inspectFile(path, measures));
    },
    remediate(task) {
      return serial(async () => (await import('./remediate/worker-task')).runRemediationTask(task));
    },
    async close() {
      closed = true;
    },
  };
}
