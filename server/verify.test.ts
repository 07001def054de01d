// The server's verdict: stored files are inspected and evaluated on the server with the shared
// inspectors and src/core, whatever the browser claims; context changes re-judge stored facts.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FilecheckServer } from './app';
import { createJob, getJson, makePdf, makePng, settledJob, SK, startServer, tempDataDir, testStorage, tusUpload } from './test-support';
import { createInProcessVerifier, createWorkerVerifier, type FileVerifier } from './verify';

let server: FilecheckServer;
let base: string;
let dataDir: string;
/** Counts inspections, to prove a context change does not read the bytes again. */
let inspections = 0;

beforeAll(async () => {
  dataDir = tempDataDir();
  const real = createWorkerVerifier({ concurrency: 2, timeoutMs: 20_000 });
  const counting: FileVerifier = {
    inspect: (p, owner, measures) => {
      inspections++;
      return real.inspect(p, owner, measures);
    },
    close: () => real.close(),
  };
  server = await startServer(dataDir, 0, {}, { verifier: counting });
  base = server.url;
});
afterAll(async () => {
  await server.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const A5 = { widthMm: 148, heightMm: 210, bleedMm: 3 };
const A4 = { widthMm: 210, heightMm: 297, bleedMm: 3 };

describe('verification of stored files', () => {
  it('a conforming A5 PDF is verified on the server: facts, findings, outcome, canProceed', async () => {
    const job = await createJob(base, 'wf_flyer_a5');
    const pdf = await makePdf([A5]);
    expect((await tusUpload(base, job, pdf, { filename: 'flyer.pdf', filetype: 'application/pdf', fileId: 'f1' })).error).toBeNull();
    const body = await settledJob(base, job.id);
    expect(Object.keys(body)).toEqual(expect.arrayContaining(['id', 'workflowId', 'status', 'terminal', 'canProceed', 'context', 'files', 'createdAt', 'updatedAt']));
    expect(body).toMatchObject({ id: job.id, workflowId: 'wf_flyer_a5', terminal: true, canProceed: true });
    const [file] = body.files;
    expect(Object.keys(file)).toEqual(expect.arrayContaining(['id', 'name', 'size', 'sha256', 'kind', 'outcome', 'findings', 'facts', 'downloadUrl']));
    expect(file).toMatchObject({ id: 'f1', kind: 'pdf', state: 'done', outcome: expect.stringMatching(/^(pass|warn)$/) });
    expect(file.facts.pdf).toMatchObject({ pageCount: 1 });
    expect(file.facts.pdf.pages[0].widthMm).toBeCloseTo(148, 0);
    const pageSize = file.findings.find((f: { checkId: string }) => f.checkId === 'geom.page_size');
    expect(pageSize).toMatchObject({ outcome: 'pass' });

    // The browser's status payload carries the same verdict and findings.
    const status = await getJson(`${base}/v1/jobs/${job.id}/status`, job.token);
    expect(status.body).toMatchObject({ canProceed: true, terminal: true });
    expect(status.body.files[0]).toMatchObject({ outcome: file.outcome, status: 'done', findings: file.findings });
    expect(status.body.facts.files[0]).toMatchObject({ pageCount: 1, width: expect.closeTo(148, 0) });
  });

  it('tamper-proof: a wrong-size PDF sent with forged metadata and claims is rejected by GET /v1/jobs/:id', async () => {
    const job = await createJob(base, 'wf_flyer_a5');
    const pdf = await makePdf([A4]);
    // The client claims everything went well: a passing outcome, a ready status and a fake type.
    const forged = await tusUpload(base, job, pdf, { filename: 'flyer-A5-ok.png', filetype: 'image/png', fileId: 'forged' }, {
      metadata: { jobId: job.id, filename: 'flyer-A5-ok.png', fileId: 'forged', filetype: 'image/png', outcome: 'pass', status: 'ready', canProceed: 'true' },
    });
    expect(forged.error).toBeNull();
    // No route lets a client write a verdict.
    for (const method of ['POST', 'PUT', 'PATCH']) {
      const res = await fetch(`${base}/v1/jobs/${job.id}/status`, {
        method, headers: { Authorization: `Bearer ${job.token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ status: 'ready', canProceed: true, files: [{ id: 'forged', outcome: 'pass' }] }),
      });
      expect(res.status).toBe(405);
    }
    const body = await settledJob(base, job.id);
    expect(body).toMatchObject({ status: 'rejected', terminal: true, canProceed: false });
    expect(body.files[0]).toMatchObject({ id: 'forged', kind: 'pdf', mime: 'application/pdf', state: 'done', outcome: 'fail' });
    expect(body.files[0].findings).toContainEqual(expect.objectContaining({ checkId: 'geom.page_size', outcome: 'fail', severity: 'reject' }));
  });

  it('an image under 300 dpi at print size fails raster.effective_dpi on the server', async () => {
    const job = await createJob(base, 'wf_photo_print');
    const png = await makePng(283, 425, 72); // 10 × 15 cm at 72 dpi
    expect((await tusUpload(base, job, png, { filename: 'photo.png', fileId: 'p1' })).error).toBeNull();
    const body = await settledJob(base, job.id);
    expect(body.files[0]).toMatchObject({ kind: 'raster', outcome: 'fail' });
    expect(body.files[0].findings).toContainEqual(expect.objectContaining({ checkId: 'raster.effective_dpi', outcome: 'fail' }));
    // onFail accept_with_warnings: an accepted failure (the shop's choice), flagged by its finding.
    expect(body).toMatchObject({ status: 'partial', canProceed: true });
  });

  it('inspection cut short fails closed on the server too: a font hidden in content the reader cannot decode is "could not be verified"', async () => {
    const { PDFDocument, PDFName } = await import('pdf-lib');
    const doc = await PDFDocument.create();
    const page = doc.addPage([148 * (72 / 25.4), 210 * (72 / 25.4)]);
    const font = (await doc.embedFont('Helvetica')).ref;
    page.node.set(PDFName.of('Contents'), doc.context.register(doc.context.stream('BT /F1 12 Tf 40 40 Td (Hi) Tj ET', { Filter: 'JBIG2Decode' } as never)));
    page.node.set(PDFName.of('Resources'), doc.context.obj({ Font: { F1: font } }));
    const job = await createJob(base, 'wf_flyer_a5');
    expect((await tusUpload(base, job, Buffer.from(await doc.save()), { filename: 'hidden.pdf', filetype: 'application/pdf', fileId: 'h1' })).error).toBeNull();
    const body = await settledJob(base, job.id);
    expect(body).toMatchObject({ status: 'rejected', canProceed: false });
    const f = body.files[0].findings.find((x: { checkId: string }) => x.checkId === 'text.fonts_embedded');
    expect(f).toMatchObject({ outcome: 'fail', code: 'check_unverified', page: 1 });
    expect(body.files[0].facts.pdf.incomplete).toContainEqual({ area: 'fonts', reason: 'undecodable', pages: [1] });
  });

  it('an owner-password-only PDF (AES-128, made by qpdf) is decrypted on the server: its missing font rejects it', async () => {
    const { PDFDocument, PDFName } = await import('pdf-lib');
    const { execFileSync } = await import('node:child_process');
    const doc = await PDFDocument.create();
    const page = doc.addPage([148 * (72 / 25.4), 210 * (72 / 25.4)]);
    page.node.set(PDFName.of('Contents'), doc.context.register(doc.context.flateStream('BT /F1 12 Tf 40 40 Td (Hi) Tj ET')));
    page.node.set(PDFName.of('Resources'), doc.context.obj({ Font: { F1: (await doc.embedFont('Helvetica')).ref } }));
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fc-enc-'));
    fs.writeFileSync(path.join(dir, 'in.pdf'), await doc.save());
    execFileSync('qpdf', ['--encrypt', '', 'owner-secret', '128', '--use-aes=y', '--', path.join(dir, 'in.pdf'), path.join(dir, 'out.pdf')]);
    const encrypted = fs.readFileSync(path.join(dir, 'out.pdf'));
    fs.rmSync(dir, { recursive: true, force: true });
    const job = await createJob(base, 'wf_flyer_a5');
    expect((await tusUpload(base, job, encrypted, { filename: 'protected.pdf', filetype: 'application/pdf', fileId: 'e1' })).error).toBeNull();
    const body = await settledJob(base, job.id);
    expect(body).toMatchObject({ status: 'rejected', canProceed: false });
    expect(body.files[0].facts.pdf).toMatchObject({ encrypted: true, reader: 'object-reader' });
    const f = body.files[0].findings.find((x: { checkId: string }) => x.checkId === 'text.fonts_embedded');
    expect(f).toMatchObject({ outcome: 'fail', messageKey: 'text.fonts_embedded.fail' });
  });

  it('a file that cannot be inspected is an error with a failing finding, never a pass', async () => {
    const job = await createJob(base, 'wf_flyer_a5');
    const pdf = await makePdf([A5]);
    const truncated = pdf.subarray(0, Math.floor(pdf.length / 3));
    expect((await tusUpload(base, job, truncated, { filename: 'cut.pdf', fileId: 'cut' })).error).toBeNull();
    const body = await settledJob(base, job.id);
    expect(body).toMatchObject({ status: 'rejected', canProceed: false });
    expect(body.files[0]).toMatchObject({ state: 'error', outcome: 'fail', error: { code: expect.any(String) } });
    expect(body.files[0].findings).toContainEqual(expect.objectContaining({ checkId: 'intake.inspect', outcome: 'fail' }));
  });
});

describe('costly measurements follow the job rule (src/core/measures.ts)', () => {
  it('renders for total ink only when the workflow turns on color.max_ink_coverage, and re-inspects facts stored without it', async () => {
    const pdf = await makePdf([A5]);
    // wf_flyer_a5 reads total ink (warn above 300 %): measured and judged
    const flyer = await createJob(base, 'wf_flyer_a5');
    expect((await tusUpload(base, flyer, pdf, { filename: 'flyer.pdf', filetype: 'application/pdf', fileId: 'f' })).error).toBeNull();
    const withInk = (await settledJob(base, flyer.id)).files[0];
    expect(withInk.facts.pdf.inkCoverage).toMatchObject({ pagesMeasured: 1, pages: [expect.objectContaining({ page: 1 })] });
    expect(withInk.findings).toContainEqual(expect.objectContaining({ checkId: 'color.max_ink_coverage', outcome: 'pass' }));
    // wf_poster has no ink check: no Ghostscript rendering, no ink facts, no ink finding
    const poster = await createJob(base, 'wf_poster');
    expect((await tusUpload(base, poster, pdf, { filename: 'poster.pdf', filetype: 'application/pdf', fileId: 'p' })).error).toBeNull();
    const withoutInk = (await settledJob(base, poster.id)).files[0];
    expect(withoutInk.state).toBe('done');
    expect(withoutInk.facts.pdf.pageCount).toBe(1);
    expect(withoutInk.facts.pdf.inkCoverage).toBeUndefined();
    expect(withoutInk.findings.map((f: { checkId: string }) => f.checkId)).not.toContain('color.max_ink_coverage');

    // Facts that lack a measurement the rule reads (stored before measurements followed the rule)
    // are not judged from as they are: a context change inspects the file again.
    const stored = await server.db.files.get(flyer.id, 'f');
    const { inkCoverage: _dropped, ...pdfFacts } = stored!.facts!.pdf!;
    await server.db.files.update(flyer.id, 'f', { facts: { ...stored!.facts!, pdf: pdfFacts } });
    const inspected = inspections;
    const res = await fetch(`${base}/v1/jobs/${flyer.id}/context`, {
      method: 'PUT', headers: { Authorization: `Bearer ${flyer.token}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ pageCount: { min: 1, max: 2 } }),
    });
    expect(res.status).toBe(200);
    expect((await res.json()).canProceed).toBe(false); // being inspected again: cannot proceed meanwhile
    const again = (await settledJob(base, flyer.id)).files[0];
    expect(inspections).toBe(inspected + 1);
    expect(again.facts.pdf.inkCoverage).toMatchObject({ pagesMeasured: 1 });
    expect(again.findings).toContainEqual(expect.objectContaining({ checkId: 'color.max_ink_coverage', outcome: 'pass' }));
  });
});

describe('PUT /v1/jobs/:id/context', () => {
  it('re-judges stored files from their stored facts (no re-inspection) and validates the context', async () => {
    const job = await createJob(base, 'wf_photo_print');
    const png = await makePng(1200, 1800, 300); // 10 × 15 cm at ~305 dpi
    expect((await tusUpload(base, job, png, { filename: 'photo.png', fileId: 'p' })).error).toBeNull();
    const first = await settledJob(base, job.id);
    expect(first.files[0].findings).toContainEqual(expect.objectContaining({ checkId: 'raster.effective_dpi', outcome: 'pass' }));
    const inspected = inspections;

    const put = (body: unknown, token = job.token) =>
      fetch(`${base}/v1/jobs/${job.id}/context`, {
        method: 'PUT', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body),
      });
    // 20 × 30 cm: the same pixels give ~152 dpi.
    const res = await put({ artworkSize: { width_mm: 200, height_mm: 300 } });
    expect(res.status).toBe(200);
    const payload = await res.json();
    expect(payload.files[0]).toMatchObject({ outcome: 'fail', status: 'done' });
    expect(payload.files[0].findings).toContainEqual(expect.objectContaining({ checkId: 'raster.effective_dpi', outcome: 'fail' }));

    const after = await settledJob(base, job.id);
    expect(after.context).toEqual({ artworkSize: { width_mm: 200, height_mm: 300 } });
    expect(after.files[0].facts).toEqual(first.files[0].facts);
    expect(inspections).toBe(inspected);

    // Back to no narrowing: passes again.
    expect((await (await put({})).json()).files[0].outcome).not.toBe('fail');
    expect((await settledJob(base, job.id)).context).toBeNull();

    const bad = await put({ artworkSize: { width_mm: 'wide' } });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error).toEqual({ code: 'context_invalid', message: expect.stringContaining('artworkSize') });
    expect((await put({ colour: 'red' })).status).toBe(400);
    expect((await put({}, SK)).status).toBe(401);
  });
});

