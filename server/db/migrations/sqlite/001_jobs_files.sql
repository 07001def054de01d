-- Jobs and their files (issue 2).
CREATE TABLE IF NOT EXISTS jobs (
  id TEXT PRIMARY KEY,
  workflow_id TEXT NOT NULL,
  workflow_json TEXT NOT NULL,
  token_hash TEXT NOT NULL,
  context_json TEXT,
  status TEXT NOT NULL DEFAULT 'idle',
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS files (
  job_id TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
  id TEXT NOT NULL,
  upload_id TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  size INTEGER NOT NULL,
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
CREATE INDEX IF NOT EXISTS files_by_job ON files(job_id, created_at);
