// Change notifications per job: every write that can change what a job looks like ends in
// jobChanged(jobId), which announces it here. Live status (SSE), long polling and the portal's
// live list listen, and re-read the job. The events travel on a LiveBus (live-bus.ts): in-process
// by default; PostgreSQL LISTEN/NOTIFY so a change on one API instance reaches streams on all.
import { createInProcessBus, type LiveBus } from './live-bus';

export class JobEvents {
  constructor(private readonly bus: LiveBus = createInProcessBus()) {}

  emit(jobId: string): void {
    this.bus.publish(jobId, 'changed').catch((err: unknown) => console.error('[filecheck-server] live event', err));
  }

  /** Listen for changes of every job (the portal's live list); returns the unsubscribe function. */
  onAny(listener: (jobId: string) => void): () => void {
    return this.bus.subscribeAll((jobId) => listener(jobId));
  }

  /** Listen for changes of one job; returns the unsubscribe function. */
  on(jobId: string, listener: () => void): () => void {
    return this.bus.subscribe(jobId, () => listener());
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

  close(): Promise<void> {
    return this.bus.close();
  }
}
