import { defineConfig } from 'vitest/config';

// Unit and integration tests that run in Node: core logic, inspectors on real files, the server.
// Browser behaviour is covered by Playwright in e2e/.
export default defineConfig({
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'workers/**/*.test.ts', 'server/**/*.test.ts', 'bench/**/*.test.ts', 'bin/**/*.test.ts', 'demo/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // FILECHECK_TEST_DB=postgres: the server tests run on a throw-away PostgreSQL cluster.
    globalSetup: ['server/testing/pg-global-setup.ts'],
  },
});
