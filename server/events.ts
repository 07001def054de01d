// Change notifications per job: every write that can change what a job looks like ends in
// jobChanged(jobId), which announces it here. Live status (SSE), long polling and the portal's
// live list listen. In one process by default; with PostgreSQL a relay (pg-job-relay.ts) carries
// each change to every other instance too, so a client streaming from instance B hears of a
// verdict a worker stored.
import { EventEmitter } from 'node:events';

/** Event name for "some job changed": a symbol, so no job id can collide with it. */
const ANY = Symbol('any job');

export class JobEvents {
  private readonly emitter = new EventEmitter();

  constructor() {
    this.emitter.setMaxListeners(0);
  }

  /** Other instances to tell (set by the relay). */
  relay: ((jobId: string) => void) | null = null;

  emit(jobId: string): void {
    this.emitLocal(jobId);
    this.relay?.(jobId);
  }

  /** Listeners of this process only (a change another instance announced). */
  emitLocal(jobId: string): void {
    this.emitter.emit(jobId);
    this.emitter.emit(ANY, jobId);
  }

  /** Listen for changes of every job (the portal's live list); returns the unsubscribe function. */
  onAny(listener: (jobId: string) => void): () => void {
    this.emitter.on(ANY, listener);
    return () => this.emitter.off(ANY, listener);
  }

  /** Listen for changes of one job; returns the unsubscribe function. */
  on(jobId: string, listener: () => void): () => void {
    this.emitter.on(jobId, listener);
    return () => this.emitter.off(jobId, listener);
  }

  /** Resolves true on the next change of the job, false after `ms` or when `signal` aborts. */
  next(jobId: string, ms: number, signal?: AbortSignal): Promise<boolean> {
    return new Promise((resolve) => {
      let off = () => {};
      const done = (changed: boolean) => {
        clearTimeout(timer);
        off();
        signal?.removeEventListener('abort', onAbort);
        resolve(changed);
      };
      const onAbort = () => done(false);
      const timer = setTimeout(() => done(false), ms);
      off = this.on(jobId, () => done(true));
      signal?.addEventListener('abort', onAbort);
    });
  }
}
