// Uploads and the job on the reference server: the widget's IntakeTransport when an endpoint is
// configured. The job is created with the first accepted file; its id and token live in
// sessionStorage so a reload of the product page finds the job again (unless it was finalized:
// one job per cart item), and tus URLs (keyed by job, name, size and date) let a file selected
// again continue from the server's offset.
//
// This module is loaded on first use (with the upload code) as its own chunk. It never writes
// the widget's state: it reports what happened (upload progress, uploaded, failed, the server's
// verdict, rows restored after a reload) to the controller, which owns every file's life.
import type { Signal } from '@preact/signals';
import type { IntakeContext, IntakeError } from '../core/types';
import type { FileReports, IntakeTransport } from '../widget/controller-types';
import type { FileRecord } from '../widget/file-record';
import { isJudged } from '../core/file-life';
import type { ReviewNotice } from '../core/review';
import { createUploadQueue, type QueueTotals, type UploadHandle, type UploadQueue } from '../upload/index';
import { ApiError, toIntakeError, type ApiClient, type ServerStatus } from './api-client';
import { browserOnlineSource, untilOnline } from '../upload/online';
import { createJobFollower, type JobFollower } from './job-follower';
import { createContextSync } from './context-sync';
import { contextKey } from '../core/context';

interface StoredJob {
  jobId: string;
  token: string;
}

export interface ServerTransportOptions {
  api: ApiClient;
  /** Receives the shop's review from the server's status (issue 16). */
  review: Signal<ReviewNotice | null>;
  workflowId: string;
  /** Where the job id and token are kept across reloads. */
  persistKey: string;
  context: () => IntakeContext;
  /** The server cannot be reached (true) or answers again (false): the widget says why it waits. */
  onUnreachable: (unreachable: boolean) => void;
  onError: (error: IntakeError) => void;
  /** The widget's own signals (a chunk must not create signals: it has its own copy of the library). */
  jobId: Signal<string | null>;
  totals: Signal<QueueTotals | null>;
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

export function createServerTransport(opts: ServerTransportOptions) {
  return (reports: FileReports): ServerTransport => transportFor(opts, reports);
}

function transportFor(opts: ServerTransportOptions, reports: FileReports): ServerTransport {
  const { jobId, totals, t } = opts;
  let job: StoredJob | null = readStored(opts.persistKey);
  let creating: Promise<StoredJob> | null = null;
  let queue: UploadQueue | null = null;
  const handles = new Map<string, UploadHandle>();
  /** Files of the current job this transport uploads or awaits a verdict for: id → uploading. */
  const known = new Set<string>();
  let follower: JobFollower | null = null;
  /** The shop's review as the server last reported it (issue 16); the signal is the widget's (see jobId). */
  const { review } = opts;
  /** The job's order on the server follows the page's (context-sync.ts). */
  const contextSync = createContextSync({
    send: (context) => (job ? opts.api.setContext(job.jobId, job.token, context) : Promise.resolve()),
    current: opts.context,
    onSettled: () => {
      awaitVerdicts();
      void follower?.refresh();
    },
    onUnreachable: opts.onUnreachable,
    onError: opts.onError,
  });
  /** Rows restored after a reload whose upload was cut short: name|size → placeholder id. */
  const interrupted = new Map<string, string>();
  let disposed = false;

  function setJob(next: StoredJob | null): void {
    job = next;
    writeStored(opts.persistKey, next);
    jobId.value = next?.jobId ?? null;
  }

  async function ensureJob(): Promise<StoredJob> {
    if (job) return job;
    creating ??= (() => {
      const context = opts.context();
      return opts.api.createJob(opts.workflowId, context).then((created) => {
        setJob({ jobId: created.id, token: created.token });
        // The page may have changed its order while the job was being created.
        contextSync.known(context);
        return job!;
      });
    })();
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

  /**
   * Whether a status was judged for the order the page shows. Verdicts judged for another (a change
   * still on its way) are not this order's: the files keep waiting. A server that does not say
   * which order counts as this one.
   */
  const sameOrder = (status: ServerStatus) => status.context === undefined || contextKey(status.context) === contextKey(opts.context());

  function onServerStatus(status: ServerStatus): void {
    if (sameOrder(status)) for (const file of status.files) if (known.has(file.id) && isJudged(file)) reports.onVerdict(file.id, file);
    const notice = status.review ?? null;
    if (JSON.stringify(notice) !== JSON.stringify(review.peek())) review.value = notice;
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
      awaitsVerdict: reports.awaitsVerdict,
    });
    follower.start();
  }

  function follow(id: string, handle: UploadHandle): void {
    handle.onChange((h) => {
      if (disposed || handles.get(id) !== handle) return;
      reports.onUploadProgress(id, h.progress);
      switch (h.state) {
        case 'done':
          reports.onUploaded(id, id);
          awaitVerdicts();
          break;
        case 'failed':
          reports.onUploadFailed(id, h.error ?? { code: 'upload_failed', message: t('upload.failed') });
          break;
        case 'cancelled':
          reports.onUploadCancelled(id);
          break;
        case 'paused':
          reports.onUploadPaused(id);
          break;
        default:
          reports.onUploadStarted(id);
      }
    });
  }

