// Production files of a job's files: stored next to the uploads (`<data dir>/outputs/`, named by
// server-generated ids), described in their own table. Originals are never touched. An output
// belongs to one upload of a file: replacing or removing the file hides its outputs.
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { FileFacts, FileOutcome, Finding } from '../../src/core/types';
import type { Database } from '../db';
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

export class OutputStore {
  readonly dir: string;

  constructor(private readonly db: Database, dataDir: string) {
    this.dir = path.join(dataDir, 'outputs');
    fs.mkdirSync(this.dir, { recursive: true });
  }

  newId(): string {
    return `out_${randomBytes(16).toString('hex')}`;
  }

  /** Where an output's bytes live; the id is ours, never the customer's. Same extensions as apply.ts. */
  pathOf(id: string, format: string): string {
    if (!/^out_[0-9a-f]{32}$/.test(id)) throw new Error('bad output id');
    return path.join(this.dir, `${id}.${format === 'jpeg' ? 'jpg' : format === 'tiff' ? 'tif' : format}`);
  }

  /** Replace the file's outputs with `record` (the bytes are already at pathOf). */
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

  private removeBytes(r: OutputRecord): void {
    if (r.status === 'ready') fs.rmSync(this.pathOf(r.id, r.format), { force: true });
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
