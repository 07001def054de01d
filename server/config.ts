// Server settings from environment variables, each with a default that works out of the box for
// local development and the demo. Documented in server/README.md.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parsePublicUrl } from './public-url';
import { parseBytes } from './storage-guard';
import type { S3Settings } from './storage';

export interface ServerConfig {
  /** TCP port; 0 picks a free one (tests). */
  port: number;
  host: string;
  /** Holds the SQLite database (jobs.db, unless databaseUrl is set) and, without a bucket, uploads/ and outputs/. */
  dataDir: string;
  /** postgres://… : keep jobs in PostgreSQL (shared by several instances) instead of SQLite. */
  databaseUrl: string | null;
  /**
   * What this process does: `api` (HTTP API and uploads), `worker` (verification and remediation
   * from the queue), `all` (both, the default). api/worker need PostgreSQL.
   */
  role: ServerRole;
  /** A worker's lease on a queued verification; renewed while it runs, retaken by another worker after it runs out. */
  taskLeaseMs: number;
  /** Uploads and production files in an S3-compatible bucket (FILECHECK_S3_*); null: the data directory. */
  s3: S3Settings | null;
  publishableKey: string;
  secretKey: string;
  /** Origins allowed by CORS, besides the server's own origin. */
  allowedOrigins: string[];
  /** Directory of workflow JSON files named `<workflowId>.json`. */
  workflowsDir: string;
  /** Log one line per request to stderr. */
  log: boolean;
  /** Files inspected at the same time (server verification). */
  verifyConcurrency: number;
  /** A file whose inspection takes longer fails with inspect_timeout (its worker is killed). */
  verifyTimeoutMs: number;
  /** URLs that receive signed webhook events (job.created, job.completed). */
  webhookUrls: string[];
  /** HMAC-SHA256 key for the Filecheck-Signature header. */
  webhookSecret: string;
  /** First retry delay; each further retry waits twice as long. */
  webhookRetryBaseMs: number;
  /** Attempts per delivery before it is given up (status 'failed'). */
  webhookMaxAttempts: number;
  /** Per-attempt timeout of a webhook delivery. */
  webhookTimeoutMs: number;
  /** Keep-alive comment interval on GET /v1/jobs/:id/events. */
  sseKeepAliveMs: number;
  /** Origin of every link the server hands out (uploads, tus Location, downloads, webhooks). */
  publicUrl: string | null;
  /** Honour X-Forwarded-Proto / X-Forwarded-Host (only behind a proxy that sets them). */
  trustProxy: boolean;
  /** A JSON request body that has not fully arrived in this time is answered 408. */
  bodyTimeoutMs: number;
  /** Free bytes the disk keeps: an upload that would eat into them is refused (507). */
  minFreeBytes: number;
  /** Cap on all stored upload bytes (null: none but the disk). */
  storageLimitBytes: number | null;
  /** Bytes one job's files may take together (null: no quota). */
  jobQuotaBytes: number | null;
  /** An upload in progress with no new bytes for this long is removed. */
  uploadExpiryMs: number;
  /** A job never finalized and unchanged for this long is removed (null: never). */
  jobExpiryMs: number | null;
  /** A finalized job unchanged for this long is removed (null: never, the default). */
  finalizedJobExpiryMs: number | null;
  /** How often expiry runs. */
  expiryIntervalMs: number;
  /** Heap limit of one inspection (MB); over it the file fails with file_too_complex. */
  verifyMaxHeapMb: number;
  /** A PDF declaring more objects is refused before inspection (file_too_complex). */
  verifyMaxPdfObjects: number;
  /** With 2+ workers, one takes only files up to this size (a lane big files cannot block). */
  verifySmallFileBytes: number;
  /** Jobs one client may create per minute (0: no limit). */
  rateJobsPerMinute: number;
  /** Uploads one client may start per minute (0: no limit). */
  rateUploadsPerMinute: number;
  /** The first staff account of the portal, created at start when there is none (issue 16). */
  adminEmail: string | null;
  adminPassword: string | null;
}

export type ServerRole = 'api' | 'worker' | 'all';

function role(value: string | undefined): ServerRole {
  if (value === undefined || value === '') return 'all';
  if (value === 'api' || value === 'worker' || value === 'all') return value;
  throw new Error(`FILECHECK_ROLE must be api, worker or all: ${value}`);
}

export const DEFAULT_ALLOWED_ORIGINS = ['http://localhost:5173', 'http://127.0.0.1:5173'];

function list(value: string | undefined): string[] | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  return value.split(',').map((s) => s.trim().replace(/\/+$/, '')).filter(Boolean);
}

