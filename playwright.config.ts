// End-to-end tests: real Chromium against the real built bundles, served by two static servers
// on different origins (the page's, and a "CDN" that serves dist/ with CORS).
import { defineConfig } from '@playwright/test';
import { existsSync } from 'node:fs';

function chromiumPath(): string | undefined {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  if (existsSync('/usr/bin/chromium')) return '/usr/bin/chromium';
  return undefined; // fall back to Playwright's own browser where one is installed
}

import { CDN_ORIGIN, PAGE_ORIGIN, PAGE_PORT, SERVER_URL } from './e2e/ports';

// Test pages derive the CDN and server addresses from their own port (see e2e/ports.ts).
const DATA_DIR = `.data/e2e-${PAGE_PORT}`;

export default defineConfig({
  testDir: 'e2e',
  testMatch: /.*\.spec\.ts/,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: true,
  workers: process.env.CI ? 2 : 2,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL: PAGE_ORIGIN,
    browserName: 'chromium',
    launchOptions: {
      executablePath: chromiumPath(),
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-quic', '--no-first-run', '--disable-sync'],
    },
  },
  webServer: [
    { command: `node scripts/static-server.mjs . ${PAGE_PORT}`, url: `${PAGE_ORIGIN}/demo/index.html`, reuseExistingServer: !process.env.CI },
    { command: `node scripts/static-server.mjs dist ${PAGE_PORT + 1} --cors`, url: `${CDN_ORIGIN}/filecheck.js`, reuseExistingServer: !process.env.CI },
    {
      // the reference server, fresh data dir per run
      command: `rm -rf ${DATA_DIR} && node --import tsx server/main.ts`,
      url: `${SERVER_URL}/v1/health`,
      reuseExistingServer: !process.env.CI,
      env: {
        FILECHECK_PORT: String(PAGE_PORT + 615),
        FILECHECK_DATA_DIR: DATA_DIR,
        FILECHECK_WORKFLOWS_DIR: 'e2e/workflows',
        FILECHECK_ALLOWED_ORIGINS: `${PAGE_ORIGIN},${CDN_ORIGIN}`,
        // every test's browser is one client (127.0.0.1): per-client rate limits off (server/fairness.test.ts covers them)
        FILECHECK_RATE_JOBS_PER_MINUTE: '0',
        FILECHECK_RATE_UPLOADS_PER_MINUTE: '0',
        // The portal's first staff account (e2e/portal.spec.ts).
        FILECHECK_ADMIN_EMAIL: 'staff@e2e.example',
        FILECHECK_ADMIN_PASSWORD: 'e2e staff password',
      },
    },
  ],
});
