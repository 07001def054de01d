// Production files of a job's files: stored next to the uploads (storage/: `<data dir>/outputs/` or
// `outputs/` in the bucket, named by server-generated ids), described in their own table. Originals are never touched. An output
// belongs to one upload of a file: replacing or removing the file hides its outputs.
import { randomBytes } from 'node:crypto';
import type { FileFacts, FileOutcome, Finding } from '../../src/core/types';
import type { JobDatabase } from '../db';
import type { ObjectArea, StoredBytes } from '../storage';
import type { FixRecord } from './apply';

export interface OutputRecord {
  id: string;
  jobId: string;
  fileId: string;
  uploadId: string;
  /** Always 'production' for now (the fixed, print-ready file). */
  kind: 'production';
  /** 'failed': remediation ran but no fix could be applied (no bytes; `fixes` say why). */
  status: 'ready' | 'failed';
  format: string;
  mime: string;
  /** Name offered for download: the original's base name, `.pdf` when converted. */
  name: string;
  size: number;
  sha256: string;
  fixes: FixRecord[];
  /** PDF outputs: page count and the first pages' boxes (the customer's proof draws them). */
  pageCount?: number;
  pages?: NonNullable<FileFacts['pdf']>['pages'];
  /** Inspection and evaluation of the output with the same code and profile. */
  recheck: { outcome: FileOutcome | null; findings: Finding[] };
  createdAt: string;
}

const MIME: Record<string, string> = { pdf: 'application/pdf', jpeg: 'image/jpeg', png: 'image/png', tiff: 'image/tiff' };

export function mimeOf(format: string): string {
  return MIME[format] ?? 'application/octet-stream';
}

export function outputName(original: string, format: string): string {
  const base = original.replace(/\.[A-Za-z0-9]{1,5}$/, '');
  return `${base}.${format === 'jpeg' ? 'jpg' : format === 'tiff' ? 'tif' : format}`;
}

/** Same extensions as apply.ts. */
function objectName(id: string, format: string): string {
  if (!/^out_[0-9a-f]{32}$/.test(id)) throw new Error('bad output id');
  return `${id}.${format === 'jpeg' ? 'jpg' : format === 'tiff' ? 'tif' : format}`;
}

export class OutputStore {
  constructor(private readonly db: JobDatabase, private readonly area: ObjectArea) {
    // Its own table (not a migration of db.ts), created when remediation is first set up.
    db.sqlite.exec(`CREATE TABLE IF NOT EXISTS file_outputs (
      id TEXT PRIMARY KEY,
      job_id TEXT NOT NULL,
      file_id TEXT NOT NULL,
      upload_id TEXT NOT NULL,
      record_json TEXT NOT NULL,
      created_at TEXT NOT NULL
    );
    CREATE INDEX IF NOT EXISTS file_outputs_by_job ON file_outputs(job_id, file_id);`);
  }

  newId(): string {
    return `out_${randomBytes(16).toString('hex')}`;
  }

  /** Where a new output is written (a local path); the id is ours, never the customer's. */
  pathOf(id: string, format: string): string {
    return this.area.stagingPath(objectName(id, format));
  }

  /** An output's bytes (null when they are gone). */
  open(record: OutputRecord): Promise<StoredBytes | null> {
    return this.area.open(objectName(record.id, record.format));
  }

  /** Replace the file's outputs with `record` (the bytes are at pathOf; kept in storage first). */
  async put(record: OutputRecord): Promise<void> {
    if (record.status === 'ready') await this.area.commit(objectName(record.id, record.format));
    const old = this.db.sqlite.prepare('SELECT id, record_json FROM file_outputs WHERE job_id = ? AND file_id = ?').all(record.jobId, record.fileId) as { id: string; record_json: string }[];
    this.db.transaction(() => {
      this.db.sqlite.prepare('DELETE FROM file_outputs WHERE job_id = ? AND file_id = ?').run(record.jobId, record.fileId);
      this.db.sqlite.prepare('INSERT INTO file_outputs (id, job_id, file_id, upload_id, record_json, created_at) VALUES (?, ?, ?, ?, ?, ?)')
        .run(record.id, record.jobId, record.fileId, record.uploadId, JSON.stringify(record), record.createdAt);
    });
    for (const o of old) this.removeBytes(JSON.parse(o.record_json) as OutputRecord);
  }

  /** Forget a file's outputs (new upload, context change that needs a new output). */
  clear(jobId: string, fileId: string): void {
    const old = this.db.sqlite.prepare('SELECT record_json FROM file_outputs WHERE job_id = ? AND file_id = ?').all(jobId, fileId) as { record_json: string }[];
    this.db.sqlite.prepare('DELETE FROM file_outputs WHERE job_id = ? AND file_id = ?').run(jobId, fileId);
    for (const o of old) this.removeBytes(JSON.parse(o.record_json) as OutputRecord);
  }

  private removeBytes(r: OutputRecord): void {
    if (r.status !== 'ready') return;
    this.area.remove(objectName(r.id, r.format)).catch((err: unknown) => console.error('[filecheck-server] removing a production file failed', err));
  }

  /** Current outputs of a job, by file id (only those of each file's current upload). */
  byFile(jobId: string): Map<string, OutputRecord[]> {
    const rows = this.db.sqlite
      .prepare(`SELECT o.record_json FROM file_outputs o JOIN files f ON f.job_id = o.job_id AND f.id = o.file_id AND f.upload_id = o.upload_id
                WHERE o.job_id = ? ORDER BY o.created_at`)
      .all(jobId) as { record_json: string }[];
    const map = new Map<string, OutputRecord[]>();
    for (const r of rows) {
      const rec = JSON.parse(r.record_json) as OutputRecord;
      map.set(rec.fileId, [...(map.get(rec.fileId) ?? []), rec]);
    }
    return map;
  }

  get(jobId: string, fileId: string, id: string): OutputRecord | null {
    return this.byFile(jobId).get(fileId)?.find((o) => o.id === id) ?? null;
  }
}
