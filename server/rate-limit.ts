// Rate limits per client (issue 12.3): a token bucket per client address and action. A client may
// spend `perMinute` at once (the burst), refilled at perMinute/60 a second; past that, 429
// `rate_limited` with `Retry-After` (seconds until the next token). Buckets are in memory (one
// process; idle ones are forgotten once full again), or in PostgreSQL when several instances
// share the limit (createSharedRateLimiter, db/rates.ts).
import type { RateBuckets } from './db/rates';

export interface RateLimiter {
  /** Take one token for `client`; returns 0 when allowed, else the seconds to wait. */
  take(client: string, now?: number): number | Promise<number>;
}

/** The same limit, its buckets in the shared database (`action` names the bucket family). */
export function createSharedRateLimiter(perMinute: number, buckets: RateBuckets, action: string): RateLimiter | null {
  if (!(perMinute > 0)) return null;
  return { take: (client, now) => buckets.take(`${action}:${client}`, perMinute, perMinute / 60_000, now) };
}

export function createRateLimiter(perMinute: number): RateLimiter | null {
  if (!(perMinute > 0)) return null;
  const perMs = perMinute / 60_000;
  const buckets = new Map<string, { tokens: number; at: number }>();
  let lastSweep = 0;
  return {
    take(client, now = Date.now()) {
      if (now - lastSweep > 60_000) {
        // Forget buckets that have refilled: memory stays bounded by recent clients.
        lastSweep = now;
        for (const [key, b] of buckets) if (b.tokens + (now - b.at) * perMs >= perMinute) buckets.delete(key);
      }
      const b = buckets.get(client) ?? { tokens: perMinute, at: now };
      b.tokens = Math.min(perMinute, b.tokens + (now - b.at) * perMs);
      b.at = now;
      buckets.set(client, b);
      if (b.tokens >= 1) {
        b.tokens -= 1;
        return 0;
      }
      return Math.max(1, Math.ceil((1 - b.tokens) / perMs / 1000));
    },
  };
}
