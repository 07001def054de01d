// The store recipe against the real reference server: add-to-cart succeeds only for a job that
// exists, belongs to the product's workflow, is terminal and can proceed.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FilecheckServer } from '../server/app';
import { createJob, makePdf, settledJob, SK, startServer, tempDataDir, tusUpload } from '../server/test-support';
import { createStoreServer, verifyJobForCart } from './store-server';

let filecheck: FilecheckServer;
let dataDir: string;
let store: ReturnType<typeof createStoreServer>;
let storeUrl: string;

beforeAll(async () => {
  dataDir = tempDataDir();
  filecheck = await startServer(dataDir);
  store = createStoreServer({ endpoint: filecheck.url, secretKey: SK, workflowId: 'wf_flyer_a5', cartUrl: '/demo/cart.html' });
  storeUrl = await store.listen(0);
});
afterAll(async () => {
  await store.close();
  await filecheck.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function jobWith(workflowId: string, pdf: Buffer | null) {
  const job = await createJob(filecheck.url, workflowId);
  if (pdf) {
    expect((await tusUpload(filecheck.url, job, pdf, { filename: 'artwork.pdf', fileId: 'a' })).error).toBeNull();
    await settledJob(filecheck.url, job.id);
  }
  return job;
}

const addToCart = (jobId: string | null, accept = 'text/html') =>
  fetch(`${storeUrl}/cart/add`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: accept },
    body: new URLSearchParams(jobId === null ? { qty: '1' } : { fc_job_id: jobId, qty: '1' }).toString(),
  });

describe('POST /cart/add', () => {
  it('303 to the cart for a verified job that can proceed', async () => {
    const job = await jobWith('wf_flyer_a5', await makePdf([{ widthMm: 148, heightMm: 210, bleedMm: 3 }]));
    const res = await addToCart(job.id);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/demo/cart.html?fc_job_id=${job.id}`);
  });

  it('422 with the reason otherwise: rejected, unfinished, other workflow, unknown, missing', async () => {
    const rejected = await jobWith('wf_flyer_a5', await makePdf([{ widthMm: 210, heightMm: 297, bleedMm: 3 }]));
    const empty = await jobWith('wf_flyer_a5', null);
    const other = await jobWith('wf_poster', null);
    const cases: [string | null, string][] = [
      [rejected.id, 'job_rejected'],
      [empty.id, 'job_not_finished'],
      [other.id, 'wrong_workflow'],
      ['job_aaaaaaaaaaaaaaaaaaaaaaaaaa', 'job_not_found'],
      ['../../v1/health', 'job_id_invalid'],
      [null, 'job_id_missing'],
    ];
    for (const [jobId, code] of cases) {
      const res = await addToCart(jobId, 'application/json');
      expect(res.status, code).toBe(422);
      expect((await res.json()).error).toEqual({ code, message: expect.any(String) });
    }
    const html = await addToCart(rejected.id);
    expect(html.status).toBe(422);
    const text = await html.text();
    expect(text).toContain('data-code="job_rejected"');
    expect(text).toContain('148×210 mm'); // the failing finding's message
  });
});

describe('verifyJobForCart', () => {
  it('fails closed when the Filecheck server is unreachable or the key is wrong', async () => {
    const job = await jobWith('wf_flyer_a5', await makePdf([{ widthMm: 148, heightMm: 210, bleedMm: 3 }]));
    expect(await verifyJobForCart(job.id, { endpoint: filecheck.url, secretKey: SK, workflowId: 'wf_flyer_a5' })).toMatchObject({
      ok: true, job: { id: job.id, terminal: true, canProceed: true },
    });
    expect(await verifyJobForCart(job.id, { endpoint: filecheck.url, secretKey: 'sk_test_wrong', workflowId: 'wf_flyer_a5' })).toMatchObject({
      ok: false, code: 'verification_unavailable',
    });
    expect(await verifyJobForCart(job.id, { endpoint: 'http://127.0.0.1:9', secretKey: SK, workflowId: 'wf_flyer_a5', timeoutMs: 2_000 })).toMatchObject({
      ok: false, code: 'verification_unavailable',
    });
  });
});
