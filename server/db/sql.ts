// The one thing the repositories (jobs.ts, files.ts, …) need from a database: run a statement with
// `?` parameters, and run a function in a transaction. Two drivers implement it: SQLite
// (sqlite-driver.ts, the embedded default) and PostgreSQL (postgres-driver.ts). The repositories
// write SQL both understand; the few places where the dialects differ ask `dialect`.

export type Row = Record<string, unknown>;
export type Dialect = 'sqlite' | 'postgres';

export interface Sql {
  readonly dialect: Dialect;
  all(text: string, params?: unknown[]): Promise<Row[]>;
  get(text: string, params?: unknown[]): Promise<Row | undefined>;
  /** Returns the number of rows changed. */
  run(text: string, params?: unknown[]): Promise<number>;
  /** Several statements, no parameters (migrations, tests). */
  exec(text: string): Promise<void>;
  /**
   * Run `fn` in one transaction; a throw rolls it back. Inside, `tx` is the transaction's handle:
   * a nested call runs in the same transaction.
   */
  transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T>;
  /**
   * Run `fn` only if no other holder (any instance) has lock `key` now; null when someone has.
   * PostgreSQL: a session advisory lock on a connection held for `fn`'s length. SQLite: one
   * process owns the file, so `fn` simply runs.
   */
  withTryLock<T>(key: number, fn: () => Promise<T>): Promise<T | null>;
  /** True on a handle bound to an open transaction. */
  readonly inTransaction: boolean;
  close(): Promise<void>;
}

export const json = <T>(value: unknown): T | null => (typeof value === 'string' ? (JSON.parse(value) as T) : null);
export const str = (value: unknown): string | null => (value === null || value === undefined ? null : String(value));
export const now = () => new Date().toISOString();
