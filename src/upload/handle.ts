// One file's upload: a small state machine around tus-js-client.
//
// Each attempt is a fresh tus Upload with its own guarded HTTP stack (see guarded-stack.ts), so an
// abandoned attempt can never report into, or send alongside, the next one. tus' built-in retry
// is off: we retry ourselves so the widget sees 'retrying' / 'stalled-retrying' / 'offline', and
// every new attempt resumes from the offset the server reports (HEAD), never from zero.

import { Upload, type HttpRequest, type HttpResponse, type HttpStack } from 'tus-js-client';
import { classifyUploadError, type UploadError } from './errors';
import { createGuardedHttpStack } from './guarded-stack';
import { needsNodeBlobReader, nodeBlobFileReader } from './node-blob-reader';
import { createChunkSizer, type ChunkSizeOptions, type ChunkSizer } from './chunk-size';
import { createRateEstimator, makeProgress, type UploadProgress } from './progress';
import { forgetFingerprint, type UrlStorage } from './storage';
import { createThrottle, type Throttle } from './throttle';

export type UploadState =
  | 'queued'
  | 'uploading'
  | 'paused'
  | 'offline'
  | 'stalled-retrying'
  | 'retrying'
  | 'done'
  | 'failed'
  | 'cancelled';

export interface UploadInput {
  id: string;
  file: Blob;
  /** Sent as tus Upload-Metadata: jobId, filename, filetype, fileId, slot. */
  metadata: Record<string, string>;
  /** Key for resume-after-reload; default `${jobId}:${name}:${size}:${lastModified}` for a File, none for a bare Blob. */
  fingerprint?: string;
}

export interface UploadHandle {
  readonly id: string;
  readonly state: UploadState;
  readonly progress: UploadProgress;
  /** tus upload URL, once the server created (or we resumed) the upload. */
  readonly url: string | null;
  readonly error: UploadError | null;
  /** Request body bytes handed to the network, re-sends included; an interrupted request counts in full. */
  readonly bytesSentTotal: number;
  pause(): void;
  resume(): void;
  /** Stops and deletes the upload on the server (tus DELETE) and forgets its stored URL. */
  cancel(): Promise<void>;
  /** Starts again after a final failure (state 'failed'). */
  retry(): void;
  /** Called on every state change and at most every progressIntervalMs for progress. */
  onChange(cb: (handle: UploadHandle) => void): () => void;
}

export interface TaskConfig {
  endpoint: string;
  headers?: () => Record<string, string>;
  /** A fixed size is min = max = initial. */
  chunkSize: ChunkSizeOptions;
  retryDelays: number[];
  maxRetries: number;
  stallTimeoutMs: number;
  progressIntervalMs: number;
  storage: UrlStorage;
  httpStack: HttpStack;
}

/** What a task needs from its queue. */
export interface TaskHost {
  readonly config: TaskConfig;
  isOnline(): boolean;
  taskStateChanged(task: UploadTask): void;
  taskProgressed(task: UploadTask): void;
}

/** States that occupy one of the queue's concurrency slots. */
const SLOT_STATES: ReadonlySet<UploadState> = new Set(['uploading', 'retrying', 'stalled-retrying', 'offline']);
/** States in which the task is trying to move bytes. */
const RUNNING_STATES: ReadonlySet<UploadState> = new Set(['uploading', 'retrying', 'stalled-retrying']);

interface Attempt {
  alive: boolean;
  upload: Upload | null;
  /** The first progress report of an attempt is the offset the server confirmed. */
  sawFirstProgress: boolean;
}

export function defaultFingerprint(file: Blob, metadata: Record<string, string>): string | null {
  const f = file as Partial<File>;
  if (typeof f.name !== 'string' || typeof f.lastModified !== 'number') return null;
  return `${metadata.jobId ?? ''}:${f.name}:${file.size}:${f.lastModified}`;
}

export class UploadTask implements UploadHandle {
  readonly id: string;
  readonly file: Blob;
  readonly metadata: Record<string, string>;
  readonly fingerprint: string | null;
  state: UploadState = 'queued';
  url: string | null = null;
  error: UploadError | null = null;
  bytesSentTotal = 0;

