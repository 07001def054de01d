// The tus endpoint against a real server with tus-js-client: byte-identical storage, job binding,
// and the rule's limits enforced on the server (type by content, sizes, count).
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FilecheckServer } from './app';
import { settledJob, createJob, fakePdf, fakePng, getJson, PK, sha256, SK, startServer, storedUploads, tempDataDir, tusUpload } from './test-support';

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

/** A raw tus creation request, as a client that bypasses the widget would send it. */
function createUpload(job: { id: string; token?: string }, length: number, meta: Record<string, string> = {}) {
  const metadata = Object.entries({ jobId: job.id, filename: 'a.pdf', fileId: 'f1', filetype: 'application/pdf', ...meta })
    .map(([k, v]) => `${k} ${Buffer.from(v).toString('base64')}`)
    .join(',');
  return fetch(`${base}/v1/uploads/`, {
    method: 'POST',
    headers: {
      'Tus-Resumable': '1.0.0', 'Upload-Length': String(length), 'Upload-Metadata': metadata,
      ...(job.token ? { Authorization: `Bearer ${job.token}` } : {}),
    },
  });
}

describe('upload and retrieval', () => {
  it('stores a 5 MB file byte-identical, with its sha256, and the secret key downloads it', async () => {
    const job = await createJob(base, 'wf_business_cards');
    const data = fakePdf(5 * 1024 * 1024 + 123);
    const result = await tusUpload(base, job, data, { filename: 'front.pdf', filetype: 'application/pdf', fileId: 'file_front', slot: 'Front' }, { chunkSize: 2 * 1024 * 1024 });
    expect(result.error).toBeNull();
    expect(result.url).toMatch(new RegExp(`^${base}/v1/uploads/[0-9a-f]{32}$`));

    const body = await settledJob(base, job.id);
    expect(body.files).toHaveLength(1);
    const file = body.files[0];
    // Random bytes behind a PDF header: the server's own inspection cannot read them, so the
    // file is an error with a failing finding, never a pass (fail closed).
    expect(file).toMatchObject({
      id: 'file_front', name: 'front.pdf', size: data.length, sha256: sha256(data), kind: 'pdf', format: 'pdf',
      mime: 'application/pdf', slot: 'front', state: 'error', outcome: 'fail', facts: null,
      error: { code: expect.any(String), message: expect.any(String) },
      findings: [{ checkId: 'intake.inspect', outcome: 'fail', severity: 'reject', code: expect.any(String) }],
      downloadUrl: `${base}/v1/jobs/${job.id}/files/file_front`,
    });
    expect(body).toMatchObject({ status: 'rejected', canProceed: false });

    expect((await fetch(file.downloadUrl)).status).toBe(401);
    expect((await fetch(file.downloadUrl, { headers: { Authorization: `Bearer ${job.token}` } })).status).toBe(401);
    const download = await fetch(file.downloadUrl, { headers: { Authorization: `Bearer ${SK}` } });
    expect(download.status).toBe(200);
    expect(download.headers.get('content-disposition')).toBe(`attachment; filename="front.pdf"; filename*=UTF-8''front.pdf`);
    expect(sha256(Buffer.from(await download.arrayBuffer()))).toBe(sha256(data));
  });

  it('the status payload restores rows: size, offset, uploadUrl, complete', async () => {
    const job = await createJob(base, 'wf_photo_print');
    const done = fakePng(300_000);
    expect((await tusUpload(base, job, done, { filename: 'a.png', fileId: 'a' })).error).toBeNull();
    await settledJob(base, job.id);
    // A second upload that stops after its first chunk, as when the page is reloaded mid-upload.
    const partial = fakePng(400_000);
    let handle: { abort(): Promise<void> } | null = null;
    await new Promise<void>((resolve) => {
      void tusUpload(base, job, partial, { filename: 'b.png', fileId: 'b' }, {
        chunkSize: 100_000,
        onStart: (u) => (handle = u),
        onChunkComplete: (_chunk, sent) => {
          if (sent >= 100_000) void handle?.abort().then(resolve);
        },
      });
    });
    // Wait until the stored offset settles (the abort races the next chunk).
    await new Promise((r) => setTimeout(r, 200));
    const { status, body } = await getJson(`${base}/v1/jobs/${job.id}/status`, job.token);
    expect(status).toBe(200);
    expect(Object.keys(body).sort()).toEqual(['canProceed', 'context', 'facts', 'files', 'finalized', 'jobId', 'status', 'terminal', 'updatedAt', 'workflowId']);
    expect(body).toMatchObject({ status: 'uploading', terminal: false, canProceed: false, workflowId: 'wf_photo_print', jobId: job.id });
    const [a, b] = body.files;
    expect(a).toEqual({
      id: 'a', name: 'a.png', fileRef: expect.any(String), outcome: 'fail', status: 'error', outputRef: null,
      size: done.length, offset: done.length, uploadUrl: null, complete: true, slot: null,
      error: { code: expect.any(String), message: expect.any(String) },
      findings: [expect.objectContaining({ checkId: 'intake.inspect', outcome: 'fail' })],
    });
    expect(b).toMatchObject({ id: 'b', status: 'uploading', complete: false, size: partial.length, uploadUrl: expect.stringContaining('/v1/uploads/') });
    expect(b.offset).toBeGreaterThanOrEqual(100_000);
    expect(b.offset).toBeLessThan(partial.length);

    // Resuming with the uploadUrl from the status payload completes the file byte-identical.
    const resumed = await tusUpload(base, job, partial, { filename: 'b.png', fileId: 'b' }, { uploadUrl: b.uploadUrl });
    expect(resumed.error).toBeNull();
    expect(resumed.url).toBe(b.uploadUrl);
    const view = { body: await settledJob(base, job.id) };
    expect(view.body.files.map((f: { sha256: string }) => f.sha256)).toEqual([sha256(done), sha256(partial)]);
    // accept_with_warnings: files the server could not read count as accepted failures (→ partial, flagged by their findings).
    expect(view.body.status).toBe('partial');
  });

  it('DELETE /v1/jobs/:id/files/:fileId (job token) removes the file and its bytes', async () => {
    const job = await createJob(base, 'wf_photo_print');
    const r = await tusUpload(base, job, fakePng(10_000), { filename: 'x.png', fileId: 'x' });
    expect(r.error).toBeNull();
    const del = (token?: string) =>
      fetch(`${base}/v1/jobs/${job.id}/files/x`, { method: 'DELETE', headers: token ? { Authorization: `Bearer ${token}` } : {} });
    expect((await del()).status).toBe(401);
    expect((await del(SK)).status).toBe(401);
    expect((await del(job.token)).status).toBe(204);
    expect((await del(job.token)).status).toBe(404);
    const head = await fetch(r.url!, { method: 'HEAD', headers: { 'Tus-Resumable': '1.0.0', Authorization: `Bearer ${job.token}` } });
    expect(head.status).toBe(404);
    expect((await getJson(`${base}/v1/jobs/${job.id}/status`, job.token)).body).toMatchObject({ status: 'idle', files: [] });
  });
});

