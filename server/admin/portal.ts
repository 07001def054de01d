// The shop's portal at /admin/ (issue 16): the built Preact app (dist/admin) and its JSON API
// under /admin/api/. Every API route but sign-in needs a staff session (cookie); every
// state-changing one also needs the session's CSRF token in `X-CSRF-Token` and a same-origin
// request. The app shell holds no data, so serving it without a session shows only sign-in.
import fs from 'node:fs';
import type http from 'node:http';
import path from 'node:path';
import { validateContext } from '../../src/core/context';
import type { IntakeContext } from '../../src/core/types';
import { clientAddress } from '../client-id';
import type { ServerConfig } from '../config';
import type { Database, FileRecord, JobRecord } from '../db';
import type { JobEvents } from '../events';
import { ApiError, badRequest, isPlainObject, notFound, readJson, sendJson, unauthorized } from '../http';
import { countJobs, listJobs, parseJobQuery } from '../jobs-list';
import { parseReview, type ReviewInput } from '../review';
import { newJobId, newJobToken, sha256Hex } from '../secrets';
import { buildJobView, type JobView } from '../status';
import type { StoredBytes } from '../storage';
import type { WorkflowStore } from '../workflows';
import type { OutputRecord, OutputStore } from '../remediate/outputs';
import { sendOutput } from '../remediate/routes';
import { checkCredentials, createSession, createSharedSignInLimiter, createSignInLimiter, endSession, sessionFor, type Session, type SignInLimiter } from './auth';

export const ADMIN_PATH = '/admin';
const COOKIE = 'fc_admin';

export interface PortalDeps {
  config: ServerConfig;
  db: Database;
  workflows: WorkflowStore;
  events: JobEvents;
  /** Where the stored bytes of an upload are. */
  /** A stored file's bytes (storage/ openUpload). */
  openUpload(uploadId: string): Promise<StoredBytes | null>;
  review(jobId: string, input: ReviewInput): Promise<JobView>;
  jobChanged(jobId: string): Promise<void>;
  /** Production files (remediation); null when remediation is off. */
  outputs: OutputStore | null;
  /** The built app (index.html and assets). */
  staticDir: string;
}

/** Security headers of every portal response: the app runs under a strict CSP, never framed. */
function securityHeaders(res: http.ServerResponse): void {
  res.setHeader('Content-Security-Policy', [
    "default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' blob: data:", "worker-src 'self' blob:",
    "connect-src 'self'", "font-src 'self'", "object-src 'none'", "base-uri 'none'", "form-action 'self'", "frame-ancestors 'none'",
  ].join('; '));
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'same-origin');
}

function cookieValue(req: http.IncomingMessage, name: string): string | null {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

/** The request's own origin (what a same-origin page sends as `Origin`). */
function ownOrigin(req: http.IncomingMessage): string {
  const secure = (req.socket as { encrypted?: boolean }).encrypted === true;
  return `${secure ? 'https' : 'http'}://${req.headers.host ?? ''}`;
}

/**
 * A state-changing request must come from our own pages: an `Origin` of another site (or the
 * `null` origin of a sandboxed or file page) is refused. Browsers send `Origin` on every POST,
 * PUT and DELETE; a request without one is not from a page another site could make.
 */
function requireSameOrigin(req: http.IncomingMessage, publicUrl: string | null): void {
  const origin = req.headers.origin;
  if (origin === undefined) return;
  const allowed = [ownOrigin(req), ...(publicUrl ? [new URL(publicUrl).origin] : [])];
  if (!allowed.includes(origin)) throw new ApiError(403, 'forbidden', 'Cross-site request refused.');
}

/** A path segment, decoded; a malformed escape is the client's error (400), not ours. */
function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw badRequest('Malformed URL.');
  }
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.json': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png',
  '.wasm': 'application/wasm', '.map': 'application/json',
};

