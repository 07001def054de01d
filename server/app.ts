// The reference server: one node:http server that sends /v1/uploads/ to tus and everything else
// under /v1 to the JSON routes. `createServer(config)` is what `npm run server` and the tests use;
// tests start it on port 0 with a temporary data directory.
import http from 'node:http';
import type { Locker } from '@tus/utils';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { ServerConfig } from './config';
import { handleCors, originCheck } from './cors';
import { openDatabase, type Database } from './db';
import { serialPerKey } from './serial';
import { ApiError, notFound, sendError, sendJson } from './http';
import { JobEvents } from './events';
import type { LiveBus } from './live-bus';
import { bodyDeadline } from './json-body';
import { createPublicOrigin, nodeHeaders } from './public-url';
import { redactUrl } from './redact';
import { createStorageGuard } from './storage-guard';
import { createStorage, type FileStorage } from './storage';
import { createExpiry, type Expiry } from './expiry';
import { clientAddress } from './client-id';
import { createRateLimiter, createSharedRateLimiter } from './rate-limit';
import { guardStructure } from './structure-guard';
import { createRoutes, refreshJobStatus } from './routes';
import { recordReview, type ReviewInput } from './review';
import { buildJobView, type JobView } from './status';
import { createUploadEndpoint, UPLOADS_PATH, type UploadEndpoint } from './uploads';
import { createVerification, type Verification } from './verification';
import { createWorkerVerifier, type FileVerifier } from './verify';
import { createWebhooks, type Webhooks } from './webhooks';
import { createTaskWorker } from './task-worker';
import pg from 'pg';
import { PgLocker } from './pg-locker';
import { createPgLiveBus, laterBus } from './live-bus';
import type { PostgresSql } from './db/postgres-driver';
import { OutputStore } from './remediate/outputs';
import { createOutputRoute } from './remediate/routes';
import { remediationSettings, type RemediationSettings } from './remediate/settings';
import { createRemediationStage } from './remediate/stage';
import { WorkflowStore } from './workflows';
import { ensureFirstStaff } from './admin/auth';
import { createAdminPortal } from './admin/portal';
import { fileURLToPath } from 'node:url';

export interface FilecheckServer {
  /** Start listening; resolves with the base URL (e.g. http://127.0.0.1:8787). Port 0 picks a free port. */
  listen(port?: number): Promise<string>;
  /** Stop accepting, cut open connections (uploads resume later from their offset) and close the database. */
  close(): Promise<void>;
  /** Base URL once listening ('' before). */
  readonly url: string;
  readonly port: number;
  readonly db: Database;
  readonly uploads: UploadEndpoint;
  /** Where uploads and production files are stored (data directory or S3 bucket). */
  readonly storage: FileStorage;
  readonly verification: Verification;
  readonly webhooks: Webhooks;
  readonly events: JobEvents;
  readonly expiry: Expiry;
  readonly http: http.Server;
  /** Record the shop's review decision on a job waiting for review (issue 16; the portal calls it). */
  review(jobId: string, input: ReviewInput): Promise<JobView>;
}

export interface CreateServerOptions {
  /**
   * Inspects stored files (issue 6). Default: a pool of worker threads
   * (config.verifyConcurrency at a time, config.verifyTimeoutMs per file).
   */
  verifier?: FileVerifier;
  /** Origin used for every link (overrides FILECHECK_PUBLIC_URL). */
  publicUrl?: string;
  /** Free bytes where uploads are stored (default: statfs, or unbounded for S3; tests simulate a full disk). */
  freeBytes?: (dir: string) => number;
  /** Remediation settings (server/remediate/settings.ts). Default: from the environment. */
  remediation?: RemediationSettings;
  /** Live-status events shared by API instances (live-bus.ts createPgLiveBus). Default: in-process. */
  liveBus?: LiveBus;
  /** tus upload lock shared by API instances (pg-locker.ts PgLocker). Default: in-process. */
  uploadLocker?: Locker;
  /** The built portal app (issue 16). Default: dist/admin of this package. */
  adminStaticDir?: string;
}

