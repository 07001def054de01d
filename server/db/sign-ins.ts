// The portal's failed sign-ins per key (an e-mail, a client address) in PostgreSQL, so the limit
// of admin/auth.ts holds across every API instance. One row per failure: the limit is a sliding
// window, counted at the moment of asking.
import type { Sql } from './sql';

export class SignInFailures {
  constructor(private readonly sql: Sql) {}

  async record(key: string, at: number): Promise<void> {
    await this.sql.run('INSERT INTO sign_in_failures (key, at) VALUES (?, ?)', [key, at]);
  }

  /** Failures of `key` after `since` (unix ms): how many, and when the oldest of them was. */
  async since(key: string, since: number): Promise<{ count: number; oldest: number | null }> {
    const row = await this.sql.get('SELECT COUNT(*) AS n, MIN(at) AS oldest FROM sign_in_failures WHERE key = ? AND at > ?', [key, since]);
    return { count: Number(row?.n ?? 0), oldest: row?.oldest === null || row?.oldest === undefined ? null : Number(row.oldest) };
  }

  async clear(key: string): Promise<void> {
    await this.sql.run('DELETE FROM sign_in_failures WHERE key = ?', [key]);
  }

  /** Forget failures older than `before` (unix ms): outside every window by then. */
  async prune(before: number): Promise<void> {
    await this.sql.run('DELETE FROM sign_in_failures WHERE at < ?', [before]);
  }
}
