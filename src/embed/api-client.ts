// The browser's side of the reference server's JSON API (publishable key and job token only;
// the secret key never comes near a browser).
import type { ReviewNotice } from '../core/review';
import type { FileOutput } from '../core/file-life';
import type { Finding, IntakeContext, IntakeError } from '../core/types';

export interface ServerFile {
  id: string;
  name: string;
  size: number;
  offset: number;
  uploadUrl: string | null;
  complete: boolean;
  slot: string | null;
  status: string | null;
  outcome: 'pass' | 'warn' | 'fail' | 'fixed' | null;
  fileRef: string | null;
  error: { code: string; message: string } | null;
  /** The server's findings for this file once it has verified it. */
  findings?: Finding[];
  /** The production file remediation made (issue 14); absent when there is none. */
  outputRef?: string | null;
  output?: FileOutput;
}

export interface ServerStatus {
  status: string;
  canProceed: boolean;
  /** The shop's review of a job under onFail 'manual_review' (issue 16); absent: no review. */
  review?: ReviewNotice;
  jobId: string | null;
  /** The customer proceeded with this job: its files and context are frozen. */
  finalized?: boolean;
  /** The order the verdicts were judged for (PUT /context); absent from servers that do not say. */
  context?: IntakeContext | null;
  files: ServerFile[];
}

export interface CreatedJob extends ServerStatus {
  id: string;
  token: string;
}

export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

export interface ApiClient {
  readonly base: string;
  createJob(workflowId: string, context?: unknown): Promise<CreatedJob>;
  status(jobId: string, token: string): Promise<ServerStatus>;
  removeFile(jobId: string, token: string, fileId: string): Promise<void>;
  setContext(jobId: string, token: string, context: IntakeContext): Promise<void>;
  /** Freeze the job (the customer proceeded with it); sent with keepalive so a navigation cannot cut it. */
  finalize(jobId: string, token: string): Promise<ServerStatus>;
  uploadsUrl(): string;
  /** Server-sent events of the job's status (EventSource cannot send headers: token in the query). */
  eventsUrl(jobId: string, token: string): string;
}

/**
 * A request the server never answers is given up after this long, as if the server could not be
 * reached: the callers that try again (job creation, context changes) then do, and the widget says
 * why it waits, instead of waiting on a hung connection for ever.
 */
const REQUEST_TIMEOUT_MS = 30_000;

/** The answer's JSON; null for none (204) or not JSON (a proxy's error page: the status says what happened). */
function parseJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    return null;
  }
}

/** An error of a call as the widget reports it: the server's code and message, or unreachable. */
export function toIntakeError(err: unknown): IntakeError {
  if (err instanceof ApiError) return { code: err.code, message: err.message };
  return { code: 'server_unreachable', message: (err as Error)?.message ?? String(err) };
}

const unreachable = () => new ApiError('server_unreachable', 'The upload server cannot be reached. Check your connection and try again.', 0);

export function createApiClient(endpoint: string, publishableKey: string, settings: { timeoutMs?: number } = {}): ApiClient {
  const base = endpoint.replace(/\/+$/, '');
  const timeoutMs = settings.timeoutMs ?? REQUEST_TIMEOUT_MS;

  async function call<T>(method: string, path: string, auth: string, body?: unknown, keepalive = false): Promise<T> {
    let res: Response;
    let text: string;
    // A controller and a timer rather than AbortSignal.timeout(), which Safari before 16 lacks.
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), timeoutMs);
    try {
      res = await fetch(`${base}${path}`, {
        method,
        // keepalive: a request sent as the page navigates away (the cart form) still completes
        keepalive,
        headers: { Authorization: `Bearer ${auth}`, Accept: 'application/json', ...(body ? { 'Content-Type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
        signal: abort.signal,
      });
      text = await res.text(); // the body is part of the answer: cut off, it is no answer
    } catch {
      throw unreachable();
    } finally {
      clearTimeout(timer);
    }
    const data = parseJson(text) as { error?: { code?: string; message?: string } } | null;
    if (!res.ok) {
      throw new ApiError(data?.error?.code ?? 'server_error', data?.error?.message ?? `The upload server answered ${res.status}.`, res.status);
    }
    return data as T;
  }

  return {
    base,
    createJob: (workflowId, context) => call('POST', '/v1/jobs', publishableKey, { workflowId, ...(context ? { context } : {}) }),
    status: (jobId, token) => call('GET', `/v1/jobs/${encodeURIComponent(jobId)}/status`, token),
    removeFile: async (jobId, token, fileId) => {
      await call('DELETE', `/v1/jobs/${encodeURIComponent(jobId)}/files/${encodeURIComponent(fileId)}`, token);
    },
    setContext: async (jobId, token, context) => {
      await call('PUT', `/v1/jobs/${encodeURIComponent(jobId)}/context`, token, context);
    },
    finalize: (jobId, token) => call('POST', `/v1/jobs/${encodeURIComponent(jobId)}/finalize`, token, undefined, true),
    uploadsUrl: () => `${base}/v1/uploads/`,
    eventsUrl: (jobId, token) => `${base}/v1/jobs/${encodeURIComponent(jobId)}/events?token=${encodeURIComponent(token)}`,
  };
}
