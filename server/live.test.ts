// Live status for the widget (server-sent events and long polling) and idempotent job creation.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FilecheckServer } from './app';
import { createJob, getJson, makePdf, PK, settledJob, startServer, tempDataDir, tusUpload } from './test-support';

let server: FilecheckServer;
let base: string;
let dataDir: string;

beforeAll(async () => {
  dataDir = tempDataDir();
  server = await startServer(dataDir, 0, { sseKeepAliveMs: 150 });
  base = server.url;
});
afterAll(async () => {
  await server.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

interface SseMessage {
  event: string | null;
  data: string | null;
  comment: string | null;
}

/** A minimal EventSource over fetch: yields parsed messages until `stop` is called. */
async function openEvents(url: string, headers: Record<string, string> = {}) {
  const controller = new AbortController();
  const res = await fetch(url, { headers, signal: controller.signal });
  const messages: SseMessage[] = [];
  const waiters: (() => void)[] = [];
  const pump = async () => {
    if (!res.body) return;
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      const reader = res.body.getReader();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const m: SseMessage = { event: null, data: null, comment: null };
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) m.comment = line.slice(1).trim();
            else if (line.startsWith('event:')) m.event = line.slice(6).trim();
            else if (line.startsWith('data:')) m.data = (m.data ?? '') + line.slice(5).trim();
          }
          messages.push(m);
          waiters.splice(0).forEach((w) => w());
        }
      }
    } catch {
      /* aborted */
    }
  };
  void pump();
  const statuses = () => messages.filter((m) => m.event === 'status').map((m) => JSON.parse(m.data!));
  return {
    res,
    messages,
    statuses,
    async until(pred: () => boolean, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      while (!pred()) {
        if (Date.now() > deadline) throw new Error(`timed out; got ${JSON.stringify(messages)}`);
        await new Promise<void>((r) => {
          waiters.push(r);
          setTimeout(r, 100);
        });
      }
    },
    stop: () => controller.abort(),
  };
}

describe('GET /v1/jobs/:id/events (server-sent events)', () => {
  it('streams the status payload on each change, with keep-alive comments; token in the query', async () => {
    const job = await createJob(base, 'wf_flyer_a5');
    const events = await openEvents(`${base}/v1/jobs/${job.id}/events?token=${encodeURIComponent(job.token)}`);
    try {
      expect(events.res.status).toBe(200);
      expect(events.res.headers.get('content-type')).toMatch(/^text\/event-stream/);
      await events.until(() => events.statuses().length >= 1);
      expect(events.statuses()[0]).toMatchObject({ status: 'idle', jobId: job.id, files: [] });

      const pdf = await makePdf([{ widthMm: 210, heightMm: 297 }]);
      expect((await tusUpload(base, job, pdf, { filename: 'a4.pdf', fileId: 'x' })).error).toBeNull();
      await events.until(() => events.statuses().some((s) => s.terminal));
      const seen = events.statuses().map((s) => s.status);
      expect(seen).toContain('processing');
      const last = events.statuses().at(-1);
      expect(last).toMatchObject({ status: 'rejected', canProceed: false });
      expect(last.files[0].findings).toContainEqual(expect.objectContaining({ checkId: 'geom.page_size', outcome: 'fail' }));
      // The same payload as GET /status.
      const polled = await getJson(`${base}/v1/jobs/${job.id}/status`, job.token);
      expect(polled.body).toEqual(last);
      await events.until(() => events.messages.some((m) => m.comment === 'keep-alive'));
    } finally {
      events.stop();
    }
  });

  it('accepts the Authorization header; 401 without or with a wrong token', async () => {
    const job = await createJob(base, 'wf_flyer_a5');
    const other = await createJob(base, 'wf_flyer_a5');
    const ok = await openEvents(`${base}/v1/jobs/${job.id}/events`, { Authorization: `Bearer ${job.token}` });
    expect(ok.res.status).toBe(200);
    ok.stop();
    for (const url of [`${base}/v1/jobs/${job.id}/events`, `${base}/v1/jobs/${job.id}/events?token=${other.token}`, `${base}/v1/jobs/${job.id}/events?token=${PK}`]) {
      const res = await fetch(url);
      expect(res.status).toBe(401);
      expect((await res.json()).error.code).toBe('unauthorized');
    }
    // The query token is for the event stream only.
    expect((await fetch(`${base}/v1/jobs/${job.id}/status?token=${job.token}`)).status).toBe(401);
  });
});

