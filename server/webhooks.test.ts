// Signed webhooks against a real local receiver: delivery and signature, tampering and replay
// refused by verifyWebhookSignature, retries with backoff, persistence across a restart.
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FilecheckServer } from './app';
import { createJob, makePdf, settledJob, startServer, tempDataDir, tusUpload } from './test-support';
import { computeWebhookSignature, signWebhookPayload, verifyWebhookSignature } from './webhooks-verify';

const SECRET = 'whsec_suite';

interface Received {
  path: string;
  raw: Buffer;
  signature: string | undefined;
  body: { id: string; type: string; createdAt: string; data: any };
}

/** A receiver that answers `plan(path, attemptNumber)` (status code) and records every request. */
async function startReceiver(plan: (path: string, n: number) => number = () => 200) {
  const received: Received[] = [];
  const attempts = new Map<string, number>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const path = req.url ?? '/';
      const n = (attempts.get(path) ?? 0) + 1;
      attempts.set(path, n);
      received.push({ path, raw, signature: req.headers['filecheck-signature'] as string | undefined, body: JSON.parse(raw.toString('utf8')) });
      res.writeHead(plan(path, n));
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, received, attempts, close: () => new Promise<void>((r) => server.close(() => r())) };
}

describe('verifyWebhookSignature', () => {
  const body = JSON.stringify({ id: 'evt_1', type: 'job.completed', createdAt: '2026-01-01T00:00:00Z', data: { id: 'job_x' } });
  const now = 1_800_000_000;

  it('accepts a fresh signature of the raw body and refuses tampering, other secrets, old or malformed headers', () => {
    const header = signWebhookPayload(body, SECRET, now);
    expect(header).toMatch(/^t=1800000000,v1=[0-9a-f]{64}$/);
    expect(verifyWebhookSignature(body, header, SECRET, { now })).toBe(true);
    expect(verifyWebhookSignature(Buffer.from(body), header, SECRET, { now: now + 299 })).toBe(true);
    expect(verifyWebhookSignature(body.replace('job_x', 'job_y'), header, SECRET, { now })).toBe(false);
    expect(verifyWebhookSignature(body + ' ', header, SECRET, { now })).toBe(false);
    expect(verifyWebhookSignature(body, header, 'whsec_other', { now })).toBe(false);
    expect(verifyWebhookSignature(body, header, SECRET, { now: now + 301 })).toBe(false);
    expect(verifyWebhookSignature(body, header, SECRET, { now: now + 3600, toleranceSeconds: 7200 })).toBe(true);
    // The timestamp is part of what is signed: moving it breaks the signature.
    expect(verifyWebhookSignature(body, header.replace('t=1800000000', 't=1800000100'), SECRET, { now })).toBe(false);
    for (const bad of [undefined, '', 'v1=abc', `t=${now}`, `t=x,v1=${'0'.repeat(64)}`]) {
      expect(verifyWebhookSignature(body, bad, SECRET, { now })).toBe(false);
    }
    // Secret rotation: one of several v1 entries matching is enough.
    const rotated = `t=${now},v1=${computeWebhookSignature(body, now, 'whsec_old')},v1=${computeWebhookSignature(body, now, SECRET)}`;
    expect(verifyWebhookSignature(body, rotated, SECRET, { now })).toBe(true);
  });
});

