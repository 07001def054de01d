// Uploads and production files in an S3-compatible bucket (AWS S3, MinIO, Cloudflare R2, …), so
// API instances and workers on several machines share them (issue 15). Uploads go through
// @tus/s3-store (one multipart upload per tus upload, with `<id>.info` and `<id>.part` objects
// beside it); production files are `outputs/<name>` objects written with @aws-sdk/client-s3.
// Tools that read files (the inspection worker, Ghostscript, qpdf) get a temporary local copy.
//
// @tus/s3-store is pinned to 2.0.7 (package.json, exact): it is the first release with the fix for
// a false "complete" (tus-node-server PR #877, released 2026-09-23): before it, any 404 from
// ListParts — not only NoSuchUpload — made getUpload() report offset = size, so an upload whose
// multipart state was lost looked finished and would have been hashed and judged half-stored.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  DeleteObjectsCommand, GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, ListPartsCommand, PutObjectCommand, S3Client, type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { S3Store, type MetadataValue } from '@tus/s3-store';
import type { KvStore } from '@tus/utils';
import type { FileStorage, ObjectArea, StoredBytes } from './index';

export interface S3Settings {
  bucket: string;
  /** Endpoint of an S3-compatible service (MinIO, R2, …); null for AWS S3. */
  endpoint: string | null;
  region: string;
  /** Path-style URLs (`endpoint/bucket/key`): MinIO and most self-hosted services need them. */
  forcePathStyle: boolean;
  /** From AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY; null: the SDK's default chain (instance roles, profiles). */
  accessKeyId: string | null;
  secretAccessKey: string | null;
  /** Preferred multipart part size (S3's minimum, 5 MiB, unless set). */
  partSize?: number;
}

const OUTPUTS = 'outputs/';
/** Ids @tus/server generates (32 hex digits): the only keys the orphan sweep may remove. */
const UPLOAD_KEY = /^([0-9a-f]{32})(\.info|\.part)?$/;

/**
 * @tus/s3-store caches each upload's `.info` in process memory. With several instances that cache
 * goes stale: an upload removed through instance A would still be "found" by B, whose ListParts
 * then fails with NoSuchUpload, which the store reads as "complete". Every instance reads `.info`
 * from the bucket instead (one small GET per tus request).
 */
const noCache: KvStore<MetadataValue> = {
  get: async () => undefined,
  set: async () => {},
  delete: async () => {},
};

const isNotFound = (err: unknown) => {
  const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e?.name === 'NoSuchKey' || e?.name === 'NotFound' || e?.$metadata?.httpStatusCode === 404;
};

