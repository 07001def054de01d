// The scaled-out server with the real widget in Chromium (issue 15.5): a throw-away PostgreSQL
// cluster, two API instances (FILECHECK_ROLE=api) behind a round-robin load balancer, one worker
// process (FILECHECK_ROLE=worker), one shared upload directory. The instance receiving the upload
// is killed with SIGKILL mid-way; the widget resumes through the other one by itself; the stored
// file is byte-identical; the worker's verdict reaches the page over the event stream the surviving
// instance serves; the shop gets one job.completed.
//
// Why the worker is held (SIGSTOP) until the page's event stream is open: the stream's first message
// is a fresh read of the job, so a verdict stored before it opened would reach the page without
// crossing instances at all. Let go after (SIGCONT), the worker process writes the verdict and it
// can only reach the stream on B through the database (LISTEN/NOTIFY, server/live-bus.ts). (Started
// with the others and held, rather than started late, so its start-up is not on the test's clock.)
import { expect, test } from '@playwright/test';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startPgCluster, type PgCluster } from '../server/testing/pg-cluster';
import { roundRobin, type RoundRobin } from '../server/testing/round-robin';
import { spawnServer, type ServerProc } from '../server/testing/server-process';
import { webhookReceiver } from '../server/testing/webhook-receiver';
import { CDN_ORIGIN, PAGE_ORIGIN } from './ports';
import { fetchJob, filesDir, removeFiles, SECRET, writeBigPdf } from './server-process';
import { events, recordEvents } from './support';

const MB = 1024 * 1024;

let cluster: PgCluster | null = null;
let balancer: RoundRobin | null = null;
const procs: ServerProc[] = [];
const hooks = webhookReceiver();
let dataDir = '';

test.afterEach(async ({}, info) => {
  balancer?.close();
  for (const p of procs.splice(0)) await p.kill();
  hooks.close();
  cluster?.stop();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  removeFiles(info);
});

