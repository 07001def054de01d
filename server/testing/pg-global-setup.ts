// Vitest globalSetup: with FILECHECK_TEST_DB=postgres, one throw-away PostgreSQL cluster for the
// whole run (pg-cluster.ts); each server test gets its own database in it (test-support.ts).
// Without it nothing starts: the tests use SQLite in their temporary data directories.
import type { TestProject } from 'vitest/node';
import { startPgCluster, type PgCluster } from './pg-cluster';

declare module 'vitest' {
  export interface ProvidedContext {
    /** postgres:// URL of the run's cluster (its `postgres` database); '' when testing on SQLite. */
    pgAdminUrl: string;
  }
}

let cluster: PgCluster | null = null;

export async function setup(project: TestProject): Promise<void> {
  if (process.env.FILECHECK_TEST_DB !== 'postgres') {
    project.provide('pgAdminUrl', '');
    return;
  }
  cluster = await startPgCluster();
  project.provide('pgAdminUrl', cluster.adminUrl);
  // Test workers are forked after global setup and inherit this (test-support.ts reads it; it is
  // also what tsx scripts such as bench/ would set by hand).
  process.env.FILECHECK_TEST_PG_ADMIN_URL = cluster.adminUrl;
}

export async function teardown(): Promise<void> {
  cluster?.stop();
  cluster = null;
}
