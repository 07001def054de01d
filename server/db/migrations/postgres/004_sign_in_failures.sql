-- Issue 15.4: the portal's failed sign-ins, shared by every API instance (db/sign-ins.ts), so a
-- guesser cannot multiply the sign-in limit by the instance count. Old rows are removed by the
-- expiry sweep.
CREATE TABLE sign_in_failures (
  key TEXT NOT NULL,
  at BIGINT NOT NULL
);
CREATE INDEX sign_in_failures_by_key ON sign_in_failures (key, at);