describe('webhook delivery', () => {
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let server: FilecheckServer;
  let dataDir: string;

  beforeAll(async () => {
    // /flaky fails twice, then succeeds; /down always fails.
    receiver = await startReceiver((path, n) => (path === '/flaky' && n <= 2 ? 503 : path === '/down' ? 500 : 200));
    dataDir = tempDataDir();
    server = await startServer(dataDir, 0, {
      webhookUrls: [`${receiver.url}/ok`, `${receiver.url}/flaky`, `${receiver.url}/down`],
      webhookSecret: SECRET, webhookRetryBaseMs: 50, webhookMaxAttempts: 4,
    });
  });
  afterAll(async () => {
    await server.close();
    await receiver.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('job.created and job.completed are delivered signed, retried with backoff, and given up after maxAttempts', async () => {
    const base = server.url;
    const job = await createJob(base, 'wf_flyer_a5');
    const pdf = await makePdf([{ widthMm: 148, heightMm: 210, bleedMm: 3 }]);
    const started = Date.now();
    expect((await tusUpload(base, job, pdf, { filename: 'f.pdf', fileId: 'f' })).error).toBeNull();
    // The upload did not wait for any receiver (one of which never answers 2xx).
    expect(Date.now() - started).toBeLessThan(5_000);
    const view = await settledJob(base, job.id);
    expect(view.canProceed).toBe(true);
    await server.webhooks.settled();

    const ok = receiver.received.filter((r) => r.path === '/ok');
    expect(ok.map((r) => r.body.type)).toEqual(['job.created', 'job.completed']);
    for (const r of ok) {
      expect(r.body.id).toMatch(/^evt_[0-9a-f]{32}$/);
      expect(Date.parse(r.body.createdAt)).not.toBeNaN();
      expect(verifyWebhookSignature(r.raw, r.signature, SECRET)).toBe(true);
      // A tampered body fails verification.
      const tampered = Buffer.from(r.raw.toString('utf8').replace('"canProceed":', '"canProceed": '));
      expect(verifyWebhookSignature(tampered, r.signature, SECRET)).toBe(false);
      // An old delivery replayed later fails verification.
      expect(verifyWebhookSignature(r.raw, r.signature, SECRET, { now: Math.floor(Date.now() / 1000) + 301 })).toBe(false);
    }
    const created = ok[0]!.body;
    expect(created.data).toMatchObject({ id: job.id, workflowId: 'wf_flyer_a5', status: 'idle', canProceed: false, files: [] });
    const completed = ok[1]!.body;
    // data is the job as GET /v1/jobs/:id shows it.
    expect(completed.data).toMatchObject({ id: job.id, status: view.status, terminal: true, canProceed: true });
    expect(completed.data.files[0]).toMatchObject({ id: 'f', sha256: view.files[0].sha256, outcome: view.files[0].outcome, findings: view.files[0].findings });

    // Flaky receiver: two failures, then delivered; the same event id each time, each attempt signed afresh.
    const flaky = receiver.received.filter((r) => r.path === '/flaky');
    const flakyCreated = flaky.filter((r) => r.body.type === 'job.created');
    expect(flakyCreated).toHaveLength(3);
    expect(new Set(flakyCreated.map((r) => r.body.id)).size).toBe(1);
    for (const r of flaky) expect(verifyWebhookSignature(r.raw, r.signature, SECRET)).toBe(true);
    expect(flaky.filter((r) => r.body.type === 'job.completed')).toHaveLength(1);

    const deliveries = await server.db.deliveries.all();
    const byPath = (p: string) => deliveries.filter((d) => d.url.endsWith(p));
    expect(byPath('/ok').every((d) => d.state === 'delivered' && d.attempts === 1)).toBe(true);
    expect(byPath('/flaky').find((d) => d.eventType === 'job.created')).toMatchObject({ state: 'delivered', attempts: 3 });
    expect(byPath('/down').every((d) => d.state === 'failed' && d.attempts === 4 && d.lastError === 'HTTP 500')).toBe(true);
    // Backoff: the /down attempts of one event are spaced 50, 100, 200 ms apart (at least).
    expect(receiver.received.filter((r) => r.path === '/down' && r.body.type === 'job.created')).toHaveLength(4);

    // Re-reading or re-deriving an unchanged job sends nothing new…
    await settledJob(base, job.id);
    await server.webhooks.settled();
    expect(receiver.received.filter((r) => r.path === '/ok')).toHaveLength(2);
    // …a context change that rejects the job settles it anew: one more job.completed.
    const put = await fetch(`${base}/v1/jobs/${job.id}/context`, {
      method: 'PUT', headers: { Authorization: `Bearer ${job.token}` }, body: JSON.stringify({ pageCount: { min: 2 } }),
    });
    expect(put.status).toBe(200);
    await server.webhooks.settled();
    const okAfter = receiver.received.filter((r) => r.path === '/ok');
    expect(okAfter.map((r) => [r.body.type, r.body.data.status])).toEqual([
      ['job.created', 'idle'], ['job.completed', view.status], ['job.completed', 'rejected'],
    ]);
    expect(okAfter[2]!.body.data).toMatchObject({ canProceed: false, context: { pageCount: { min: 2 } } });
  });

  it('pending deliveries survive a restart', async () => {
    await server.close();
    // Queue an event while nobody listens: the receiver is down.
    await receiver.close();
    server = await startServer(dataDir, 0, {
      webhookUrls: [`${receiver.url}/later`], webhookSecret: SECRET, webhookRetryBaseMs: 60_000, webhookMaxAttempts: 4,
    });
    const job = await createJob(server.url, 'wf_poster');
    await new Promise((r) => setTimeout(r, 300));
    expect((await server.db.deliveries.all()).filter((d) => d.url.endsWith('/later'))).toMatchObject([{ state: 'pending', attempts: 1 }]);
    await server.close();

    // Receiver back, server restarted: the delivery is due again (make it due now) and arrives.
    const port2 = Number(new URL(receiver.url).port);
    receiver = await startReceiverOn(port2);
    server = await startServer(dataDir, 0, { webhookUrls: [`${receiver.url}/later`], webhookSecret: SECRET, webhookRetryBaseMs: 50 });
    await server.db.sql.run(`UPDATE webhook_deliveries SET next_attempt_at = 0 WHERE state = 'pending'`);
    server.webhooks.start();
    await server.webhooks.settled();
    const later = receiver.received.filter((r) => r.path === '/later');
    expect(later.map((r) => r.body.data.id)).toEqual([job.id]);
    expect(verifyWebhookSignature(later[0]!.raw, later[0]!.signature, SECRET)).toBe(true);
  });
});

async function startReceiverOn(port: number) {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      received.push({ path: req.url ?? '/', raw, signature: req.headers['filecheck-signature'] as string | undefined, body: JSON.parse(raw.toString('utf8')) });
      res.writeHead(204);
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${port}`, received, attempts: new Map<string, number>(), close: () => new Promise<void>((r) => server.close(() => r())) };
}
