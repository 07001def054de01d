// Production files of a job's files: stored next to the uploads (storage/: `<data dir>/outputs/` or
// `outputs/` in the bucket, named by server-generated ids), described in their own table. Originals are never touched. An output
// belongs to one upload of a file: replacing or removing the file hides its outputs.
import { randomBytes } from 'node:crypto';
import type { FileFacts, FileOutcome, Finding } from '../../src/core/types';
import type { Database } from '../db';
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
  // Its table is a migration (server/db/migrations/*/…file_outputs.sql).
  constructor(private readonly db: Database, private readonly area: ObjectArea) {}

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

  /** Keep a ready output's bytes in storage (with S3: uploaded), before its record is written. */
  async keep(record: OutputRecord): Promise<void> {
    if (record.status === 'ready') await this.area.commit(objectName(record.id, record.format));
  }

  /**
   * Replace the file's outputs with `record` (its bytes kept first, see keep), in the verdict's
   * transaction `tx`, so a status never shows the verdict without its production file.
   */
  async put(record: OutputRecord, tx: Database = this.db): Promise<void> {
    const old = await tx.outputs.replace({
      id: record.id, jobId: record.jobId, fileId: record.fileId, uploadId: record.uploadId, recordJson: JSON.stringify(record), createdAt: record.createdAt,
    });
    for (const o of old) this.removeBytes(JSON.parse(o) as OutputRecord);
  }

  /** Forget a file's outputs (new upload, context change that needs a new output). */
  async clear(jobId: string, fileId: string, tx: Database = this.db): Promise<void> {
    for (const o of await tx.outputs.clear(jobId, fileId)) this.removeBytes(JSON.parse(o) as OutputRecord);
  }

  /** Remove a ready output's bytes (a kept output whose verdict was not stored after all). */
  removeBytes(r: OutputRecord): void {
    if (r.status !== 'ready') return;
    this.area.remove(objectName(r.id, r.format)).catch((err: unknown) => console.error('[filecheck-server] removing a production file failed', err));
  }

  /** Current outputs of a job, by file id (only those of each file's current upload). */
  async byFile(jobId: string, tx: Database = this.db): Promise<Map<string, OutputRecord[]>> {
    const map = new Map<string, OutputRecord[]>();
    for (const r of await tx.outputs.current(jobId)) {
      const rec = JSON.parse(r) as OutputRecord;
      map.set(rec.fileId, [...(map.get(rec.fileId) ?? []), rec]);
    }
    return map;
  }

  async get(jobId: string, fileId: string, id: string): Promise<OutputRecord | null> {
    return (await this.byFile(jobId)).get(fileId)?.find((o) => o.id === id) ?? null;
  }
}