  /** The row was removed or stopped (or the widget destroyed) while its upload was starting. */
  const abandoned = (id: string) => disposed || !known.has(id);

  /**
   * Job creation rides out a lost network as the uploads themselves do: offline, it waits for the
   * 'online' event (however long); unreachable while online, it tries again a few times. Only
   * then does the row fail (with Retry). A refusal by the server fails at once.
   */
  async function ensureJobPatiently(id: string): Promise<StoredJob> {
    let failures = 0;
    for (;;) {
      try {
        const created = await ensureJob();
        if (failures > 0) opts.onUnreachable(false);
        return created;
      } catch (err) {
        if (!(err instanceof ApiError && err.status === 0) || abandoned(id)) throw err;
        opts.onUnreachable(true);
        if (!browserOnlineSource().isOnline()) {
          await untilOnline();
          failures = 1; // back online: retry at once, then with the usual backoff
        } else if (failures < JOB_RETRY_DELAYS_MS.length) {
          await new Promise((resolve) => setTimeout(resolve, JOB_RETRY_DELAYS_MS[failures]));
          failures++;
        } else {
          throw err;
        }
        if (abandoned(id)) throw err;
      }
    }
  }

  async function start(record: FileRecord): Promise<void> {
    const file = record.file;
    if (!file) return;
    known.add(record.id);
    reports.onUploadStarted(record.id);
    try {
      const current = await ensureJobPatiently(record.id);
      const q = ensureQueue();
      if (abandoned(record.id)) return;
      const handle = q.add({
        id: record.id,
        file,
        metadata: {
          jobId: current.jobId,
          filename: record.name,
          filetype: record.sniffed.peek()?.mime ?? file.type ?? 'application/octet-stream',
          fileId: record.id,
          ...(record.slot ? { slot: record.slot } : {}),
        },
      });
      handles.set(record.id, handle);
      follow(record.id, handle);
    } catch (err) {
      if (abandoned(record.id)) return;
      const error = toIntakeError(err);
      reports.onUploadFailed(record.id, error);
      opts.onError(error);
    }
  }

  return {
    jobId,
    review,
    async restore() {
      if (!job) return;
      try {
        const status = await opts.api.status(job.jobId, job.token);
        if (status.finalized) {
          setJob(null); // the customer proceeded with it: it belongs to a cart item now
          return;
        }
        jobId.value = job.jobId;
        for (const f of status.files) {
          known.add(f.id);
          if (!f.complete && !f.error && !isJudged(f)) interrupted.set(`${f.name}|${f.size}`, f.id);
        }
        // The page's options may differ from the order the job was judged for before the reload:
        // then its verdicts wait for the server's verdict for this order (the sync sends it).
        reports.onRestored(status.files, { reverify: !sameOrder(status) });
        contextSync.known(status.context);
        awaitVerdicts();
      } catch (err) {
        if (err instanceof ApiError && (err.status === 404 || err.status === 401)) {
          setJob(null); // the job is gone (expired or another server): start afresh
          return;
        }
        opts.onError(toIntakeError(err));
        contextSync.known(undefined); // its order is not known: the page's is sent
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
      known.delete(record.id);
      if (h) void h.cancel();
      reports.onUploadCancelled(record.id);
    },
    remove(record) {
      const h = handles.get(record.id);
      handles.delete(record.id);
      known.delete(record.id);
      if (h && h.state !== 'done') void h.cancel();
      else if (job && (record.upload.peek() === 'done' || !record.file)) {
        void opts.api.removeFile(job.jobId, job.token, record.id).catch(() => undefined);
      }
      interrupted.forEach((id, key) => id === record.id && interrupted.delete(key));
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
        reports.onUploadStarted(record.id);
        h.retry();
      } else if (record.file) {
        void start(record);
      }
    },
    setContext() {
      if (!job) return; // the job is created with the page's order (or sent it once created)
      // Files the server judged wait for its new verdict under the new product options.
      reports.onReverify();
      contextSync.changed();
    },
    loadOutput(record) {
      // The production file's bytes need the job token, which only the transport holds.
      const out = record.output.peek();
      if (!out || !job) return Promise.reject(new Error('no production file'));
      return fetch(out.url, { headers: { Authorization: `Bearer ${job.token}` } }).then((r) => (r.ok ? r.blob() : Promise.reject(new Error(`HTTP ${r.status}`))));
    },
    finalize() {
      const current = job;
      if (!current) return Promise.resolve(null);
      const request = opts.api.finalize(current.jobId, current.token).then(() => current.jobId);
      // A reload must not find it again, even if the page unloads before the next task.
      writeStored(opts.persistKey, null);
      // From the next task on, any change works on a new job: the finalized one belongs to a
      // cart item. Not now: the submit that called us still reads the job id from the form.
      setTimeout(() => {
        if (job !== current) return;
        follower?.stop();
        follower = null;
        for (const h of handles.values()) if (h.state !== 'done') void h.cancel();
        handles.clear();
        known.clear();
        interrupted.clear();
        setJob(null);
        contextSync.reset();
      }, 0);
      return request;
    },
    dispose() {
      disposed = true;
      contextSync.stop();
      follower?.stop();
      queue?.destroy();
    },
  };
}
