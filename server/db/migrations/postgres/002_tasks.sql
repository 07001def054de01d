-- Issue 15.3: the durable verification queue (PostgreSQL only; SQLite keeps the in-process queue).
-- One task per upload: verifying that upload's bytes (inspect, judge, remediate, store the
-- verdict). A worker leases a task (lease_owner, lease_until in unix ms) and renews the lease
-- while it works; a task whose lease ran out (the worker died) is taken by another worker.
-- attempt counts the leases taken: the verdict is stored only by the holder of the current one.
CREATE TABLE tasks (
  id BIGSERIAL PRIMARY KEY,
  job_id TEXT NOT NULL,
  file_id TEXT NOT NULL,
  upload_id TEXT NOT NULL UNIQUE,
  state TEXT NOT NULL DEFAULT 'queued',
  attempt INTEGER NOT NULL DEFAULT 0,
  lease_owner TEXT,
  lease_until BIGINT,
  claimed_at BIGINT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX tasks_open ON tasks(state, id) WHERE state <> 'done';
CREATE INDEX tasks_by_job ON tasks(job_id, claimed_at);
