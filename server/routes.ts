// The JSON routes under /v1 (everything but the tus endpoint). Each route states which credential
// it takes: publishable key (pk_), job token (jt_, the browser's handle on one job) or secret key
// (sk_, the store's server only).
import type http from 'node:http';
import { checkContextAllowed, validateContext } from '../src/core/context';
import type { IntakeContext, JobState, Workflow } from '../src/core/types';
import type { ServerConfig } from './config';
import type { Database, IdempotencyRecord, JobRecord } from './db';
import type { JobEvents } from './events';
import { ApiError, badRequest, isPlainObject, jobFinalized, notFound, readJson, sendJson, unauthorized } from './http';
import { clientAddress } from './client-id';
import { idempotencyRecordKey, sealResponse, unsealResponse } from './idempotency';
import { bearer, matchesHash, newJobId, newJobToken, sameSecret, sha256Hex } from './secrets';
import { shopRoutes, syncReviewState } from './orders';
import { buildJobView, buildServerStatus, deriveJobState } from './status';
import type { FileStorage } from './storage';
import type { UploadEndpoint } from './uploads';
import type { Verification } from './verification';
import type { Webhooks } from './webhooks';
import type { WorkflowStore } from './workflows';

export interface RouteDeps {
  config: ServerConfig;
  db: Database;
  workflows: WorkflowStore;
  uploads: UploadEndpoint;
  /** Where stored bytes live (storage/): downloads stream from it. */
  storage: FileStorage;
  verification: Verification;
  events: JobEvents;
  webhooks: Webhooks;
  /** Origin for links in webhook payloads (no request to take it from). */
  publicUrl(): string;
  /** Origin for links in a response (public-url.ts: never an arbitrary Host header). */
  originOf(req: http.IncomingMessage): string;
  jobChanged(jobId: string): Promise<void>;
}

/** Longest hold of a long-poll GET /status?wait=…. */
const MAX_WAIT_SECONDS = 60;
/** How long an Idempotency-Key is remembered. */
const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

/**
 * The context from the customer's page, validated and checked against what the workflow allows
 * (declared variants; counts only narrow). Empty means no narrowing (null).
 */
function trustedContext(workflow: Workflow, input: unknown, where = ''): IntakeContext | null {
  const checked = validateContext(input);
  if (!checked.ok) throw new ApiError(400, 'context_invalid', `${where}${checked.error.message}`);
  const allowed = checkContextAllowed(workflow, checked.context);
  if (!allowed.ok) throw new ApiError(400, 'context_not_allowed', `${where}${allowed.error.message}`);
  return Object.keys(checked.context).length > 0 ? checked.context : null;
}

/** JSON with object keys sorted, so two equal bodies hash alike whatever their key order. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (isPlainObject(value)) {
    return `{${Object.keys(value).sort().filter((k) => value[k] !== undefined).map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k])}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

export type Params = Record<string, string>;
export type Handler = (req: http.IncomingMessage, res: http.ServerResponse, params: Params) => Promise<void>;

export interface Route {
  method: string;
  pattern: RegExp;
  keys: string[];
  handler: Handler;
}

export function route(method: string, template: string, handler: Handler): Route {
  const keys: string[] = [];
  const source = template.replace(/:(\w+)/g, (_m, key: string) => {
    keys.push(key);
    return '([^/]+)';
  });
  return { method, pattern: new RegExp(`^${source}$`), keys, handler };
}

/** Request origin as the client sees it, for links in responses (same rule as tus Location headers). */
export function baseUrl(req: http.IncomingMessage, config: ServerConfig): string {
  return `http://${req.headers.host ?? `${config.host}:${config.port}`}`;
}

