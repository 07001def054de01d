// Turning what tus-js-client reports into the SDK's error codes, and deciding what is worth a retry.

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
