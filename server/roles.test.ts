// Roles (issue 15.3), with real processes on PostgreSQL: an API instance that only queues, worker
// processes that verify from the durable queue, and a worker killed with SIGKILL in the middle of
// an inspection whose task another worker takes over once the lease has run out. The verdict is
// stored once and one job.completed is queued per job.
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import type { FilecheckServer } from './app';
import { spawnServer, type ServerProc } from './testing/server-process';
import { createJob, databaseUrlFor, getJson, makeManyObjectPdf, makePdf, onPostgres, settledJob, SK, startServer, tempDataDir, tusUpload } from './test-support';

const until = async (check: () => Promise<boolean>, ms: number) => {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
};

// Roles need the shared database: with SQLite one process does everything (config refuses
// FILECHECK_ROLE=api|worker without FILECHECK_DATABASE_URL, see config.test.ts).
describe.skipIf(!onPostgres)('roles on PostgreSQL', () => {
  const dataDir = tempDataDir();
  const procs: ServerProc[] = [];
  let api: FilecheckServer | null = null;
  const received: { type: string; jobId: string }[] = [];
  const hooks = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      const event = JSON.parse(body);
      received.push({ type: event.type, jobId: event.data.id });
      res.writeHead(200).end();
    });
  });

  afterAll(async () => {
    await api?.close();
    for (const p of procs) await p.kill();
    hooks.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('a worker killed mid-inspection leaves its task to another worker; one verdict, one job.completed', async () => {
    await new Promise<void>((r) => hooks.listen(0, '127.0.0.1', () => r()));
    const hookUrl = `http://127.0.0.1:${(hooks.address() as AddressInfo).port}/hook`;
    const databaseUrl = (await databaseUrlFor(dataDir))!;
    api = await startServer(dataDir, 0, { role: 'api', webhookUrls: [hookUrl], webhookRetryBaseMs: 100 });
    const workerEnv = {
      FILECHECK_ROLE: 'worker', FILECHECK_DATABASE_URL: databaseUrl, FILECHECK_DATA_DIR: dataDir,
      FILECHECK_WORKFLOWS_DIR: 'e2e/workflows', FILECHECK_VERIFY_CONCURRENCY: '1', FILECHECK_TASK_LEASE_SECONDS: '2',
      FILECHECK_WEBHOOK_URLS: hookUrl, FILECHECK_WEBHOOK_RETRY_MS: '100',
    };

    // The API alone queues: nothing is judged without a worker.
    const heavy = await createJob(api.url, 'wf_flyer_a5');
    const big = makeManyObjectPdf(80_000);
    expect((await tusUpload(api.url, heavy, big, { filename: 'heavy.pdf', fileId: 'f' })).error).toBeNull();
    await new Promise((r) => setTimeout(r, 500));
    expect((await getJson(`${api.url}/v1/jobs/${heavy.id}`, SK)).body.files[0].state).toBe('verifying');
    expect(await api.db.tasks.counts()).toEqual({ queued: 1 });

    // Worker A takes the task and is killed while it inspects.
    const a = await spawnServer(workerEnv, 'worker-a');
    procs.push(a);
    const health = await getJson(`${a.url}/healthz`);
    expect(health.body).toMatchObject({ ok: true, role: 'worker' });
    expect((await getJson(`${a.url}/readyz`)).status).toBe(200);
    expect((await fetch(`${a.url}/v1/jobs`, { method: 'POST' })).status).toBe(404); // a worker serves no API
    expect(await until(async () => (await api!.db.tasks.counts()).running === 1, 20_000)).toBe(true);
    await a.kill();
    expect((await getJson(`${api.url}/v1/jobs/${heavy.id}`, SK)).body.files[0].state).toBe('verifying');

    // Worker B takes it over once the lease has run out, and judges it.
    const b = await spawnServer(workerEnv, 'worker-b');
    procs.push(b);
    const done = await settledJob(api.url, heavy.id, 90_000);
    expect(done.files[0]).toMatchObject({ state: 'done' });
    const task = await api.db.sql.get('SELECT state, attempt FROM tasks WHERE job_id = ?', [heavy.id]);
    expect(task).toMatchObject({ state: 'done', attempt: 2 });

    // A second job is verified by the running worker, the API instance still only queues.
    const light = await createJob(api.url, 'wf_flyer_a5');
    expect((await tusUpload(api.url, light, await makePdf([{ widthMm: 148, heightMm: 210, bleedMm: 3 }]), { filename: 'a5.pdf', fileId: 'f' })).error).toBeNull();
    expect(await settledJob(api.url, light.id, 60_000)).toMatchObject({ status: 'ready', canProceed: true });

    // One job.completed per job, queued once and delivered once, whichever instance sent it.
    expect(await until(async () => received.filter((r) => r.type === 'job.completed').length >= 2, 20_000)).toBe(true);
    await new Promise((r) => setTimeout(r, 500));
    for (const job of [heavy, light]) {
      expect(received.filter((r) => r.type === 'job.completed' && r.jobId === job.id)).toHaveLength(1);
      const queued = (await api.db.deliveries.all()).filter((d) => d.eventType === 'job.completed' && d.body.includes(job.id));
      expect(queued).toHaveLength(1);
    }
  }, 240_000);
});
