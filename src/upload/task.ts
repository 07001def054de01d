// One file's upload: a small state machine around tus-js-client (the widget sees it as an
// UploadHandle, see handle.ts).
//
// Each try is an attempt (attempt.ts) that can be abandoned without a trace. We retry ourselves
// so the widget sees 'retrying' / 'stalled-retrying' / 'offline'; the waits are in backoff.ts,
// stall detection in stall-watchdog.ts.

import { startAttempt, type Attempt } from './attempt';
import { createRetryBackoff, type RetryBackoff } from './backoff';
import { createChunkSizer, type ChunkSizer } from './chunk-size';
import { classifyUploadError, fileUnreadableError, isReadable, offlineError, stalledError, type UploadError } from './errors';
import { RUNNING_STATES, SLOT_STATES, defaultFingerprint, type UploadHandle, type UploadInput, type UploadState } from './handle';
import { createByteMeter, type ByteMeter, type UploadProgress } from './progress';
import { createStallWatchdog, type StallWatchdog } from './stall-watchdog';
import { forgetFingerprint } from './storage';
import type { TaskHost } from './task-config';
import { terminateCreatedUpload, terminateUpload } from './terminate';
import { createThrottle, type Throttle } from './throttle';

export class UploadTask implements UploadHandle {
  readonly id: string;
  readonly file: Blob;
  readonly metadata: Record<string, string>;
  readonly fingerprint: string | null;
  state: UploadState = 'queued';
  url: string | null = null;
  error: UploadError | null = null;
  bytesSentTotal = 0;

  private readonly meter: ByteMeter;
  /** Progress the server confirmed resets the backoff. */
  private readonly backoff: RetryBackoff;
  private attempt: Attempt | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  /** Set while onError checks that the file can still be read; any state change voids it. */
  private probe: object | null = null;
  private readonly watchdog: StallWatchdog;
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
    this.meter = createByteMeter(input.file.size);
    const { chunkSize, retryDelays, maxRetries, stallTimeoutMs, progressIntervalMs } = host.config;
    this.chunks = createChunkSizer(chunkSize);
    this.backoff = createRetryBackoff(retryDelays, maxRetries);
    this.notifier = createThrottle(progressIntervalMs, () => this.notify());
    this.watchdog = createStallWatchdog(stallTimeoutMs, {
      canStall: () => this.state === 'uploading',
      onStall: () => {
        this.chunks.chunkFailed();
        // Aborting the request makes the next attempt ask the server (HEAD) where to continue.
        this.scheduleRetry('stalled-retrying', stalledError(stallTimeoutMs));
      },
      onTick: () => {
        // Let the rate fall while nothing moves, so the ETA does not freeze at an old value.
        if (RUNNING_STATES.has(this.state) && this.meter.sample(Date.now())) this.notifier.request();
      },
    });
  }

  get progress(): UploadProgress {
    return this.meter.progress(this.state === 'done', RUNNING_STATES.has(this.state));
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
    this.backoff.reset();
    this.error = null;
    this.setState('queued');
  }

  async cancel(): Promise<void> {
    if (this.state === 'done' || this.state === 'cancelled') return;
    // Without a URL the creation request may be in flight: let it finish so the upload it creates
    // can be deleted (see onStaleResponse below); aborting it would leave an orphan that the server
    // still counts against the job's file limit.
    this.stopActivity(this.url !== null);
    this.setState('cancelled');
    const work: Promise<unknown>[] = [];
    if (this.fingerprint) work.push(forgetFingerprint(this.host.config.storage, this.fingerprint));
    if (this.url) work.push(terminateUpload(this.url, this.host.config));
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
    this.error = offlineError();
    this.setState('offline');
  }

  comeOnline(): void {
    if (this.state !== 'offline') return;
    this.error = null;
    this.backoff.restartCount();
    this.setState('uploading');
    this.startAttempt();
  }

  /** Stop everything without touching the server, so a later page can still resume. */
  destroy(): void {
    this.stopActivity();
    this.watchdog.stop();
    this.notifier.cancel();
    this.listeners.clear();
  }

  // ---- attempts -----------------------------------------------------------------------------

  private startAttempt(): void {
    this.abandonAttempt();
    const config = this.host.config;
    this.attempt = startAttempt(this, config, this.chunks, {
      onActivity: () => this.watchdog.activity(),
      onBodySent: (bytes) => {
        this.bytesSentTotal += bytes;
      },
      onStaleResponse: (req, res) => {
        if (this.state === 'cancelled') terminateCreatedUpload(req, res, config);
      },
      onUrl: (next) => {
        this.url = next;
      },
      onProgress: (sent, total, first) => this.onProgress(sent, total, first),
      onConfirmed: (offset) => this.backoff.confirmed(offset),
      onSuccess: () => this.onSuccess(),
      onError: (err) => this.onError(err),
    });
    this.watchdog.start();
  }

  private abandonAttempt(abortRequest = true): void {
    const attempt = this.attempt;
    this.attempt = null;
    attempt?.abandon(abortRequest);
  }

  private stopActivity(abortRequest = true): void {
    this.abandonAttempt(abortRequest);
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  private onProgress(sent: number, total: number, first: boolean): void {
    if (first) this.backoff.confirmed(sent);
    this.meter.report(sent, total);
    this.notifier.request();
    this.host.taskProgressed(this);
  }

  private onSuccess(): void {
    this.abandonAttempt(false);
    this.meter.complete();
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
      if (!readable) return this.fail(fileUnreadableError());
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
    const delay = this.backoff.nextDelay();
    if (delay === null) return this.fail({ ...error, code: 'upload_failed' });
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

  // ---- notifications ------------------------------------------------------------------------

  private setState(next: UploadState): void {
    if (this.state === next) return;
    this.state = next;
    this.probe = null;
    if (!SLOT_STATES.has(next)) this.watchdog.stop();
    if (!RUNNING_STATES.has(next)) this.meter.resetRate();
    this.notifier.flush();
    this.host.taskStateChanged(this);
  }

  private notify(): void {
    if (RUNNING_STATES.has(this.state)) this.meter.sample(Date.now());
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
