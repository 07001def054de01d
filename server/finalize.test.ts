// One job per cart item: once the customer proceeds, POST /v1/jobs/:id/finalize freezes the job.
// Its files and context can no longer change (409 job_finalized), and both views say so.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FilecheckServer } from './app';
import { createJob, getJson, makePdf, settledJob, sha256, SK, startServer, tempDataDir, tusUpload } from './test-support';

let server: FilecheckServer;
let base: string;
let dataDir: string;

beforeAll(async () => {
  dataDir = tempDataDir();
  server = await startServer(dataDir);
  base = server.url;
});
afterAll(async () => {
  await server.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const A5 = { widthMm: 148, heightMm: 210, bleedMm: 3 };
const post = (url: string, key: string) => fetch(url, { method: 'POST', headers: { Authorization: `Bearer ${key}` } });

describe('finalize', () => {
  it('freezes a job that can proceed: files and context are refused with job_finalized, the views say finalized', async () => {
    const job = await createJob(base, 'wf_flyer_a5');
    const pdf = await makePdf([A5]);
    expect((await tusUpload(base, job, pdf, { filename: 'flyer.pdf', filetype: 'application/pdf', fileId: 'f1' })).error).toBeNull();
    expect(await settledJob(base, job.id)).toMatchObject({ canProceed: true, finalized: false, finalizedAt: null });

    const res = await post(`${base}/v1/jobs/${job.id}/finalize`, job.token);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ finalized: true, canProceed: true, jobId: job.id });
    // idempotent
    expect((await post(`${base}/v1/jobs/${job.id}/finalize`, job.token)).status).toBe(200);

    const view = await getJson(`${base}/v1/jobs/${job.id}`, SK);
    expect(view.body).toMatchObject({ finalized: true, finalizedAt: expect.any(String), canProceed: true });
    expect((await getJson(`${base}/v1/jobs/${job.id}/status`, job.token)).body.finalized).toBe(true);

    const context = await fetch(`${base}/v1/jobs/${job.id}/context`, {
      method: 'PUT', headers: { Authorization: `Bearer ${job.token}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ pageCount: 1 }),
    });
    expect(context.status).toBe(409);
    expect((await context.json()).error.code).toBe('job_finalized');

    const del = await fetch(`${base}/v1/jobs/${job.id}/files/f1`, { method: 'DELETE', headers: { Authorization: `Bearer ${job.token}` } });
    expect(del.status).toBe(409);
    expect((await del.json()).error.code).toBe('job_finalized');

    const another = await tusUpload(base, job, pdf, { filename: 'other.pdf', filetype: 'application/pdf', fileId: 'f2' });
    expect(another.error).not.toBeNull();
    expect(String(another.error)).toMatch(/job_finalized/);

    // the artwork is still the one the customer proceeded with, byte for byte
    const download = await fetch(`${base}/v1/jobs/${job.id}/files/f1`, { headers: { Authorization: `Bearer ${SK}` } });
    expect(sha256(Buffer.from(await download.arrayBuffer()))).toBe(sha256(pdf));
    expect((await getJson(`${base}/v1/jobs/${job.id}`, SK)).body.files).toHaveLength(1);
  });

  it('refuses a job that cannot proceed (job_not_ready), and needs the job token or the secret key', async () => {
    const job = await createJob(base, 'wf_flyer_a5');
    const empty = await post(`${base}/v1/jobs/${job.id}/finalize`, job.token);
    expect(empty.status).toBe(409);
    expect((await empty.json()).error.code).toBe('job_not_ready');
    expect((await getJson(`${base}/v1/jobs/${job.id}`, SK)).body.finalized).toBe(false);

    const other = await createJob(base, 'wf_flyer_a5');
    expect((await post(`${base}/v1/jobs/${job.id}/finalize`, other.token)).status).toBe(401);

    expect((await tusUpload(base, job, await makePdf([A5]), { filename: 'a.pdf', filetype: 'application/pdf', fileId: 'f1' })).error).toBeNull();
    await settledJob(base, job.id);
    const bySecret = await post(`${base}/v1/jobs/${job.id}/finalize`, SK);
    expect(bySecret.status).toBe(200);
    expect((await bySecret.json()).finalized).toBe(true);
  });
});