describe('GET /v1/jobs/:id/status?wait=…&since=… (long polling)', () => {
  it('answers at once when the job changed since, holds until a change otherwise, and gives up after wait', async () => {
    const job = await createJob(base, 'wf_photo_print');
    const first = await getJson(`${base}/v1/jobs/${job.id}/status`, job.token);
    const since = first.body.updatedAt as string;

    let t = Date.now();
    const idle = await getJson(`${base}/v1/jobs/${job.id}/status?wait=1&since=${encodeURIComponent(since)}`, job.token);
    expect(Date.now() - t).toBeGreaterThanOrEqual(900);
    expect(idle.body).toMatchObject({ status: 'idle', updatedAt: since });

    t = Date.now();
    const held = getJson(`${base}/v1/jobs/${job.id}/status?wait=20&since=${encodeURIComponent(since)}`, job.token);
    await new Promise((r) => setTimeout(r, 200));
    const put = await fetch(`${base}/v1/jobs/${job.id}/context`, {
      method: 'PUT', headers: { Authorization: `Bearer ${job.token}` }, body: JSON.stringify({ fileCount: { max: 2 } }),
    });
    expect(put.status).toBe(200);
    const changed = await held;
    expect(Date.now() - t).toBeLessThan(10_000);
    expect(changed.body.updatedAt).not.toBe(since);

    // An outdated `since` answers at once.
    t = Date.now();
    await getJson(`${base}/v1/jobs/${job.id}/status?wait=20&since=${encodeURIComponent(since)}`, job.token);
    expect(Date.now() - t).toBeLessThan(1_000);
  });
});

describe('Idempotency-Key on POST /v1/jobs', () => {
  const post = (body: unknown, key?: string) =>
    fetch(`${base}/v1/jobs`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${PK}`, 'Content-Type': 'application/json', ...(key ? { 'Idempotency-Key': key } : {}) },
      body: JSON.stringify(body),
    });

  it('same key and body → the same job and response; a different body → 409 idempotency_conflict', async () => {
    const key = `order-${Date.now()}`;
    const a = await post({ workflowId: 'wf_flyer_a5', context: { pageCount: { max: 2 } } }, key);
    expect(a.status).toBe(201);
    const first = await a.json();
    // Same body with keys in another order: still the same request.
    const b = await post({ context: { pageCount: { max: 2 } }, workflowId: 'wf_flyer_a5' }, key);
    expect(b.status).toBe(201);
    expect(b.headers.get('idempotent-replayed')).toBe('true');
    expect(await b.json()).toEqual(first);

    const c = await post({ workflowId: 'wf_poster' }, key);
    expect(c.status).toBe(409);
    expect((await c.json()).error).toEqual({ code: 'idempotency_conflict', message: expect.any(String) });

    // Concurrent twins create one job.
    const twinKey = `${key}-twin`;
    const twins = await Promise.all([1, 2, 3].map(() => post({ workflowId: 'wf_photo_print' }, twinKey).then((r) => r.json())));
    expect(new Set(twins.map((t) => t.id)).size).toBe(1);

    // Without a key, every request is a new job; a malformed key is refused.
    const [x, y] = await Promise.all([post({ workflowId: 'wf_flyer_a5' }), post({ workflowId: 'wf_flyer_a5' })]);
    expect((await x.json()).id).not.toBe((await y.json()).id);
    expect((await post({ workflowId: 'wf_flyer_a5' }, 'has space')).status).toBe(400);
    // The replayed job is real and usable.
    const upload = await tusUpload(base, first, await makePdf([{ widthMm: 148, heightMm: 210, bleedMm: 3 }]), { filename: 'f.pdf', fileId: 'f' });
    expect(upload.error).toBeNull();
    expect((await settledJob(base, first.id)).canProceed).toBe(true);
  });
});
