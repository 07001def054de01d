// The store recipe: a shop's own backend verifies a Filecheck job before it lets an item into the
// cart (and again before it accepts the order). Plain node:http, no framework; the secret key
// stays on this server and is only ever sent to the Filecheck server.
//
//   POST /cart/add   (form field fc_job_id, written by the widget into the product form)
//     → 303 to the cart page when the job exists, belongs to the expected workflow, was judged
//       under the ordered variant's context, is terminal and canProceed; else 422 with the reason (HTML, or JSON when the client asks for it).
//
// Run: `npx tsx demo/store-server.ts` (env FILECHECK_ENDPOINT, FILECHECK_SECRET_KEY,
// STORE_WORKFLOW_ID, STORE_CONTEXT (JSON), STORE_PORT, STORE_CART_URL).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Filecheck } from '../src/server-sdk';

/** The parts of GET /v1/jobs/:id a store relies on. */
export interface VerifiedJob {
  id: string;
  workflowId: string;
  status: string;
  terminal: boolean;
  canProceed: boolean;
  context: unknown;
  files: { id: string; name: string; size: number; sha256: string | null; outcome: string | null; findings: { checkId: string; outcome: string; message: string }[]; downloadUrl: string | null }[];
  createdAt: string;
  updatedAt: string;
}

export type CartCheck =
  | { ok: true; job: VerifiedJob }
  | {
      ok: false;
      /** job_id_missing · job_id_invalid · job_not_found · wrong_workflow · wrong_context · job_not_finished · job_rejected · review_pending · review_rejected · verification_unavailable */
      code: string;
      reason: string;
      job?: VerifiedJob;
    };

export interface VerifyJobOptions {
  /** Filecheck server origin, e.g. https://files.example.com */
  endpoint: string;
  /** sk_… — server side only. */
  secretKey: string;
  /** The workflow of the product being added (from the store's own catalogue, never from the form). */
  workflowId: string;
  /**
   * The context of the variant being ordered (from the store's catalogue), exactly as the product
   * page passes it to the widget; null or omitted: the page sets no context. The job must have been
   * judged under this context: the page is the customer's, so a job checked as another variant
   * (say a bigger size) is refused.
   */
  context?: Record<string, unknown> | null;
  timeoutMs?: number;
}

/** JSON with sorted keys; no context and an empty one are the same. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    return `{${Object.keys(o).filter((k) => o[k] !== undefined && o[k] !== null).sort().map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** Whether the job was judged under the ordered variant's context. */
export function sameContext(jobContext: unknown, expected: unknown): boolean {
  return canonical(jobContext ?? {}) === canonical(expected ?? {});
}

const JOB_ID = /^job_[a-z2-7]{26}$/;

/**
 * Ask the Filecheck server about a job and decide whether it may go into the cart (or become an
 * order), with the Node server SDK (src/server-sdk): `jobs.verify` lists every reason not to
 * fulfil and fails closed (a network error or an unexpected answer is a refusal, never a pass).
 */
export async function verifyJobForCart(jobId: string | null | undefined, options: VerifyJobOptions): Promise<CartCheck> {
  if (!jobId) return { ok: false, code: 'job_id_missing', reason: 'Upload your print file before adding this product to the cart.' };
  if (!JOB_ID.test(jobId)) return { ok: false, code: 'job_id_invalid', reason: 'The file check reference is not valid.' };
  const filecheck = new Filecheck(options.secretKey, { endpoint: options.endpoint, timeoutMs: options.timeoutMs ?? 10_000, maxRetries: 1 });
  // The ordered variant is always compared: no context ordered means the workflow's own rule (issue 12.1).
  const result = await filecheck.jobs.verify(jobId, { workflowId: options.workflowId, context: options.context ?? null });
  const job = (result.job ?? undefined) as VerifiedJob | undefined;
  if (result.ok && job) return { ok: true, job };
  const first = result.reasons[0] ?? { code: 'verification_unavailable', message: '' };
  const reason = {
    job_not_found: 'No file check was found for this upload. Please upload your file again.',
    wrong_workflow: 'This file was checked for a different product.',
    job_not_finished: 'Your file is still being checked. Please wait a moment.',
    review_pending: 'Our team checks your file before it can be ordered. Please try again later.',
    review_rejected: first.message,
    context_mismatch: 'This file was checked for a different size or variant of the product. Please upload it again on this product.',
    // A 401 here means this store's secret key is wrong: an operator problem, still a refusal.
    verification_unavailable: 'The file check could not be confirmed right now. Please try again in a moment.',
    job_rejected: (() => {
      const failing = job?.files.flatMap((f) => f.findings.filter((x) => x.outcome === 'fail').map((x) => `${f.name}: ${x.message}`)) ?? [];
      return failing[0] ?? (job?.status === 'incomplete' ? 'Some files are still missing.' : 'The file does not meet the requirements.');
    })(),
  }[first.code];
  // the variant the job was judged under is not the one ordered (issue 12.1)
  const code = first.code === 'context_mismatch' ? 'wrong_context' : first.code;
  return { ok: false, code, reason, ...(job ? { job } : {}) };
}

