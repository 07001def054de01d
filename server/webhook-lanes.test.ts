// Issue 12.5: deliveries per endpoint are independent. A receiver that hangs until the timeout
// delays only its own events; a receiver that keeps failing is retried with the configured backoff.
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FilecheckServer } from './app';
import { createJob, startServer, tempDataDir } from './test-support';

/** /hang never answers (until closed); /down answers 500; anything else 204. Records arrival times. */
async function startReceiver() {
  const arrivals: { path: string; at: number; jobId: string }[] = [];
  const hanging: http.ServerResponse[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c)).on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      arrivals.push({ path: req.url ?? '/', at: Date.now(), jobId: body.data.id });
      if (req.url === '/hang') hanging.push(res);
      else res.writeHead(req.url === '/down' ? 500 : 204).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url, arrivals,
    close: () => new Promise<void>((r) => {
      for (const res of hanging) res.destroy();
      server.close(() => r());
      server.closeAllConnections();
    }),
  };
}

async function until(check: () => boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 10));
  }
  return check();
}

describe('webhook lanes', () => {
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let server: FilecheckServer;
  let dataDir: string;
  const BASE_MS = 150;

  beforeAll(async () => {
    receiver = await startReceiver();
    dataDir = tempDataDir();
    server = await startServer(dataDir, 0, {
      webhookUrls: [`${receiver.url}/hang`, `${receiver.url}/ok`, `${receiver.url}/down`],
      webhookRetryBaseMs: BASE_MS, webhookMaxAttempts: 4, webhookTimeoutMs: 8_000,
    });
  });
  afterAll(async () => {
    await server.close();
    await receiver.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('a hanging receiver does not hold back another receiver\'s events', async () => {
    const ok = (jobId: string) => receiver.arrivals.some((a) => a.path === '/ok' && a.jobId === jobId);
    const first = await createJob(server.url, 'wf_flyer_a5');
    expect(await until(() => ok(first.id) && receiver.arrivals.some((a) => a.path === '/hang'), 2_000)).toBe(true);
    // /hang holds its first event for up to 8 s; events emitted meanwhile still reach /ok at once.
    for (let i = 0; i < 3; i++) {
      const job = await createJob(server.url, 'wf_flyer_a5');
      const sent = Date.now();
      expect(await until(() => ok(job.id), 1_500), `event ${i + 2} reached /ok`).toBe(true);
      expect(receiver.arrivals.find((a) => a.path === '/ok' && a.jobId === job.id)!.at - sent).toBeLessThan(1_500);
    }
  });

  it('a failing receiver is retried with the configured backoff (base, 2×base, 4×base)', async () => {
    const job = await createJob(server.url, 'wf_flyer_a5');
    const mine = () => receiver.arrivals.filter((a) => a.path === '/down' && a.jobId === job.id);
    expect(await until(() => mine().length >= 4, 8_000)).toBe(true);
    const at = mine().map((a) => a.at);
    for (let i = 1; i < at.length; i++) expect(at[i]! - at[i - 1]!).toBeGreaterThanOrEqual(BASE_MS * 2 ** (i - 1) - 5);
    await new Promise((r) => setTimeout(r, BASE_MS * 8));
    expect(mine()).toHaveLength(4); // webhookMaxAttempts
    const delivery = (await server.db.deliveries.all()).find((d) => d.url.endsWith('/down') && d.body.includes(job.id));
    expect(delivery).toMatchObject({ state: 'failed', attempts: 4 });
  });
});