  private total: number;
  /** Byte position tus last reported (may include bytes not yet acknowledged). */
  private position = 0;
  /** Monotonic count of bytes moved, the rate's input; goes on counting across re-sends. */
  private moved = 0;
  /** Highest offset the server confirmed, and its value at the last failure: progress resets backoff. */
  private serverOffset = 0;
  private serverOffsetAtFailure = -1;
  private failures = 0;
  private attempt: Attempt | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  /** Set while onError checks that the file can still be read; any state change voids it. */
  private probe: object | null = null;
  private watchdog: ReturnType<typeof setInterval> | null = null;
  private lastActivity = 0;
  private readonly rate = createRateEstimator();
  /** The next PATCH's size, from the throughput of the last ones; kept across attempts. */
  private readonly chunks: ChunkSizer;
  private readonly listeners = new Set<(handle: UploadHandle) => void>();
  private readonly notifier: Throttle;

  constructor(
    input: UploadInput,
    private readonly host: TaskHost,
  ) {
    this.id = input.id;
    this.file = input.file;
    this.metadata = { ...input.metadata };
    this.fingerprint = input.fingerprint ?? defaultFingerprint(input.file, input.metadata);
    this.total = input.file.size;
    this.chunks = createChunkSizer(host.config.chunkSize);
    this.notifier = createThrottle(host.config.progressIntervalMs, () => this.notify());
  }

  get progress(): UploadProgress {
    if (this.state === 'done') return makeProgress(this.total, this.total, 0);
    const rate = RUNNING_STATES.has(this.state) ? this.rate.rateBps : 0;
    return makeProgress(Math.min(this.position, this.total), this.total, rate);
  }

  get holdsSlot(): boolean {
    return SLOT_STATES.has(this.state);
  }

  onChange(cb: (handle: UploadHandle) => void): () => void {
    this.listeners.add(cb);
    return () => this.listeners.delete(cb);
  }

  pause(): void {
    if (this.state !== 'queued' && !this.holdsSlot) return;
    this.stopActivity();
    this.setState('paused');
  }

  resume(): void {
    if (this.state !== 'paused') return;
    this.error = null;
    this.setState('queued');
  }

  retry(): void {
    if (this.state !== 'failed') return;
    this.failures = 0;
    this.serverOffsetAtFailure = -1;
    this.error = null;
    this.setState('queued');
  }

  async cancel(): Promise<void> {
    if (this.state === 'done' || this.state === 'cancelled') return;
    // Without a URL the creation request may be in flight: let it finish so the upload it creates
    // can be deleted (deleteIfCreatedAfterCancel); aborting it would leave an orphan that the server
    // still counts against the job's file limit.
    this.stopActivity(this.url !== null);
    this.setState('cancelled');
    const { storage, httpStack, headers } = this.host.config;
    const work: Promise<unknown>[] = [];
    if (this.fingerprint) work.push(forgetFingerprint(storage, this.fingerprint));
    if (this.url) {
      work.push(
        Upload.terminate(this.url, {
          httpStack,
          retryDelays: [0, 1000, 3000],
          onBeforeRequest: (req) => applyHeaders(req, headers),
        }),
      );
    }
    // Best effort: the upload is cancelled for the customer either way; the server expires leftovers.
    await Promise.allSettled(work);
  }

  // ---- driven by the queue -------------------------------------------------------------------

  /** Queue gave us a slot. */
  begin(): void {
    if (this.state !== 'queued') return;
    this.setState('uploading');
    this.startAttempt();
  }

  goOffline(): void {
    if (!RUNNING_STATES.has(this.state)) return;
    this.stopActivity();
    this.error = { code: 'network_offline', message: 'The network is offline; the upload continues when it is back.' };
    this.setState('offline');
  }

  comeOnline(): void {
    if (this.state !== 'offline') return;
    this.error = null;
    this.failures = 0;
    this.setState('uploading');
    this.startAttempt();
  }

  /** Stop everything without touching the server, so a later page can still resume. */
  destroy(): void {
    this.stopActivity();
    this.stopWatchdog();
    this.notifier.cancel();
    this.listeners.clear();
  }

  // ---- attempts -----------------------------------------------------------------------------