export function createServer(config: ServerConfig, options: CreateServerOptions = {}): FilecheckServer {
  const db = openDatabase({ dataDir: config.dataDir, databaseUrl: config.databaseUrl });
  let url = '';
  let port = 0;
  const ownOrigins = () => (port ? [`http://${config.host}:${port}`, `http://localhost:${port}`, `http://127.0.0.1:${port}`] : []);
  const allowedOrigin = originCheck(config.allowedOrigins, ownOrigins);
  // PostgreSQL: live status and the tus upload lock span every instance on the database
  // (live-bus.ts LISTEN/NOTIFY, opened in listen(); pg-locker.ts advisory locks).
  const pool = db.dialect === 'postgres' ? (db.sql as PostgresSql).pool : null;
  let pgBus: LiveBus | null = null;
  const events = new JobEvents(options.liveBus ?? (pool ? laterBus(() => pgBus) : undefined));
  // The tus lock holds one connection per upload being written for as long as it is written: on
  // the query pool, a dozen uploads at once would take every connection and the queries they
  // wait on could never run (measured: bench/scale-out.ts hung with 12). So it has its own pool.
  const lockPool = pool && !options.uploadLocker ? new pg.Pool({ connectionString: config.databaseUrl!, max: UPLOAD_LOCK_CONNECTIONS }) : null;
  lockPool?.on('error', (err) => console.error('[filecheck-server] upload lock connection', err.message));
  const uploadLocker = options.uploadLocker ?? (lockPool ? new PgLocker({ pool: lockPool }) : undefined);
  const originOf = createPublicOrigin({
    publicUrl: options.publicUrl ?? config.publicUrl, trustProxy: config.trustProxy, host: config.host, port: () => port,
  });
  // Webhook payloads have no request to look at.
  const publicUrl = () => originOf(null);
  const webhooks = createWebhooks({
    db, urls: config.webhookUrls, secret: config.webhookSecret, retryBaseMs: config.webhookRetryBaseMs, maxAttempts: config.webhookMaxAttempts,
    timeoutMs: config.webhookTimeoutMs,
    // PostgreSQL: other instances queue events too (any instance may send them, once each).
    ...(db.dialect === 'postgres' ? { pollMs: 1_000 } : {}),
  });

  // Every change of a job's files or context ends here: re-derive (shared deriveJob) and persist
  // the status, wake live listeners, and announce a job that settled in a new terminal status.
  // One re-derivation per job at a time in this process; across instances the job row is locked
  // while it is re-derived (refreshJobStatus) and the completed-status claim is one conditional
  // UPDATE, so only one of them queues the event.
  const serial = serialPerKey();
  // Inside the transaction that changed the job (the verdict's, or its own): re-derive, persist,
  // and queue job.completed with it, so no reader sees the new state without its event queued.
  // Returns whether an event was queued.
  const deriveJob = async (tx: Database, jobId: string): Promise<boolean> => {
    const refreshed = await refreshJobStatus(tx, jobId);
    if (!refreshed) return false;
    const { job, state } = refreshed;
    // job.completed when the job settles: on entering a terminal status after activity (uploads,
    // verification) or when a context change moves it to another terminal status. Leaving the
    // terminal statuses (a new upload) re-arms it; re-deriving an unchanged job sends nothing.
    if (state.terminal && job.completedStatus !== state.status) {
      if (!(await tx.jobs.claimCompletedStatus(jobId, state.status))) return false;
      await webhooks.emit('job.completed', buildJobView(job, await tx.files.list(jobId), publicUrl(), await outputs?.byFile(jobId, tx)), tx);
      return true;
    }
    if (!state.terminal && job.completedStatus !== null) await tx.jobs.clearCompletedStatus(jobId);
    return false;
  };
  /** After the commit: send what was queued, wake live listeners. */
  const announce = (jobId: string, queued: boolean) => {
    if (queued) webhooks.kick();
    events.emit(jobId);
  };
  const jobChanged = (jobId: string): Promise<void> => serial(jobId, async () => {
    announce(jobId, await db.transaction((tx) => deriveJob(tx, jobId)));
  });

  let verification: Verification | null = null;
  const storage = createStorage({ dataDir: path.resolve(config.dataDir), s3: config.s3 });
  const uploads = createUploadEndpoint({
    db, storage, allowedOrigin, ...(uploadLocker ? { locker: uploadLocker } : {}), jobChanged, onStored: (file) => verification!.start(file),
    // tus Location: the named public origin, else relative (resolved by the client against the URL
    // it used, so it never names a host the request made up and works through any proxy).
    uploadsOrigin: (headers) => originOf.explicit((name) => headers.get(name)) ?? '',
    guard: createStorageGuard({
      dir: path.resolve(config.dataDir), minFreeBytes: config.minFreeBytes, limitBytes: config.storageLimitBytes,
      jobQuotaBytes: config.jobQuotaBytes, usedBytes: () => db.files.storedBytes(), jobBytes: (jobId, fileId) => db.files.jobBytes(jobId, fileId),
      freeBytes: options.freeBytes ?? (() => storage.freeBytes()),
    }),
  });
  // Remediation (issue 14) runs in the same pool as inspection, with its own deadline.
  const fixing = options.remediation ?? remediationSettings();
  const verifier = options.verifier ?? createWorkerVerifier({
    concurrency: config.verifyConcurrency, timeoutMs: config.verifyTimeoutMs, remediateTimeoutMs: fixing.timeoutMs,
    maxHeapMb: config.verifyMaxHeapMb, smallFileBytes: config.verifySmallFileBytes,
  });
  const outputs = fixing.enabled ? new OutputStore(db, storage.outputs) : null;
  // PostgreSQL: verification is a durable queue (db/tasks.ts) that worker processes consume
  // (role worker or all); with SQLite it runs in this process as files arrive.
  const durableQueue = db.dialect === 'postgres';
  verification = createVerification({
    db,
    deriveJob, announce,
    ...(durableQueue ? { queue: { enqueue: (file) => db.tasks.enqueue(file) } } : {}),
    // Absurd structures are refused before they reach a worker; each worker has a memory limit,
    // and the pool takes turns between jobs (issue 12.3).
    verifier: guardStructure(verifier, { maxPdfObjects: config.verifyMaxPdfObjects }),
    withUploadFile: (uploadId, use) => storage.withUploadFile(uploadId, use),
    jobChanged,
    ...(outputs ? {
      remediation: createRemediationStage({
        verifier, outputs, limits: { timeoutMs: fixing.timeoutMs, memoryMb: fixing.memoryMb },
      }),
    } : {}),
  });
  const taskWorker = durableQueue && config.role !== 'api' ? createTaskWorker({
    db, databaseUrl: config.databaseUrl!, verification, concurrency: config.verifyConcurrency, leaseMs: config.taskLeaseMs,
  }) : null;
  const expiry = createExpiry({
    db, storage, removeUpload: (id) => uploads.removeUpload(id), jobChanged,
    abandonedUploadMs: config.uploadExpiryMs, unfinalizedJobMs: config.jobExpiryMs, finalizedJobMs: config.finalizedJobExpiryMs,
    intervalMs: config.expiryIntervalMs,
  });
  const serveOutput = outputs ? createOutputRoute({ db, outputs, secretKey: config.secretKey }) : null;
  const workflows = new WorkflowStore(config.workflowsDir);
  const dispatch = createRoutes({
    config, db, workflows, uploads, storage, verification, events, webhooks, publicUrl, jobChanged,
    originOf: (req) => originOf(nodeHeaders(req.headers)),
  });
  const review = (jobId: string, input: ReviewInput) => recordReview({ db, webhooks, jobChanged, publicUrl }, jobId, input);
  // Issue 16: the shop's portal at /admin/ (its own session cookie, CSRF token and CSP).
  const portal = createAdminPortal({
    config, db, workflows, events, review, jobChanged, outputs, openUpload: (uploadId) => storage.openUpload(uploadId),
    staticDir: options.adminStaticDir ?? fileURLToPath(new URL('../dist/admin', import.meta.url)),
  });

  // Per client: job creations and upload creations (429 + Retry-After past the limit).
  // With PostgreSQL the buckets are shared: the limit holds whichever instance a request reaches.
  const limiter = (perMinute: number, action: string) =>
    db.dialect === 'postgres' ? createSharedRateLimiter(perMinute, db.rates, action) : createRateLimiter(perMinute);
  const limits = { jobs: limiter(config.rateJobsPerMinute, 'jobs'), uploads: limiter(config.rateUploadsPerMinute, 'uploads') };
  const rateLimited = async (req: http.IncomingMessage, res: http.ServerResponse, pathname: string): Promise<boolean> => {
    if (req.method !== 'POST') return false;
    const limiter = pathname === '/v1/jobs' ? limits.jobs : pathname === UPLOADS_PATH || pathname === UPLOADS_PATH + '/' ? limits.uploads : null;
    const wait = (await limiter?.take(clientAddress(req, config.trustProxy))) ?? 0;
    if (wait === 0) return false;
    handleCors(req, res, allowedOrigin);
    res.setHeader('Retry-After', String(wait));
    const what = limiter === limits.jobs ? 'jobs' : 'uploads';
    sendError(res, new ApiError(429, 'rate_limited', `Too many new ${what} from this client; try again in ${wait} s.`));
    return true;
  };

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    const started = Date.now();
    // Never a job token in a log line: EventSource passes it as ?token= (redact.ts).
    if (config.log) res.on('close', () => console.error(`${req.method} ${redactUrl(req.url ?? '/')} ${res.statusCode} ${Date.now() - started}ms`));
    const pathname = new URL(req.url ?? '/', 'http://x').pathname;
    try {
      if (await health(req, res, pathname)) return;
      // A worker serves only its health endpoints: the API lives on the api instances.
      if (config.role === 'worker') throw notFound('This instance is a worker (FILECHECK_ROLE=worker): it serves /healthz and /readyz only.');
      if (await rateLimited(req, res, pathname)) return;
      if (pathname === UPLOADS_PATH || pathname.startsWith(UPLOADS_PATH + '/')) {
        // tus never serves upload bytes back: downloads go through the secret-key route.
        if (req.method === 'GET') throw new ApiError(405, 'method_not_allowed', 'Uploads are not readable here.');
        jsonErrorsFromTus(req, res);
        await uploads.tus.handle(req, res);
        return;
      }
      if (await portal(req, res, pathname)) return;
      if (handleCors(req, res, allowedOrigin)) return;
      bodyDeadline(req, res, config.bodyTimeoutMs);
      if (serveOutput && (await serveOutput(req, res, pathname))) return;
      if (!(await dispatch(req, res, pathname))) throw notFound(`No route ${req.method} ${pathname}.`);
    } catch (err) {
      sendError(res, err);
    }
  };

  // For a load balancer: /healthz (the process answers), /readyz (the database answers and every
  // migration this server knows is applied; 503 with the reason otherwise).
  const health = async (req: http.IncomingMessage, res: http.ServerResponse, pathname: string): Promise<boolean> => {
    if (pathname !== '/healthz' && pathname !== '/readyz') return false;
    if (req.method !== 'GET' && req.method !== 'HEAD') throw new ApiError(405, 'method_not_allowed', 'GET only.');
    res.setHeader('Cache-Control', 'no-store');
    if (pathname === '/healthz') {
      sendJson(res, 200, { ok: true, role: config.role });
      return true;
    }
    const ready = await db.ready();
    sendJson(res, ready.ok ? 200 : 503, { ...ready, role: config.role, database: db.dialect });
    return true;
  };

  const server = http.createServer((req, res) => void handle(req, res));
  // Large uploads stream for minutes; never let Node's default request timeout cut them.
  server.requestTimeout = 0;

  return {
    get url() {
      return url;
    },
    get port() {
      return port;
    },
    db,
    uploads,
    storage,
    verification,
    webhooks,
    events,
    expiry,
    http: server,
    review,
    async listen(p = config.port) {
      await db.migrate();
      // PostgreSQL: job changes reach live clients on every instance.
      if (pool && !options.liveBus) pgBus = await createPgLiveBus({ pool });
      await ensureFirstStaff(db, config.adminEmail, config.adminPassword);
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(p, config.host, () => {
          server.off('error', reject);
          port = (server.address() as AddressInfo).port;
          url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
          // Work left by the previous run: files cut off in 'verifying', and webhooks not delivered yet.
          // (PostgreSQL: tasks survive in the queue; re-queuing a verifying file is a no-op.)
          if (config.role !== 'worker') {
            void verification!.resumeInterrupted().catch((err: unknown) => console.error('[filecheck-server] resuming verifications', err));
            void uploads.finishStranded();
          }
          webhooks.start();
          expiry.start();
          if (taskWorker) {
            taskWorker.start().then(() => resolve(url), reject);
            return;
          }
          resolve(url);
        });
      });
    },
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await expiry.close();
      await webhooks.close();
      await taskWorker?.close();
      await verification!.close();
      // Tasks cut by the stop are given back to the queue before the database closes.
      await taskWorker?.drain();
      await pgBus?.close();
      if (uploadLocker instanceof PgLocker && !options.uploadLocker) await uploadLocker.close();
      await lockPool?.end();
      await db.close();
    },
  };
}

