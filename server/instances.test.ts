// Several API instances on one PostgreSQL database and one shared data directory (issue 15.4):
// live status reaches a client on any instance, rate limits hold across instances, one instance
// sweeps expired work at a time, and each webhook event is delivered once whatever the count.
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FilecheckServer } from './app';
import type { ServerConfig } from './config';
import { createJob, makePdf, onPostgres, PK, startServer, tempDataDir, tusUpload } from './test-support';

/** Status messages of an SSE stream (GET /v1/jobs/:id/events), read as they come. */
async function statusStream(url: string) {
  const controller = new AbortController();
  const res = await fetch(url, { signal: controller.signal });
  const statuses: { status: string; terminal: boolean }[] = [];
  void (async () => {
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += decoder.decode(value, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = block.split('\n').find((l) => l.startsWith('data: '));
          if (block.includes('event: status') && data) statuses.push(JSON.parse(data.slice(6)));
        }
      }
    } catch {
      // aborted
    }
  })();
  return { statuses, stop: () => controller.abort() };
}

const until = async (check: () => boolean, ms: number) => {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline && !check()) await new Promise((r) => setTimeout(r, 25));
  return check();
};

const STAFF = { email: 'staff@shop.example', password: 'correct horse battery' };

/** POST /admin/api/session on one instance: the portal's sign-in. */
const signIn = (s: FilecheckServer, password: string) => fetch(`${s.url}/admin/api/session`, {
  method: 'POST', headers: { 'Content-Type': 'application/json', Origin: s.url }, body: JSON.stringify({ email: STAFF.email, password }),
});

// Several instances need the shared database: PostgreSQL only (SQLite is one process's file).
describe.skipIf(!onPostgres)('two instances on one PostgreSQL database', () => {
  const dataDir = tempDataDir();
  let a: FilecheckServer;
  let b: FilecheckServer;
  const received: { type: string; id: string }[] = [];
  const hooks = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      const event = JSON.parse(body);
      received.push({ type: event.type, id: event.id });
      res.writeHead(200).end();
    });
  });

  beforeAll(async () => {
    await new Promise<void>((r) => hooks.listen(0, '127.0.0.1', () => r()));
    const settings: Partial<ServerConfig> = {
      webhookUrls: [`http://127.0.0.1:${(hooks.address() as AddressInfo).port}/hook`], webhookRetryBaseMs: 100,
      rateJobsPerMinute: 4, jobExpiryMs: 24 * 60 * 60 * 1000,
      adminEmail: STAFF.email, adminPassword: STAFF.password,
    };
    a = await startServer(dataDir, 0, settings);
    // B only serves the API: every verdict is stored by A's worker, so B hears of it only through the relay.
    b = await startServer(dataDir, 0, { ...settings, role: 'api' });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    hooks.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('a verdict stored through instance A reaches a status stream on instance B', async () => {
    const job = await createJob(a.url, 'wf_flyer_a5');
    const stream = await statusStream(`${b.url}/v1/jobs/${job.id}/events?token=${encodeURIComponent(job.token)}`);
    try {
      expect(await until(() => stream.statuses.length >= 1, 10_000)).toBe(true);
      expect((await tusUpload(a.url, job, await makePdf([{ widthMm: 148, heightMm: 210, bleedMm: 3 }]), { filename: 'a5.pdf', fileId: 'f' })).error).toBeNull();
      expect(await until(() => stream.statuses.some((s) => s.terminal), 60_000)).toBe(true);
      expect(stream.statuses.map((s) => s.status)).toContain('processing');
      expect(stream.statuses.at(-1)).toMatchObject({ status: 'ready', terminal: true });
    } finally {
      stream.stop();
    }
  }, 90_000);

  it('each webhook event is delivered once, though both instances send', async () => {
    expect(await until(() => received.filter((r) => r.type === 'job.completed').length >= 1, 20_000)).toBe(true);
    await new Promise((r) => setTimeout(r, 2_500)); // both pollers have looked again meanwhile
    const ids = received.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    const queued = await a.db.deliveries.all();
    expect(queued.every((d) => d.state === 'delivered' && d.attempts === 1)).toBe(true);
    expect(received).toHaveLength(queued.length);
  });

  it('a client\'s rate limit counts its requests on every instance', async () => {
    const post = (s: FilecheckServer) => fetch(`${s.url}/v1/jobs`, {
      method: 'POST', headers: { Authorization: `Bearer ${PK}`, 'Content-Type': 'application/json', 'X-Forwarded-For': '203.0.113.9' },
      body: JSON.stringify({ workflowId: 'wf_flyer_a5' }),
    });
    // Earlier tests used one job of this minute's 4 (same loopback client): alternate instances.
    const statuses: number[] = [];
    for (const s of [a, b, a, b, a]) statuses.push((await post(s)).status);
    expect(statuses.filter((x) => x === 201)).toHaveLength(3);
    expect(statuses.at(-1)).toBe(429);
  });

  it('failed portal sign-ins on one instance count on the other', async () => {
    // 5 failures per e-mail lock it for 15 minutes: 3 guesses on A and 2 on B are 5, not 3 and 2.
    const statuses: number[] = [];
    for (const s of [a, b, a, b, a]) statuses.push((await signIn(s, 'a wrong password')).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401]);
    for (const s of [b, a]) {
      const locked = await signIn(s, STAFF.password); // even the right password waits now
      expect(locked.status).toBe(429);
      expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(14 * 60);
    }
  }, 60_000);

  it('expiry runs on one instance at a time', async () => {
    const later = Date.now() + 2 * 24 * 60 * 60 * 1000;
    const [x, y] = await Promise.all([a.expiry.sweep(later), b.expiry.sweep(later)]);
    // Every job is old by then: one sweep removed them all, the other found the lock taken.
    expect([x.jobs, y.jobs].filter((n) => n > 0)).toHaveLength(1);
    expect(Number((await a.db.sql.get('SELECT COUNT(*) AS n FROM jobs'))?.n)).toBe(0);
    // The failed sign-ins of the test above are outside every window by then, and gone.
    expect(Number((await a.db.sql.get('SELECT COUNT(*) AS n FROM sign_in_failures'))?.n)).toBe(0);
  });
});
