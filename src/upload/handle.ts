// What the widget sees of one file's upload: its states and the handle it subscribes to.
// The task behind a handle is in task.ts.

import type { UploadError } from './errors';
import type { UploadProgress } from './progress';

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

/** States that occupy one of the queue's concurrency slots. */
export const SLOT_STATES: ReadonlySet<UploadState> = new Set(['uploading', 'retrying', 'stalled-retrying', 'offline']);
/** States in which the task is trying to move bytes. */
export const RUNNING_STATES: ReadonlySet<UploadState> = new Set(['uploading', 'retrying', 'stalled-retrying']);

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

export function defaultFingerprint(file: Blob, metadata: Record<string, string>): string | null {
  const f = file as Partial<File>;
  if (typeof f.name !== 'string' || typeof f.lastModified !== 'number') return null;
  return `${metadata.jobId ?? ''}:${f.name}:${file.size}:${f.lastModified}`;
}