function flag(name: string, value: string | undefined): boolean {
  if (value === undefined || value === '' || value === '0' || value === 'false') return false;
  if (value === '1' || value === 'true') return true;
  throw new Error(`${name} must be 1 or 0: ${value}`);
}

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

/** A duration in `unitMs` units (fractions allowed); 0 means never (null). */
function duration(name: string, value: string | undefined, unitMs: number, fallback: number): number | null {
  const n = value === undefined || value === '' ? fallback : Number(value);
  if (!Number.isFinite(n) || n < 0) throw new Error(`${name} must be a number of 0 or more: ${value}`);
  return n === 0 ? null : n * unitMs;
}

function wholeOrZero(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a whole number of 0 or more: ${value}`);
  return n;
}

function positiveInt(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a whole number of 1 or more: ${value}`);
  return n;
}

function port(value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`FILECHECK_PORT is not a port: ${value}`);
  return n;
}

/**
 * The demo workflows served when FILECHECK_WORKFLOWS_DIR is not set: beside the compiled code in
 * the server package (dist/default-workflows, copied by scripts/build-server.mjs), else the source
 * tree's demo/workflows — found from this file, not from the working directory.
 */
export function defaultWorkflowsDir(): string {
  const shipped = fileURLToPath(new URL('./default-workflows', import.meta.url));
  return fs.existsSync(shipped) ? shipped : fileURLToPath(new URL('../demo/workflows', import.meta.url));
}