export function createAdminPortal(deps: PortalDeps) {
  const { db, config } = deps;
  // Per e-mail (5 failures) and per client address (30); in the database when instances share one.
  const signInLimiter = (max: number): SignInLimiter => (db.dialect === 'postgres' ? createSharedSignInLimiter(db.signIns, max) : createSignInLimiter(max));
  const limiter = signInLimiter(5);
  const ipLimiter = signInLimiter(30);
  // The client, not the load balancer in front of this instance (FILECHECK_TRUST_PROXY).
  const clientKey = (req: http.IncomingMessage) => `ip:${clientAddress(req, config.trustProxy)}`;

  const session = async (req: http.IncomingMessage): Promise<Session> => {
    const s = await sessionFor(db, cookieValue(req, COOKIE));
    if (!s) throw unauthorized('Sign in first.');
    return s;
  };
  /** Session + CSRF token + same origin: for everything that changes state. */
  const mutating = async (req: http.IncomingMessage): Promise<Session> => {
    requireSameOrigin(req, config.publicUrl);
    const s = await session(req);
    const given = req.headers['x-csrf-token'];
    if (typeof given !== 'string' || given !== s.csrfToken) throw new ApiError(403, 'forbidden', 'Missing or wrong CSRF token.');
    return s;
  };
  const cookie = (req: http.IncomingMessage, value: string, maxAgeSeconds: number) => {
    const secure = (req.socket as { encrypted?: boolean }).encrypted === true || config.publicUrl?.startsWith('https:') ? '; Secure' : '';
    return `${COOKIE}=${encodeURIComponent(value)}; Path=${ADMIN_PATH}; HttpOnly; SameSite=Strict; Max-Age=${maxAgeSeconds}${secure}`;
  };
  const jobOr404 = async (id: string): Promise<JobRecord> => {
    const job = await db.jobs.get(id);
    if (!job) throw notFound(`No job ${id}.`);
    return job;
  };
  const base = (req: http.IncomingMessage) => `${ownOrigin(req)}`;

  async function api(req: http.IncomingMessage, res: http.ServerResponse, sub: string): Promise<void> {
    const method = req.method ?? 'GET';
    let m: RegExpExecArray | null;

    if (sub === '/session') {
      if (method === 'GET') {
        const s = await session(req);
        return sendJson(res, 200, { user: { email: s.user.email, locale: s.user.locale }, csrfToken: s.csrfToken });
      }
      if (method === 'POST') {
        requireSameOrigin(req, config.publicUrl);
        if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) throw badRequest('Send JSON.');
        const body = await readJson(req, 4096);
        if (!isPlainObject(body) || typeof body.email !== 'string' || typeof body.password !== 'string') throw badRequest('email and password are required.');
        const emailKey = `email:${body.email.trim().toLowerCase()}`;
        const wait = Math.max(await limiter.retryAfter(emailKey), await ipLimiter.retryAfter(clientKey(req)));
        if (wait > 0) {
          res.setHeader('Retry-After', String(wait));
          throw new ApiError(429, 'rate_limited', `Too many sign-in attempts. Try again in ${Math.ceil(wait / 60)} min.`);
        }
        const user = await checkCredentials(db, body.email, body.password);
        if (!user) {
          await Promise.all([limiter.fail(emailKey), ipLimiter.fail(clientKey(req))]);
          throw unauthorized('Wrong e-mail or password.');
        }
        await limiter.reset(emailKey);
        const { token, csrfToken } = await createSession(db, user);
        res.setHeader('Set-Cookie', cookie(req, token, 12 * 60 * 60));
        return sendJson(res, 200, { user: { email: user.email, locale: user.locale }, csrfToken });
      }
      if (method === 'DELETE') {
        await mutating(req);
        await endSession(db, cookieValue(req, COOKIE));
        res.setHeader('Set-Cookie', cookie(req, '', 0));
        res.writeHead(204, { 'Cache-Control': 'no-store' }).end();
        return;
      }
    }

    if (sub === '/jobs' && method === 'GET') {
      await session(req);
      const { filter, limit, cursor } = parseJobQuery(new URL(req.url ?? '/', 'http://x').searchParams);
      const page = await listJobs(db, filter, limit, cursor);
      const data = [];
      for (const job of page.jobs) data.push({ ...buildJobView(job, await db.files.list(job.id), base(req), await deps.outputs?.byFile(job.id)), createdBy: job.createdBy });
      return sendJson(res, 200, { data, nextCursor: page.nextCursor, counts: await countJobs(db, filter) });
    }

    if (sub === '/jobs' && method === 'POST') {
      // A job started by staff (files received by e-mail…): the same job as a customer's, marked
      // with who started it; the portal uploads to it with its job token like the widget does.
      const s = await mutating(req);
      const body = await readJson(req);
      if (!isPlainObject(body) || typeof body.workflowId !== 'string') throw badRequest('workflowId is required.');
      const found = await deps.workflows.get(body.workflowId);
      if (!found.ok) throw new ApiError(found.code === 'not_found' ? 404 : 500, found.code, found.message);
      let context: IntakeContext | null = null;
      if (body.context !== undefined && body.context !== null) {
        const checked = validateContext(body.context);
        if (!checked.ok) throw new ApiError(400, 'context_invalid', checked.error.message);
        context = checked.context;
      }
      const token = newJobToken();
      const job = await db.jobs.create({ id: newJobId(), workflowId: body.workflowId, workflow: found.workflow, tokenHash: sha256Hex(token), context, status: 'idle', createdBy: s.user.email });
      await deps.jobChanged(job.id);
      return sendJson(res, 201, { id: job.id, token, workflowId: job.workflowId });
    }

    if (sub === '/workflows' && method === 'GET') {
      await session(req);
      const ids = fs.readdirSync(config.workflowsDir).filter((n) => n.endsWith('.json')).map((n) => n.slice(0, -5)).sort();
      const list = [];
      for (const id of ids) {
        const found = await deps.workflows.get(id);
        if (found.ok) list.push({ id, title: found.workflow.title ?? id });
      }
      return sendJson(res, 200, { data: list });
    }

    if ((m = /^\/jobs\/([^/]+)$/.exec(sub)) && method === 'GET') {
      await session(req);
      const job = await jobOr404(decode(m[1]!));
      const files = await db.files.list(job.id);
      const outputs = await deps.outputs?.byFile(job.id);
      return sendJson(res, 200, {
        ...buildJobView(job, files, base(req), outputs),
        createdBy: job.createdBy,
        workflow: job.workflow,
        timeline: timelineOf(job, files, outputs),
      });
    }

    if ((m = /^\/jobs\/([^/]+)\/files\/([^/]+)\/outputs\/([^/]+)$/.exec(sub)) && method === 'GET') {
      // A production file with the staff session (the /v1 route wants the secret key or job token).
      await session(req);
      const job = await jobOr404(decode(m[1]!));
      const [fileId, outputId] = [decode(m[2]!), decode(m[3]!)];
      if (!deps.outputs) throw notFound('Remediation is off on this server.');
      return sendOutput(res, deps.outputs, await deps.outputs.get(job.id, fileId, outputId), fileId, outputId);
    }

    if ((m = /^\/jobs\/([^/]+)\/review$/.exec(sub)) && method === 'POST') {
      const s = await mutating(req);
      const input = parseReview(await readJson(req));
      return sendJson(res, 200, await deps.review(decode(m[1]!), { ...input, by: s.user.email }));
    }

    if ((m = /^\/jobs\/([^/]+)\/files\/([^/]+)$/.exec(sub)) && method === 'GET') {
      await session(req);
      const job = await jobOr404(decode(m[1]!));
      const file = await db.files.get(job.id, decode(m[2]!));
      if (!file || !file.completedAt) throw notFound('No stored file.');
      const stored = await deps.openUpload(file.uploadId);
      if (!stored) throw notFound('The bytes of this file are gone.');
      const ascii = file.name.replace(/[^\x20-\x7e]|["\\]/g, '_');
      res.writeHead(200, {
        'Content-Type': 'application/octet-stream',
        'Content-Length': stored.size,
        'Content-Disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.name)}`,
        'Cache-Control': 'no-store',
        ...(file.sha256 ? { 'X-Checksum-Sha256': file.sha256 } : {}),
      });
      await new Promise<void>((resolve, reject) => {
        stored.body.on('error', reject).pipe(res).on('finish', resolve).on('error', reject);
      });
      return;
    }

    if (sub === '/events' && method === 'GET') {
      // Live list: one `changed` event (data: the job id) whenever any job changes or appears.
      await session(req);
      res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store', 'X-Accel-Buffering': 'no' });
      res.write('retry: 3000\n\n');
      const off = deps.events.onAny((jobId) => res.write(`event: changed\ndata: ${jobId}\n\n`));
      const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), config.sseKeepAliveMs);
      res.on('close', () => {
        off();
        clearInterval(keepAlive);
      });
      return;
    }

    throw notFound(`No portal route ${method} ${sub}.`);
  }

  async function serveStatic(req: http.IncomingMessage, res: http.ServerResponse, sub: string): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') throw new ApiError(405, 'method_not_allowed', 'Read-only.');
    const root = path.resolve(deps.staticDir);
    // Assets by their exact (hashed) name; every other path is the app (it routes by hash).
    let file = path.resolve(root, '.' + decode(sub));
    const isAsset = sub.startsWith('/assets/') && file.startsWith(root + path.sep);
    if (!isAsset) file = path.join(root, 'index.html');
    const stat = await fs.promises.stat(file).catch(() => null);
    if (!stat?.isFile()) {
      if (!isAsset) throw new ApiError(404, 'not_found', 'The portal is not built: run npm run build.');
      throw notFound('No such asset.');
    }
    res.writeHead(200, {
      'Content-Type': MIME[path.extname(file)] ?? 'application/octet-stream',
      'Content-Length': stat.size,
      'Cache-Control': isAsset ? 'public, max-age=31536000, immutable' : 'no-store',
    });
    if (req.method === 'HEAD') return void res.end();
    fs.createReadStream(file).pipe(res);
  }

  /** Handle /admin and everything under it; false for other paths. */
  return async function handle(req: http.IncomingMessage, res: http.ServerResponse, pathname: string): Promise<boolean> {
    if (pathname !== ADMIN_PATH && !pathname.startsWith(ADMIN_PATH + '/')) return false;
    securityHeaders(res);
    if (pathname === ADMIN_PATH) {
      res.writeHead(308, { Location: `${ADMIN_PATH}/` }).end();
      return true;
    }
    const sub = pathname.slice(ADMIN_PATH.length);
    if (sub.startsWith('/api/')) await api(req, res, sub.slice('/api'.length));
    else await serveStatic(req, res, sub);
    return true;
  };
}

