-- Issue 15.4: rate limits shared by every API instance (token buckets per client and action,
-- see db/rates.ts). Buckets idle for a while are removed by the expiry sweep.
CREATE TABLE rate_buckets (
  key TEXT PRIMARY KEY,
  tokens DOUBLE PRECISION NOT NULL,
  at BIGINT NOT NULL
);