export function s3ClientConfig(s: S3Settings): S3ClientConfig {
  return {
    region: s.region,
    ...(s.endpoint ? { endpoint: s.endpoint } : {}),
    forcePathStyle: s.forcePathStyle,
    ...(s.accessKeyId && s.secretAccessKey ? { credentials: { accessKeyId: s.accessKeyId, secretAccessKey: s.secretAccessKey } } : {}),
    // Checksums only where S3 requires them: several S3-compatible services reject the newer
    // default (CRC32 on every PutObject/UploadPart) or answer without one.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  };
}

export function createS3Storage(dataDir: string, s: S3Settings): FileStorage {
  const client = new S3Client(s3ClientConfig(s));
  const Bucket = s.bucket;
  // Temporary copies (inspection) and production files being made, on this machine only.
  const tmpDir = path.join(dataDir, 'tmp');
  fs.rmSync(tmpDir, { recursive: true, force: true }); // copies left by a stop are of no use
  fs.mkdirSync(tmpDir, { recursive: true });

  class BucketUploadStore extends S3Store {
    /** The store's own remove leaves `<id>.part` behind, and stops early for a completed upload. */
    override async remove(id: string): Promise<void> {
      let failure: unknown = null;
      await super.remove(id).catch((err: unknown) => (failure = err));
      await client.send(new DeleteObjectsCommand({ Bucket, Delete: { Objects: [{ Key: id }, { Key: `${id}.info` }, { Key: `${id}.part` }], Quiet: true } }));
      if (failure && (failure as { status_code?: number }).status_code !== 404) throw failure;
    }
  }

  const uploadStore = new BucketUploadStore({
    s3ClientConfig: { bucket: Bucket, ...s3ClientConfig(s) },
    cache: noCache,
    ...(s.partSize ? { partSize: s.partSize } : {}),
  });

  const open = async (Key: string, range?: string): Promise<StoredBytes | null> => {
    try {
      const got = await client.send(new GetObjectCommand({ Bucket, Key, ...(range ? { Range: range } : {}) }));
      return { size: got.ContentLength ?? 0, body: got.Body as Readable };
    } catch (err) {
      if (isNotFound(err)) return null;
      throw err;
    }
  };
  const lastModified = async (Key: string): Promise<number> => {
    try {
      return (await client.send(new HeadObjectCommand({ Bucket, Key }))).LastModified?.getTime() ?? 0;
    } catch (err) {
      if (isNotFound(err)) return 0;
      throw err;
    }
  };
  const tmpPath = (name: string) => path.join(tmpDir, `${crypto.randomBytes(8).toString('hex')}-${name}`);

  // Production files are made here, then uploaded on commit (ids are random: no clashes).
  const stagingDir = path.join(tmpDir, 'outputs');
  fs.mkdirSync(stagingDir, { recursive: true });
  const outputs: ObjectArea = {
    stagingPath: (name) => path.join(stagingDir, name),
    async commit(name) {
      const file = path.join(stagingDir, name);
      try {
        const { size } = await fs.promises.stat(file);
        await client.send(new PutObjectCommand({ Bucket, Key: OUTPUTS + name, Body: fs.createReadStream(file), ContentLength: size }));
      } finally {
        fs.rmSync(file, { force: true });
      }
    },
    open: (name) => open(OUTPUTS + name),
    async remove(name) {
      fs.rmSync(path.join(stagingDir, name), { force: true });
      await client.send(new DeleteObjectsCommand({ Bucket, Delete: { Objects: [{ Key: OUTPUTS + name }], Quiet: true } }));
    },
  };

  return {
    kind: 's3',
    uploadStore,
    async readUploadHead(uploadId, length) {
      // A head cut short is below S3's smallest part: @tus/s3-store keeps it in `<id>.part`.
      const got = await open(`${uploadId}.part`, `bytes=0-${length - 1}`);
      if (!got) return Buffer.alloc(0);
      const chunks: Buffer[] = [];
      for await (const chunk of got.body) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).subarray(0, length);
    },
    openUpload: (uploadId) => open(uploadId),
    async withUploadFile(uploadId, use) {
      const got = await open(uploadId);
      if (!got) throw Object.assign(new Error(`The stored bytes of upload ${uploadId} are gone.`), { code: 'ENOENT' });
      const file = tmpPath(uploadId);
      try {
        await pipeline(got.body, fs.createWriteStream(file));
        return await use(file);
      } finally {
        fs.rmSync(file, { force: true });
      }
    },
    async uploadLastWrite(uploadId) {
      // Bytes arrive as parts (ListParts), the incomplete `.part` object, or the completed object.
      let latest = Math.max(await lastModified(uploadId), await lastModified(`${uploadId}.part`), await lastModified(`${uploadId}.info`));
      try {
        const head = await client.send(new HeadObjectCommand({ Bucket, Key: `${uploadId}.info` }));
        const multipartId = head.Metadata?.['upload-id'];
        if (multipartId) {
          const parts = await client.send(new ListPartsCommand({ Bucket, Key: uploadId, UploadId: multipartId }));
          for (const p of parts.Parts ?? []) latest = Math.max(latest, p.LastModified?.getTime() ?? 0);
        }
      } catch (err) {
        if (!isNotFound(err) && (err as { name?: string }).name !== 'NoSuchUpload') throw err;
      }
      return latest;
    },
    async listUploads() {
      const ids = new Map<string, number>();
      let ContinuationToken: string | undefined;
      do {
        const page = await client.send(new ListObjectsV2Command({ Bucket, ContinuationToken }));
        for (const o of page.Contents ?? []) {
          const m = UPLOAD_KEY.exec(o.Key ?? '');
          if (m) ids.set(m[1]!, Math.max(ids.get(m[1]!) ?? 0, o.LastModified?.getTime() ?? 0));
        }
        ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (ContinuationToken);
      return [...ids].map(([id, lastWrite]) => ({ id, lastWrite }));
    },
    outputs,
    freeBytes: () => Number.POSITIVE_INFINITY,
  };
}

/** Create the bucket when it does not exist (tests, first start against a local MinIO). */
export async function ensureBucket(s: S3Settings): Promise<void> {
  const { CreateBucketCommand, HeadBucketCommand } = await import('@aws-sdk/client-s3');
  const client = new S3Client(s3ClientConfig(s));
  try {
    await client.send(new HeadBucketCommand({ Bucket: s.bucket }));
  } catch (err) {
    if (!isNotFound(err)) throw err;
    await client.send(new CreateBucketCommand({ Bucket: s.bucket }));
  } finally {
    client.destroy();
  }
}

