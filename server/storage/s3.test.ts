// S3 storage against a real S3-compatible server (moto_server on loopback, server/testing/s3-server.ts):
// the bytes go to the bucket, not the data directory; an upload paused over several multipart parts
// and resumed later is stored byte-identical; verification reads a temporary copy and removes it;
// production files are bucket objects; removal leaves nothing behind. The rest of the server suite
// runs against S3 too (`npm run test:server:s3`).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HeadObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import type { FilecheckServer } from '../app';
import { createJob, fakePdf, getJson, settledJob, sha256, SK, startServer, tempDataDir, tusUpload } from '../test-support';
import { startS3Server, type S3TestServer } from '../testing/s3-server';
import { ensureBucket, s3ClientConfig, type S3Settings } from './s3';

const MB = 1024 * 1024;
let s3server: S3TestServer;
let server: FilecheckServer;
let dataDir: string;
let settings: S3Settings;
let client: S3Client;

beforeAll(async () => {
  s3server = await startS3Server();
  settings = { bucket: 'filecheck-s3-test', endpoint: s3server.endpoint, region: 'us-east-1', forcePathStyle: true, accessKeyId: 'test', secretAccessKey: 'test' };
  await ensureBucket(settings);
  client = new S3Client(s3ClientConfig(settings));
  dataDir = tempDataDir();
  server = await startServer(dataDir, 0, { s3: settings, workflowsDir: fileURLToPath(new URL('../../e2e/workflows', import.meta.url)) });
}, 120_000);

afterAll(async () => {
  await server?.close();
  client?.destroy();
  s3server?.stop();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

const keys = async (prefix = '') => ((await client.send(new ListObjectsV2Command({ Bucket: settings.bucket, Prefix: prefix }))).Contents ?? []).map((o) => o.Key!).sort();

describe('S3 storage', () => {
  it('an upload paused after its first 5 MB part and resumed later is stored in the bucket byte-identical; downloads stream from it', async () => {
    const job = await createJob(server.url, 'wf_e2e_any');
    const data = fakePdf(12 * MB);
    let handle: { abort(): Promise<void> } | null = null;
    // Pause after the first chunk (one full multipart part), as a closed laptop would.
    await new Promise<void>((resolve) => {
      void tusUpload(server.url, job, data, { filename: 'big.pdf', fileId: 'big' }, {
        chunkSize: 5 * MB + 1,
        onStart: (u) => (handle = u),
        onChunkComplete: () => void handle!.abort().then(resolve),
      });
    });
    const uploadUrl = (await getJson(`${server.url}/v1/jobs/${job.id}/status`, job.token)).body.files[0].uploadUrl as string;
    const id = uploadUrl.split('/').pop()!;
    const head = await fetch(new URL(uploadUrl, server.url), { method: 'HEAD', headers: { 'Tus-Resumable': '1.0.0', Authorization: `Bearer ${job.token}` } });
    const offset = Number(head.headers.get('upload-offset'));
    expect(offset).toBeGreaterThanOrEqual(5 * MB);
    expect(offset).toBeLessThan(data.length);
    // In progress: the upload's state and part are bucket objects; the data directory holds no bytes.
    expect(await keys(id)).toContain(`${id}.info`);
    expect(fs.existsSync(path.join(dataDir, 'uploads'))).toBe(false);

    const resumed = await tusUpload(server.url, job, data, { filename: 'big.pdf', fileId: 'big' }, { uploadUrl: new URL(uploadUrl, server.url).href, chunkSize: 5 * MB + 1 });
    expect(resumed.error).toBeNull();
    const stored = await client.send(new HeadObjectCommand({ Bucket: settings.bucket, Key: id }));
    expect(stored.ContentLength).toBe(data.length);

    const view = await settledJob(server.url, job.id);
    expect(view.files[0].sha256).toBe(sha256(data));
    const download = await fetch(view.files[0].downloadUrl, { headers: { Authorization: `Bearer ${SK}` } });
    expect(download.status).toBe(200);
    expect(sha256(Buffer.from(await download.arrayBuffer()))).toBe(sha256(data));
    // Verification read a temporary copy, and removed it.
    expect(fs.readdirSync(path.join(dataDir, 'tmp')).filter((f) => f !== 'outputs')).toEqual([]);
  }, 120_000);

  it('a production file is a bucket object, downloadable; removing the file removes every object of its upload', async () => {
    const { makePdf } = await import('../test-support');
    const job = await createJob(server.url, 'wf_e2e_fix_card');
    // 85 × 55 mm without bleed: remediation adds it (server/remediate/server.test.ts has the details).
    const card = await makePdf([{ widthMm: 85, heightMm: 55 }]);
    const up = await tusUpload(server.url, job, card, { filename: 'card.pdf', filetype: 'application/pdf', fileId: 'card' });
    expect(up.error).toBeNull();
    const view = await settledJob(server.url, job.id, 60_000);
    expect(view.files[0]).toMatchObject({ outcome: 'fixed' });
    const output = view.files[0].outputs[0];
    expect(await keys('outputs/')).toEqual([`outputs/${output.id}.pdf`]);
    const download = await fetch(output.downloadUrl, { headers: { Authorization: `Bearer ${SK}` } });
    expect(download.status).toBe(200);
    expect(sha256(Buffer.from(await download.arrayBuffer()))).toBe(output.sha256);
    expect(fs.readdirSync(path.join(dataDir, 'tmp', 'outputs'))).toEqual([]);

    const id = up.url!.split('/').pop()!;
    expect(await keys(id)).toEqual([id, `${id}.info`]);
    const removed = await fetch(`${server.url}/v1/jobs/${job.id}/files/card`, { method: 'DELETE', headers: { Authorization: `Bearer ${job.token}` } });
    expect(removed.status).toBe(204);
    expect(await keys(id)).toEqual([]);
  }, 120_000);
});