  private startAttempt(): void {
    this.abandonAttempt();
    const attempt: Attempt = { alive: true, upload: null, sawFirstProgress: false };
    this.attempt = attempt;
    const isCurrent = () => this.attempt === attempt && attempt.alive;
    const cfg = this.host.config;
    const fingerprint = this.fingerprint;
    const stack = createGuardedHttpStack(cfg.httpStack, {
      isCurrent,
      onActivity: () => {
        this.lastActivity = Date.now();
      },
      onBodySent: (bytes) => {
        this.bytesSentTotal += bytes;
      },
      onStaleResponse: (req, res) => this.deleteIfCreatedAfterCancel(req, res),
    });
    // a chunk's time runs from the attempt's start (creation or HEAD included) or the previous chunk's confirmation
    let chunkStartedAt = Date.now();
    const upload = new Upload(this.file, {
      endpoint: cfg.endpoint,
      // Later attempts go straight to HEAD on the known URL to learn the server's offset.
      uploadUrl: this.url,
      metadata: this.metadata,
      chunkSize: this.chunks.size,
      retryDelays: null,
      httpStack: stack,
      urlStorage: cfg.storage,
      fingerprint: async () => fingerprint as string,
      storeFingerprintForResuming: fingerprint !== null,
      removeFingerprintOnSuccess: true,
      ...(needsNodeBlobReader(this.file) ? { fileReader: nodeBlobFileReader } : {}),
      // Headers per request, so a refreshed job token is picked up by the next request.
      onBeforeRequest: (req) => applyHeaders(req, cfg.headers),
      onUploadUrlAvailable: () => {
        if (isCurrent()) this.url = upload.url;
      },
      onProgress: (sent, total) => {
        if (isCurrent()) this.onProgress(attempt, sent, total);
      },
      onChunkComplete: (size, accepted) => {
        if (!isCurrent()) return;
        this.serverOffset = Math.max(this.serverOffset, accepted);
        const now = Date.now();
        this.chunks.chunkDone(size, now - chunkStartedAt);
        chunkStartedAt = now;
        // tus-js-client reads options.chunkSize for every PATCH it starts: the next one takes the new size
        upload.options.chunkSize = this.chunks.size;
      },
      onSuccess: () => {
        if (isCurrent()) this.onSuccess();
      },
      onError: (err) => {
        if (isCurrent()) this.onError(err);
      },
    });
    attempt.upload = upload;
    this.lastActivity = Date.now();
    this.startWatchdog();
    void this.adoptStoredUpload(upload, isCurrent).then(() => {
      if (isCurrent()) upload.start();
    });
  }

  /** First attempt after a reload: continue the upload stored under our fingerprint, if any. */
  private async adoptStoredUpload(upload: Upload, isCurrent: () => boolean): Promise<void> {
    if (this.url || !this.fingerprint) return;
    try {
      const previous = (await upload.findPreviousUploads()).filter((p) => p.uploadUrl);
      const latest = previous[previous.length - 1];
      if (latest && isCurrent()) {
        upload.resumeFromPreviousUpload(latest);
        this.url = latest.uploadUrl;
      }
    } catch {
      // Unreadable storage: start a new upload instead.
    }
  }

  /** Silence the current attempt; `abortRequest` also closes its connection (not needed after success). */
  private abandonAttempt(abortRequest = true): void {
    const attempt = this.attempt;
    this.attempt = null;
    if (!attempt) return;
    attempt.alive = false;
    if (abortRequest) attempt.upload?.abort(false).catch(() => {});
  }

