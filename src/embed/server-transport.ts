// Uploads and the job on the reference server: the widget's IntakeTransport when an endpoint is
// configured. The job is created with the first accepted file; its id and token live in
// sessionStorage so a reload of the product page finds the job again, and tus URLs (keyed by
// job, name, size and date) let a file selected again continue from the server's offset.
//
// This module is loaded on first use (with the upload code) as its own chunk. It must not
// create signals or render messages itself: a chunk has its own copy of every module it
// imports, and signals from two copies do not track each other. The widget hands in its own
// signals, record factory and translator instead.
import type { Signal } from '@preact/signals';
import type { ReviewNotice } from '../core/review';
import type { IntakeContext, IntakeError, Rule } from '../core/types';
import type { IntakeTransport } from '../widget/controller';
import type { FileRecord, createFileRecord } from '../widget/file-record';
import { createUploadQueue, type QueueTotals, type UploadHandle, type UploadQueue } from '../upload/index';
import { ApiError, type ApiClient, type ServerFile, type ServerStatus } from './api-client';
import { createJobFollower, type JobFollower } from './job-follower';
import { applyServerVerdict, isJudged } from './server-verdict';

interface StoredJob {
  jobId: string;
  token: string;
}

export interface ServerTransportOptions {
  api: ApiClient;
  /** Receives the shop's review from the server's status (issue 16). */
  review: Signal<ReviewNotice | null>;
  workflowId: string;
  rule: Rule;
  locale: () => string;
  /** Where the job id and token are kept across reloads. */
  persistKey: string;
  context: () => IntakeContext;
  /** Adopt rows restored from the server into the controller. */
  adopt: (record: FileRecord) => void;
  onError: (error: IntakeError) => void;
  /** The server cannot be reached (true) or answers again (false): the widget says why it waits. */
  onUnreachable: (unreachable: boolean) => void;
  /** The widget's own signals, record factory and translator (see the note at the top). */
  jobId: Signal<string | null>;
  totals: Signal<QueueTotals | null>;
  createRecord: typeof createFileRecord;
  t: (key: string, params?: Record<string, string | number>) => string;
}

export interface ServerTransport extends IntakeTransport {
  restore(): Promise<void>;
}

function readStored(key: string): StoredJob | null {
  try {
    const raw = sessionStorage.getItem(key);
    const parsed = raw ? (JSON.parse(raw) as StoredJob) : null;
    return parsed?.jobId && parsed.token ? parsed : null;
  } catch {
    return null;
  }
}

function writeStored(key: string, job: StoredJob | null): void {
  try {
    if (job) sessionStorage.setItem(key, JSON.stringify(job));
    else sessionStorage.removeItem(key);
  } catch {
    /* storage may be blocked (privacy mode): the job then lives as long as the page */
  }
}

/** Waits between attempts to create the job while the server is unreachable (online). */
const JOB_RETRY_DELAYS_MS = [1000, 3000, 5000];

function isOffline(): boolean {
  return typeof navigator !== 'undefined' && navigator.onLine === false;
}

function untilOnline(): Promise<void> {
  return new Promise((resolve) => {
    if (!isOffline() || typeof window === 'undefined') return resolve();
    window.addEventListener('online', () => resolve(), { once: true });
  });
}

function toIntakeError(err: unknown): IntakeError {
  if (err instanceof ApiError) return { code: err.code, message: err.message };
  return { code: 'server_unreachable', message: (err as Error)?.message ?? String(err) };
}

