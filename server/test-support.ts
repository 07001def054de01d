// Helpers for the server tests: a real server on port 0 with a temporary data directory, the demo
// workflows, and tus-js-client as the upload client (the same client the widget uses).
// FILECHECK_TEST_STORAGE=s3 stores uploads and production files in a real S3-compatible server
// (FILECHECK_TEST_S3_ENDPOINT, or a moto_server started here on loopback), one bucket per data
// directory, so the same tests run against both storages (`npm run test:server:s3`).
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Upload, type DetailedError, type UploadOptions } from 'tus-js-client';
import { createServer, type CreateServerOptions, type FilecheckServer } from './app';
import { loadConfig, type ServerConfig } from './config';
import { createDatabaseAt } from './testing/pg-cluster';
import type { S3Settings } from './storage';
import { ensureBucket, s3ClientConfig } from './storage/s3';
import { startS3Server } from './testing/s3-server';

export const PK = 'pk_test_suite';
export const SK = 'sk_test_suite';

export function tempDataDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'filecheck-server-'));
}

/**
 * Which database the server tests run on: FILECHECK_TEST_DB=postgres (npm run test:server:pg)
 * gives every data directory its own database in the run's throw-away cluster
 * (testing/pg-global-setup.ts); otherwise SQLite in the data directory, as `npm start` does.
 */
export const onPostgres = process.env.FILECHECK_TEST_DB === 'postgres';

const databases = new Map<string, Promise<string>>();

/** The database of a test data directory: the same one for every server started on it (restarts). */
export function databaseUrlFor(dataDir: string): Promise<string | null> {
  if (!onPostgres) return Promise.resolve(null);
  const admin = process.env.FILECHECK_TEST_PG_ADMIN_URL;
  if (!admin) throw new Error('FILECHECK_TEST_DB=postgres but no cluster: run through vitest (its globalSetup starts one)');
  let url = databases.get(dataDir);
  if (!url) {
    url = createDatabaseAt(admin);
    databases.set(dataDir, url);
  }
  return url;
}

export async function startServer(
  dataDir: string,
  port = 0,
  overrides: Partial<ServerConfig> = {},
  options: CreateServerOptions = {},
): Promise<FilecheckServer> {
  const config = loadConfig({}, {
    port, dataDir, databaseUrl: await databaseUrlFor(dataDir), s3: await testS3Settings(dataDir), publishableKey: PK, secretKey: SK,
    workflowsDir: fileURLToPath(new URL('../demo/workflows', import.meta.url)),
    allowedOrigins: ['https://shop.example'],
    // Suites create many jobs from one address; rate limits have their own test (fairness.test.ts).
    rateJobsPerMinute: 0, rateUploadsPerMinute: 0,
    ...overrides,
  });
  const server = createServer(config, options);
  await server.listen(port);
  return server;
}

export const testStorage: 'disk' | 's3' = process.env.FILECHECK_TEST_STORAGE === 's3' ? 's3' : 'disk';

let s3Endpoint: Promise<string> | null = null;

/** With FILECHECK_TEST_STORAGE=s3: a bucket of this data directory's own (same one after a restart). */
export async function testS3Settings(dataDir: string): Promise<S3Settings | null> {
  if (testStorage !== 's3') return null;
  s3Endpoint ??= process.env.FILECHECK_TEST_S3_ENDPOINT ? Promise.resolve(process.env.FILECHECK_TEST_S3_ENDPOINT) : startS3Server().then((s) => s.endpoint);
  const settings: S3Settings = {
    bucket: `fc-${crypto.createHash('sha256').update(path.resolve(dataDir)).digest('hex').slice(0, 24)}`,
    endpoint: await s3Endpoint, region: 'us-east-1', forcePathStyle: true, accessKeyId: 'test', secretAccessKey: 'test',
  };
  await ensureBucket(settings);
  return settings;
}

/** Ids of the uploads that have bytes or state in the server's storage (directory or bucket). */
export async function storedUploads(server: FilecheckServer): Promise<string[]> {
  return (await server.storage.listUploads()).map((u) => u.id).sort();
}

/** How many production files are stored for the server on this data directory (directory or bucket). */
export async function storedOutputCount(dataDir: string): Promise<number> {
  const s3 = await testS3Settings(dataDir);
  if (!s3) return fs.existsSync(path.join(dataDir, 'outputs')) ? fs.readdirSync(path.join(dataDir, 'outputs')).length : 0;
  const { S3Client, ListObjectsV2Command } = await import('@aws-sdk/client-s3');
  const client = new S3Client(s3ClientConfig(s3));
  try {
    return (await client.send(new ListObjectsV2Command({ Bucket: s3.bucket, Prefix: 'outputs/' }))).KeyCount ?? 0;
  } finally {
    client.destroy();
  }
}