  private stopActivity(abortRequest = true): void {
    this.abandonAttempt(abortRequest);
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  private deleteIfCreatedAfterCancel(req: HttpRequest, res: HttpResponse): void {
    const location = res.getHeader('Location');
    const status = res.getStatus();
    if (this.state !== 'cancelled' || req.getMethod() !== 'POST' || !location || status < 200 || status >= 300) return;
    const { endpoint, httpStack, headers } = this.host.config;
    Upload.terminate(new URL(location, endpoint).toString(), {
      httpStack,
      retryDelays: [0, 1000, 3000],
      onBeforeRequest: (r) => applyHeaders(r, headers),
    }).catch(() => {});
  }

  private onProgress(attempt: Attempt, sent: number, total: number): void {
    if (!attempt.sawFirstProgress) {
      attempt.sawFirstProgress = true;
      this.serverOffset = Math.max(this.serverOffset, sent);
    }
    if (sent > this.position) this.moved += sent - this.position;
    this.position = sent;
    this.total = total;
    this.notifier.request();
    this.host.taskProgressed(this);
  }

  private onSuccess(): void {
    this.abandonAttempt(false);
    this.position = this.total;
    this.error = null;
    if (this.fingerprint) forgetFingerprint(this.host.config.storage, this.fingerprint).catch(() => {});
    this.setState('done');
  }

  private onError(err: unknown): void {
    const { retryable, error } = classifyUploadError(err);
    if (!retryable) return this.fail(error);
    this.chunks.chunkFailed();
    if (!this.host.isOnline()) return this.goOffline();
    // A file deleted, moved or changed on disk while it uploads fails like the network does
    // (Chromium: net::ERR_FILE_NOT_FOUND, ERR_UPLOAD_FILE_CHANGED); retrying would repeat that
    // for minutes. Read one byte of it first: unreadable means fail now, with a clear reason.
    this.abandonAttempt();
    const probe = (this.probe = {});
    void isReadable(this.file).then((readable) => {
      if (this.probe !== probe || this.state !== 'uploading') return;
      this.probe = null;
      if (!readable) {
        return this.fail({
          code: 'file_unreadable',
          message: 'The file can no longer be read: it was moved, deleted or changed while uploading. Choose it again.',
        });
      }
      this.scheduleRetry('retrying', error);
    });
  }

  private fail(error: UploadError): void {
    this.stopActivity();
    this.error = error;
    this.setState('failed');
  }

  private scheduleRetry(state: 'retrying' | 'stalled-retrying', error: UploadError): void {
    this.stopActivity();
    const { retryDelays, maxRetries } = this.host.config;
    // Backoff counts failures in a row; any byte the server confirmed since the last one starts over.
    if (this.serverOffset > this.serverOffsetAtFailure) this.failures = 0;
    this.serverOffsetAtFailure = this.serverOffset;
    if (this.failures >= maxRetries) return this.fail({ ...error, code: 'upload_failed' });
    const delay = retryDelays[Math.min(this.failures, retryDelays.length - 1)] ?? 0;
    this.failures++;
    this.error = error;
    this.setState(state);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (this.state !== state) return;
      this.error = null;
      this.setState('uploading');
      this.startAttempt();
    }, delay);
  }

  // ---- stall watchdog -----------------------------------------------------------------------

  private startWatchdog(): void {
    if (this.watchdog !== null) return;
    const every = Math.max(50, Math.min(1000, this.host.config.stallTimeoutMs / 4));
    this.watchdog = setInterval(() => this.checkStall(), every);
  }

  private stopWatchdog(): void {
    if (this.watchdog !== null) clearInterval(this.watchdog);
    this.watchdog = null;
  }

  private checkStall(): void {
    const { stallTimeoutMs } = this.host.config;
    if (this.state === 'uploading' && Date.now() - this.lastActivity > stallTimeoutMs) {
      this.chunks.chunkFailed();
      // Aborting the request makes the next attempt ask the server (HEAD) where to continue.
      this.scheduleRetry('stalled-retrying', {
        code: 'upload_failed',
        message: `No progress for ${Math.round(stallTimeoutMs / 1000)} s; reconnecting.`,
      });
      return;
    }
    // Let the rate fall while nothing moves, so the ETA does not freeze at an old value.
    if (RUNNING_STATES.has(this.state)) {
      const before = this.rate.rateBps;
      if (this.rate.sample(this.moved, Date.now()) !== before) this.notifier.request();
    }
  }

  // ---- notifications ------------------------------------------------------------------------

  private setState(next: UploadState): void {
    if (this.state === next) return;
    this.state = next;
    this.probe = null;
    if (!SLOT_STATES.has(next)) this.stopWatchdog();
    if (!RUNNING_STATES.has(next)) this.rate.reset();
    this.notifier.flush();
    this.host.taskStateChanged(this);
  }

  private notify(): void {
    if (RUNNING_STATES.has(this.state)) this.rate.sample(this.moved, Date.now());
    for (const cb of [...this.listeners]) {
      try {
        cb(this);
      } catch (err) {
        // A broken listener must not break the upload; surface it outside our call stack.
        setTimeout(() => {
          throw err;
        });
      }
    }
  }
}

/** False when the browser (or Node) can no longer read the file's bytes. */
async function isReadable(file: Blob): Promise<boolean> {
  if (file.size === 0) return true;
  try {
    await file.slice(0, 1).arrayBuffer();
    return true;
  } catch {
    return false;
  }
}

function applyHeaders(req: { setHeader(name: string, value: string): void }, headers?: () => Record<string, string>): void {
  for (const [name, value] of Object.entries(headers?.() ?? {})) req.setHeader(name, value);
}
