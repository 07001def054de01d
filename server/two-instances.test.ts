// The scaled-out server end to end, with real processes (issue 15.5): two API instances
// (FILECHECK_ROLE=api) behind a small round-robin proxy, one worker process, PostgreSQL, and
// shared storage: the data directory, or with FILECHECK_TEST_STORAGE=s3 an S3 bucket
// (npm run test:server:s3 runs this file that way too). An upload started through the proxy is cut by
// killing instance A with SIGKILL and resumed through instance B (tus-js-client, the widget's
// client), byte-identical; the worker's verdict reaches a status stream open on B; each job gets
// exactly one job.completed delivery.
import crypto from 'node:crypto';
import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { roundRobin, type RoundRobin } from './testing/round-robin';
import { spawnServer, type ServerProc } from './testing/server-process';
import { webhookReceiver } from './testing/webhook-receiver';
import { createJob, databaseUrlFor, getJson, onPostgres, settledJob, sha256, SK, tempDataDir, testS3Settings, testStorage, tusUpload } from './test-support';

/** The storage settings every process gets: the shared data directory, or one bucket. */
async function storageEnv(dataDir: string): Promise<Record<string, string>> {
  const s3 = await testS3Settings(dataDir);
  if (!s3) return {};
  return {
    FILECHECK_S3_BUCKET: s3.bucket, FILECHECK_S3_ENDPOINT: s3.endpoint ?? '', FILECHECK_S3_REGION: s3.region,
    FILECHECK_S3_FORCE_PATH_STYLE: s3.forcePathStyle ? '1' : '0', AWS_ACCESS_KEY_ID: s3.accessKeyId ?? '', AWS_SECRET_ACCESS_KEY: s3.secretAccessKey ?? '',
  };
}

async function paddedPdf(bytes: number): Promise<Buffer> {
  const { PDFDocument, rgb } = await import('pdf-lib');
  const pt = (mm: number) => (mm * 72) / 25.4;
  const doc = await PDFDocument.create();
  const page = doc.addPage([pt(154), pt(216)]);
  page.setTrimBox(pt(3), pt(3), pt(148), pt(210));
  page.setBleedBox(0, 0, pt(154), pt(216));
  page.drawRectangle({ x: 0, y: 0, width: page.getWidth(), height: page.getHeight(), color: rgb(0.9, 0.9, 0.9) });
  // Incompressible bytes in an unused stream: a large file that is still a plain A5 flyer.
  const stream = doc.context.stream(crypto.randomBytes(bytes));
  doc.context.register(stream);
  return Buffer.from(await doc.save());
}

describe.skipIf(!onPostgres)(`two API instances and a worker on PostgreSQL + ${testStorage === 's3' ? 'S3' : 'a shared data directory'}`, () => {
  const dataDir = tempDataDir();
  const procs: ServerProc[] = [];
  let proxy: RoundRobin | null = null;
  const hooks = webhookReceiver();

  afterAll(async () => {
    proxy?.close();
    for (const p of procs) await p.kill();
    hooks.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('an upload cut by killing instance A resumes through B byte-identical; the verdict streams from B; one job.completed', async () => {
    const env = {
      FILECHECK_DATABASE_URL: (await databaseUrlFor(dataDir))!, FILECHECK_DATA_DIR: dataDir,
      FILECHECK_PUBLISHABLE_KEY: 'pk_test_suite', FILECHECK_SECRET_KEY: SK, FILECHECK_WORKFLOWS_DIR: 'demo/workflows',
      FILECHECK_WEBHOOK_URLS: await hooks.listen(), FILECHECK_WEBHOOK_RETRY_MS: '200',
      FILECHECK_RATE_JOBS_PER_MINUTE: '0', FILECHECK_RATE_UPLOADS_PER_MINUTE: '0',
      ...(await storageEnv(dataDir)),
    };
    const [a, b, worker] = await Promise.all([
      spawnServer({ ...env, FILECHECK_ROLE: 'api' }, 'api-a'),
      spawnServer({ ...env, FILECHECK_ROLE: 'api' }, 'api-b'),
      spawnServer({ ...env, FILECHECK_ROLE: 'worker' }, 'worker'),
    ]);
    procs.push(a, b, worker);
    proxy = roundRobin([a.url, b.url]);
    const base = await proxy.listen();

    const job = await createJob(base, 'wf_flyer_a5');
    // The customer's page streams the job's status from instance B.
    const controller = new AbortController();
    const stream = await fetch(`${b.url}/v1/jobs/${job.id}/events?token=${encodeURIComponent(job.token)}`, { signal: controller.signal });
    let events = '';
    void (async () => {
      const reader = stream.body!.getReader();
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) return;
          events += Buffer.from(value).toString();
        }
      } catch {
        // aborted
      }
    })();

    const pdf = await paddedPdf(6 * 1024 * 1024);
    let killed = false;
    const result = await tusUpload(base, job, pdf, { filename: 'flyer.pdf', fileId: 'f' }, {
      chunkSize: 512 * 1024,
      retryDelays: [0, 250, 500, 1000, 2000],
      onProgress: (sent, total) => {
        if (!killed && sent > total * 0.3) {
          killed = true;
          void a.kill();
        }
      },
    });
    expect(result.error).toBeNull();
    expect(killed).toBe(true);
    // Both instances took part: bytes went to A before it died and to B after.
    expect(proxy.served.some((s) => s.method === 'PATCH' && s.target === a.url)).toBe(true);
    expect(proxy.served.some((s) => s.method === 'PATCH' && s.target === b.url)).toBe(true);

    const settled = await settledJob(b.url, job.id, 120_000);
    expect(settled.files[0]).toMatchObject({ size: pdf.length, sha256: sha256(pdf), state: 'done' });
    const download = await fetch(`${b.url}/v1/jobs/${job.id}/files/f`, { headers: { Authorization: `Bearer ${SK}` } });
    expect(sha256(Buffer.from(await download.arrayBuffer()))).toBe(sha256(pdf));

    // The verdict (stored by the worker process) arrived on B's stream.
    const deadline = Date.now() + 20_000;
    while (!/"terminal":true/.test(events) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    controller.abort();
    const last = events.split('\n').filter((l) => l.startsWith('data: ')).map((l) => JSON.parse(l.slice(6))).at(-1);
    expect(last).toMatchObject({ jobId: job.id, terminal: true, status: settled.status });

    // Exactly one job.completed delivery for the job (give the senders time to repeat it, if they would).
    const until = Date.now() + 20_000;
    while (hooks.count('job.completed', job.id) === 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 2_500));
    expect(hooks.count('job.completed', job.id)).toBe(1);
    expect((await getJson(`${b.url}/readyz`)).status).toBe(200);
  }, 240_000);
});
