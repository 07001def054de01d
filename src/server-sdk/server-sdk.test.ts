// The Node server SDK against the real reference server (SQLite, tus uploads, worker-thread
// verification, signed webhooks): orders, listing, verify, waitUntilTerminal, retries, webhooks.
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FilecheckServer } from '../../server/app';
import { recordReview } from '../../server/review';
import { createJob, makePdf, settledJob, SK, startServer, tempDataDir, tusUpload } from '../../server/test-support';
import { Filecheck, FilecheckError, type WebhookEvent } from './index';

const WEBHOOK_SECRET = 'whsec_sdk_suite';
let server: FilecheckServer;
let dataDir: string;
let fc: Filecheck;
let receiver: http.Server;
const received: { raw: Buffer; signature: string }[] = [];

beforeAll(async () => {
  receiver = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c)).on('end', () => {
      received.push({ raw: Buffer.concat(chunks), signature: String(req.headers['filecheck-signature']) });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  dataDir = tempDataDir();
  server = await startServer(dataDir, 0, {
    webhookUrls: [`http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`], webhookSecret: WEBHOOK_SECRET,
  });
  fc = new Filecheck(SK, { endpoint: server.url });
});
afterAll(async () => {
  await server.close();
  await new Promise((r) => receiver.close(r));
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** A job with one uploaded PDF, settled. */
async function jobWithPdf(workflowId: string, name: string, size: { widthMm: number; heightMm: number; bleedMm?: number }) {
  const job = await createJob(server.url, workflowId);
  const up = await tusUpload(server.url, job, await makePdf([size]), { filename: name, fileId: 'f1', filetype: 'application/pdf' });
  expect(up.error).toBeNull();
  await settledJob(server.url, job.id);
  return job.id;
}

const A5 = { widthMm: 148, heightMm: 210, bleedMm: 3 };
const A4 = { widthMm: 210, heightMm: 297, bleedMm: 3 };

describe('orders and listing', () => {
  let good: string;
  let bad: string;
  let empty: string;
  beforeAll(async () => {
    good = await jobWithPdf('wf_flyer_a5', 'summer-flyer.pdf', A5);
    bad = await jobWithPdf('wf_flyer_a5', 'winter-poster.pdf', A4);
    empty = (await createJob(server.url, 'wf_business_cards')).id;
  });

  it('attaches an order; the same order again is a no-op, another one a conflict', async () => {
    const job = await fc.jobs.attachOrder(good, { orderId: 'ORD-1001', lineId: 'L2' });
    expect(job.order).toMatchObject({ orderId: 'ORD-1001', lineId: 'L2', attachedAt: expect.any(String) });
    expect((await fc.jobs.attachOrder(good, { orderId: 'ORD-1001', lineId: 'L2' })).order?.attachedAt).toBe(job.order!.attachedAt);
    await expect(fc.jobs.attachOrder(good, { orderId: 'ORD-9' })).rejects.toMatchObject({ status: 409, code: 'order_conflict' });
    await expect(fc.jobs.attachOrder(bad, { orderId: '' })).rejects.toMatchObject({ status: 400 });
    expect((await fc.jobs.retrieve(good)).order?.orderId).toBe('ORD-1001');
  });

  it('lists newest first with filters, search and counts', async () => {
    const all = await fc.jobs.list();
    expect(all.data.map((j) => j.id).slice(0, 3)).toEqual([empty, bad, good]);
    expect(all.counts.byStatus.rejected).toBeGreaterThanOrEqual(1);
    expect(all.counts.total).toBe(all.data.length);

    expect((await fc.jobs.list({ orderId: 'ORD-1001' })).data.map((j) => j.id)).toEqual([good]);
    expect((await fc.jobs.list({ q: 'winter' })).data.map((j) => j.id)).toEqual([bad]);
    expect((await fc.jobs.list({ q: '1001' })).data.map((j) => j.id)).toEqual([good]);
    expect((await fc.jobs.list({ q: bad })).data.map((j) => j.id)).toEqual([bad]);
    expect((await fc.jobs.list({ q: '%' })).data).toEqual([]);
    const rejected = await fc.jobs.list({ status: 'rejected', workflowId: 'wf_flyer_a5' });
    expect(rejected.data.map((j) => j.id)).toEqual([bad]);
    // Counts ignore the status filter (they are the tabs), but follow the others.
    expect(rejected.counts.byStatus.idle).toBe(0);
    expect((await fc.jobs.list({ workflowId: 'wf_business_cards', status: ['idle', 'ready'] })).data.map((j) => j.id)).toEqual([empty]);
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    expect((await fc.jobs.list({ createdFrom: tomorrow })).data).toEqual([]);
    expect((await fc.jobs.list({ createdTo: new Date().toISOString().slice(0, 10) })).data.length).toBe(all.data.length);
    await expect(fc.jobs.list({ status: 'nope' as never })).rejects.toMatchObject({ status: 400 });
  });

  it('paginates with a cursor, no job twice, none skipped while new jobs arrive', async () => {
    const first = await fc.jobs.list({ limit: 2 });
    expect(first.hasMore).toBe(true);
    await createJob(server.url, 'wf_poster'); // newer than page 1: must not appear on page 2
    const second = await fc.jobs.list({ limit: 2, cursor: first.nextCursor! });
    const seen = [...first.data, ...second.data].map((j) => j.id);
    expect(seen).toEqual([empty, bad, good].concat(seen.slice(3)));
    const everything: string[] = [];
    for await (const job of fc.jobs.listAll({ limit: 1 })) everything.push(job.id);
    expect(new Set(everything).size).toBe(everything.length);
    expect(everything).toHaveLength((await fc.jobs.list({ limit: 100 })).data.length);
    await expect(fc.jobs.list({ cursor: 'garbage' })).rejects.toMatchObject({ status: 400 });
  });

  it('needs the secret key', async () => {
    const wrong = new Filecheck('sk_wrong', { endpoint: server.url, maxRetries: 0 });
    await expect(wrong.jobs.list()).rejects.toMatchObject({ status: 401, code: 'unauthorized' });
    await expect(wrong.jobs.attachOrder(good, { orderId: 'X' })).rejects.toMatchObject({ status: 401 });
  });
});

describe('jobs.verify and waitUntilTerminal', () => {
  it('ok only for a finished job of the right workflow that can proceed, with the ordered context', async () => {
    const good = await jobWithPdf('wf_flyer_a5', 'a5.pdf', A5);
    expect(await fc.jobs.verify(good, { workflowId: 'wf_flyer_a5' })).toMatchObject({ ok: true, reasons: [] });
    expect((await fc.jobs.verify(good, { workflowId: 'wf_flyer_a5', context: {} })).ok).toBe(true);
    const wrong = await fc.jobs.verify(good, { workflowId: 'wf_poster', context: { pageCount: { min: 2, max: 2 } } });
    expect(wrong.ok).toBe(false);
    expect(wrong.reasons.map((r) => r.code).sort()).toEqual(['context_mismatch', 'wrong_workflow']);
    const bad = await jobWithPdf('wf_flyer_a5', 'a4.pdf', A4);
    expect((await fc.jobs.verify(bad, { workflowId: 'wf_flyer_a5' })).reasons.map((r) => r.code)).toEqual(['job_rejected']);
    const idle = (await createJob(server.url, 'wf_flyer_a5')).id;
    expect((await fc.jobs.verify(idle, { workflowId: 'wf_flyer_a5' })).reasons.map((r) => r.code)).toEqual(['job_not_finished']);
    expect((await fc.jobs.verify('job_aaaaaaaaaaaaaaaaaaaaaaaaaa', { workflowId: 'x' })).reasons[0]!.code).toBe('job_not_found');
    expect((await fc.jobs.verify(null, { workflowId: 'x' })).reasons[0]!.code).toBe('job_not_found');
    const offline = new Filecheck(SK, { endpoint: 'http://127.0.0.1:9', maxRetries: 1, retryBaseMs: 1 });
    expect((await offline.jobs.verify(good, { workflowId: 'wf_flyer_a5' })).reasons[0]!.code).toBe('verification_unavailable');
  });

  it('a job under manual review is not fulfilled until approved; the decision sets status, canProceed and webhooks', async () => {
    const id = await jobWithPdf('wf_flyer_a5_review', 'needs-a-look.pdf', A4);
    const pending = await fc.jobs.verify(id, { workflowId: 'wf_flyer_a5_review' });
    expect(pending.job).toMatchObject({ status: 'partial', reviewState: 'pending' });
    expect(pending.reasons.map((r) => r.code)).toEqual(['review_pending']);
    expect((await fc.jobs.list({ reviewState: 'pending' })).data.map((j) => j.id)).toContain(id);

    await server.review(id, { decision: 'rejected', note: 'Wrong size: please send A5.', by: 'staff@example.com' });
    const rejected = await fc.jobs.verify(id, { workflowId: 'wf_flyer_a5_review' });
    expect(rejected.job).toMatchObject({ status: 'rejected', canProceed: false, reviewState: 'rejected', reviewDecision: { decision: 'rejected', note: 'Wrong size: please send A5.' } });
    expect(rejected.reasons.map((r) => r.code)).toEqual(['review_rejected']);
    await expect(server.review(id, { decision: 'approved', note: null, by: 'x' })).rejects.toThrow(/not waiting/);

    const other = await jobWithPdf('wf_flyer_a5_review', 'approve-me.pdf', A4);
    await server.review(other, { decision: 'approved', note: null, by: 'staff@example.com' });
    const approved = await fc.jobs.waitUntilTerminal(other, { untilReviewed: true, timeoutMs: 5000 });
    expect(approved).toMatchObject({ status: 'ready', canProceed: true, reviewState: 'approved' });
    expect((await fc.jobs.verify(other, { workflowId: 'wf_flyer_a5_review' })).ok).toBe(true);

    await server.webhooks.settled();
    const events = received.map((r) => fc.webhooks.constructEvent(r.raw, r.signature, WEBHOOK_SECRET));
    const forOther = events.filter((e: WebhookEvent) => e.data.id === other).map((e) => `${e.type}:${e.data.status}`);
    expect(forOther).toEqual(['job.created:idle', 'job.completed:partial', 'job.completed:ready', 'job.reviewed:ready']);
  });

  it('waitUntilTerminal gives up with a timeout error on a job that never finishes', async () => {
    const idle = (await createJob(server.url, 'wf_flyer_a5')).id;
    await expect(fc.jobs.waitUntilTerminal(idle, { timeoutMs: 300, intervalMs: 100 })).rejects.toMatchObject({ code: 'timeout' });
  });
});

describe('webhooks.constructEvent', () => {
  it('returns the event for a genuine delivery and throws for a forged or tampered one', async () => {
    await server.webhooks.settled();
    const { raw, signature } = received[0]!;
    expect(fc.webhooks.constructEvent(raw, signature, WEBHOOK_SECRET).type).toBe('job.created');
    const tampered = Buffer.from(raw.toString('utf8').replace('job.created', 'job.completed'));
    expect(() => fc.webhooks.constructEvent(tampered, signature, WEBHOOK_SECRET)).toThrow(FilecheckError);
    expect(() => fc.webhooks.constructEvent(raw, signature, 'whsec_other')).toThrow(/signature/);
    expect(() => fc.webhooks.constructEvent(raw, undefined, WEBHOOK_SECRET)).toThrow(/signature/);
  });
});

describe('retries', () => {
  it('retries 429 (honouring Retry-After) and 5xx, then answers; gives up after maxRetries', async () => {
    const answers = [503, 429, 200];
    const seen: number[] = [];
    const flaky = http.createServer((req, res) => {
      const status = answers.shift() ?? 500;
      seen.push(status);
      if (status === 200) return res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ id: 'job_x', status: 'ready' }));
      res.writeHead(status, status === 429 ? { 'Retry-After': '0' } : {}).end();
    });
    await new Promise<void>((r) => flaky.listen(0, '127.0.0.1', r));
    const endpoint = `http://127.0.0.1:${(flaky.address() as AddressInfo).port}`;
    try {
      const client = new Filecheck(SK, { endpoint, retryBaseMs: 1 });
      expect(await client.jobs.retrieve('job_x')).toMatchObject({ status: 'ready' });
      expect(seen).toEqual([503, 429, 200]);
      const impatient = new Filecheck(SK, { endpoint, retryBaseMs: 1, maxRetries: 1 });
      await expect(impatient.jobs.retrieve('job_x')).rejects.toMatchObject({ status: 500 });
      expect(seen).toEqual([503, 429, 200, 500, 500]);
    } finally {
      await new Promise((r) => flaky.close(r));
    }
  });
});
