// The job database: one asynchronous repository per table group over a Sql handle (sql.ts).
// SQLite in the data directory by default (zero setup); PostgreSQL when a postgres:// URL is set
// (FILECHECK_DATABASE_URL), so several server instances can share it.
import { Deliveries } from './deliveries';
import { Files } from './files';
import { IdempotencyKeys } from './idempotency';
import { Jobs, type WorkflowCache } from './jobs';
import { appliedVersions, migrate, schemaVersion } from './migrate';
import { OutputRows } from './outputs';
import { openPostgres } from './postgres-driver';
import { openSqlite } from './sqlite-driver';
import type { Sql } from './sql';
import { Staff } from './staff';
import { Tasks } from './tasks';
import { RateBuckets } from './rates';
import { SignInFailures } from './sign-ins';

export type { FileRecord, FilePatch, NewFile } from './files';
export type { JobOrder, JobRecord } from './jobs';
export type { IdempotencyRecord } from './idempotency';
export type { WebhookDelivery } from './deliveries';
export type { TaskRow } from './tasks';
export type { Sql, Row } from './sql';
export { DatabaseFileError } from './sqlite-driver';
export { schemaVersion } from './migrate';

export class Database {
  readonly jobs: Jobs;
  readonly files: Files;
  readonly idempotency: IdempotencyKeys;
  readonly deliveries: Deliveries;
  readonly staff: Staff;
  readonly outputs: OutputRows;
  /** The durable verification queue (PostgreSQL only: its table exists there). */
  readonly tasks: Tasks;
  /** Rate limits shared by all instances (PostgreSQL only). */
  readonly rates: RateBuckets;
  /** The portal's failed sign-ins, shared by all instances (PostgreSQL only). */
  readonly signIns: SignInFailures;

  constructor(readonly sql: Sql, private readonly versions: WorkflowCache = new Map()) {
    this.jobs = new Jobs(sql, versions);
    this.files = new Files(sql);
    this.idempotency = new IdempotencyKeys(sql);
    this.deliveries = new Deliveries(sql);
    this.staff = new Staff(sql);
    this.outputs = new OutputRows(sql);
    this.tasks = new Tasks(sql);
    this.rates = new RateBuckets(sql);
    this.signIns = new SignInFailures(sql);
  }

  get dialect() {
    return this.sql.dialect;
  }

  /** Run `fn` with repositories bound to one transaction. */
  transaction<T>(fn: (tx: Database) => Promise<T>): Promise<T> {
    return this.sql.transaction((tx) => fn(new Database(tx, this.versions)));
  }

  /** Bring the schema up to date (server start) and move legacy inline workflows. */
  async migrate(): Promise<number[]> {
    const applied = await migrate(this.sql);
    await this.jobs.moveInlineWorkflows();
    return applied;
  }

  /** Readiness: the database answers and every migration this server knows is applied. */
  async ready(): Promise<{ ok: true } | { ok: false; reason: string }> {
    try {
      const applied = await appliedVersions(this.sql);
      const want = schemaVersion(this.sql.dialect);
      if (applied.length < want) return { ok: false, reason: `schema at ${applied.length} of ${want} migrations` };
      return { ok: true };
    } catch (err) {
      return { ok: false, reason: `database unreachable: ${(err as Error).message}` };
    }
  }

  close(): Promise<void> {
    return this.sql.close();
  }
}

/** Whether a FILECHECK_DATABASE_URL names PostgreSQL. */
export const isPostgresUrl = (url: string | null | undefined): url is string => !!url && /^postgres(ql)?:\/\//i.test(url);

/**
 * Open (not yet migrate) the database: PostgreSQL for a postgres:// URL, else SQLite in
 * `dataDir`. SQLite checks the file at once (DatabaseFileError: empty, foreign, newer schema).
 */
export function openDatabase(opts: { dataDir: string; databaseUrl?: string | null; poolSize?: number }): Database {
  if (isPostgresUrl(opts.databaseUrl)) return new Database(openPostgres(opts.databaseUrl, { max: opts.poolSize ?? 10 }));
  return new Database(openSqlite(opts.dataDir, schemaVersion('sqlite')));
}
