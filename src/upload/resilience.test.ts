// Failures the queue must ride out: server errors, cut connections, stalls, going offline.
import { afterEach, describe, expect, it } from 'vitest';
import { createUploadQueue, type UploadQueueOptions } from './queue';
import { createManualOnlineSource } from './online';
import { createMemoryUrlStorage } from './storage';
import {
  randomBytesSeeded,
  recordStates,
  settled,
  sha256,
  startTcpProxy,
  startTusTestServer,
  waitFor,
  type TcpProxyOptions,
} from '../../test/support/tus-server';

const MB = 1024 * 1024;
const CHUNK = 1 * MB;

describe('upload resilience (real tus server)', () => {
  const cleanups: (() => unknown)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  async function setup(server: Parameters<typeof startTusTestServer>[0] = {}, proxy?: TcpProxyOptions, o: Partial<UploadQueueOptions> = {}) {
    const srv = await startTusTestServer(server);
    cleanups.push(() => srv.close());
    const p = proxy ? await startTcpProxy(srv.port, proxy) : null;
    if (p) cleanups.push(() => p.close());
    const q = createUploadQueue({
      endpoint: p ? `http://127.0.0.1:${p.port}/files/` : srv.endpoint,
      chunkSize: CHUNK,
      retryDelays: [0, 100, 200],
      storage: createMemoryUrlStorage(),
      progressIntervalMs: 50,
      ...o,
    });
    cleanups.push(() => q.destroy());
    return { srv, proxy: p, q };
  }

  it('retries PATCHes that fail with 500, with backoff, and completes', async () => {
    const { srv, q } = await setup({ failPatches: 3 }, undefined, { retryDelays: [50, 150, 300] });
    const data = randomBytesSeeded(5 * MB, 20);
    const h = q.add({ id: 'e', file: new Blob([data]), metadata: {} });
    const states = recordStates(h);
    const t0 = Date.now();
    await settled(h);
    expect(h.state).toBe('done');
    expect(srv.failedPatches).toBe(3);
    expect(states.filter((s) => s === 'retrying')).toHaveLength(3);
    // Three failures in a row without new bytes on the server: 50 + 150 + 300 ms of backoff.
    expect(Date.now() - t0).toBeGreaterThanOrEqual(500);
    expect(await srv.sha256OfUpload(h.url!)).toBe(sha256(data));
  });

  it('gives up after maxRetries failures in a row, and retry() starts again', async () => {
    const { srv, q } = await setup({ failPatches: 4 }, undefined, { retryDelays: [10], maxRetries: 2 });
    const data = randomBytesSeeded(2 * MB, 21);
    const h = q.add({ id: 'g', file: new Blob([data]), metadata: {} });
    await settled(h);
    expect(h.state).toBe('failed');
    expect(h.error).toMatchObject({ code: 'upload_failed', status: 500 });
    h.retry();
    await settled(h);
    expect(h.state).toBe('done');
    expect(srv.failedPatches).toBe(4);
    expect(await srv.sha256OfUpload(h.url!)).toBe(sha256(data));
  });

  it('survives connections cut mid-transfer: byte-identical, ≤ one chunk re-sent per cut', async () => {
    const data = randomBytesSeeded(12 * MB, 22);
    const cuts = [2.5 * MB, 5.3 * MB, 7.7 * MB, 10.1 * MB];
    const { srv, proxy, q } = await setup({}, { cutAtBytes: cuts });
    const h = q.add({ id: 'k', file: new Blob([data]), metadata: {} });
    const states = recordStates(h);
    await settled(h);
    expect(h.state).toBe('done');
    expect(proxy!.cuts).toBe(cuts.length);
    expect(states).toContain('retrying');
    expect(await srv.sha256OfUpload(h.url!)).toBe(sha256(data));
    // Counted by the client (each interrupted body counted in full) and on the wire by the proxy.
    expect(h.bytesSentTotal).toBeLessThanOrEqual(data.length + cuts.length * CHUNK);
    const requests = srv.requests.length;
    expect(proxy!.bytesUp).toBeLessThanOrEqual(data.length + cuts.length * CHUNK + requests * 1024);
  });

  it('detects a stalled connection, aborts it and continues from the server offset', async () => {
    const data = randomBytesSeeded(6 * MB, 23);
    const { srv, proxy, q } = await setup({}, { stallAtBytes: 2.5 * MB, stallForMs: 1500 }, { stallTimeoutMs: 400 });
    const h = q.add({ id: 's', file: new Blob([data]), metadata: {} });
    const states = recordStates(h);
    const t0 = Date.now();
    await settled(h);
    expect(h.state).toBe('done');
    expect(proxy!.stalls).toBe(1);
    expect(states).toContain('stalled-retrying');
    expect(Date.now() - t0).toBeLessThan(6000);
    expect(await srv.sha256OfUpload(h.url!)).toBe(sha256(data));
    expect(h.bytesSentTotal).toBeLessThanOrEqual(data.length + CHUNK);
  });

  it('pauses while offline and continues when back online', async () => {
    const online = createManualOnlineSource(true);
    const data = randomBytesSeeded(8 * MB, 24);
    const { srv, q } = await setup({}, { rateLimitBps: 16 * MB }, { online, concurrency: 1 });
    const h = q.add({ id: 'o', file: new Blob([data]), metadata: {} });
    const queued = q.add({ id: 'o2', file: new Blob([randomBytesSeeded(MB, 25)]), metadata: {} });
    await waitFor(h, (x) => x.progress.bytesSent > 2 * MB);
    online.set(false);
    expect(h.state).toBe('offline');
    expect(h.error?.code).toBe('network_offline');
    await new Promise((r) => setTimeout(r, 300));
    const offset = (await srv.offsetOf(h.url!))!;
    expect(offset).toBeLessThan(data.length);
    // Still holding its slot; nothing new starts while offline.
    expect(q.totals()).toMatchObject({ active: 1, queued: 1 });
    const sentWhileOffline = h.bytesSentTotal;
    await new Promise((r) => setTimeout(r, 200));
    expect(h.bytesSentTotal).toBe(sentWhileOffline);
    online.set(true);
    await Promise.all([settled(h), settled(queued)]);
    expect(h.state).toBe('done');
    expect(h.error).toBeNull();
    expect(h.bytesSentTotal).toBeLessThanOrEqual(data.length + CHUNK);
    expect(await srv.sha256OfUpload(h.url!)).toBe(sha256(data));
  });

  it('cancel while the upload is being created deletes what the server creates', async () => {
    const { srv, q } = await setup({ delayCreateMs: 300 });
    const h = q.add({ id: 'x', file: new Blob([randomBytesSeeded(MB, 27)]), metadata: {} });
    await new Promise((r) => setTimeout(r, 100)); // POST is now waiting on the server
    expect(h.url).toBeNull();
    await h.cancel();
    expect(h.state).toBe('cancelled');
    await new Promise((r) => setTimeout(r, 600));
    expect(srv.requests.map((r) => r.method)).toEqual(['POST', 'DELETE']);
    expect(srv.uploadIds()).toEqual([]);
  });

  it('does not start queued uploads while offline', async () => {
    const online = createManualOnlineSource(false);
    const { q } = await setup({}, undefined, { online });
    const h = q.add({ id: 'w', file: new Blob([randomBytesSeeded(MB, 26)]), metadata: {} });
    await new Promise((r) => setTimeout(r, 100));
    expect(h.state).toBe('queued');
    online.set(true);
    await settled(h);
    expect(h.state).toBe('done');
  });
});
