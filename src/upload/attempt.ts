// One attempt at moving a file's bytes: a fresh tus Upload with its own guarded HTTP stack (see
// guarded-stack.ts), so an abandoned attempt can never report into, or send alongside, the next
// one. tus' built-in retry is off: the task retries by starting a new attempt, which resumes from
// the offset the server reports (HEAD), never from zero.

import { Upload } from 'tus-js-client';
import type { ChunkSizer } from './chunk-size';
import { createGuardedHttpStack, type AttemptObserver } from './guarded-stack';
import { needsNodeBlobReader, nodeBlobFileReader } from './node-blob-reader';
import type { TaskConfig } from './task-config';
import type { UploadTask } from './task';
import { applyHeaders } from './terminate';

/** The file and what is known of its upload; `url` when known makes the attempt go straight to HEAD. */
export type AttemptInput = Pick<UploadTask, 'file' | 'metadata' | 'fingerprint' | 'url'>;

/**
 * What an attempt reports: its traffic (onActivity, onBodySent, onStaleResponse: see
 * guarded-stack.ts) and what tus tells it. Nothing but stale responses arrives once it is abandoned.
 */
export interface AttemptEvents extends Omit<AttemptObserver, 'isCurrent'> {
  /** The server created the upload, or a stored one is continued. */
  onUrl(url: string | null): void;
  /** `first`: the first report of an attempt is the offset the server confirmed. */
  onProgress(sent: number, total: number, first: boolean): void;
  /** The server confirmed the upload up to `offset`. */
  onConfirmed(offset: number): void;
  onSuccess(): void;
  onError(err: unknown): void;
}

export interface Attempt {
  /** Silence the attempt; `abortRequest` also closes its connection (not needed after success). */
  abandon(abortRequest?: boolean): void;
}

/** `chunks` gives the next PATCH's size; the task keeps it across attempts. */
export function startAttempt(input: AttemptInput, cfg: TaskConfig, chunks: ChunkSizer, events: AttemptEvents): Attempt {
  const { file, fingerprint } = input;
  let alive = true;
  let sawFirstProgress = false;
  const stack = createGuardedHttpStack(cfg.httpStack, { ...events, isCurrent: () => alive });
  // a chunk's time runs from the attempt's start (creation or HEAD included) or the previous chunk's confirmation
  let chunkStartedAt = Date.now();
  const upload = new Upload(file, {
    endpoint: cfg.endpoint,
    // Later attempts go straight to HEAD on the known URL to learn the server's offset.
    uploadUrl: input.url,
    metadata: input.metadata,
    chunkSize: chunks.size,
    retryDelays: null,
    httpStack: stack,
    urlStorage: cfg.storage,
    fingerprint: async () => fingerprint as string,
    storeFingerprintForResuming: fingerprint !== null,
    removeFingerprintOnSuccess: true,
    ...(needsNodeBlobReader(file) ? { fileReader: nodeBlobFileReader } : {}),
    // Headers per request, so a refreshed job token is picked up by the next request.
    onBeforeRequest: (req) => applyHeaders(req, cfg.headers),
    onUploadUrlAvailable: () => {
      if (alive) events.onUrl(upload.url);
    },
    onProgress: (sent, total) => {
      if (!alive) return;
      const first = !sawFirstProgress;
      sawFirstProgress = true;
      events.onProgress(sent, total, first);
    },
    onChunkComplete: (size, accepted) => {
      if (!alive) return;
      events.onConfirmed(accepted);
      const now = Date.now();
      chunks.chunkDone(size, now - chunkStartedAt);
      chunkStartedAt = now;
      // tus-js-client reads options.chunkSize for every PATCH it starts: the next one takes the new size
      upload.options.chunkSize = chunks.size;
    },
    onSuccess: () => {
      if (alive) events.onSuccess();
    },
    onError: (err) => {
      if (alive) events.onError(err);
    },
  });
  events.onActivity();
  void adoptStoredUpload(input, upload, () => alive, events).then(() => {
    if (alive) upload.start();
  });
  return {
    abandon(abortRequest = true) {
      alive = false;
      if (abortRequest) upload.abort(false).catch(() => {});
    },
  };
}

/** First attempt after a reload: continue the upload stored under our fingerprint, if any. */
async function adoptStoredUpload(input: AttemptInput, upload: Upload, isAlive: () => boolean, events: AttemptEvents): Promise<void> {
  if (input.url || !input.fingerprint) return;
  try {
    const previous = (await upload.findPreviousUploads()).filter((p) => p.uploadUrl);
    const latest = previous[previous.length - 1];
    if (latest && isAlive()) {
      upload.resumeFromPreviousUpload(latest);
      events.onUrl(latest.uploadUrl);
    }
  } catch {
    // Unreadable storage: start a new upload instead.
  }
}
