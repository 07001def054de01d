-- Issue 11: one job per cart item; a finalized job's files and context are frozen.
ALTER TABLE jobs ADD COLUMN finalized_at TEXT;