export function createRoutes(deps: RouteDeps) {
  const { config, db, workflows, uploads } = deps;

  const requirePublishable = (req: http.IncomingMessage) => {
    if (!sameSecret(bearer(req.headers.authorization), config.publishableKey)) throw unauthorized('Missing or wrong publishable key.');
  };
  const requireSecret = (req: http.IncomingMessage) => {
    if (!sameSecret(bearer(req.headers.authorization), config.secretKey)) throw unauthorized('Missing or wrong secret key.');
  };
  const jobOr404 = async (id: string): Promise<JobRecord> => {
    const job = await db.jobs.get(id);
    if (!job) throw notFound(`No job ${id}.`);
    return job;
  };
  /**
   * The job token must be present before we say whether the job exists. `queryToken` is only
   * passed by GET /events: EventSource cannot send an Authorization header.
   */
  const jobWithToken = async (req: http.IncomingMessage, id: string, queryToken: string | null = null): Promise<JobRecord> => {
    const token = bearer(req.headers.authorization) ?? (queryToken && queryToken.startsWith('jt_') ? queryToken : null);
    if (!token) throw unauthorized('Missing job token (Authorization: Bearer jt_…).');
    const job = await jobOr404(id);
    if (!matchesHash(token, job.tokenHash)) throw unauthorized('Wrong job token.');
    return job;
  };

  const statusOf = async (req: http.IncomingMessage, job: JobRecord) => {
    const files = await db.files.list(job.id);
    const offsets = new Map<string, number>();
    for (const f of files) if (f.state === 'uploading') offsets.set(f.uploadId, await uploads.offsetOf(f.uploadId));
    return buildServerStatus(job, files, offsets, deps.originOf(req), await deps.verification.remediation?.outputs.byFile(job.id));
  };

  const routes: Route[] = [
    // Issue 16: orders and listing (server/orders.ts).
    ...shopRoutes(deps, { requireSecret, jobOr404 }),

    route('GET', '/v1/health', async (_req, res) => sendJson(res, 200, { ok: true })),

    route('GET', '/v1/workflows/:id', async (req, res, { id }) => {
      requirePublishable(req);
      const found = await workflows.get(id!);
      if (!found.ok) throw new ApiError(found.code === 'not_found' ? 404 : 500, found.code, found.message);
      sendJson(res, 200, found.workflow);
    }),

    route('POST', '/v1/jobs', async (req, res) => {
      requirePublishable(req);
      const keyHeader = req.headers['idempotency-key'];
      const idemKey = Array.isArray(keyHeader) ? keyHeader[0] : keyHeader;
      if (idemKey !== undefined && !IDEMPOTENCY_KEY.test(idemKey)) throw badRequest('Idempotency-Key must be 1–255 visible ASCII characters.');
      // Keys are per client (idempotency.ts): another client's identical key is another record.
      const client = clientAddress(req, config.trustProxy);
      const recordKey = idemKey ? idempotencyRecordKey(client, idemKey) : null;
      const body = await readJson(req);
      if (!isPlainObject(body)) throw badRequest('Body must be a JSON object.');
      const requestHash = sha256Hex(canonicalJson(body));
      const replay = (record: { requestHash: string; response: unknown }) => {
        if (record.requestHash !== requestHash) {
          throw new ApiError(409, 'idempotency_conflict', 'This Idempotency-Key was used with a different request body.');
        }
        const response = unsealResponse(client, idemKey!, record.response);
        if (!response) throw new ApiError(409, 'idempotency_conflict', 'This Idempotency-Key cannot be replayed.');
        res.setHeader('Idempotent-Replayed', 'true');
        sendJson(res, 201, response);
      };
      if (recordKey) {
        await db.idempotency.prune(new Date(Date.now() - IDEMPOTENCY_TTL_MS).toISOString());
        const seen = await db.idempotency.get(recordKey);
        if (seen) return replay(seen);
      }
      if (typeof body.workflowId !== 'string' || !body.workflowId) throw badRequest('workflowId is required.');
      const found = await workflows.get(body.workflowId);
      if (!found.ok) throw new ApiError(found.code === 'not_found' ? 404 : 500, found.code, found.message);
      const context = body.context === undefined || body.context === null ? null : trustedContext(found.workflow, body.context, 'context: ');
      const token = newJobToken();
      const workflowId = body.workflowId;
      // Check the key again inside the transaction: a concurrent twin request may have won
      // meanwhile. Its insert of the key is the arbiter (any instance): the loser rolls back its job.
      const twinWon = new Error('idempotency key taken');
      type Outcome = { replay: IdempotencyRecord | null; job: JobRecord | null; response: unknown };
      const outcome: Outcome = await db.transaction(async (tx): Promise<Outcome> => {
        const seen = recordKey ? await tx.idempotency.get(recordKey) : null;
        if (seen) return { replay: seen, job: null, response: null };
        const job = await tx.jobs.create({ id: newJobId(), workflowId, workflow: found.workflow, tokenHash: sha256Hex(token), context, status: 'idle' });
        const status = buildServerStatus(job, [], new Map(), deps.originOf(req));
        const response = { ...status, id: job.id, token, workflowId: job.workflowId, context: job.context, createdAt: job.createdAt };
        // Stored with the job token sealed (a replay by the same client must return it); keys expire after 24 h.
        if (recordKey && !(await tx.idempotency.put({ key: recordKey, requestHash, jobId: job.id, response: sealResponse(client, idemKey!, response) }))) throw twinWon;
        return { replay: null, job, response };
      }).catch(async (err: unknown): Promise<Outcome> => {
        if (err !== twinWon) throw err;
        return { replay: await db.idempotency.get(recordKey!), job: null, response: null };
      });
      if (outcome.replay) return replay(outcome.replay);
      if (!outcome.job) throw new Error('unreachable');
      await deps.webhooks.emit('job.created', buildJobView(outcome.job, [], deps.publicUrl()));
      deps.events.emit(outcome.job.id); // a new job appears on the portal's live list
      sendJson(res, 201, outcome.response);
    }),

    route('GET', '/v1/jobs/:id/status', async (req, res, { id }) => {
      let job = await jobWithToken(req, id!);
      // Long polling: ?wait=<seconds>[&since=<updatedAt>] holds the answer until the job changes
      // (or the wait elapses). Without `since` the answer waits for the next change.
      const url = new URL(req.url ?? '/', 'http://x');
      const wait = Number(url.searchParams.get('wait') ?? 0);
      if (Number.isFinite(wait) && wait > 0) {
        const since = url.searchParams.get('since');
        if (since === null || since === job.updatedAt) {
          const abort = new AbortController();
          const onClose = () => abort.abort();
          res.on('close', onClose);
          await deps.events.next(job.id, Math.min(wait, MAX_WAIT_SECONDS) * 1000, abort.signal);
          res.off('close', onClose);
          if (abort.signal.aborted) return;
          job = (await db.jobs.get(job.id)) ?? job;
        }
      }
      sendJson(res, 200, await statusOf(req, job));
    }),

    route('GET', '/v1/jobs/:id/events', async (req, res, { id }) => {
      const url = new URL(req.url ?? '/', 'http://x');
      const job = await jobWithToken(req, id!, url.searchParams.get('token'));
      res.writeHead(200, {
        'Content-Type': 'text/event-stream; charset=utf-8',
        'Cache-Control': 'no-store',
        Connection: 'keep-alive',
        'X-Accel-Buffering': 'no',
      });
      res.write('retry: 3000\n\n');
      let last = '';
      let sending = false;
      let again = false;
      let open = true;
      const send = async () => {
        if (sending) {
          again = true;
          return;
        }
        sending = true;
        try {
          do {
            again = false;
            const current = open ? await db.jobs.get(job.id) : null;
            if (!current) break;
            const text = JSON.stringify(await statusOf(req, current));
            if (open && text !== last) {
              last = text;
              res.write(`event: status\nid: ${current.updatedAt}\ndata: ${text}\n\n`);
            }
          } while (again && open);
        } catch (err) {
          if (open) console.error('[filecheck-server] event stream', err);
        } finally {
          sending = false;
        }
      };
      const unsubscribe = deps.events.on(job.id, () => void send());
      const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), config.sseKeepAliveMs);
      res.on('close', () => {
        open = false;
        unsubscribe();
        clearInterval(keepAlive);
      });
      await send();
    }),

    // The customer proceeded (the gated form was submitted, or the store called finalize()):
    // the job is frozen for its cart item. Job token (the widget) or secret key (the store).
    // Idempotent; a job that cannot proceed is not finalized.
    route('POST', '/v1/jobs/:id/finalize', async (req, res, { id }) => {
      const job = sameSecret(bearer(req.headers.authorization), config.secretKey) ? await jobOr404(id!) : await jobWithToken(req, id!);
      if (!job.finalizedAt) {
        if (!deriveJobState(job, await db.files.list(job.id)).canProceed) {
          throw new ApiError(409, 'job_not_ready', 'Only a job that can proceed can be finalized.');
        }
        if (await db.jobs.finalize(job.id)) await deps.jobChanged(job.id);
      }
      sendJson(res, 200, await statusOf(req, (await db.jobs.get(job.id))!));
    }),

    route('PUT', '/v1/jobs/:id/context', async (req, res, { id }) => {
      const job = await jobWithToken(req, id!);
      if (job.finalizedAt) throw jobFinalized();
      const context = trustedContext(job.workflow, await readJson(req));
      await db.jobs.setContext(job.id, context);
      // Every stored file is judged again from its stored facts: no re-upload, no re-inspection
      // (unless its facts lack a measurement the rule reads, verification.ts).
      await deps.verification.reevaluate(job.id);
      sendJson(res, 200, await statusOf(req, (await db.jobs.get(job.id))!));
    }),

    route('GET', '/v1/jobs/:id', async (req, res, { id }) => {
      requireSecret(req);
      const job = await jobOr404(id!);
      sendJson(res, 200, buildJobView(job, await db.files.list(job.id), deps.originOf(req), await deps.verification.remediation?.outputs.byFile(job.id)));
    }),

    route('GET', '/v1/jobs/:id/files/:fileId', async (req, res, { id, fileId }) => {
      requireSecret(req);
      const job = await jobOr404(id!);
      const file = await db.files.get(job.id, fileId!);
      if (!file || !file.completedAt) throw notFound(`No stored file ${fileId} in job ${job.id}.`);
      const stored = await deps.storage.openUpload(file.uploadId);
      if (!stored) throw notFound(`The bytes of file ${fileId} are gone.`);
      res.writeHead(200, {
        'Content-Type': file.mime ?? 'application/octet-stream',
        'Content-Length': stored.size,
        'Content-Disposition': contentDisposition(file.name),
        'X-Content-Type-Options': 'nosniff',
        'Cache-Control': 'no-store',
        ...(file.sha256 ? { 'X-Checksum-Sha256': file.sha256 } : {}),
      });
      await new Promise<void>((resolve, reject) => {
        stored.body.on('error', reject).pipe(res).on('finish', resolve).on('error', reject);
      });
    }),

    route('DELETE', '/v1/jobs/:id/files/:fileId', async (req, res, { id, fileId }) => {
      const job = await jobWithToken(req, id!);
      if (job.finalizedAt) throw jobFinalized();
      const file = await db.files.get(job.id, fileId!);
      if (!file) throw notFound(`No file ${fileId} in job ${job.id}.`);
      await uploads.removeUpload(file.uploadId);
      await db.files.delete(job.id, file.id);
      await deps.jobChanged(job.id);
      res.writeHead(204, { 'Cache-Control': 'no-store' });
      res.end();
    }),
  ];

  /** Dispatch; returns false when no route matches the path (the caller answers 404). */
  return async function dispatch(req: http.IncomingMessage, res: http.ServerResponse, pathname: string): Promise<boolean> {
    let pathMatched = false;
    for (const r of routes) {
      const m = r.pattern.exec(pathname);
      if (!m) continue;
      pathMatched = true;
      if (r.method !== req.method) continue;
      const params: Params = {};
      try {
        r.keys.forEach((k, i) => {
          params[k] = decodeURIComponent(m[i + 1]!);
        });
      } catch {
        throw badRequest('Malformed URL.');
      }
      await r.handler(req, res, params);
      return true;
    }
    if (pathMatched) throw new ApiError(405, 'method_not_allowed', `${req.method} is not allowed here.`);
    return false;
  };
}

/**
 * The name is the customer's: an ASCII-only fallback plus the RFC 5987 encoded original, so no
 * character of it can break out of the header.
 */
function contentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/** Re-derive a job's status and persist it (the stored status feeds listings and webhooks). */
export async function refreshJobStatus(db: Database, jobId: string): Promise<{ job: JobRecord; state: JobState } | null> {
  return db.transaction(async (tx) => {
    // Locked (PostgreSQL) so two instances re-deriving one job take turns.
    const job = await tx.jobs.getForUpdate(jobId);
    if (!job) return null;
    const files = await tx.files.list(jobId);
    const state = deriveJobState(job, files);
    if (state.status !== job.status) await tx.jobs.setStatus(jobId, state.status);
    await syncReviewState(tx, job, files);
    return { job: (await tx.jobs.get(jobId))!, state };
  });
}
