// Turning what tus-js-client reports into the SDK's error codes, deciding what is worth a retry,
// and the errors the upload task finds by itself (offline, stalled, file no longer readable).

/** `file_unreadable`: the file was moved, deleted or changed on disk while it uploaded. */
export type UploadErrorCode = 'upload_failed' | 'upload_refused' | 'network_offline' | 'file_unreadable';

export interface UploadError {
  code: UploadErrorCode;
  message: string;
  /** HTTP status of the response that caused it, when there was one. */
  status?: number;
}

interface TusLikeError {
  message?: string;
  originalRequest?: unknown;
  originalResponse?: { getStatus(): number; getBody(): string } | null;
}

/** These 4xx are transient by protocol: offset conflict, upload locked, rate limited. */
const TRANSIENT_CLIENT_STATUSES = new Set([409, 423, 429]);

export function classifyUploadError(err: unknown): { retryable: boolean; error: UploadError } {
  const e = (err ?? {}) as TusLikeError;
  const status = e.originalResponse?.getStatus();
  if (!e.originalRequest) {
    // Not an HTTP failure (reading the file, a size mismatch): retrying repeats it.
    return { retryable: false, error: { code: 'upload_failed', message: e.message || 'Upload failed' } };
  }
  if (status !== undefined && status >= 400 && status < 500 && !TRANSIENT_CLIENT_STATUSES.has(status)) {
    const serverMessage = messageFromBody(e.originalResponse?.getBody());
    return {
      retryable: false,
      error: { code: 'upload_refused', message: serverMessage ?? `The server refused the upload (HTTP ${status})`, status },
    };
  }
  const error: UploadError = {
    code: 'upload_failed',
    message: status ? `The server answered HTTP ${status}` : 'The connection to the server failed',
  };
  if (status) error.status = status;
  return { retryable: true, error };
}

/** Our server sends `{ error: { code, message } }`; @tus/server sends plain text. */
export function messageFromBody(body: string | undefined | null): string | null {
  const text = (body ?? '').trim();
  if (!text) return null;
  try {
    const json = JSON.parse(text) as { error?: { message?: unknown } | string; message?: unknown };
    if (typeof json.error === 'object' && typeof json.error?.message === 'string') return json.error.message;
    if (typeof json.error === 'string') return json.error;
    if (typeof json.message === 'string') return json.message;
  } catch {
    // Not JSON: use the text itself.
  }
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

/** Errors the task itself decides on (not reported by tus-js-client). */
export const offlineError = (): UploadError => ({
  code: 'network_offline',
  message: 'The network is offline; the upload continues when it is back.',
});

export const fileUnreadableError = (): UploadError => ({
  code: 'file_unreadable',
  message: 'The file can no longer be read: it was moved, deleted or changed while uploading. Choose it again.',
});

export const stalledError = (stallTimeoutMs: number): UploadError => ({
  code: 'upload_failed',
  message: `No progress for ${Math.round(stallTimeoutMs / 1000)} s; reconnecting.`,
});

/** False when the browser (or Node) can no longer read the file's bytes. */
export async function isReadable(file: Blob): Promise<boolean> {
  if (file.size === 0) return true;
  try {
    await file.slice(0, 1).arrayBuffer();
    return true;
  } catch {
    return false;
  }
}
