// Node server SDK for the store's own server (issue 16): typed calls with the secret key, retries
// on 429 and 5xx (with backoff, honouring Retry-After), and webhook signature checks.
//
//   import { Filecheck } from '@filecheck/intake/server';
//   const filecheck = new Filecheck(process.env.FILECHECK_SECRET_KEY, { endpoint: 'https://files.example.com' });
//   const { ok, reasons } = await filecheck.jobs.verify(jobId, { workflowId: 'wf_flyer_a5' });
//
// Never use it in a browser: the secret key must stay on the server.
import { verifyWebhookSignature } from '../../server/webhooks-verify';
import type { IntakeContext, Job, JobList, JobListParams, JobOrder, VerifyReason, VerifyResult, WebhookEvent } from './types';

export type * from './types';

export interface FilecheckOptions {
  /** Base URL of the Filecheck server, e.g. https://files.example.com (no /v1). */
  endpoint: string;
  /** Retries after a 429, a 5xx or a network error. Default 3. */
  maxRetries?: number;
  /** First retry delay in ms, doubled per retry (a Retry-After header wins). Default 500. */
  retryBaseMs?: number;
  /** Per-request timeout in ms. Default 15 000. */
  timeoutMs?: number;
  /** A fetch implementation (default: the global one). */
  fetch?: typeof fetch;
}

/** An error answer of the server (`{ error: { code, message } }`) or a transport failure (status 0). */
export class FilecheckError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
    this.name = 'FilecheckError';
  }
}

const RETRY_AFTER_CAP_MS = 30_000;

export class Filecheck {
  readonly jobs: Jobs;
  readonly webhooks = new Webhooks();

  constructor(secretKey: string, options: FilecheckOptions) {
    if (!secretKey || !secretKey.startsWith('sk_')) throw new TypeError('Filecheck: a secret key (sk_…) is required.');
    if (!options?.endpoint) throw new TypeError('Filecheck: options.endpoint is required.');
    const client = new HttpClient(secretKey, options);
    this.jobs = new Jobs(client);
  }
}

class HttpClient {
  private readonly base: string;
  private readonly fetch: typeof fetch;

  constructor(private readonly key: string, private readonly opts: FilecheckOptions) {
    this.base = opts.endpoint.replace(/\/+$/, '');
    this.fetch = opts.fetch ?? globalThis.fetch;
  }

  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const maxRetries = this.opts.maxRetries ?? 3;
    const baseDelay = this.opts.retryBaseMs ?? 500;
    for (let attempt = 0; ; attempt++) {
      let res: Response;
      try {
        res = await this.fetch(this.base + path, {
          method,
          headers: { Authorization: `Bearer ${this.key}`, Accept: 'application/json', ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
          body: body !== undefined ? JSON.stringify(body) : undefined,
          signal: AbortSignal.timeout(this.opts.timeoutMs ?? 15_000),
        });
      } catch (err) {
        if (attempt < maxRetries) {
          await sleep(baseDelay * 2 ** attempt);
          continue;
        }
        throw new FilecheckError(0, 'server_unreachable', `Filecheck server unreachable: ${(err as Error).message}`);
      }
      if ((res.status === 429 || res.status >= 500) && attempt < maxRetries) {
        await res.body?.cancel().catch(() => {});
        await sleep(retryDelay(res.headers.get('retry-after'), baseDelay * 2 ** attempt));
        continue;
      }
      const text = await res.text();
      let parsed: unknown = null;
      try {
        parsed = text ? JSON.parse(text) : null;
      } catch {
        parsed = null;
      }
      if (!res.ok) {
        const e = (parsed as { error?: { code?: string; message?: string } } | null)?.error;
        throw new FilecheckError(res.status, e?.code ?? 'http_error', e?.message ?? `HTTP ${res.status}`);
      }
      return parsed as T;
    }
  }
}

