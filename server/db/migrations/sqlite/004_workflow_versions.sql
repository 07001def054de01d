-- Issue 12.4: each version of a workflow is stored once (by the sha256 of its JSON) and jobs
-- point at it; jobs.workflow_json stays for rows written before (moved over at start).
CREATE TABLE IF NOT EXISTS workflow_versions (
  hash TEXT PRIMARY KEY,
  workflow_id TEXT NOT NULL,
  json TEXT NOT NULL,
  created_at TEXT NOT NULL
);
ALTER TABLE jobs ADD COLUMN workflow_hash TEXT;
