// Server settings from environment variables, each with a default that works out of the box for
// local development and the demo. Documented in server/README.md.
import path from 'node:path';

export interface ServerConfig {
  /** TCP port; 0 picks a free one (tests). */
  port: number;
  host: string;
  /** Holds the SQLite database (jobs.db) and the tus upload store (uploads/). */
  dataDir: string;
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
  /** Keep-alive comment interval on GET /v1/jobs/:id/events. */
  sseKeepAliveMs: number;
  /** Origin for links in webhook payloads (downloadUrl); default: the listening URL. */
  publicUrl: string | null;
  /** The first staff account of the portal, created at start when there is none (issue 16). */
  adminEmail: string | null;
  adminPassword: string | null;
}

export const DEFAULT_ALLOWED_ORIGINS = ['http://localhost:5173', 'http://127.0.0.1:5173'];

function list(value: string | undefined): string[] | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  return value.split(',').map((s) => s.trim().replace(/\/+$/, '')).filter(Boolean);
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

/** Read the configuration from `env` (process.env by default); `overrides` win (tests). */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<ServerConfig> = {}): ServerConfig {
  const config: ServerConfig = {
    port: port(env.FILECHECK_PORT, 8787),
    host: env.FILECHECK_HOST || '127.0.0.1',
    dataDir: path.resolve(env.FILECHECK_DATA_DIR || './.data'),
    publishableKey: env.FILECHECK_PUBLISHABLE_KEY || 'pk_test_demo',
    secretKey: env.FILECHECK_SECRET_KEY || 'sk_test_demo',
    allowedOrigins: list(env.FILECHECK_ALLOWED_ORIGINS) ?? DEFAULT_ALLOWED_ORIGINS,
    workflowsDir: path.resolve(env.FILECHECK_WORKFLOWS_DIR || 'demo/workflows'),
    log: env.FILECHECK_LOG === '1',
    verifyConcurrency: positiveInt('FILECHECK_VERIFY_CONCURRENCY', env.FILECHECK_VERIFY_CONCURRENCY, 2),
    verifyTimeoutMs: positiveInt('FILECHECK_VERIFY_TIMEOUT_MS', env.FILECHECK_VERIFY_TIMEOUT_MS, 60_000),
    webhookUrls: (env.FILECHECK_WEBHOOK_URLS ?? '').split(',').map((u) => u.trim()).filter(Boolean),
    webhookSecret: env.FILECHECK_WEBHOOK_SECRET || 'whsec_test_demo',
    webhookRetryBaseMs: positiveInt('FILECHECK_WEBHOOK_RETRY_MS', env.FILECHECK_WEBHOOK_RETRY_MS, 10_000),
    webhookMaxAttempts: positiveInt('FILECHECK_WEBHOOK_MAX_ATTEMPTS', env.FILECHECK_WEBHOOK_MAX_ATTEMPTS, 8),
    sseKeepAliveMs: 15_000,
    publicUrl: env.FILECHECK_PUBLIC_URL ? env.FILECHECK_PUBLIC_URL.replace(/\/+$/, '') : null,
    adminEmail: env.FILECHECK_ADMIN_EMAIL || null,
    adminPassword: env.FILECHECK_ADMIN_PASSWORD || null,
    ...overrides,
  };
  if (!config.publishableKey.startsWith('pk_')) throw new Error('FILECHECK_PUBLISHABLE_KEY must start with pk_');
  if (!config.secretKey.startsWith('sk_')) throw new Error('FILECHECK_SECRET_KEY must start with sk_');
  for (const url of config.webhookUrls) {
    if (!/^https?:\/\//i.test(url)) throw new Error(`FILECHECK_WEBHOOK_URLS: not an http(s) URL: ${url}`);
  }
  return config;
}