test('two API instances and a worker: the upload survives killing its instance, the verdict streams from the other, one job.completed', async ({ page }, info) => {
  test.setTimeout(120_000);
  await recordEvents(page);
  cluster = await startPgCluster();
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'filecheck-e2e-instances-'));
  const env = {
    FILECHECK_DATABASE_URL: await cluster.createDatabase(),
    FILECHECK_DATA_DIR: dataDir,
    FILECHECK_WORKFLOWS_DIR: 'e2e/workflows',
    FILECHECK_ALLOWED_ORIGINS: `${PAGE_ORIGIN},${CDN_ORIGIN}`,
    FILECHECK_WEBHOOK_URLS: await hooks.listen(),
    FILECHECK_WEBHOOK_RETRY_MS: '200',
    FILECHECK_RATE_JOBS_PER_MINUTE: '0',
    FILECHECK_RATE_UPLOADS_PER_MINUTE: '0',
  };
  const [api1, api2, worker] = await Promise.all([
    spawnServer({ ...env, FILECHECK_ROLE: 'api' }, 'api-1'),
    spawnServer({ ...env, FILECHECK_ROLE: 'api' }, 'api-2'),
    spawnServer({ ...env, FILECHECK_ROLE: 'worker' }, 'worker'),
  ]);
  procs.push(api1, api2, worker);
  process.kill(worker.pid, 'SIGSTOP'); // no task exists yet: nothing is verified until it goes on
  const apis = [api1, api2];
  // A slow uplink (4 MB/s through the balancer), so the upload is still under way when its instance dies.
  balancer = roundRobin(apis.map((p) => p.url), { rate: 4 * MB });
  const endpoint = await balancer.listen();

  const file = writeBigPdf(filesDir(info), 'two-instances-8mb.pdf', 8 * MB);
  await page.goto(`/e2e/pages/upload-server.html?endpoint=${encodeURIComponent(endpoint)}`);
  const w = page.locator('#fc-inline');
  await expect(w.locator('.status')).toHaveAttribute('data-status', 'idle');
  await w.locator('.dropzone input[type=file]').first().setInputFiles(file.path);

  // A is whichever instance has received 512 KiB of the upload first: it is killed mid-upload.
  const aUrl = await balancer.whenAnyReceived(512 * 1024);
  const a = apis.find((p) => p.url === aUrl)!;
  const b = apis.find((p) => p !== a)!;
  await a.kill();
  const killedAt = Date.now();
  const receivedByA = balancer.bodyBytes(a.url);
  expect(receivedByA).toBeLessThan(file.size);

  // The widget resumes through B by itself; the customer sees no failure.
  await expect(w.locator('.status')).not.toHaveAttribute('data-status', 'uploading', { timeout: 30_000 });
  expect(await w.locator('.status').getAttribute('data-status')).not.toBe('rejected');
  const { jobId } = await page.evaluate(() => (window as any).intake.getStatus());
  const patchedAfterKill = balancer.served.filter((r) => r.method === 'PATCH' && r.at > killedAt && r.status === 204);
  expect(patchedAfterKill.length).toBeGreaterThan(0);
  expect(patchedAfterKill.every((r) => r.target === b.url)).toBe(true);

  // The page waits for the verdict on an event stream, which B serves (A is dead).
  const isStream = (r: { method: string; path: string }) => r.method === 'GET' && r.path === `/v1/jobs/${jobId}/events`;
  await expect.poll(() => balancer!.served.filter((r) => isStream(r) && r.status === 200 && r.open).length, { timeout: 15_000 }).toBe(1);
  const stream = balancer.served.find((r) => isStream(r) && r.open)!;
  expect(stream.target).toBe(b.url);
  expect((await fetchJob(b.url, jobId)).canProceed).toBe(false); // nothing judged yet: the worker is held
  const workerStartsAt = Date.now();
  process.kill(worker.pid, 'SIGCONT');

  // The worker's verdict reaches the page: its DOM status events end in ready / canProceed …
  await expect(w.locator('.status')).toHaveAttribute('data-status', 'ready', { timeout: 30_000 });
  const last = (await events(page, 'status')).at(-1)!.detail;
  expect(last).toMatchObject({ status: 'ready', canProceed: true });
  // … over that same stream on B: still open, and nothing else asked for the status since the worker started.
  expect(stream.open).toBe(true);
  const askedSince = balancer.served.filter((r) => r.at >= workerStartsAt && r.path.startsWith(`/v1/jobs/${jobId}`));
  expect(askedSince).toEqual([]);
  // After A died, every request answered was answered by B.
  const answeredAfterKill = balancer.served.filter((r) => r.at > killedAt && r.status !== null);
  expect(answeredAfterKill.every((r) => r.target === b.url)).toBe(true);

  // The stored file is byte-identical: its recorded sha256, and the bytes downloaded again.
  const job = await fetchJob(b.url, jobId);
  expect(job.files).toHaveLength(1);
  expect(job.files[0]).toMatchObject({ size: file.size, sha256: file.sha256 });
  const download = await fetch(`${b.url}/v1/jobs/${jobId}/files/${job.files[0]!.id}`, { headers: SECRET });
  expect(download.status).toBe(200);
  expect(createHash('sha256').update(Buffer.from(await download.arrayBuffer())).digest('hex')).toBe(file.sha256);

  // Exactly one job.completed for the job (time for a second sender to repeat it, if one would).
  await expect.poll(() => hooks.count('job.completed', jobId), { timeout: 15_000 }).toBe(1);
  await new Promise((r) => setTimeout(r, 1_500));
  expect(hooks.count('job.completed', jobId)).toBe(1);
  info.annotations.push({ type: 'instances', description: `A received ${receivedByA} of ${file.size} bytes before SIGKILL; ${patchedAfterKill.length} PATCH(es) to B after` });
});
