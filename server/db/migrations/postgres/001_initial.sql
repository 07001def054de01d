-- The schema of SQLite migrations 001–006 in one step. Times stay ISO-8601 text (as in SQLite:
-- they compare correctly as text); sizes and unix-millisecond times are BIGINT.
CREATE TABLE jobs (
  id TEXT PRIMARY KEY,
  workflow_id TEXT NOT NULL,
  workflow_json TEXT NOT NULL DEFAULT '',
  workflow_hash TEXT,
  token_hash TEXT NOT NULL,
  context_json TEXT,
  status TEXT NOT NULL DEFAULT 'idle',
  completed_status TEXT,
  finalized_at TEXT,
  order_id TEXT,
  order_line_id TEXT,
  ordered_at TEXT,
  review_decision TEXT,
  review_note TEXT,
  reviewed_at TEXT,
  reviewed_by TEXT,
  review_files_key TEXT,
  created_by TEXT,
  review_state TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX jobs_by_created ON jobs(created_at, id);
CREATE INDEX jobs_by_order ON jobs(order_id);
CREATE INDEX jobs_by_updated ON jobs(updated_at);

CREATE TABLE files (
  job_id TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
  id TEXT NOT NULL,
  -- Insertion order (SQLite's rowid): files are listed in the order they were added.
  seq BIGSERIAL NOT NULL,
  upload_id TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  size BIGINT NOT NULL,
  slot TEXT,
  declared_type TEXT,
  format TEXT,
  kind TEXT,
  mime TEXT,
  on_fail TEXT,
  state TEXT NOT NULL,
  outcome TEXT,
  error_code TEXT,
  error_message TEXT,
  sha256 TEXT,
  findings_json TEXT,
  facts_json TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  completed_at TEXT,
  PRIMARY KEY (job_id, id)
);
CREATE INDEX files_by_job ON files(job_id, created_at);
CREATE INDEX files_by_state ON files(state, updated_at);

CREATE TABLE workflow_versions (
  hash TEXT PRIMARY KEY,
  workflow_id TEXT NOT NULL,
  json TEXT NOT NULL,
  created_at TEXT NOT NULL
);

CREATE TABLE idempotency_keys (
  key TEXT PRIMARY KEY,
  request_hash TEXT NOT NULL,
  job_id TEXT NOT NULL,
  response_json TEXT NOT NULL,
  created_at TEXT NOT NULL
);

CREATE TABLE webhook_deliveries (
  id BIGSERIAL PRIMARY KEY,
  event_id TEXT NOT NULL,
  event_type TEXT NOT NULL,
  url TEXT NOT NULL,
  body TEXT NOT NULL,
  state TEXT NOT NULL DEFAULT 'pending',
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at BIGINT NOT NULL,
  last_error TEXT,
  created_at TEXT NOT NULL,
  delivered_at TEXT
);
CREATE INDEX webhook_due ON webhook_deliveries(state, next_attempt_at);

CREATE TABLE staff_users (
  id BIGSERIAL PRIMARY KEY,
  email TEXT NOT NULL UNIQUE,
  password_hash TEXT NOT NULL,
  locale TEXT,
  created_at TEXT NOT NULL
);
CREATE TABLE staff_sessions (
  token_hash TEXT PRIMARY KEY,
  user_id BIGINT NOT NULL REFERENCES staff_users(id) ON DELETE CASCADE,
  csrf_token TEXT NOT NULL,
  created_at TEXT NOT NULL,
  expires_at BIGINT NOT NULL
);

CREATE TABLE file_outputs (
  id TEXT PRIMARY KEY,
  job_id TEXT NOT NULL,
  file_id TEXT NOT NULL,
  upload_id TEXT NOT NULL,
  record_json TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX file_outputs_by_job ON file_outputs(job_id, file_id);
