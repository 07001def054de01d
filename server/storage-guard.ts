// Storage that never breaks everyone (issue 12.4). Before bytes are accepted the server checks that
// they fit: the disk keeps `minFreeBytes` free (so SQLite, logs and every other job still have
// room: a full disk must cost one upload, not the whole API), the data directory stays under an
// optional total cap, and one job stays under its byte quota. A refusal is 507 `storage_full`
// (or 413 `job_quota_exceeded`) for that upload only.
import fs from 'node:fs';

export interface StorageGuardOptions {
  /** Directory whose file system is checked (the uploads directory). */
  dir: string;
  /** Free bytes the disk must keep after an upload. */
  minFreeBytes: number;
  /** Cap on all stored upload bytes (null: none). */
  limitBytes: number | null;
  /** Bytes one job's files may take together (null: none). */
  jobQuotaBytes: number | null;
  /** Bytes held or promised by uploads (complete ones and the declared size of those in progress). */
  usedBytes(): Promise<number>;
  /** Same, for one job, leaving out one file id (the file being replaced). */
  jobBytes(jobId: string, exceptFileId: string): Promise<number>;
  /** Free bytes of the file system (statfs); the boundary tests replace. */
  freeBytes?(dir: string): number;
}

export type StorageVerdict = { ok: true } | { ok: false; status: 507 | 413; code: 'storage_full' | 'job_quota_exceeded'; message: string };

export interface StorageGuard {
  /** May a new upload of `size` bytes be created in this job? */
  admitUpload(jobId: string, fileId: string, size: number): Promise<StorageVerdict>;
  /** May `remaining` more bytes of an upload in progress be written now? */
  admitBytes(remaining: number): StorageVerdict;
}

const FULL = 'The server is out of storage space for this upload. Please try again later.';

export function statfsFreeBytes(dir: string): number {
  const s = fs.statfsSync(dir);
  return Number(s.bavail) * Number(s.bsize);
}

export function createStorageGuard(o: StorageGuardOptions): StorageGuard {
  const free = () => (o.freeBytes ?? statfsFreeBytes)(o.dir);
  const admitBytes = (bytes: number): StorageVerdict =>
    free() - bytes < o.minFreeBytes ? { ok: false, status: 507, code: 'storage_full', message: FULL } : { ok: true };
  return {
    async admitUpload(jobId, fileId, size) {
      if (o.jobQuotaBytes !== null && o.jobQuotaBytes !== undefined && (await o.jobBytes(jobId, fileId)) + size > o.jobQuotaBytes) {
        return { ok: false, status: 413, code: 'job_quota_exceeded', message: `This order's files would take more than the ${o.jobQuotaBytes} bytes one order may hold.` };
      }
      if (o.limitBytes !== null && o.limitBytes !== undefined && (await o.usedBytes()) + size > o.limitBytes) {
        return { ok: false, status: 507, code: 'storage_full', message: FULL };
      }
      return admitBytes(size);
    },
    admitBytes,
  };
}

/** Byte sizes in settings: a whole number, optionally with K, M, G or T (powers of 1024). */
export function parseBytes(name: string, value: string | undefined, fallback: number | null): number | null {
  if (value === undefined || value.trim() === '') return fallback;
  const m = /^\s*(\d+)\s*([kmgt]?)i?b?\s*$/i.exec(value);
  if (!m) throw new Error(`${name} must be a number of bytes (e.g. 536870912 or 512M): ${value}`);
  const scale = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 }[m[2]!.toLowerCase() as '' | 'k' | 'm' | 'g' | 't'];
  return Number(m[1]) * scale;
}
