// Expiry (issue 12.4): what nobody will come back for is removed, bytes and rows, so abandoned work
// cannot fill the disk. Runs when the server starts and then every `intervalMs`.
//
// - An upload still in progress with no new bytes for `abandonedUploadMs` (default 24 h) goes; its
//   job stays (the customer can add the file again).
// - A job that was never finalized and has not changed for `unfinalizedJobMs` (default 30 days)
//   goes with all its files.
// - A finalized job stays unless the shop sets `finalizedJobMs`. Finalized means the jobs table's
//   finalized flag (issue 11: `finalized_at` or `finalized`); in a database without that flag, a
//   job that can proceed (ready, partial) may be in an order and counts as finalized.
// - Stored bytes (disk or bucket) that no file row names (a crash between creating an upload and
//   recording it) go after `abandonedUploadMs` too.
import { SIGN_IN_FAILURES_KEPT_MS } from './admin/auth';
import type { Database } from './db';
import type { FileStorage } from './storage';

export interface ExpiryOptions {
  db: Database;
  /** Where uploads are stored: when bytes last arrived, and what is there (storage/). */
  storage: Pick<FileStorage, 'uploadLastWrite' | 'listUploads'>;
  removeUpload(uploadId: string): Promise<void>;
  jobChanged(jobId: string): Promise<void>;
  abandonedUploadMs: number;
  /** null: never. */
  unfinalizedJobMs: number | null;
  /** null: never (the default). */
  finalizedJobMs: number | null;
  intervalMs: number;
}

export interface SweepResult {
  uploads: number;
  jobs: number;
  orphans: number;
}

export interface Expiry {
  /** Remove what has expired as of `now` (tests pass a time in the future). */
  sweep(now?: number): Promise<SweepResult>;
  start(): void;
  close(): Promise<void>;
}

const iso = (ms: number) => new Date(ms).toISOString();
/** Advisory lock key of the sweep: with several instances on one database, one sweeps at a time. */
const EXPIRY_LOCK = 7_411_500_002;

export function createExpiry(o: ExpiryOptions): Expiry {
  const { db } = o;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<SweepResult> | null = null;
  let closed = false;

  const removeJob = async (jobId: string) => {
    const files = await db.files.list(jobId);
    await db.jobs.delete(jobId);
    for (const f of files) await o.removeUpload(f.uploadId);
  };

  const sweepOnce = async (now: number): Promise<SweepResult> => {
    const result: SweepResult = { uploads: 0, jobs: 0, orphans: 0 };
    const uploadCutoff = now - o.abandonedUploadMs;
    for (const f of await db.files.idleUploads(iso(uploadCutoff))) {
      if (closed) return result;
      // Last time bytes arrived: tus appends without touching the row.
      if ((await o.storage.uploadLastWrite(f.uploadId)) >= uploadCutoff) continue;
      const current = await db.files.byUpload(f.uploadId);
      if (!current || current.completedAt) continue;
      await db.files.delete(f.jobId, f.id);
      await o.removeUpload(f.uploadId);
      await o.jobChanged(f.jobId);
      result.uploads++;
    }
    if (o.unfinalizedJobMs !== null) {
      for (const id of await db.jobs.idle(iso(now - o.unfinalizedJobMs), false)) {
        if (closed) return result;
        await removeJob(id);
        result.jobs++;
      }
    }
    if (o.finalizedJobMs !== null) {
      for (const id of await db.jobs.idle(iso(now - o.finalizedJobMs), true)) {
        if (closed) return result;
        await removeJob(id);
        result.jobs++;
      }
    }
    if (db.dialect === 'postgres') {
      await db.rates.prune(now - 60 * 60 * 1000);
      await db.signIns.prune(now - SIGN_IN_FAILURES_KEPT_MS);
    }
    for (const { id, lastWrite } of await o.storage.listUploads()) {
      if (closed) return result;
      if ((await db.files.hasUpload(id)) || lastWrite >= uploadCutoff) continue;
      await o.removeUpload(id);
      result.orphans++;
    }
    return result;
  };

  const sweep = (now = Date.now()) => {
    // One sweep at a time; a second caller waits for the running one, then runs its own.
    // Across instances (PostgreSQL): whoever holds the lock sweeps; the others skip this round.
    const next = (running ?? Promise.resolve(null)).catch(() => null)
      .then(async () => (await db.sql.withTryLock(EXPIRY_LOCK, () => sweepOnce(now))) ?? { uploads: 0, jobs: 0, orphans: 0 });
    running = next;
    return next.finally(() => {
      if (running === next) running = null;
    });
  };

  return {
    sweep,
    start() {
      const run = () => {
        if (closed) return;
        sweep().catch((err: unknown) => console.error('[filecheck-server] expiry', err));
      };
      run();
      timer = setInterval(run, o.intervalMs);
      timer.unref();
    },
    async close() {
      closed = true;
      if (timer) clearInterval(timer);
      await running?.catch(() => null);
    },
  };
}
