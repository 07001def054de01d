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
}

export const DEFAULT_ALLOWED_ORIGINS = ['http://localhost:5173', 'http://127.0.0.1:5173'];

function list(value: string | undefined): string[] | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  return value.split(',').map((s) => s.trim().replace(/\/+$/, '')).filter(Boolean);
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
    ...overrides,
  };
  if (!config.publishableKey.startsWith('pk_')) throw new Error('FILECHECK_PUBLISHABLE_KEY must start with pk_');
  if (!config.secretKey.startsWith('sk_')) throw new Error('FILECHECK_SECRET_KEY must start with sk_');
  return config;
}
