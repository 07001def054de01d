// Rows of production files (server/remediate/outputs.ts owns their bytes and meaning).
import type { Sql } from './sql';

export interface OutputRow {
  id: string;
  jobId: string;
  fileId: string;
  uploadId: string;
  recordJson: string;
  createdAt: string;
}

export class OutputRows {
  constructor(private readonly sql: Sql) {}

  /** Replace a file's rows with one; returns the JSON of the rows it replaced. */
  async replace(row: OutputRow): Promise<string[]> {
    return this.sql.transaction(async (tx) => {
      const old = await tx.all('SELECT record_json FROM file_outputs WHERE job_id = ? AND file_id = ?', [row.jobId, row.fileId]);
      await tx.run('DELETE FROM file_outputs WHERE job_id = ? AND file_id = ?', [row.jobId, row.fileId]);
      await tx.run('INSERT INTO file_outputs (id, job_id, file_id, upload_id, record_json, created_at) VALUES (?, ?, ?, ?, ?, ?)',
        [row.id, row.jobId, row.fileId, row.uploadId, row.recordJson, row.createdAt]);
      return old.map((r) => String(r.record_json));
    });
  }

  /** Remove a file's rows; returns their JSON. */
  async clear(jobId: string, fileId: string): Promise<string[]> {
    return this.sql.transaction(async (tx) => {
      const old = await tx.all('SELECT record_json FROM file_outputs WHERE job_id = ? AND file_id = ?', [jobId, fileId]);
      await tx.run('DELETE FROM file_outputs WHERE job_id = ? AND file_id = ?', [jobId, fileId]);
      return old.map((r) => String(r.record_json));
    });
  }

  /** JSON of a job's outputs that belong to each file's current upload, oldest first. */
  async current(jobId: string): Promise<string[]> {
    const rows = await this.sql.all(`SELECT o.record_json FROM file_outputs o JOIN files f ON f.job_id = o.job_id AND f.id = o.file_id AND f.upload_id = o.upload_id
                                     WHERE o.job_id = ? ORDER BY o.created_at`, [jobId]);
    return rows.map((r) => String(r.record_json));
  }
}