/** GET /v1/jobs/:id (secret key) once no file is uploading or verifying any more. */
export async function settledJob(base: string, jobId: string, timeoutMs = 20_000): Promise<any> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { status, body } = await getJson(`${base}/v1/jobs/${jobId}`, SK);
    if (status !== 200) throw new Error(`GET job ${jobId}: ${status} ${JSON.stringify(body)}`);
    if (!body.files.some((f: { state: string }) => f.state === 'verifying' || f.state === 'uploading')) return body;
    if (Date.now() > deadline) throw new Error(`job ${jobId} did not settle: ${JSON.stringify(body.files.map((f: { state: string }) => f.state))}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** A real PDF (pdf-lib) with pages of the given sizes in mm, optionally with a bleed box. */
export async function makePdf(pages: { widthMm: number; heightMm: number; bleedMm?: number }[]): Promise<Buffer> {
  const { PDFDocument, rgb } = await import('pdf-lib');
  const pt = (mm: number) => (mm * 72) / 25.4;
  const doc = await PDFDocument.create();
  for (const p of pages) {
    const b = pt(p.bleedMm ?? 0);
    const page = doc.addPage([pt(p.widthMm) + 2 * b, pt(p.heightMm) + 2 * b]);
    if (b > 0) {
      page.setTrimBox(b, b, pt(p.widthMm), pt(p.heightMm));
      page.setBleedBox(0, 0, pt(p.widthMm) + 2 * b, pt(p.heightMm) + 2 * b);
    }
    page.drawRectangle({ x: 0, y: 0, width: page.getWidth(), height: page.getHeight(), color: rgb(0.9, 0.9, 0.9) });
  }
  return Buffer.from(await doc.save());
}

/** A real PNG (sharp) of the given pixel size and stated resolution. */
export async function makePng(width: number, height: number, dpi: number): Promise<Buffer> {
  const sharp = (await import('sharp')).default;
  return sharp({ create: { width, height, channels: 3, background: { r: 200, g: 120, b: 40 } } })
    .png({ compressionLevel: 1 })
    .withMetadata({ density: dpi })
    .toBuffer();
}

export interface CreatedJob {
  id: string;
  token: string;
  [key: string]: unknown;
}

export async function createJob(base: string, workflowId: string, context?: unknown): Promise<CreatedJob> {
  const res = await fetch(`${base}/v1/jobs`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${PK}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ workflowId, context }),
  });
  if (res.status !== 201) throw new Error(`job creation failed: ${res.status} ${await res.text()}`);
  return (await res.json()) as CreatedJob;
}

/** Bytes that sniff as a PDF (the server does not parse further yet). */
export function fakePdf(size: number): Buffer {
  const bytes = crypto.randomBytes(size);
  bytes.write('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 0, 'latin1');
  return bytes;
}

/** Bytes that sniff as a PNG. */
export function fakePng(size: number): Buffer {
  const bytes = crypto.randomBytes(size);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(bytes, 0);
  return bytes;
}

export const sha256 = (data: Buffer) => crypto.createHash('sha256').update(data).digest('hex');

export interface UploadResult {
  url: string | null;
  error: DetailedError | null;
  status: number | null;
  body: { error?: { code: string; message: string } } | null;
}

/** Upload with tus-js-client; resolves (never rejects) with the outcome. No retries unless asked. */
export function tusUpload(
  base: string,
  job: { id: string; token: string },
  data: Buffer,
  meta: { filename: string; filetype?: string; fileId: string; slot?: string },
  options: Partial<UploadOptions> & { onStart?: (upload: Upload) => void } = {},
): Promise<UploadResult> {
  return new Promise((resolve) => {
    const metadata: Record<string, string> = { jobId: job.id, filename: meta.filename, fileId: meta.fileId, filetype: meta.filetype ?? 'application/octet-stream' };
    if (meta.slot) metadata.slot = meta.slot;
    const upload: Upload = new Upload(data, {
      endpoint: `${base}/v1/uploads/`,
      headers: { Authorization: `Bearer ${job.token}` },
      metadata,
      retryDelays: null,
      ...options,
      onSuccess: () => resolve({ url: upload.url, error: null, status: null, body: null }),
      onError: (error) => {
        const res = (error as DetailedError).originalResponse;
        const text = res?.getBody();
        let body = null;
        try {
          body = text ? JSON.parse(text) : null;
        } catch {
          body = null;
        }
        resolve({ url: upload.url, error: error as DetailedError, status: res?.getStatus() ?? null, body });
      },
    });
    options.onStart?.(upload);
    upload.start();
  });
}

export async function getJson(url: string, key?: string): Promise<{ status: number; body: any; headers: Headers }> {
  const res = await fetch(url, { headers: key ? { Authorization: `Bearer ${key}` } : {} });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null, headers: res.headers };
}

/**
 * A structurally valid PDF with `objects` small objects, all referenced from its one page's
 * /Annots (so an inspector that walks the page meets every one), each padded to about
 * `objectBytes`: the "million objects" file of issue 12.3. Classic xref table, correct offsets.
 */
export function makeManyObjectPdf(objects: number, objectBytes = 40): Buffer {
  const parts: Buffer[] = [];
  const offsets: number[] = [];
  let length = 0;
  const push = (s: string) => {
    const b = Buffer.from(s, 'latin1');
    parts.push(b);
    length += b.length;
  };
  const first = 4; // 1 catalog, 2 pages, 3 page; annotations from 4
  const pad = 'x'.repeat(Math.max(0, objectBytes - 40));
  push('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n');
  offsets[1] = length;
  push('1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n');
  offsets[2] = length;
  push('2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n');
  offsets[3] = length;
  const refs: string[] = [];
  for (let i = 0; i < objects; i++) refs.push(`${first + i} 0 R`);
  push(`3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 420 595] /Annots [${refs.join(' ')}] >>\nendobj\n`);
  for (let i = 0; i < objects; i++) {
    offsets[first + i] = length;
    push(`${first + i} 0 obj\n<< /Type /Annot /Subtype /Text /Rect [0 0 1 1] /T (${pad}) >>\nendobj\n`);
  }
  const size = first + objects;
  const xref = length;
  const rows = ['0000000000 65535 f \n'];
  for (let n = 1; n < size; n++) rows.push(`${String(offsets[n]).padStart(10, '0')} 00000 n \n`);
  push(`xref\n0 ${size}\n${rows.join('')}trailer\n<< /Size ${size} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`);
  return Buffer.concat(parts);
}