describe('the verification pool', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'fc-verifier-'));
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('kills an inspection that hangs (inspect_timeout) and one that crashes (inspect_failed)', async () => {
    const hang = path.join(tmp, 'hang.mjs');
    fs.writeFileSync(hang, `import { parentPort } from 'node:worker_threads'; parentPort.postMessage({ ready: true }); parentPort.on('message', () => { for (;;) {} });`);
    const crash = path.join(tmp, 'crash.mjs');
    fs.writeFileSync(crash, `import { parentPort } from 'node:worker_threads'; parentPort.postMessage({ ready: true }); parentPort.on('message', () => { throw new Error('boom'); });`);
    const hanging = createWorkerVerifier({ concurrency: 1, timeoutMs: 300, workerUrl: pathToFileURL(hang) });
    const crashing = createWorkerVerifier({ concurrency: 1, timeoutMs: 5_000, workerUrl: pathToFileURL(crash) });
    try {
      const started = Date.now();
      const [a, b] = await Promise.all([hanging.inspect('/nowhere/a'), hanging.inspect('/nowhere/b')]);
      // Both time out: the second ran in a fresh worker after the first was killed.
      expect(a).toMatchObject({ ok: false, error: { code: 'inspect_timeout' } });
      expect(b).toMatchObject({ ok: false, error: { code: 'inspect_timeout' } });
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(await crashing.inspect('/nowhere/c')).toMatchObject({ ok: false, error: { code: 'inspect_failed' } });
    } finally {
      await hanging.close();
      await crashing.close();
    }
  });

  it('never runs more than `concurrency` inspections at once; the rest wait in the queue', async () => {
    const marks = path.join(tmp, 'marks');
    fs.mkdirSync(marks);
    const slow = path.join(tmp, 'slow.mjs');
    // Each inspection leaves a mark while it runs and records how many marks it saw.
    fs.writeFileSync(slow, `
      import fs from 'node:fs'; import { parentPort, threadId } from 'node:worker_threads';
      const dir = ${JSON.stringify(marks)};
      parentPort.postMessage({ ready: true });
      parentPort.on('message', async ({ id }) => {
        const mark = dir + '/' + id + '-' + threadId;
        fs.writeFileSync(mark, '');
        const seen = fs.readdirSync(dir).filter((n) => !n.startsWith('max')).length;
        fs.writeFileSync(dir + '/max-' + id + '-' + seen, '');
        await new Promise((r) => setTimeout(r, 150));
        fs.rmSync(mark);
        parentPort.postMessage({ id, result: { ok: false, sniffed: null, error: { code: 'test', message: String(threadId) } } });
      });`);
    const pool = createWorkerVerifier({ concurrency: 2, timeoutMs: 20_000, workerUrl: pathToFileURL(slow) });
    try {
      const results = await Promise.all(Array.from({ length: 6 }, (_, i) => pool.inspect(`/f${i}`)));
      expect(results.every((r) => !r.ok && r.error.code === 'test')).toBe(true);
      const maxSeen = Math.max(...fs.readdirSync(marks).filter((n) => n.startsWith('max-')).map((n) => Number(n.split('-')[2])));
      expect(maxSeen).toBeLessThanOrEqual(2);
      // Two worker threads shared the work.
      expect(new Set(results.map((r) => (r.ok ? '' : r.error.message))).size).toBe(2);
    } finally {
      await pool.close();
    }
  });

  it('a pool of 2 workers inspects 5 queued files, with the same facts as in-process inspection', async () => {
    const pdfPath = path.join(tmp, 'a5.pdf');
    fs.writeFileSync(pdfPath, await makePdf([A5, A5]));
    const pool = createWorkerVerifier({ concurrency: 2, timeoutMs: 20_000 });
    try {
      const results = await Promise.all(Array.from({ length: 5 }, () => pool.inspect(pdfPath)));
      const local = await createInProcessVerifier().inspect(pdfPath);
      expect(local.ok).toBe(true);
      for (const r of results) expect(r).toEqual(local);
    } finally {
      await pool.close();
    }
  });
});

