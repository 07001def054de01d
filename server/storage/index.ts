// Where stored bytes live: the tus uploads (originals) and the production files remediation makes.
// Two places behind one interface: a directory under the data directory (the default, zero setup)
// or an S3-compatible bucket (FILECHECK_S3_BUCKET: AWS S3, MinIO, Cloudflare R2, …), so several API
// instances and workers can share them. Nothing else in the server knows which one is in use.
import type { Readable } from 'node:stream';
import type { DataStore } from '@tus/utils';
import { createDiskStorage } from './disk';
import { createS3Storage, type S3Settings } from './s3';

export type { S3Settings } from './s3';

export interface StoredBytes {
  size: number;
  body: Readable;
}

/** One group of stored objects by name (the production files). */
export interface ObjectArea {
  /** A local path where a new object is written (disk: its final place; S3: a temporary file). */
  stagingPath(name: string): string;
  /** Keep a staged object (S3: upload it and remove the temporary file). */
  commit(name: string): Promise<void>;
  /** Its bytes, or null when it is gone. */
  open(name: string): Promise<StoredBytes | null>;
  /** Remove it (nothing when it is gone already). */
  remove(name: string): Promise<void>;
}

export interface FileStorage {
  readonly kind: 'disk' | 's3';
  /** The tus data store of uploads (the sniffing gate wraps it: sniffing-store.ts). */
  readonly uploadStore: DataStore;
  /** The first `length` stored bytes of an upload still in progress (a head cut over several PATCHes). */
  readUploadHead(uploadId: string, length: number): Promise<Buffer>;
  /** A complete upload's bytes, or null when they are gone. */
  openUpload(uploadId: string): Promise<StoredBytes | null>;
  /**
   * Run `use` with a local file holding a complete upload: inspection tools (pdf.js, sharp,
   * Ghostscript, qpdf) read files. Disk: the stored file itself. S3: a temporary copy, removed
   * when `use` settles.
   */
  withUploadFile<T>(uploadId: string, use: (file: string) => Promise<T>): Promise<T>;
  /** When bytes last arrived for an upload (ms since the epoch; 0 when nothing is stored). */
  uploadLastWrite(uploadId: string): Promise<number>;
  /** Every upload id with stored bytes or state, with its last write (expiry's orphan sweep). */
  listUploads(): Promise<{ id: string; lastWrite: number }[]>;
  /** Production files (server/remediate/outputs.ts). */
  readonly outputs: ObjectArea;
  /**
   * Free bytes where uploads are stored, for the storage guard's reserve. A bucket has no
   * disk to fill: unbounded (the optional total cap and per-job quota still apply).
   */
  freeBytes(): number;
}

export interface StorageSettings {
  /** The server's data directory (disk storage lives under it; S3 keeps temporary copies in it). */
  dataDir: string;
  /** The bucket, when set (FILECHECK_S3_BUCKET); otherwise the disk. */
  s3: S3Settings | null;
}

export function createStorage(settings: StorageSettings): FileStorage {
  return settings.s3 ? createS3Storage(settings.dataDir, settings.s3) : createDiskStorage(settings.dataDir);
}
