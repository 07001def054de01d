// JSON routes: workflows, jobs, status payload, keys and error shapes, against a real server.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FilecheckServer } from './app';
import { createJob, getJson, PK, SK, startServer, tempDataDir } from './test-support';

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

describe('GET /v1/workflows/:id', () => {
  it('serves a demo workflow for the publishable key', async () => {
    const { status, body } = await getJson(`${base}/v1/workflows/wf_business_cards`, PK);
    expect(status).toBe(200);
    expect(body.id).toBe('wf_business_cards');
    expect(body.rule.cardinality).toMatchObject({ min: 1, max: 2 });
    expect(body.rule.cardinality.slots.map((s: { label: string }) => s.label)).toEqual(['Front', 'Back']);
  });

  it.each(['wf_flyer_a5', 'wf_poster', 'wf_photo_print'])('serves %s', async (id) => {
    expect((await getJson(`${base}/v1/workflows/${id}`, PK)).status).toBe(200);
  });

  it('401 without a key, with a wrong key and with the secret key in the query', async () => {
    for (const key of [undefined, 'pk_test_wrong', 'Bearer']) {
      const { status, body } = await getJson(`${base}/v1/workflows/wf_poster`, key);
      expect(status).toBe(401);
      expect(body).toEqual({ error: { code: 'unauthorized', message: expect.any(String) } });
    }
    expect((await getJson(`${base}/v1/workflows/wf_poster?key=${PK}`)).status).toBe(401);
  });

  it('404 for an unknown workflow and for ids that try to leave the directory', async () => {
    for (const id of ['wf_nope', '..%2F..%2Fpackage', '%2E%2E']) {
      const { status, body } = await getJson(`${base}/v1/workflows/${id}`, PK);
      expect(status).toBe(404);
      expect(body.error.code).toBe('not_found');
    }
  });
});

describe('POST /v1/jobs', () => {
  it('creates a job with a 128-bit id and a job token, and the status payload fields', async () => {
    const job = await createJob(base, 'wf_flyer_a5');
    expect(job.id).toMatch(/^job_[a-z2-7]{26}$/);
    expect(job.token).toMatch(/^jt_[A-Za-z0-9_-]{43}$/);
    expect(job).toMatchObject({ workflowId: 'wf_flyer_a5', jobId: job.id, status: 'idle', terminal: false, canProceed: false, files: [] });
  });

  it('validates the body and the context', async () => {
    const post = (body: unknown, key = PK) =>
      fetch(`${base}/v1/jobs`, { method: 'POST', headers: { Authorization: `Bearer ${key}` }, body: JSON.stringify(body) });
    expect((await post({})).status).toBe(400);
    expect((await post({ workflowId: 'wf_nope' })).status).toBe(404);
    const badContext = await post({ workflowId: 'wf_photo_print', context: { artworkSize: { width_mm: -1, height_mm: 150 } } });
    expect(badContext.status).toBe(400);
    expect((await badContext.json()).error).toEqual({ code: 'context_invalid', message: expect.stringContaining('artworkSize.width_mm') });
    expect((await post({ workflowId: 'wf_photo_print' }, SK)).status).toBe(401);
    const notJson = await fetch(`${base}/v1/jobs`, { method: 'POST', headers: { Authorization: `Bearer ${PK}` }, body: '{' });
    expect(notJson.status).toBe(400);
  });

  it('stores the context', async () => {
    const context = { artworkSize: { width_mm: 100, height_mm: 150 } };
    const job = await createJob(base, 'wf_photo_print', context);
    const { body } = await getJson(`${base}/v1/jobs/${job.id}`, SK);
    expect(body.context).toEqual(context);
  });
});

describe('job status and the secret-key job', () => {
  it('GET /v1/jobs/:id/status needs the job token of that job', async () => {
    const a = await createJob(base, 'wf_flyer_a5');
    const b = await createJob(base, 'wf_flyer_a5');
    const ok = await getJson(`${base}/v1/jobs/${a.id}/status`, a.token);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toMatch(/application\/json/);
    expect(ok.body).toEqual({ status: 'idle', terminal: false, canProceed: false, workflowId: 'wf_flyer_a5', jobId: a.id, files: [], finalized: false, facts: { files: [], aggregate: expect.objectContaining({ fileCount: 0 }) }, updatedAt: expect.any(String), context: null });
    expect((await getJson(`${base}/v1/jobs/${a.id}/status`, b.token)).status).toBe(401);
    expect((await getJson(`${base}/v1/jobs/${a.id}/status`)).status).toBe(401);
    expect((await getJson(`${base}/v1/jobs/${a.id}/status`, SK)).status).toBe(401);
    expect((await getJson(`${base}/v1/jobs/job_unknown/status`, a.token)).status).toBe(404);
  });

  it('GET /v1/jobs/:id needs the secret key; 404 for an unknown job', async () => {
    const job = await createJob(base, 'wf_business_cards');
    for (const key of [undefined, PK, job.token, 'sk_test_wrong', SK + 'x']) {
      const { status, body } = await getJson(`${base}/v1/jobs/${job.id}`, key);
      expect(status).toBe(401);
      expect(body.error.code).toBe('unauthorized');
    }
    const { status, body } = await getJson(`${base}/v1/jobs/${job.id}`, SK);
    expect(status).toBe(200);
    expect(body).toMatchObject({ id: job.id, workflowId: 'wf_business_cards', status: 'idle', terminal: false, canProceed: false, context: null, files: [] });
    expect(Date.parse(body.createdAt)).not.toBeNaN();
    const missing = await getJson(`${base}/v1/jobs/job_aaaaaaaaaaaaaaaaaaaaaaaaaa`, SK);
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ error: { code: 'not_found', message: expect.any(String) } });
  });

  it('unknown routes are 404 JSON, wrong methods 405', async () => {
    const res = await getJson(`${base}/v1/nothing`, SK);
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('not_found');
    const put = await fetch(`${base}/v1/jobs`, { method: 'PUT' });
    expect(put.status).toBe(405);
  });
});

describe('CORS', () => {
  it('reflects a configured origin and the server’s own, ignores others', async () => {
    const preflight = (origin: string) =>
      fetch(`${base}/v1/jobs`, { method: 'OPTIONS', headers: { Origin: origin, 'Access-Control-Request-Method': 'POST' } });
    const allowed = await preflight('https://shop.example');
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://shop.example');
    expect(allowed.headers.get('access-control-allow-headers')).toMatch(/Authorization/);
    expect((await preflight(base)).headers.get('access-control-allow-origin')).toBe(base);
    expect((await preflight('https://evil.example')).headers.get('access-control-allow-origin')).toBeNull();

    const tusPreflight = await fetch(`${base}/v1/uploads/`, {
      method: 'OPTIONS', headers: { Origin: 'https://shop.example', 'Access-Control-Request-Method': 'POST' },
    });
    expect(tusPreflight.headers.get('access-control-allow-origin')).toBe('https://shop.example');
    expect(tusPreflight.headers.get('access-control-allow-headers')).toMatch(/Idempotency-Key/);
    expect(tusPreflight.headers.get('access-control-expose-headers')).toMatch(/Upload-Offset/);
    const tusEvil = await fetch(`${base}/v1/uploads/`, { method: 'OPTIONS', headers: { Origin: 'https://evil.example' } });
    expect(tusEvil.headers.get('access-control-allow-origin')).toBeNull();
  });
});
