// Issue 12.3: one customer cannot starve the others. Absurd structures are refused before they
// reach a worker, each inspection has a memory limit, the pool takes turns between jobs, and job
// and upload creation are rate-limited per client (429 + Retry-After). Real server, real worker
// threads, real PDFs. The timing under four hostile uploads is measured by
// bench/hostile-verdict.ts (bench/report.md), not asserted here.
import fs from 'node:fs';
import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import type { CreateServerOptions, FilecheckServer } from './app';
import type { ServerConfig } from './config';
import { createWorkerVerifier, type FileVerifier } from './verify';
import { createJob, makeManyObjectPdf, makePdf, PK, settledJob, startServer, tempDataDir, tusUpload } from './test-support';

const open: { server: FilecheckServer; dir: string }[] = [];
async function start(overrides: Partial<ServerConfig> = {}, options: CreateServerOptions = {}) {
  const dir = tempDataDir();
  const server = await startServer(dir, 0, overrides, options);
  open.push({ server, dir });
  return { server, base: server.url };
}
afterEach(async () => {
  for (const { server, dir } of open.splice(0)) {
    await server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

const inspectFinding = (file: { findings: { checkId: string; code?: string; actual?: unknown }[] }) => file.findings.find((f) => f.checkId === 'intake.inspect');

describe('absurd structures and memory', () => {
  it('a PDF declaring more objects than the limit is refused before inspection (file_too_complex); others are judged as usual', async () => {
    const { base } = await start({ verifyMaxPdfObjects: 1000 });
    const hostile = await createJob(base, 'wf_flyer_a5');
    expect((await tusUpload(base, hostile, makeManyObjectPdf(5000), { filename: 'many.pdf', fileId: 'h' })).error).toBeNull();
    const normal = await createJob(base, 'wf_flyer_a5');
    expect((await tusUpload(base, normal, await makePdf([{ widthMm: 148, heightMm: 210, bleedMm: 3 }]), { filename: 'a5.pdf', fileId: 'n' })).error).toBeNull();
    const h = await settledJob(base, hostile.id);
    expect(h.canProceed).toBe(false);
    expect(h.files[0]).toMatchObject({ state: 'error', error: { code: 'file_too_complex' } });
    expect(inspectFinding(h.files[0])).toMatchObject({ outcome: 'fail', code: 'file_too_complex', actual: expect.stringContaining('5004 objects') });
    expect(await settledJob(base, normal.id)).toMatchObject({ canProceed: true });
  });

  it('an inspection over its memory limit is stopped and the file fails with file_too_complex', async () => {
    const { base } = await start({ verifyMaxHeapMb: 48, verifyTimeoutMs: 60_000 });
    const job = await createJob(base, 'wf_flyer_a5');
    expect((await tusUpload(base, job, makeManyObjectPdf(400_000), { filename: 'heavy.pdf', fileId: 'h' })).error).toBeNull();
    const view = await settledJob(base, job.id, 60_000);
    expect(view.files[0]).toMatchObject({ state: 'error', error: { code: 'file_too_complex' } });
    expect(inspectFinding(view.files[0])?.actual).toContain('48 MB');
    // The pool replaced the killed worker: the next file is judged.
    const next = await createJob(base, 'wf_flyer_a5');
    expect((await tusUpload(base, next, await makePdf([{ widthMm: 148, heightMm: 210, bleedMm: 3 }]), { filename: 'a5.pdf', fileId: 'n' })).error).toBeNull();
    expect(await settledJob(base, next.id, 60_000)).toMatchObject({ canProceed: true });
  }, 120_000);
});

describe('fair queue', () => {
  it('a job with many queued files does not keep another job\'s file waiting behind all of them', async () => {
    const finished: string[] = [];
    const pool = createWorkerVerifier({ concurrency: 1, timeoutMs: 60_000 });
    // Records the order in which inspections finish (the pool itself is the real one).
    const recording: FileVerifier = {
      inspect: async (path, owner) => {
        const result = await pool.inspect(path, owner);
        finished.push(path);
        return result;
      },
      close: () => pool.close(),
    };
    const { base, server } = await start({ verifyConcurrency: 1, workflowsDir: new URL('../e2e/workflows', import.meta.url).pathname }, { verifier: recording });
    const big = await createJob(base, 'wf_e2e_any');
    const slow = makeManyObjectPdf(40_000); // a few hundred ms of inspection each
    for (let i = 0; i < 3; i++) expect((await tusUpload(base, big, slow, { filename: `${i}.pdf`, fileId: `f${i}` })).error).toBeNull();
    const other = await createJob(base, 'wf_e2e_any');
    expect((await tusUpload(base, other, await makePdf([{ widthMm: 85, heightMm: 55 }]), { filename: 'card.pdf', fileId: 'c' })).error).toBeNull();
    await settledJob(base, big.id, 60_000);
    await settledJob(base, other.id, 60_000);
    // FIFO would finish the other job last (4th); taking turns puts it right after the file in progress.
    const jobs = await Promise.all(finished.map(async (p) => (await server.db.files.byUpload(p.split('/').pop()!))?.jobId));
    expect(jobs.filter((o) => o === big.id)).toHaveLength(3);
    expect(jobs.indexOf(other.id)).toBeLessThanOrEqual(2);
  }, 90_000);
});

describe('small-file worker', () => {
  it('big files never occupy every worker: an ordinary file is judged while they wait their turn', async () => {
    const finished: string[] = [];
    const pool = createWorkerVerifier({ concurrency: 2, timeoutMs: 60_000, smallFileBytes: 1024 * 1024 });
    const recording: FileVerifier = {
      inspect: async (path, owner) => {
        const result = await pool.inspect(path, owner);
        finished.push(path);
        return result;
      },
      close: () => pool.close(),
    };
    const { base, server } = await start({ verifyConcurrency: 2, workflowsDir: new URL('../e2e/workflows', import.meta.url).pathname }, { verifier: recording });
    const big = makeManyObjectPdf(60_000); // ~3 MB: over the 1 MB small-file size
    const jobs = [await createJob(base, 'wf_e2e_any'), await createJob(base, 'wf_e2e_any'), await createJob(base, 'wf_e2e_any')];
    await Promise.all(jobs.map((job, i) => tusUpload(base, job, big, { filename: `${i}.pdf`, fileId: 'f' })));
    const other = await createJob(base, 'wf_e2e_any');
    expect((await tusUpload(base, other, await makePdf([{ widthMm: 85, heightMm: 55 }]), { filename: 'card.pdf', fileId: 'c' })).error).toBeNull();
    for (const job of [...jobs, other]) await settledJob(base, job.id, 60_000);
    const order = await Promise.all(finished.map(async (p) => (await server.db.files.byUpload(p.split('/').pop()!))?.jobId));
    // Three big files, one worker for them: the small file is judged before the last two of them.
    expect(order.indexOf(other.id)).toBeLessThanOrEqual(1);
  }, 90_000);
});

function post(url: string, headers: Record<string, string>, body: string, localAddress = '127.0.0.1'): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', localAddress, agent: false, headers: { ...headers, 'Content-Length': String(Buffer.byteLength(body)) } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c)).on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('rate limits', () => {
  it('job creation past the per-client limit is 429 with Retry-After; another client is not affected', async () => {
    const { base } = await start({ rateJobsPerMinute: 5 });
    const create = (from: string) =>
      post(`${base}/v1/jobs`, { Authorization: `Bearer ${PK}`, 'Content-Type': 'application/json', Origin: 'https://shop.example' }, JSON.stringify({ workflowId: 'wf_flyer_a5' }), from);
    for (let i = 0; i < 5; i++) expect((await create('127.0.0.1')).status).toBe(201);
    const limited = await create('127.0.0.1');
    expect(limited.status).toBe(429);
    expect(JSON.parse(limited.body).error.code).toBe('rate_limited');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(limited.headers['access-control-allow-origin']).toBe('https://shop.example');
    expect((await create('127.0.0.2')).status).toBe(201);
  });

  it('upload creation past the per-client limit is 429 with Retry-After', async () => {
    const { base } = await start({ rateUploadsPerMinute: 3 });
    const job = await createJob(base, 'wf_photo_print');
    const b64 = (s: string) => Buffer.from(s).toString('base64');
    const statuses: number[] = [];
    let retryAfter = '';
    for (let i = 0; i < 4; i++) {
      const res = await post(`${base}/v1/uploads/`, {
        Authorization: `Bearer ${job.token}`, 'Tus-Resumable': '1.0.0', 'Upload-Length': '1000',
        'Upload-Metadata': `jobId ${b64(job.id)},filename ${b64(`${i}.png`)},fileId ${b64(`p${i}`)}`,
      }, '');
      statuses.push(res.status);
      if (res.status === 429) retryAfter = String(res.headers['retry-after']);
    }
    expect(statuses).toEqual([201, 201, 201, 429]);
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
  });
});