describe('places in the pool for whole files (admit)', () => {
  it('admits `concurrency` files at a time, in turn; big files take at most concurrency − 1 places', async () => {
    const pool = createWorkerVerifier({ concurrency: 2, smallFileBytes: 1000 });
    try {
      const order: string[] = [];
      const admit = (name: string, owner: string, size: number) => pool.admit!(owner, size).then((release) => (order.push(name), release));
      const releaseBig1 = await admit('big-1', 'job-a', 5000);
      const big2 = admit('big-2', 'job-a', 5000); // the second place is kept for small files
      const releaseSmall = await admit('small', 'job-b', 10);
      const third = admit('small-2', 'job-c', 10); // both places taken
      await new Promise((r) => setTimeout(r, 50));
      expect(order).toEqual(['big-1', 'small']);
      releaseSmall();
      (await third)(); // a small file fits in the place a small one left; big-2 still waits for big-1
      expect(order).toEqual(['big-1', 'small', 'small-2']);
      releaseBig1();
      (await big2)();
      expect(order).toEqual(['big-1', 'small', 'small-2', 'big-2']);
    } finally {
      await pool.close();
    }
  });
});

// With S3 each file under verification is read into a temporary local file (storage/s3.ts
// withUploadFile). Files waiting for a place in the pool must not hold one.
describe.skipIf(testStorage !== 's3')('temporary copies with S3', () => {
  it('at most `concurrency` copies exist at once while many files wait for verification', async () => {
    const dir = tempDataDir();
    const s3Server = await startServer(dir, 0, { verifyConcurrency: 2 });
    const tmpDir = path.join(dir, 'tmp');
    let maxCopies = 0;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        const copies = fs.readdirSync(tmpDir).filter((n) => n !== 'outputs').length;
        maxCopies = Math.max(maxCopies, copies);
        await new Promise((r) => setImmediate(r));
      }
    })();
    try {
      // Six files (one per job), uploaded at once: more than two wait for verification at a time.
      const pdf = await makePdf(Array.from({ length: 20 }, () => A5));
      const jobs = await Promise.all(Array.from({ length: 6 }, () => createJob(s3Server.url, 'wf_flyer_a5')));
      const uploads = await Promise.all(jobs.map((job, i) => tusUpload(s3Server.url, job, pdf, { filename: `f${i}.pdf`, fileId: 'f' })));
      expect(uploads.every((u) => u.error === null)).toBe(true);
      for (const job of jobs) expect((await settledJob(s3Server.url, job.id, 90_000)).files[0].state).toBe('done');
      expect(maxCopies).toBeGreaterThan(0); // the sampler did see copies
      expect(maxCopies).toBeLessThanOrEqual(2);
      console.log(`[temporary copies] at most ${maxCopies} at once for ${jobs.length} files`);
    } finally {
      sampling = false;
      await sampler;
      await s3Server.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);
});