function retryDelay(header: string | null, fallback: number): number {
  if (header) {
    const seconds = Number(header);
    if (Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds * 1000, RETRY_AFTER_CAP_MS);
    const at = Date.parse(header);
    if (!Number.isNaN(at)) return Math.min(Math.max(0, at - Date.now()), RETRY_AFTER_CAP_MS);
  }
  return fallback;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const JOB_ID = /^job_[a-z2-7]{26}$/;

export class Jobs {
  constructor(private readonly http: HttpClient) {}

  /** GET /v1/jobs/:id. Throws FilecheckError (404 `not_found` for an unknown job). */
  retrieve(id: string): Promise<Job> {
    return this.http.request<Job>('GET', `/v1/jobs/${encodeURIComponent(id)}`);
  }

  /** One page of jobs, newest first. Pass `nextCursor` as `cursor` for the next page. */
  list(params: JobListParams = {}): Promise<JobList> {
    const q = new URLSearchParams();
    for (const [key, value] of Object.entries(params)) {
      if (value === undefined || value === null || value === '') continue;
      q.set(key, Array.isArray(value) ? value.join(',') : String(value));
    }
    const query = q.toString();
    return this.http.request<JobList>('GET', `/v1/jobs${query ? `?${query}` : ''}`);
  }

  /** Every job matching the filter, page after page. */
  async *listAll(params: Omit<JobListParams, 'cursor'> = {}): AsyncGenerator<Job> {
    let cursor: string | undefined;
    do {
      const page = await this.list({ ...params, cursor });
      yield* page.data;
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
  }

  /** PUT /v1/jobs/:id/order: the job belongs to this order (line). Same order again is a no-op. */
  async attachOrder(id: string, order: { orderId: string; lineId?: string | null }): Promise<Job> {
    return this.http.request<Job>('PUT', `/v1/jobs/${encodeURIComponent(id)}/order`, { orderId: order.orderId, lineId: order.lineId ?? null });
  }

  /** Poll until the job is terminal (and no review is pending), or throw after `timeoutMs`. */
  async waitUntilTerminal(id: string, { timeoutMs = 120_000, intervalMs = 1000, untilReviewed = false } = {}): Promise<Job> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const job = await this.retrieve(id);
      if (job.terminal && !(untilReviewed && job.reviewState === 'pending')) return job;
      if (Date.now() + intervalMs > deadline) throw new FilecheckError(0, 'timeout', `Job ${id} is still ${job.status} after ${timeoutMs} ms.`);
      await sleep(intervalMs);
    }
  }

  /**
   * The reasons a job must not be fulfilled for this product: it must exist, belong to
   * `workflowId`, be finished, be able to proceed, not wait for (or have failed) the shop's
   * review, and — when you pass the context you sold — have been checked against exactly that
   * context. Fails closed: if the server cannot be asked, that is a reason too. Never throws for
   * those; `ok` is true only with no reason.
   */
  async verify(id: string | null | undefined, expected: { workflowId: string; context?: IntakeContext | null }): Promise<VerifyResult> {
    const no = (reason: VerifyReason, job: Job | null = null): VerifyResult => ({ ok: false, reasons: [reason], job });
    if (!id || !JOB_ID.test(id)) return no({ code: 'job_not_found', message: 'No valid file check reference.' });
    let job: Job;
    try {
      job = await this.retrieve(id);
    } catch (err) {
      if (err instanceof FilecheckError && err.status === 404) return no({ code: 'job_not_found', message: 'No file check found for this reference.' });
      return no({ code: 'verification_unavailable', message: `The file check could not be confirmed (${(err as Error).message}).` });
    }
    const reasons: VerifyReason[] = [];
    if (job.workflowId !== expected.workflowId) {
      reasons.push({ code: 'wrong_workflow', message: `The files were checked for ${job.workflowId}, not ${expected.workflowId}.` });
    }
    if (!job.terminal) reasons.push({ code: 'job_not_finished', message: `The files are still being checked (${job.status}).` });
    if (job.reviewState === 'pending') reasons.push({ code: 'review_pending', message: 'The files wait for the shop\'s review.' });
    if (job.reviewState === 'rejected') {
      reasons.push({ code: 'review_rejected', message: `The shop rejected the files${job.reviewDecision?.note ? `: ${job.reviewDecision.note}` : '.'}` });
    } else if (job.terminal && !job.canProceed) {
      reasons.push({ code: 'job_rejected', message: 'The files do not meet the requirements.' });
    }
    // An empty context is no context (the server stores {} as null).
    const norm = (c: IntakeContext | null | undefined) => (c && Object.keys(c).length > 0 ? c : null);
    if (expected.context !== undefined && canonical(norm(expected.context)) !== canonical(norm(job.context))) {
      reasons.push({ code: 'context_mismatch', message: 'The files were checked for other product options than the ones ordered.' });
    }
    return { ok: reasons.length === 0, reasons, job };
  }
}

/** JSON with sorted keys (two equal contexts compare equal whatever their key order). */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    return `{${Object.keys(o).filter((k) => o[k] !== undefined).sort().map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

export class Webhooks {
  /**
   * Check the `Filecheck-Signature` header of a delivery against the RAW body and return the
   * parsed event. Throws FilecheckError(400, 'signature_invalid') when the signature is missing,
   * wrong or older than `toleranceSeconds` (default 300).
   */
  constructEvent<T = Job>(rawBody: string | Uint8Array, header: string | string[] | null | undefined, secret: string, toleranceSeconds = 300): WebhookEvent<T> {
    const value = Array.isArray(header) ? header[0] : header;
    if (!verifyWebhookSignature(rawBody, value, secret, { toleranceSeconds })) {
      throw new FilecheckError(400, 'signature_invalid', 'Webhook signature missing, wrong or too old.');
    }
    const text = typeof rawBody === 'string' ? rawBody : new TextDecoder().decode(rawBody);
    return JSON.parse(text) as WebhookEvent<T>;
  }
}

export type { JobOrder };
