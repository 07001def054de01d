// Issue 12.1: the context comes from the customer's page (job token), so it can select one of the
// variants the workflow declares and narrow counts, never loosen the rule. Through the real server.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyJobForCart } from '../demo/store-server';
import type { FilecheckServer } from './app';
import { createJob, makePdf, PK, settledJob, SK, startServer, tempDataDir, tusUpload } from './test-support';

let server: FilecheckServer;
let dataDir: string;
let base: string;

beforeAll(async () => {
  dataDir = tempDataDir();
  server = await startServer(dataDir);
  base = server.url;
});
afterAll(async () => {
  await server.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const putContext = (job: { id: string; token: string }, body: unknown) =>
  fetch(`${base}/v1/jobs/${job.id}/context`, {
    method: 'PUT', headers: { Authorization: `Bearer ${job.token}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body),
  });
const postJob = (body: unknown) =>
  fetch(`${base}/v1/jobs`, { method: 'POST', headers: { Authorization: `Bearer ${PK}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

describe('context trust', () => {
  it('a size the workflow does not declare cannot turn a rejected job into ready', async () => {
    const job = await createJob(base, 'wf_business_cards');
    const pdf = await makePdf([{ widthMm: 150, heightMm: 210, bleedMm: 3 }]);
    expect((await tusUpload(base, job, pdf, { filename: 'a5.pdf', fileId: 'f', slot: 'front' })).error).toBeNull();
    expect(await settledJob(base, job.id)).toMatchObject({ status: 'rejected', canProceed: false });

    const res = await putContext(job, { artworkSize: { width_mm: 150, height_mm: 210 } });
    expect(res.status).toBe(400);
    expect((await res.json()).error).toEqual({ code: 'context_not_allowed', message: expect.stringContaining('artworkSize') });
    const after = await settledJob(base, job.id);
    expect(after).toMatchObject({ status: 'rejected', canProceed: false, context: null });
    // Same at creation.
    const created = await postJob({ workflowId: 'wf_business_cards', context: { artworkSize: { width_mm: 150, height_mm: 210 }, bleed: { required_mm: 0 } } });
    expect(created.status).toBe(400);
    expect((await created.json()).error.code).toBe('context_not_allowed');
  });

  it('a declared variant is judged, and the verify API returns the context of the verdict', async () => {
    const job = await createJob(base, 'wf_flyer_a5', { artworkSize: { width_mm: 105, height_mm: 148 } });
    const pdf = await makePdf([{ widthMm: 105, heightMm: 148, bleedMm: 3 }]);
    expect((await tusUpload(base, job, pdf, { filename: 'a6.pdf', fileId: 'f' })).error).toBeNull();
    const done = await settledJob(base, job.id);
    expect(done).toMatchObject({ canProceed: true, context: { artworkSize: { width_mm: 105, height_mm: 148 } } });
    // Back to the workflow's own size (A5): the A6 file fails; the context shown follows.
    expect((await putContext(job, {})).status).toBe(200);
    expect(await settledJob(base, job.id)).toMatchObject({ canProceed: false, context: null });
  });

  it('fileCount cannot lift a one-file rule: 1e308 is refused and a second file is too many', async () => {
    const refused = await postJob({ workflowId: 'wf_flyer_a5', context: { fileCount: { max: 1e308 } } });
    expect(refused.status).toBe(400);
    expect((await refused.json()).error).toEqual({ code: 'context_not_allowed', message: expect.stringContaining('fileCount.max') });

    const job = await createJob(base, 'wf_flyer_a5');
    expect((await putContext(job, { fileCount: { max: 6 } })).status).toBe(400);
    const pdf = await makePdf([{ widthMm: 148, heightMm: 210, bleedMm: 3 }]);
    expect((await tusUpload(base, job, pdf, { filename: 'one.pdf', fileId: 'one' })).error).toBeNull();
    const second = await tusUpload(base, job, pdf, { filename: 'two.pdf', fileId: 'two' });
    expect(second.status).toBe(409);
    expect(second.body?.error?.code).toBe('too_many_files');
    expect((await settledJob(base, job.id)).files).toHaveLength(1);
  });

  it('pageCount only narrows: wider is refused, narrower is applied', async () => {
    const job = await createJob(base, 'wf_flyer_a5');
    const twoPages = await makePdf([{ widthMm: 148, heightMm: 210, bleedMm: 3 }, { widthMm: 148, heightMm: 210, bleedMm: 3 }]);
    expect((await tusUpload(base, job, twoPages, { filename: 'two.pdf', fileId: 'f' })).error).toBeNull();
    expect(await settledJob(base, job.id)).toMatchObject({ canProceed: true });
    const wider = await putContext(job, { pageCount: { min: 1, max: 50 } });
    expect(wider.status).toBe(400);
    expect((await wider.json()).error.code).toBe('context_not_allowed');
    const narrower = await putContext(job, { pageCount: { max: 1 } });
    expect(narrower.status).toBe(200);
    const after = await settledJob(base, job.id);
    expect(after.canProceed).toBe(false);
    expect(after.files[0].findings).toContainEqual(expect.objectContaining({ checkId: 'geom.page_count', outcome: 'fail' }));
  });

  it('the store recipe refuses a job judged under another variant than the one ordered', async () => {
    const a6 = { artworkSize: { width_mm: 105, height_mm: 148 } };
    const job = await createJob(base, 'wf_flyer_a5', a6);
    expect((await tusUpload(base, job, await makePdf([{ widthMm: 105, heightMm: 148, bleedMm: 3 }]), { filename: 'a6.pdf', fileId: 'f' })).error).toBeNull();
    await settledJob(base, job.id);
    const opts = { endpoint: base, secretKey: SK, workflowId: 'wf_flyer_a5' };
    expect(await verifyJobForCart(job.id, { ...opts, context: a6 })).toMatchObject({ ok: true });
    // Ordered A5 (no context: the workflow's own size), but the page judged the file as A6.
    expect(await verifyJobForCart(job.id, opts)).toMatchObject({ ok: false, code: 'wrong_context' });
    expect(await verifyJobForCart(job.id, { ...opts, context: { artworkSize: { width_mm: 148, height_mm: 210 } } })).toMatchObject({ ok: false, code: 'wrong_context' });
  });
});
