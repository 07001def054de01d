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
});
