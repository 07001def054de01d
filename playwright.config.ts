// End-to-end tests: real Chromium against the real built bundles, served by two static servers
// on different origins (the page's, and a "CDN" that serves dist/ with CORS).
import { defineConfig } from '@playwright/test';
import { existsSync } from 'node:fs';

function chromiumPath(): string | undefined {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  if (existsSync('/usr/bin/chromium')) return '/usr/bin/chromium';
  return undefined; // fall back to Playwright's own browser where one is installed
}

export const PAGE_ORIGIN = 'http://127.0.0.1:4173';
export const CDN_ORIGIN = 'http://localhost:4174';
export const SERVER_URL = 'http://127.0.0.1:8788';

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
    { command: 'node scripts/static-server.mjs . 4173', url: `${PAGE_ORIGIN}/demo/index.html`, reuseExistingServer: !process.env.CI },
    { command: 'node scripts/static-server.mjs dist 4174 --cors', url: `${CDN_ORIGIN}/filecheck.js`, reuseExistingServer: !process.env.CI },
    {
      // the reference server, fresh data dir per run
      command: 'rm -rf .data/e2e && node --import tsx server/main.ts',
      url: `${SERVER_URL}/v1/health`,
      reuseExistingServer: !process.env.CI,
      env: {
        FILECHECK_PORT: '8788',
        FILECHECK_DATA_DIR: '.data/e2e',
        FILECHECK_WORKFLOWS_DIR: 'e2e/workflows',
        FILECHECK_ALLOWED_ORIGINS: `${PAGE_ORIGIN},${CDN_ORIGIN}`,
      },
    },
  ],
});
