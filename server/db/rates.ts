// Token buckets in PostgreSQL, so a client's rate limit holds across every API instance (the
// in-memory limiter in rate-limit.ts serves a single process). One statement per take: refill by
// the time passed, take a token if there is one; concurrent takes on one key queue on its row.
import type { Sql } from './sql';

export class RateBuckets {
  constructor(private readonly sql: Sql) {}

  /** Take one token of `key` (capacity and refill per ms); returns 0, or the seconds to wait. */
  async take(key: string, capacity: number, perMs: number, now = Date.now()): Promise<number> {
    const refill = 'LEAST(?::double precision, rate_buckets.tokens + (?::bigint - rate_buckets.at) * ?::double precision)';
    const taken = await this.sql.get(
      `INSERT INTO rate_buckets (key, tokens, at) VALUES (?, ?, ?)
       ON CONFLICT (key) DO UPDATE SET tokens = ${refill} - 1, at = ?
       WHERE ${refill} >= 1
       RETURNING tokens`,
      [key, capacity - 1, now, capacity, now, perMs, now, capacity, now, perMs],
    );
    if (taken) return 0;
    const row = await this.sql.get('SELECT tokens, at FROM rate_buckets WHERE key = ?', [key]);
    const tokens = row ? Math.min(capacity, Number(row.tokens) + (now - Number(row.at)) * perMs) : 0;
    return Math.max(1, Math.ceil((1 - tokens) / perMs / 1000));
  }

  /** Forget buckets untouched since `before` (unix ms): they have refilled long ago. */
  async prune(before: number): Promise<void> {
    await this.sql.run('DELETE FROM rate_buckets WHERE at < ?', [before]);
  }
}