describe('uploads are bound to a job and its token', () => {
  it('refuses creation without a token, with another job’s token, or for an unknown job (JSON errors)', async () => {
    const job = await createJob(base, 'wf_flyer_a5');
    const other = await createJob(base, 'wf_flyer_a5');
    const noToken = await createUpload({ id: job.id }, 1000);
    expect(noToken.status).toBe(401);
    expect(noToken.headers.get('content-type')).toMatch(/application\/json/);
    expect(await noToken.json()).toEqual({ error: { code: 'unauthorized', message: expect.any(String) } });
    expect((await createUpload({ id: job.id, token: other.token }, 1000)).status).toBe(401);
    expect((await createUpload({ id: 'job_aaaaaaaaaaaaaaaaaaaaaaaaaa', token: job.token }, 1000)).status).toBe(404);

    const viaClient = await tusUpload(base, { id: job.id, token: other.token }, fakePdf(1000), { filename: 'a.pdf', fileId: 'f' });
    expect(viaClient.status).toBe(401);
    expect(viaClient.body?.error?.code).toBe('unauthorized');
  });

  it('HEAD/PATCH on an upload need the token of its job', async () => {
    const job = await createJob(base, 'wf_flyer_a5');
    const other = await createJob(base, 'wf_flyer_a5');
    const created = await createUpload(job, 1000);
    expect(created.status).toBe(201);
    const location = new URL(created.headers.get('location')!, base).href; // relative unless a public URL is set
    const head = (token?: string) =>
      fetch(location, { method: 'HEAD', headers: { 'Tus-Resumable': '1.0.0', ...(token ? { Authorization: `Bearer ${token}` } : {}) } });
    expect((await head()).status).toBe(401);
    expect((await head(other.token)).status).toBe(401);
    expect((await head(job.token)).status).toBe(200);
    const patch = await fetch(location, {
      method: 'PATCH',
      headers: { 'Tus-Resumable': '1.0.0', 'Upload-Offset': '0', 'Content-Type': 'application/offset+octet-stream', Authorization: `Bearer ${other.token}` },
      body: new Uint8Array(fakePdf(1000)),
    });
    expect(patch.status).toBe(401);
    // tus never serves stored bytes back.
    expect((await fetch(location, { headers: { Authorization: `Bearer ${job.token}` } })).status).toBe(405);
  });

  it('requires the metadata and Upload-Length', async () => {
    const job = await createJob(base, 'wf_flyer_a5');
    expect((await createUpload(job, 1000, { fileId: '../../etc' })).status).toBe(400);
    expect((await createUpload(job, 1000, { filename: '' })).status).toBe(400);
    expect((await createUpload(job, 1000, { slot: 'Inside' })).status).toBe(400);
    const deferred = await fetch(`${base}/v1/uploads/`, {
      method: 'POST',
      headers: {
        'Tus-Resumable': '1.0.0', 'Upload-Defer-Length': '1', Authorization: `Bearer ${job.token}`,
        'Upload-Metadata': `jobId ${Buffer.from(job.id).toString('base64')},filename YS5wZGY=,fileId ZjE=`,
      },
    });
    expect(deferred.status).toBe(400);
  });
});

