-- Issue 14: production files (remediation outputs). Earlier servers created this table when
-- remediation was first set up, hence IF NOT EXISTS.
CREATE TABLE IF NOT EXISTS file_outputs (
  id TEXT PRIMARY KEY,
  job_id TEXT NOT NULL,
  file_id TEXT NOT NULL,
  upload_id TEXT NOT NULL,
  record_json TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS file_outputs_by_job ON file_outputs(job_id, file_id);