export function createServerTransport(opts: ServerTransportOptions): ServerTransport {
  const { jobId, totals, t } = opts;
  let job: StoredJob | null = readStored(opts.persistKey);
  let creating: Promise<StoredJob> | null = null;
  let queue: UploadQueue | null = null;
  const handles = new Map<string, UploadHandle>();
  /** Every row this transport knows, by file id, to apply the server's verdicts to. */
  const records = new Map<string, FileRecord>();
  let follower: JobFollower | null = null;
  /** The shop's review as the server last reported it (issue 16); the signal is the widget's (see jobId). */
  const { review } = opts;
  /** Rows restored after a reload whose upload was cut short: name|size → placeholder id. */
  const interrupted = new Map<string, string>();
  let disposed = false;

  async function ensureJob(): Promise<StoredJob> {
    if (job) return job;
    creating ??= opts.api.createJob(opts.workflowId, opts.context()).then((created) => {
      job = { jobId: created.id, token: created.token };
      writeStored(opts.persistKey, job);
      jobId.value = job.jobId;
      return job;
    });
    try {
      return await creating;
    } finally {
      creating = null;
    }
  }

  function ensureQueue(): UploadQueue {
    if (queue) return queue;
    const q = createUploadQueue({
      endpoint: opts.api.uploadsUrl(),
      headers: (): Record<string, string> => (job ? { Authorization: `Bearer ${job.token}` } : {}),
    });
    q.onChange((changed) => {
      totals.value = changed.totals();
    });
    queue = q;
    return q;
  }

  function onServerStatus(status: ServerStatus): void {
    const notice = status.review ?? null;
    if (JSON.stringify(notice) !== JSON.stringify(review.peek())) review.value = notice;
    for (const file of status.files) {
      const record = records.get(file.id);
      if (record && isJudged(file) && (record.verifying.peek() || record.verdictBy.peek() === 'server')) {
        applyServerVerdict(record, file);
      }
    }
  }

  /** Follow the job on the server while any file waits for its verdict. */
  function awaitVerdicts(): void {
    if (!job || disposed) return;
    follower ??= createJobFollower({
      api: opts.api,
      jobId: job.jobId,
      token: job.token,
      onStatus: onServerStatus,
      onReachable: (ok) => opts.onUnreachable(!ok),
    });
    follower.start();
  }

  function follow(record: FileRecord, handle: UploadHandle): void {
    handle.onChange((h) => {
      if (disposed) return;
      record.progress.value = h.progress;
      switch (h.state) {
        case 'done':
          if (record.upload.peek() === 'done') break;
          // The browser's verdict is provisional: the file waits for the server's.
          record.verifying.value = true;
          record.upload.value = 'done';
          record.fileRef.value = record.id;
          awaitVerdicts();
          break;
        case 'failed':
          record.upload.value = 'failed';
          record.error.value = h.error ?? { code: 'upload_failed', message: t('upload.failed') };
          break;
        case 'cancelled':
          record.upload.value = 'none';
          break;
        case 'paused':
          record.upload.value = 'paused';
          break;
        default:
          record.upload.value = 'running';
      }
    });
  }

  /** The row was removed or stopped (or the widget destroyed) while its upload was starting. */
  const abandoned = (record: FileRecord) => disposed || record.upload.peek() === 'none' || records.get(record.id) !== record;

  /**
   * Job creation rides out a lost network as the uploads themselves do: offline, it waits for the
   * 'online' event (however long); unreachable while online, it tries again a few times. Only
   * then does the row fail (with Retry). A refusal by the server fails at once.
   */
  async function ensureJobPatiently(record: FileRecord): Promise<StoredJob> {
    let failures = 0;
    for (;;) {
      try {
        const created = await ensureJob();
        if (failures > 0) opts.onUnreachable(false);
        return created;
      } catch (err) {
        if (!(err instanceof ApiError && err.status === 0) || abandoned(record)) throw err;
        opts.onUnreachable(true);
        if (isOffline()) {
          await untilOnline();
          failures = 1; // back online: retry at once, then with the usual backoff
        } else if (failures < JOB_RETRY_DELAYS_MS.length) {
          await new Promise((resolve) => setTimeout(resolve, JOB_RETRY_DELAYS_MS[failures]));
          failures++;
        } else {
          throw err;
        }
        if (abandoned(record)) throw err;
      }
    }
  }

  async function start(record: FileRecord): Promise<void> {
    if (!record.file) return;
    records.set(record.id, record);
    record.upload.value = 'running';
    try {
      const current = await ensureJobPatiently(record);
      const q = ensureQueue();
      if (disposed || record.upload.peek() === 'none') return;
      const handle = q.add({
        id: record.id,
        file: record.file,
        metadata: {
          jobId: current.jobId,
          filename: record.name,
          filetype: record.sniffed.peek()?.mime ?? record.file.type ?? 'application/octet-stream',
          fileId: record.id,
          ...(record.slot ? { slot: record.slot } : {}),
        },
      });
      handles.set(record.id, handle);
      follow(record, handle);
    } catch (err) {
      if (abandoned(record)) return;
      const error = toIntakeError(err);
      record.upload.value = 'failed';
      record.error.value = error;
      opts.onError(error);
    }
  }

  function restoreRow(file: ServerFile): void {
    const record = opts.createRecord({ file: null, name: file.name, size: file.size, slot: file.slot, id: file.id });
    record.inspect.value = 'done';
    records.set(file.id, record);
    if (isJudged(file)) {
      record.upload.value = file.complete ? 'done' : 'none';
      record.fileRef.value = file.fileRef ?? file.id;
      applyServerVerdict(record, file);
    } else if (file.complete) {
      record.verifying.value = true;
      record.upload.value = 'done';
      record.fileRef.value = file.fileRef ?? file.id;
      record.progress.value = { bytesSent: file.size, bytesTotal: file.size, percent: 100, rateBps: 0, etaSeconds: 0 };
    } else if (file.error) {
      record.error.value = file.error;
    } else {
      const percent = file.size > 0 ? Math.floor((file.offset / file.size) * 100) : 0;
      record.error.value = { code: 'upload_interrupted', message: t('upload.interrupted', { percent }) };
      interrupted.set(`${file.name}|${file.size}`, file.id);
    }
    opts.adopt(record);
  }

  return {
    jobId,
    review,
    async restore() {
      if (!job) return;
      try {
        const status = await opts.api.status(job.jobId, job.token);
        jobId.value = job.jobId;
        for (const f of status.files) restoreRow(f);
        awaitVerdicts();
      } catch (err) {
        if (err instanceof ApiError && (err.status === 404 || err.status === 401)) {
          job = null; // the job is gone (expired or another server): start afresh
          writeStored(opts.persistKey, null);
          return;
        }
        opts.onError(toIntakeError(err));
      }
    },
    reuseId(name, size) {
      const key = `${name}|${size}`;
      const id = interrupted.get(key);
      if (!id) return null;
      interrupted.delete(key); // the controller swaps the placeholder row for the new file
      return id;
    },
    start(record) {
      void start(record);
    },
    stop(record) {
      const h = handles.get(record.id);
      handles.delete(record.id);
      if (h) void h.cancel();
      record.upload.value = 'none';
    },
    remove(record) {
      const h = handles.get(record.id);
      handles.delete(record.id);
      if (h && h.state !== 'done') void h.cancel();
      else if (job && (record.upload.peek() === 'done' || !record.file)) {
        void opts.api.removeFile(job.jobId, job.token, record.id).catch(() => undefined);
      }
      interrupted.forEach((id, key) => id === record.id && interrupted.delete(key));
      records.delete(record.id);
    },
    pause(record) {
      handles.get(record.id)?.pause();
    },
    resume(record) {
      handles.get(record.id)?.resume();
    },
    retry(record) {
      const h = handles.get(record.id);
      if (h) {
        record.error.value = null;
        record.upload.value = 'running';
        h.retry();
      } else if (record.file) {
        record.error.value = null;
        void start(record);
      }
    },
    setContext(context: IntakeContext) {
      if (!job) return; // the job is created with the current context
      const current = job;
      // Files the server judged wait for its new verdict under the new product options.
      for (const r of records.values()) {
        if (r.verdictBy.peek() === 'server' && r.upload.peek() === 'done') r.verifying.value = true;
      }
      void opts.api
        .setContext(current.jobId, current.token, context)
        .then(() => {
          awaitVerdicts();
          return follower?.refresh();
        })
        .catch((err) => {
          opts.onError(toIntakeError(err));
          opts.onUnreachable(true);
        });
    },
    dispose() {
      disposed = true;
      follower?.stop();
      queue?.destroy();
    },
  };
}
