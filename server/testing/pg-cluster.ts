// A throw-away PostgreSQL cluster for tests and benchmarks: `initdb` into a temporary directory,
// `pg_ctl start` on a loopback port with a Unix socket in the same directory, one database per
// caller. Uses Debian's PostgreSQL binaries (installed by .ci/run when missing). Nothing here is a
// mock: the tests talk to a real postgres process.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './free-port';

export interface PgCluster {
  /** postgres://… URL of the cluster's `postgres` database. */
  readonly adminUrl: string;
  /** A fresh, empty database; returns its connection URL. */
  createDatabase(name?: string): Promise<string>;
  stop(): void;
}

const BIN_DIRS = ['/usr/lib/postgresql/17/bin', '/usr/lib/postgresql/16/bin', '/usr/lib/postgresql/15/bin', '/usr/local/bin', '/usr/bin'];

/** Path of a PostgreSQL server binary (initdb, pg_ctl, postgres), or null when none is installed. */
export function pgBinary(name: 'initdb' | 'pg_ctl' | 'postgres'): string | null {
  const fromEnv = process.env.PG_BIN_DIR;
  for (const dir of fromEnv ? [fromEnv, ...BIN_DIRS] : BIN_DIRS) {
    const candidate = path.join(dir, name);
    if (fs.existsSync(candidate)) return candidate;
  }
  return null;
}


/** initdb refuses to run as root; when we are root, run the binaries as the `postgres` user. */
function asPgUser(cmd: string, args: string[]): [string, string[]] {
  if (typeof process.getuid === 'function' && process.getuid() === 0) {
    return ['runuser', ['-u', 'postgres', '--', cmd, ...args]];
  }
  return [cmd, args];
}

let counter = 0;

export async function startPgCluster(): Promise<PgCluster> {
  const initdb = pgBinary('initdb');
  const pgCtl = pgBinary('pg_ctl');
  if (!initdb || !pgCtl) throw new Error('PostgreSQL is not installed (initdb/pg_ctl not found); .ci/run installs it');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'filecheck-pg-'));
  const dataDir = path.join(dir, 'data');
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  if (root) {
    fs.chmodSync(dir, 0o777);
  }
  const port = await freePort();
  const [c1, a1] = asPgUser(initdb, ['-D', dataDir, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8', '--locale=C']);
  execFileSync(c1, a1, { stdio: 'pipe' });
  const opts = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`;
  const [c2, a2] = asPgUser(pgCtl, ['-D', dataDir, '-l', path.join(dir, 'log'), '-o', opts, '-w', 'start']);
  execFileSync(c2, a2, { stdio: 'pipe' });
  const adminUrl = `postgres://postgres@127.0.0.1:${port}/postgres`;
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    const [c3, a3] = asPgUser(pgCtl, ['-D', dataDir, '-m', 'immediate', '-w', 'stop']);
    spawnSync(c3, a3, { stdio: 'ignore' });
    fs.rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', stop);
  return {
    adminUrl,
    createDatabase: (name) => createDatabaseAt(adminUrl, name),
    stop,
  };
}

/** A fresh, empty database in the cluster of `adminUrl` (its `postgres` database); returns its URL. */
export async function createDatabaseAt(adminUrl: string, name?: string): Promise<string> {
  const db = (name ?? `t_${process.pid}_${Date.now().toString(36)}_${counter++}`).replace(/[^A-Za-z0-9_]/g, '');
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE "${db}"`);
  } finally {
    await client.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${db}`;
  return url.toString();
}
