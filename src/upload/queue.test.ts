// The upload queue against a real tus server (@tus/server + @tus/file-store on a temp dir).
import { afterEach, beforeAll, afterAll, describe, expect, it } from 'vitest';
import { DefaultHttpStack, type HttpStack } from 'tus-js-client';
import { createUploadQueue, type UploadQueueOptions } from './queue';
import type { UploadState } from './handle';
import { createMemoryKeyValueStore, createKeyValueUrlStorage, createMemoryUrlStorage } from './storage';
import {
  randomBytesSeeded,
  recordStates,
  settled,
  sha256,
  startTcpProxy,
  startTusTestServer,
  waitFor,
  type TcpProxy,
  type TusTestServer,
} from '../../test/support/tus-server';

const MB = 1024 * 1024;
const CHUNK = 1 * MB;

describe('upload queue (real tus server)', () => {
  let server: TusTestServer;
  const cleanups: (() => unknown)[] = [];
  beforeAll(async () => {
    server = await startTusTestServer({
      maxSize: 30 * MB,
      refuse: (meta) =>
        meta.filetype === 'application/zip'
          ? { status: 415, body: JSON.stringify({ error: { code: 'file_type_refused', message: 'ZIP archives are not accepted' } }) }
          : null,
    });
  });
  afterAll(() => server.close());
  afterEach(async () => {
    for (const c of cleanups.splice(0)) await c();
  });

  const queue = (o: Partial<UploadQueueOptions> = {}) => {
    const q = createUploadQueue({
      endpoint: server.endpoint,
      chunkSize: CHUNK,
      retryDelays: [0, 100, 200],
      storage: createMemoryUrlStorage(),
      progressIntervalMs: 50,
      ...o,
    });
    cleanups.push(() => q.destroy());
    return q;
  };
  const slowProxy = async (rateLimitBps: number) => {
    const p = await startTcpProxy(server.port, { rateLimitBps });
    cleanups.push(() => p.close());
    return p;
  };
  const via = (p: TcpProxy) => `http://127.0.0.1:${p.port}/files/`;

  it('uploads a 16 MB Blob byte-identical, sending each byte once', async () => {
    const data = randomBytesSeeded(16 * MB, 1);
    const q = queue();
    const h = q.add({ id: 'f1', file: new Blob([data]), metadata: { jobId: 'job_a', filename: 'a.pdf', filetype: 'application/pdf' } });
    await settled(h);
    expect(h.state).toBe('done');
    expect(h.error).toBeNull();
    expect(h.progress).toMatchObject({ bytesSent: data.length, bytesTotal: data.length, percent: 100, etaSeconds: 0 });
    expect(h.bytesSentTotal).toBe(data.length);
    expect(await server.sha256OfUpload(h.url!)).toBe(sha256(data));
    expect(q.totals()).toMatchObject({ bytesSent: data.length, bytesTotal: data.length, percent: 100, active: 0, queued: 0 });
  });

  it('adapts the chunk size: small first, larger on a fast line, smaller behind a slow one (issue 18.3)', async () => {
    /** PATCH body sizes as sent, through the default stack. */
    const recording = () => {
      const sizes: number[] = [];
      const inner = new DefaultHttpStack({});
      const httpStack: HttpStack = {
        getName: () => 'recording',
        createRequest(method, url) {
          const req = inner.createRequest(method, url);
          const send = req.send.bind(req);
          req.send = (body) => {
            if (method === 'PATCH') sizes.push((body as { length?: number; size?: number })?.length ?? (body as { size?: number })?.size ?? 0);
            return send(body);
          };
          return req;
        },
      };
      return { sizes, httpStack };
    };
    const data = randomBytesSeeded(24 * MB, 11);
    const fast = recording();
    const h = queue({ chunkSize: undefined, httpStack: fast.httpStack }).add({ id: 'fast', file: new Blob([data]), metadata: {} });
    await settled(h);
    expect(await server.sha256OfUpload(h.url!)).toBe(sha256(data));
    expect(fast.sizes[0]).toBe(1 * MB); // fast first progress
    expect(Math.max(...fast.sizes)).toBeGreaterThanOrEqual(4 * MB); // grew on loopback
    expect(fast.sizes.length).toBeLessThan(10); // 24 MB in 1 MiB chunks would take 24 requests

    const slow = recording();
    const proxy = await slowProxy(1 * MB); // 1 MB/s: about 2 MB per 2 s chunk
    const small = randomBytesSeeded(6 * MB, 12);
    const hs = queue({ endpoint: via(proxy), chunkSize: undefined, httpStack: slow.httpStack }).add({ id: 'slow', file: new Blob([small]), metadata: {} });
    await settled(hs);
    expect(await server.sha256OfUpload(hs.url!)).toBe(sha256(small));
    expect(Math.max(...slow.sizes)).toBeLessThanOrEqual(4 * MB); // never the loopback's large chunks
  }, 60_000);

  it('pauses and resumes from the server offset', async () => {
    const data = randomBytesSeeded(8 * MB, 2);
    const proxy = await slowProxy(20 * MB);
    const q = queue({ endpoint: via(proxy) });
    const h = q.add({ id: 'f2', file: new Blob([data]), metadata: { filename: 'b.pdf' } });
    await waitFor(h, (x) => x.progress.bytesSent > 3 * MB);
    h.pause();
    expect(h.state).toBe('paused');
    expect(h.progress.rateBps).toBe(0);
    await new Promise((r) => setTimeout(r, 300));
    const offset = await server.offsetOf(h.url!);
    expect(offset).toBeGreaterThan(0);
    expect(offset).toBeLessThan(data.length);
    const sentBeforeResume = h.bytesSentTotal;
    h.resume();
    await settled(h);
    expect(h.state).toBe('done');
    // After resuming only the bytes the server did not have went out again.
    expect(h.bytesSentTotal - sentBeforeResume).toBeLessThanOrEqual(data.length - offset!);
    expect(h.bytesSentTotal).toBeLessThanOrEqual(data.length + CHUNK);
    expect(await server.sha256OfUpload(h.url!)).toBe(sha256(data));
  });

  it('cancel deletes the upload on the server and forgets its stored URL', async () => {
    const data = randomBytesSeeded(8 * MB, 3);
    const proxy = await slowProxy(10 * MB);
    const storage = createMemoryUrlStorage();
    const q = queue({ endpoint: via(proxy), storage });
    const h = q.add({ id: 'f3', file: new Blob([data]), metadata: {}, fingerprint: 'job_c:c.pdf' });
    await waitFor(h, (x) => x.progress.bytesSent > 2 * MB);
    expect(await storage.findUploadsByFingerprint('job_c:c.pdf')).toHaveLength(1);
    const url = h.url!;
    await h.cancel();
    expect(h.state).toBe('cancelled');
    expect(await server.offsetOf(url)).toBeNull();
    expect(await storage.findUploadsByFingerprint('job_c:c.pdf')).toEqual([]);
    expect(server.requests.some((r) => r.method === 'DELETE')).toBe(true);
    expect(q.totals().bytesTotal).toBe(0);
  });

  it('a 413 from the server is a final refusal with its message', async () => {
    const q = queue();
    const h = q.add({ id: 'big', file: new Blob([randomBytesSeeded(31 * MB, 4)]), metadata: {} });
    await settled(h);
    expect(h.state).toBe('failed');
    expect(h.error).toMatchObject({ code: 'upload_refused', status: 413 });
    expect(h.error!.message).toMatch(/size/i);
  });

  it('a 415 from the server is a final refusal with the JSON error message', async () => {
    const q = queue();
    const h = q.add({ id: 'zip', file: new Blob([randomBytesSeeded(1000, 5)]), metadata: { filetype: 'application/zip' } });
    await settled(h);
    expect(h.state).toBe('failed');
    expect(h.error).toEqual({ code: 'upload_refused', status: 415, message: 'ZIP archives are not accepted' });
    // retry() tries again, and the server refuses again: no loop, same final state.
    h.retry();
    await waitFor(h, (x) => x.state === 'failed');
    expect(h.error?.code).toBe('upload_refused');
  });

  it('resumes after a "reload": a new queue with the same storage continues from the offset', async () => {
    const data = randomBytesSeeded(10 * MB, 6);
    const file = new File([data], 'poster.pdf', { type: 'application/pdf', lastModified: 1_700_000_000_000 });
    const kv = createMemoryKeyValueStore(); // stands in for localStorage, which survives the reload
    const proxy = await slowProxy(20 * MB);
    const first = queue({ endpoint: via(proxy), storage: createKeyValueUrlStorage(kv) });
    const h1 = first.add({ id: 'p', file, metadata: { jobId: 'job_r', filename: 'poster.pdf' } });
    await waitFor(h1, (x) => x.progress.bytesSent > 4 * MB);
    first.destroy(); // the page goes away mid-upload
    await new Promise((r) => setTimeout(r, 300));
    const offset = (await server.offsetOf(h1.url!))!;
    expect(offset).toBeGreaterThan(2 * MB);

    const second = queue({ storage: createKeyValueUrlStorage(kv) });
    const h2 = second.add({ id: 'p', file, metadata: { jobId: 'job_r', filename: 'poster.pdf' } });
    await settled(h2);
    expect(h2.state).toBe('done');
    expect(h2.url).toBe(h1.url);
    // Only the remaining bytes went out: nothing the server already stored was sent again.
    expect(h2.bytesSentTotal).toBe(data.length - offset);
    expect(await server.sha256OfUpload(h2.url!)).toBe(sha256(data));
    // The stored URL is removed on success, and another job never shares the upload.
    expect(kv.length).toBe(0);
    const other = second.add({ id: 'p2', file, metadata: { jobId: 'job_other', filename: 'poster.pdf' } });
    await settled(other);
    expect(other.url).not.toBe(h1.url);
  });

  it('respects the concurrency limit and starts in add order', async () => {
    const proxy = await slowProxy(20 * MB);
    const q = queue({ endpoint: via(proxy), concurrency: 2 });
    const started: string[] = [];
    let maxActive = 0;
    const handles = [0, 1, 2, 3, 4].map((i) =>
      q.add({ id: `c${i}`, file: new Blob([randomBytesSeeded(1.5 * MB, 10 + i)]), metadata: {} }),
    );
    q.onChange((queue) => {
      maxActive = Math.max(maxActive, queue.totals().active);
    });
    for (const h of handles) {
      if (h.state === 'uploading') started.push(h.id);
      h.onChange((x) => {
        if (x.state === 'uploading' && !started.includes(x.id)) started.push(x.id);
      });
    }
    expect(q.totals()).toMatchObject({ active: 2, queued: 3 });
    await Promise.all(handles.map(settled));
    expect(handles.every((h) => h.state === 'done')).toBe(true);
    expect(maxActive).toBe(2);
    expect(started).toEqual(['c0', 'c1', 'c2', 'c3', 'c4']);
  });

  it('throttles progress notifications and reports a sensible rate and ETA', async () => {
    const rate = 8 * MB;
    const proxy = await slowProxy(rate);
    const q = queue({ endpoint: via(proxy), progressIntervalMs: 200, chunkSize: 2 * MB });
    const data = randomBytesSeeded(12 * MB, 7);
    const h = q.add({ id: 'r', file: new Blob([data]), metadata: {} });
    const samples: { t: number; state: UploadState; rate: number; eta: number | null; sent: number }[] = [];
    h.onChange((x) =>
      samples.push({ t: Date.now(), state: x.state, rate: x.progress.rateBps, eta: x.progress.etaSeconds, sent: x.progress.bytesSent }),
    );
    let queueNotifications = 0;
    q.onChange(() => queueNotifications++);
    const t0 = Date.now();
    await settled(h);
    const seconds = (Date.now() - t0) / 1000;
    const progressOnly = samples.filter((s, i) => i > 0 && s.state === samples[i - 1]!.state && s.state === 'uploading');
    // A few per second, never a flood: ≤ one per 200 ms (+ the leading one).
    expect(progressOnly.length).toBeGreaterThan(3);
    expect(progressOnly.length).toBeLessThanOrEqual(Math.ceil(seconds / 0.2) + 2);
    for (let i = 1; i < progressOnly.length; i++) expect(progressOnly[i]!.t - progressOnly[i - 1]!.t).toBeGreaterThanOrEqual(190);
    expect(queueNotifications).toBeLessThanOrEqual(Math.ceil(seconds / 0.2) + 6);
    // Once warmed up, the rate is near the proxy's limit and the ETA near remaining/rate.
    const late = samples.filter((s) => s.state === 'uploading' && s.sent > 4 * MB && s.sent < 10 * MB);
    expect(late.length).toBeGreaterThan(0);
    for (const s of late) {
      expect(s.rate).toBeGreaterThan(rate / 3);
      expect(s.rate).toBeLessThan(rate * 3);
      expect(s.eta).not.toBeNull();
      expect(s.eta!).toBeLessThanOrEqual(Math.ceil((data.length - s.sent) / (rate / 3)));
    }
    expect(h.progress.rateBps).toBe(0);
  });
});