/** FILECHECK_S3_BUCKET selects the bucket; the rest only matters with it. */
function s3Settings(env: NodeJS.ProcessEnv): S3Settings | null {
  const bucket = env.FILECHECK_S3_BUCKET?.trim();
  if (!bucket) return null;
  const endpoint = env.FILECHECK_S3_ENDPOINT?.trim() || null;
  if (endpoint && !/^https?:\/\//i.test(endpoint)) throw new Error(`FILECHECK_S3_ENDPOINT must be an http(s) URL: ${endpoint}`);
  const accessKeyId = env.AWS_ACCESS_KEY_ID || null;
  const secretAccessKey = env.AWS_SECRET_ACCESS_KEY || null;
  if (!accessKeyId !== !secretAccessKey) throw new Error('AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY go together');
  return {
    bucket, endpoint,
    // R2 takes "auto"; MinIO and s3-compatible services accept any name.
    region: env.FILECHECK_S3_REGION?.trim() || env.AWS_REGION?.trim() || 'us-east-1',
    forcePathStyle: flag('FILECHECK_S3_FORCE_PATH_STYLE', env.FILECHECK_S3_FORCE_PATH_STYLE),
    accessKeyId, secretAccessKey,
  };
}

/** Read the configuration from `env` (process.env by default); `overrides` win (tests). */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<ServerConfig> = {}): ServerConfig {
  const config: ServerConfig = {
    port: port(env.FILECHECK_PORT, 8787),
    host: env.FILECHECK_HOST || '127.0.0.1',
    dataDir: path.resolve(env.FILECHECK_DATA_DIR || './.data'),
    databaseUrl: env.FILECHECK_DATABASE_URL || null,
    role: role(env.FILECHECK_ROLE),
    taskLeaseMs: positiveInt('FILECHECK_TASK_LEASE_SECONDS', env.FILECHECK_TASK_LEASE_SECONDS, 30) * 1000,
    s3: s3Settings(env),
    publishableKey: env.FILECHECK_PUBLISHABLE_KEY || 'pk_test_demo',
    secretKey: env.FILECHECK_SECRET_KEY || 'sk_test_demo',
    allowedOrigins: list(env.FILECHECK_ALLOWED_ORIGINS) ?? DEFAULT_ALLOWED_ORIGINS,
    workflowsDir: env.FILECHECK_WORKFLOWS_DIR ? path.resolve(env.FILECHECK_WORKFLOWS_DIR) : defaultWorkflowsDir(),
    log: env.FILECHECK_LOG === '1',
    verifyConcurrency: positiveInt('FILECHECK_VERIFY_CONCURRENCY', env.FILECHECK_VERIFY_CONCURRENCY, 2),
    verifyTimeoutMs: positiveInt('FILECHECK_VERIFY_TIMEOUT_MS', env.FILECHECK_VERIFY_TIMEOUT_MS, 60_000),
    webhookUrls: (env.FILECHECK_WEBHOOK_URLS ?? '').split(',').map((u) => u.trim()).filter(Boolean),
    webhookSecret: env.FILECHECK_WEBHOOK_SECRET || 'whsec_test_demo',
    webhookRetryBaseMs: positiveInt('FILECHECK_WEBHOOK_RETRY_MS', env.FILECHECK_WEBHOOK_RETRY_MS, 10_000),
    webhookMaxAttempts: positiveInt('FILECHECK_WEBHOOK_MAX_ATTEMPTS', env.FILECHECK_WEBHOOK_MAX_ATTEMPTS, 8),
    webhookTimeoutMs: positiveInt('FILECHECK_WEBHOOK_TIMEOUT_MS', env.FILECHECK_WEBHOOK_TIMEOUT_MS, 10_000),
    sseKeepAliveMs: 15_000,
    publicUrl: env.FILECHECK_PUBLIC_URL ? parsePublicUrl(env.FILECHECK_PUBLIC_URL) : null,
    trustProxy: flag('FILECHECK_TRUST_PROXY', env.FILECHECK_TRUST_PROXY),
    bodyTimeoutMs: positiveInt('FILECHECK_BODY_TIMEOUT_MS', env.FILECHECK_BODY_TIMEOUT_MS, 10_000),
    minFreeBytes: parseBytes('FILECHECK_MIN_FREE_BYTES', env.FILECHECK_MIN_FREE_BYTES, 512 * 1024 ** 2)!,
    storageLimitBytes: parseBytes('FILECHECK_STORAGE_LIMIT_BYTES', env.FILECHECK_STORAGE_LIMIT_BYTES, null) || null,
    jobQuotaBytes: parseBytes('FILECHECK_JOB_QUOTA_BYTES', env.FILECHECK_JOB_QUOTA_BYTES, 5 * 1024 ** 3) || null,
    uploadExpiryMs: duration('FILECHECK_UPLOAD_EXPIRY_HOURS', env.FILECHECK_UPLOAD_EXPIRY_HOURS, HOUR, 24) ?? 24 * HOUR,
    jobExpiryMs: duration('FILECHECK_JOB_EXPIRY_DAYS', env.FILECHECK_JOB_EXPIRY_DAYS, DAY, 30),
    finalizedJobExpiryMs: duration('FILECHECK_FINALIZED_JOB_EXPIRY_DAYS', env.FILECHECK_FINALIZED_JOB_EXPIRY_DAYS, DAY, 0),
    verifyMaxHeapMb: positiveInt('FILECHECK_VERIFY_MAX_HEAP_MB', env.FILECHECK_VERIFY_MAX_HEAP_MB, 512),
    verifySmallFileBytes: parseBytes('FILECHECK_VERIFY_SMALL_FILE_BYTES', env.FILECHECK_VERIFY_SMALL_FILE_BYTES, 32 * 1024 ** 2)!,
    verifyMaxPdfObjects: positiveInt('FILECHECK_VERIFY_MAX_PDF_OBJECTS', env.FILECHECK_VERIFY_MAX_PDF_OBJECTS, 500_000),
    rateJobsPerMinute: wholeOrZero('FILECHECK_RATE_JOBS_PER_MINUTE', env.FILECHECK_RATE_JOBS_PER_MINUTE, 120),
    rateUploadsPerMinute: wholeOrZero('FILECHECK_RATE_UPLOADS_PER_MINUTE', env.FILECHECK_RATE_UPLOADS_PER_MINUTE, 600),
    expiryIntervalMs: duration('FILECHECK_EXPIRY_INTERVAL_MINUTES', env.FILECHECK_EXPIRY_INTERVAL_MINUTES, 60_000, 60) ?? HOUR,
    adminEmail: env.FILECHECK_ADMIN_EMAIL || null,
    adminPassword: env.FILECHECK_ADMIN_PASSWORD || null,
    ...overrides,
  };
  if (!config.publishableKey.startsWith('pk_')) throw new Error('FILECHECK_PUBLISHABLE_KEY must start with pk_');
  if (!config.secretKey.startsWith('sk_')) throw new Error('FILECHECK_SECRET_KEY must start with sk_');
  if (config.databaseUrl !== null && !/^postgres(ql)?:\/\//i.test(config.databaseUrl)) {
    throw new Error('FILECHECK_DATABASE_URL must be a postgres:// URL (leave it unset for the embedded SQLite database)');
  }
  if (config.role !== 'all' && config.databaseUrl === null) {
    throw new Error(`FILECHECK_ROLE=${config.role} needs FILECHECK_DATABASE_URL (PostgreSQL): with the embedded SQLite database one process does everything (role all)`);
  }
  for (const url of config.webhookUrls) {
    if (!/^https?:\/\//i.test(url)) throw new Error(`FILECHECK_WEBHOOK_URLS: not an http(s) URL: ${url}`);
  }
  return config;
}