export interface TimelineEntry {
  at: string;
  kind: 'created' | 'uploaded' | 'verified' | 'fixed' | 'finalized' | 'ordered' | 'reviewed';
  detail: string | null;
}

/** What happened to the job, oldest first, from what the database holds. */
export function timelineOf(job: JobRecord, files: FileRecord[], outputs?: Map<string, OutputRecord[]>): TimelineEntry[] {
  const out: TimelineEntry[] = [{ at: job.createdAt, kind: 'created', detail: job.createdBy }];
  for (const f of files) {
    if (f.completedAt) out.push({ at: f.completedAt, kind: 'uploaded', detail: f.name });
    if (f.state === 'done' || f.state === 'error') out.push({ at: f.updatedAt, kind: 'verified', detail: `${f.name}: ${f.state === 'error' ? 'error' : f.outcome}` });
    // "Fixed": when the production file of the file's current upload was made (outputs of an
    // earlier upload are not returned by byFile). A failed remediation made no file.
    if (f.state !== 'done') continue;
    for (const o of outputs?.get(f.id) ?? []) {
      if (o.status === 'ready') out.push({ at: o.createdAt, kind: 'fixed', detail: `${f.name} → ${o.name}` });
    }
  }
  if (job.finalizedAt) out.push({ at: job.finalizedAt, kind: 'finalized', detail: null });
  if (job.order) out.push({ at: job.order.attachedAt, kind: 'ordered', detail: job.order.lineId ? `${job.order.orderId} / ${job.order.lineId}` : job.order.orderId });
  if (job.review) out.push({ at: job.review.reviewedAt, kind: 'reviewed', detail: `${job.review.decision}${job.review.reviewedBy ? ` (${job.review.reviewedBy})` : ''}` });
  return out.sort((a, b) => a.at.localeCompare(b.at));
}