/**
 * tus error bodies are our JSON errors (see onResponseError in uploads.ts), but @tus/server sends
 * them as web Responses with a string body, which get `text/plain`; relabel error responses as JSON
 * so clients and browsers treat them alike. Headers arrive as a flat [name, value, …] list or an object.
 */
function jsonErrorsFromTus(req: http.IncomingMessage, res: http.ServerResponse): void {
  const writeHead = res.writeHead.bind(res) as (...args: unknown[]) => http.ServerResponse;
  const JSON_TYPE = 'application/json; charset=utf-8';
  (res as { writeHead: unknown }).writeHead = (status: number, ...rest: unknown[]) => {
    if (status >= 400) {
      // A refusal in the middle of a large PATCH (type sniffed from the first bytes): tus asks
      // for `Connection: close`, but closing while the client is still sending makes it see a
      // reset instead of our answer. Keep the socket (paused: nothing more is read or stored)
      // long enough for the client to read the refusal, then cut it.
      // A request without a body (creation POST, HEAD) has nothing in flight: tus's
      // `Connection: close` stays, so the client never reuses a socket we are about to cut.
      const hasBody = Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
      const refusingBody = hasBody && !req.readableEnded;
      const headers = rest[rest.length - 1];
      if (Array.isArray(headers)) {
        for (let i = headers.length - 2; i >= 0; i -= 2) {
          const name = String(headers[i]).toLowerCase();
          if (name === 'content-type' || (refusingBody && name === 'connection')) headers.splice(i, 2);
        }
        headers.push('Content-Type', JSON_TYPE);
      } else if (headers && typeof headers === 'object') {
        for (const key of Object.keys(headers)) {
          const name = key.toLowerCase();
          if (name === 'content-type' || (refusingBody && name === 'connection')) delete (headers as Record<string, unknown>)[key];
        }
        (headers as Record<string, unknown>)['Content-Type'] = JSON_TYPE;
      } else {
        res.setHeader('Content-Type', JSON_TYPE);
      }
      if (refusingBody && status === 409) {
        // An offset conflict mid-body is a stale PATCH, typically one the browser re-sent by itself
        // on a fresh connection after a cut one (Chromium does that when a reused connection fails),
        // from an offset we already hold. Every byte more it sends is waste: cut it now, the client
        // asks for the offset (HEAD) either way. (e2e/upload-resilience.spec.ts counts the bytes.)
        res.once('finish', () => req.socket.destroy());
      } else if (refusingBody) {
        res.once('finish', () => setTimeout(() => req.socket.destroy(), REFUSAL_LINGER_MS).unref());
      }
    }
    return writeHead(status, ...rest);
  };
}

/** Uploads one instance writes at once across instances' locks (connections of the lock pool). */
const UPLOAD_LOCK_CONNECTIONS = 32;

/** How long a refused upload's connection stays open so the client can read the refusal. */
const REFUSAL_LINGER_MS = 5_000;