describe('server-side limits', () => {
  it('413 on creation when Upload-Length is over the largest maxSize', async () => {
    const job = await createJob(base, 'wf_business_cards'); // PDF 50 MB, images 30 MB
    const res = await createUpload(job, 50 * 1024 * 1024 + 1);
    expect(res.status).toBe(413);
    expect((await res.json()).error.code).toBe('file_too_large');
  });

  it('413 once the first bytes show a type with a smaller maxSize', async () => {
    const job = await createJob(base, 'wf_business_cards');
    const size = 31 * 1024 * 1024; // under the PDF limit, over the image limit
    const created = await createUpload(job, size, { filename: 'card.pdf', fileId: 'big' });
    expect(created.status).toBe(201);
    const patch = await fetch(new URL(created.headers.get('location')!, base).href, {
      method: 'PATCH',
      headers: { 'Tus-Resumable': '1.0.0', 'Upload-Offset': '0', 'Content-Type': 'application/offset+octet-stream', Authorization: `Bearer ${job.token}` },
      body: new Uint8Array(fakePng(64 * 1024)),
    });
    expect(patch.status).toBe(413);
    expect((await patch.json()).error.code).toBe('file_too_large');
    const status = await getJson(`${base}/v1/jobs/${job.id}/status`, job.token);
    expect(status.body.files[0]).toMatchObject({ id: 'big', status: 'refused', error: { code: 'file_too_large' } });
  });

  it('415 for a PNG renamed .pdf against a PDF-only workflow: type from bytes; partial upload deleted', async () => {
    const job = await createJob(base, 'wf_flyer_a5');
    const r = await tusUpload(base, job, fakePng(200_000), { filename: 'flyer.pdf', filetype: 'application/pdf', fileId: 'renamed' });
    expect(r.status).toBe(415);
    expect(r.body?.error?.code).toBe('file_type_refused');
    expect(r.body?.error?.message).toMatch(/PNG/);
    const head = await fetch(r.url!, { method: 'HEAD', headers: { 'Tus-Resumable': '1.0.0', Authorization: `Bearer ${job.token}` } });
    expect(head.status).toBe(404);
    expect(await storedUploads(server)).not.toContain(r.url!.split('/').pop());
    const { body } = await getJson(`${base}/v1/jobs/${job.id}`, SK);
    expect(body.status).toBe('rejected');
    expect(body.files[0]).toMatchObject({ id: 'renamed', state: 'refused', sha256: null, downloadUrl: null, error: { code: 'file_type_refused' } });
    expect(body.files[0].findings[0]).toMatchObject({ checkId: 'intake.type', outcome: 'fail', code: 'file_type_refused' });

    // The customer removes it and uploads a real PDF under the same file id.
    const ok = await tusUpload(base, job, fakePdf(50_000), { filename: 'flyer.pdf', fileId: 'renamed' });
    expect(ok.error).toBeNull();
  });

  it('a large refused file sent in one request gets the 415 after its first bytes, not after its last', async () => {
    const job = await createJob(base, 'wf_flyer_a5');
    const r = await tusUpload(base, job, fakePng(40 * 1024 * 1024), { filename: 'big.pdf', fileId: 'big' });
    expect(r.status).toBe(415);
    expect(r.body?.error?.code).toBe('file_type_refused');
    expect(await storedUploads(server)).not.toContain(r.url!.split('/').pop());
  });

  it('sniffs a head that arrives over several small PATCH requests', async () => {
    const job = await createJob(base, 'wf_photo_print');
    const png = fakePng(20_000);
    const ok = await tusUpload(base, job, png, { filename: 'p.png', fileId: 'p' }, { chunkSize: 1000 });
    expect(ok.error).toBeNull();
    const flyer = await createJob(base, 'wf_flyer_a5');
    const refused = await tusUpload(base, flyer, fakePng(20_000), { filename: 'p.pdf', fileId: 'p' }, { chunkSize: 1000 });
    expect(refused.status).toBe(415);
    const view = await getJson(`${base}/v1/jobs/${job.id}`, SK);
    expect(view.body.files[0]).toMatchObject({ format: 'png', sha256: sha256(png) });
  });

  it('409 when the job already holds cardinality.max files', async () => {
    const job = await createJob(base, 'wf_flyer_a5'); // max 1
    expect((await tusUpload(base, job, fakePdf(10_000), { filename: 'one.pdf', fileId: 'one' })).error).toBeNull();
    const second = await tusUpload(base, job, fakePdf(10_000), { filename: 'two.pdf', fileId: 'two' });
    expect(second.status).toBe(409);
    expect(second.body?.error?.code).toBe('too_many_files');
    // Re-sending a completed file is a conflict too, not a silent replacement.
    const again = await tusUpload(base, job, fakePdf(10_000), { filename: 'one.pdf', fileId: 'one' });
    expect(again.status).toBe(409);
    expect(again.body?.error?.code).toBe('file_exists');
  });

  it('the context narrows the file count; slots hold one file each', async () => {
    const job = await createJob(base, 'wf_photo_print', { fileCount: { max: 1 } });
    expect((await tusUpload(base, job, fakePng(1000), { filename: 'a.png', fileId: 'a' })).error).toBeNull();
    expect((await tusUpload(base, job, fakePng(1000), { filename: 'b.png', fileId: 'b' })).status).toBe(409);

    const cards = await createJob(base, 'wf_business_cards');
    expect((await tusUpload(base, cards, fakePdf(1000), { filename: 'f.pdf', fileId: 'f', slot: 'front' })).error).toBeNull();
    const taken = await tusUpload(base, cards, fakePdf(1000), { filename: 'g.pdf', fileId: 'g', slot: 'Front' });
    expect(taken.status).toBe(409);
    expect(taken.body?.error?.code).toBe('slot_taken');
  });
});

describe('keys', () => {
  it('the publishable key cannot read a job', async () => {
    const job = await createJob(base, 'wf_flyer_a5');
    expect((await getJson(`${base}/v1/jobs/${job.id}`, PK)).status).toBe(401);
  });
});
