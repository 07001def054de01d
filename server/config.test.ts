// Settings: defaults that work, environment variables that override them, keys that are checked.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './config';

describe('loadConfig', () => {
  it('has working defaults', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      port: 8787, host: '127.0.0.1', publishableKey: 'pk_test_demo', secretKey: 'sk_test_demo',
      allowedOrigins: ['http://localhost:5173', 'http://127.0.0.1:5173'],
    });
    expect(c.dataDir).toBe(path.resolve('.data'));
    expect(c.workflowsDir).toBe(path.resolve('demo/workflows'));
  });

  it('reads the FILECHECK_* variables', () => {
    const c = loadConfig({
      FILECHECK_PORT: '0', FILECHECK_HOST: '0.0.0.0', FILECHECK_DATA_DIR: '/tmp/fc', FILECHECK_PUBLISHABLE_KEY: 'pk_live_x',
      FILECHECK_SECRET_KEY: 'sk_live_y', FILECHECK_ALLOWED_ORIGINS: 'https://a.example/, https://b.example', FILECHECK_WORKFLOWS_DIR: '/srv/wf',
    });
    expect(c).toMatchObject({
      port: 0, host: '0.0.0.0', dataDir: '/tmp/fc', publishableKey: 'pk_live_x', secretKey: 'sk_live_y',
      allowedOrigins: ['https://a.example', 'https://b.example'], workflowsDir: '/srv/wf',
    });
  });

  it('SQLite by default, all roles in one process; PostgreSQL and roles by setting', () => {
    expect(loadConfig({})).toMatchObject({ databaseUrl: null, role: 'all', taskLeaseMs: 30_000 });
    expect(loadConfig({ FILECHECK_DATABASE_URL: 'postgres://db.internal/filecheck', FILECHECK_ROLE: 'worker', FILECHECK_TASK_LEASE_SECONDS: '10' }))
      .toMatchObject({ databaseUrl: 'postgres://db.internal/filecheck', role: 'worker', taskLeaseMs: 10_000 });
    expect(() => loadConfig({ FILECHECK_ROLE: 'api' })).toThrow(/needs FILECHECK_DATABASE_URL/);
    expect(() => loadConfig({ FILECHECK_ROLE: 'boss', FILECHECK_DATABASE_URL: 'postgres://x/y' })).toThrow(/api, worker or all/);
    expect(() => loadConfig({ FILECHECK_DATABASE_URL: 'mysql://x/y' })).toThrow(/postgres:\/\//);
  });

  it('reads the verification and webhook settings', () => {
    expect(loadConfig({})).toMatchObject({
      verifyConcurrency: 2, verifyTimeoutMs: 60_000, webhookUrls: [], webhookSecret: 'whsec_test_demo',
      webhookRetryBaseMs: 10_000, webhookMaxAttempts: 8, publicUrl: null,
    });
    const c = loadConfig({
      FILECHECK_VERIFY_CONCURRENCY: '4', FILECHECK_VERIFY_TIMEOUT_MS: '5000', FILECHECK_WEBHOOK_URLS: 'https://a.example/hook/, http://b.example/h',
      FILECHECK_WEBHOOK_SECRET: 'whsec_live', FILECHECK_WEBHOOK_RETRY_MS: '100', FILECHECK_WEBHOOK_MAX_ATTEMPTS: '3', FILECHECK_PUBLIC_URL: 'https://files.example/',
    });
    expect(c).toMatchObject({
      verifyConcurrency: 4, verifyTimeoutMs: 5000, webhookUrls: ['https://a.example/hook/', 'http://b.example/h'],
      webhookSecret: 'whsec_live', webhookRetryBaseMs: 100, webhookMaxAttempts: 3, publicUrl: 'https://files.example',
    });
    expect(() => loadConfig({ FILECHECK_WEBHOOK_URLS: 'ftp://x' })).toThrow(/http/);
    expect(() => loadConfig({ FILECHECK_VERIFY_CONCURRENCY: '0' })).toThrow(/FILECHECK_VERIFY_CONCURRENCY/);
  });

  it('refuses keys of the wrong kind and bad ports', () => {
    expect(() => loadConfig({ FILECHECK_SECRET_KEY: 'pk_test_demo' })).toThrow(/sk_/);
    expect(() => loadConfig({ FILECHECK_PUBLISHABLE_KEY: 'sk_test_demo' })).toThrow(/pk_/);
    expect(() => loadConfig({ FILECHECK_PORT: 'http' })).toThrow(/port/);
  });

  it('reads the issue 12 settings: proxy, body timeout, storage, expiry, limits', () => {
    const HOUR = 3600_000;
    expect(loadConfig({})).toMatchObject({
      trustProxy: false, bodyTimeoutMs: 10_000, minFreeBytes: 512 * 1024 ** 2, storageLimitBytes: null, jobQuotaBytes: 5 * 1024 ** 3,
      uploadExpiryMs: 24 * HOUR, jobExpiryMs: 30 * 24 * HOUR, finalizedJobExpiryMs: null, expiryIntervalMs: HOUR,
      verifyMaxHeapMb: 512, verifyMaxPdfObjects: 500_000, verifySmallFileBytes: 32 * 1024 ** 2,
      rateJobsPerMinute: 120, rateUploadsPerMinute: 600, webhookTimeoutMs: 10_000,
    });
    const c = loadConfig({
      FILECHECK_TRUST_PROXY: '1', FILECHECK_BODY_TIMEOUT_MS: '500', FILECHECK_MIN_FREE_BYTES: '2G', FILECHECK_STORAGE_LIMIT_BYTES: '100M',
      FILECHECK_JOB_QUOTA_BYTES: '0', FILECHECK_UPLOAD_EXPIRY_HOURS: '0.5', FILECHECK_JOB_EXPIRY_DAYS: '0', FILECHECK_FINALIZED_JOB_EXPIRY_DAYS: '365',
      FILECHECK_RATE_JOBS_PER_MINUTE: '0', FILECHECK_WEBHOOK_TIMEOUT_MS: '3000', FILECHECK_PUBLIC_URL: 'https://files.example/intake/',
    });
    expect(c).toMatchObject({
      trustProxy: true, bodyTimeoutMs: 500, minFreeBytes: 2 * 1024 ** 3, storageLimitBytes: 100 * 1024 ** 2, jobQuotaBytes: null,
      uploadExpiryMs: HOUR / 2, jobExpiryMs: null, finalizedJobExpiryMs: 365 * 24 * HOUR, rateJobsPerMinute: 0, webhookTimeoutMs: 3000,
      publicUrl: 'https://files.example/intake',
    });
    expect(() => loadConfig({ FILECHECK_TRUST_PROXY: 'yes' })).toThrow(/FILECHECK_TRUST_PROXY/);
    expect(() => loadConfig({ FILECHECK_MIN_FREE_BYTES: 'lots' })).toThrow(/FILECHECK_MIN_FREE_BYTES/);
    expect(() => loadConfig({ FILECHECK_PUBLIC_URL: 'files.example' })).toThrow(/FILECHECK_PUBLIC_URL/);
    expect(() => loadConfig({ FILECHECK_PUBLIC_URL: 'https://files.example/?x=1' })).toThrow(/FILECHECK_PUBLIC_URL/);
  });

  it('stores on disk unless FILECHECK_S3_BUCKET is set; reads the S3 settings with it', () => {
    expect(loadConfig({}).s3).toBeNull();
    expect(loadConfig({ FILECHECK_S3_ENDPOINT: 'http://minio:9000' }).s3).toBeNull();
    expect(loadConfig({
      FILECHECK_S3_BUCKET: 'prints', FILECHECK_S3_ENDPOINT: 'http://minio:9000', FILECHECK_S3_REGION: 'auto', FILECHECK_S3_FORCE_PATH_STYLE: '1',
      AWS_ACCESS_KEY_ID: 'AKIA…', AWS_SECRET_ACCESS_KEY: 'secret',
    }).s3).toEqual({ bucket: 'prints', endpoint: 'http://minio:9000', region: 'auto', forcePathStyle: true, accessKeyId: 'AKIA…', secretAccessKey: 'secret' });
    // AWS S3 with the SDK's own credentials (instance role): region from AWS_REGION.
    expect(loadConfig({ FILECHECK_S3_BUCKET: 'prints', AWS_REGION: 'eu-central-1' }).s3).toEqual({
      bucket: 'prints', endpoint: null, region: 'eu-central-1', forcePathStyle: false, accessKeyId: null, secretAccessKey: null,
    });
    expect(() => loadConfig({ FILECHECK_S3_BUCKET: 'prints', FILECHECK_S3_ENDPOINT: 'minio:9000' })).toThrow(/FILECHECK_S3_ENDPOINT/);
    expect(() => loadConfig({ FILECHECK_S3_BUCKET: 'prints', AWS_ACCESS_KEY_ID: 'AKIA…' })).toThrow(/go together/);
  });
});