export interface StoreServerOptions {
  endpoint: string;
  secretKey: string;
  /** The expected workflow: fixed, or looked up from the posted form (e.g. its product id) in the store's catalogue. */
  workflowId: string | ((form: URLSearchParams) => string | null);
  /** The ordered variant's context: fixed, or looked up from the posted form in the store's catalogue. */
  context?: Record<string, unknown> | null | ((form: URLSearchParams) => Record<string, unknown> | null);
  /** Where a verified add-to-cart goes (the job id is appended as fc_job_id). */
  cartUrl: string;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

async function readForm(req: http.IncomingMessage, limit = 16 * 1024): Promise<URLSearchParams> {
  let body = '';
  for await (const chunk of req) {
    body += (chunk as Buffer).toString('utf8');
    if (body.length > limit) throw new Error('form too large');
  }
  return new URLSearchParams(body);
}

export function createStoreServer(options: StoreServerOptions) {
  const server = http.createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://store');
      if (url.pathname !== '/cart/add') {
        res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found');
        return;
      }
      if (req.method !== 'POST') {
        res.writeHead(405, { Allow: 'POST', 'Content-Type': 'text/plain; charset=utf-8' }).end('Use POST');
        return;
      }
      const wantsJson = (req.headers.accept ?? '').includes('application/json');
      let form: URLSearchParams;
      try {
        form = await readForm(req);
      } catch {
        res.writeHead(413, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Form too large');
        return;
      }
      const workflowId = typeof options.workflowId === 'function' ? options.workflowId(form) : options.workflowId;
      const check: CartCheck = workflowId
        ? await verifyJobForCart(form.get('fc_job_id'), {
          endpoint: options.endpoint, secretKey: options.secretKey, workflowId,
          context: typeof options.context === 'function' ? options.context(form) : (options.context ?? null),
        })
        : { ok: false, code: 'unknown_product', reason: 'Unknown product.' };
      if (check.ok) {
        // Here a real store adds the line item and keeps check.job.id on it (order line "Filecheck Job").
        const target = new URL(options.cartUrl, 'http://store');
        target.searchParams.set('fc_job_id', check.job.id);
        const location = /^https?:/i.test(options.cartUrl) ? target.href : target.pathname + target.search;
        if (wantsJson) {
          res.writeHead(303, { Location: location, 'Content-Type': 'application/json' }).end(JSON.stringify({ ok: true, jobId: check.job.id }));
        } else {
          res.writeHead(303, { Location: location }).end();
        }
        return;
      }
      if (wantsJson) {
        res.writeHead(422, { 'Content-Type': 'application/json; charset=utf-8' }).end(JSON.stringify({ error: { code: check.code, message: check.reason } }));
        return;
      }
      const referer = req.headers.referer;
      const back = referer && /^https?:\/\//i.test(referer) ? `<p><a href="${escapeHtml(referer)}">Back to the product</a></p>` : '';
      res.writeHead(422, { 'Content-Type': 'text/html; charset=utf-8' }).end(
        `<!doctype html><meta charset="utf-8"><title>Not added to cart</title>` +
          `<h1>Not added to cart</h1><p data-code="${escapeHtml(check.code)}">${escapeHtml(check.reason)}</p>${back}`,
      );
    })().catch((err: unknown) => {
      console.error('[store] /cart/add', err);
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('Internal error');
    });
  });
  return {
    server,
    listen(port = 0, host = '127.0.0.1'): Promise<string> {
      return new Promise((resolve) => server.listen(port, host, () => resolve(`http://${host}:${(server.address() as AddressInfo).port}`)));
    },
    close(): Promise<void> {
      return new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href;
if (invokedDirectly) {
  const store = createStoreServer({
    endpoint: process.env.FILECHECK_ENDPOINT || 'http://127.0.0.1:8787',
    secretKey: process.env.FILECHECK_SECRET_KEY || 'sk_test_demo',
    workflowId: process.env.STORE_WORKFLOW_ID || 'wf_business_cards',
    context: process.env.STORE_CONTEXT ? (JSON.parse(process.env.STORE_CONTEXT) as Record<string, unknown>) : null,
    cartUrl: process.env.STORE_CART_URL || 'http://127.0.0.1:5173/demo/cart.html',
  });
  const url = await store.listen(Number(process.env.STORE_PORT || 5180));
  console.log(`Demo store backend on ${url} (POST /cart/add)`);
}
