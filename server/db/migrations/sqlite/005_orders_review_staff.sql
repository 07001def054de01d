-- Issue 16: orders, the shop's review decision, staff-started jobs, staff accounts and sessions.
ALTER TABLE jobs ADD COLUMN order_id TEXT;
ALTER TABLE jobs ADD COLUMN order_line_id TEXT;
ALTER TABLE jobs ADD COLUMN ordered_at TEXT;
ALTER TABLE jobs ADD COLUMN review_decision TEXT;
ALTER TABLE jobs ADD COLUMN review_note TEXT;
ALTER TABLE jobs ADD COLUMN reviewed_at TEXT;
ALTER TABLE jobs ADD COLUMN reviewed_by TEXT;
ALTER TABLE jobs ADD COLUMN review_files_key TEXT;
ALTER TABLE jobs ADD COLUMN created_by TEXT;
ALTER TABLE jobs ADD COLUMN review_state TEXT;
CREATE INDEX IF NOT EXISTS jobs_by_created ON jobs(created_at, id);
CREATE INDEX IF NOT EXISTS jobs_by_order ON jobs(order_id);
CREATE TABLE IF NOT EXISTS staff_users (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  email TEXT NOT NULL UNIQUE,
  password_hash TEXT NOT NULL,
  locale TEXT,
  created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS staff_sessions (
  token_hash TEXT PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES staff_users(id) ON DELETE CASCADE,
  csrf_token TEXT NOT NULL,
  created_at TEXT NOT NULL,
  expires_at INTEGER NOT NULL
);
