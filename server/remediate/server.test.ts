// Remediation on the real server: tus upload → verification pool inspects, judges, makes the
// production file and re-checks it → outcome `fixed`, outputRef in the status payload, outputs
// in GET /v1/jobs/:id and in the job.completed webhook; the original stays untouched.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { cmyk, PDFArray, PDFDocument, PDFName, PDFNumber } from 'pdf-lib';
import type { FilecheckServer } from '../app';
import { createJob, getJson, makePdf, settledJob, sha256, SK, startServer, storedOutputCount, tempDataDir, tusUpload } from '../test-support';
import { createWorkerVerifier } from '../verify';

const MM = 72 / 25.4;
let server: FilecheckServer;
let base: string;
let dataDir: string;
let hooks: http.Server;
const events: any[] = [];

beforeAll(async () => {
  dataDir = tempDataDir();
  hooks = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c)).on('end', () => {
      events.push(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => hooks.listen(0, '127.0.0.1', r));
  server = await startServer(dataDir, 0, {
    workflowsDir: fileURLToPath(new URL('../../e2e/workflows', import.meta.url)),
    webhookUrls: [`http://127.0.0.1:${(hooks.address() as AddressInfo).port}/hook`],
  }, { verifier: createWorkerVerifier({ concurrency: 1, timeoutMs: 30_000, remediateTimeoutMs: 60_000 }) });
  base = server.url;
});
afterAll(async () => {
  await server.close();
  hooks.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function download(url: string, key: string): Promise<{ status: number; bytes: Buffer; headers: Headers }> {
  const res = await fetch(url, { headers: { Authorization: `Bearer ${key}` } });
  return { status: res.status, bytes: Buffer.from(await res.arrayBuffer()), headers: res.headers };
}

describe('remediation on the server', () => {
  it('a card without bleed comes back fixed: production PDF with 3 mm bleed, listed, downloadable, announced', async () => {
    const job = await createJob(base, 'wf_e2e_fix_card');
    const original = await makePdf([{ widthMm: 85, heightMm: 55 }]);
    expect((await tusUpload(base, job, original, { filename: 'card.pdf', filetype: 'application/pdf', fileId: 'c1' })).error).toBeNull();
    const view = await settledJob(base, job.id, 60_000);
    expect(view).toMatchObject({ status: 'ready', canProceed: true });
    const [file] = view.files;
    expect(file.outcome).toBe('fixed');
    // the original's verdict stays on the file: bleed missing (autofix)
    expect(file.findings.find((f: any) => f.checkId === 'geom.bleed.required')).toMatchObject({ outcome: 'warn', severity: 'autofix' });
    expect(file.outputs).toHaveLength(1);
    const out = file.outputs[0];
    expect(file.outputRef).toBe(out.id);
    expect(out).toMatchObject({ kind: 'production', status: 'ready', format: 'pdf', mime: 'application/pdf', name: 'card.pdf' });
    expect(out.fixes.map((f: any) => [f.fix, f.status])).toEqual(expect.arrayContaining([['pdf.add_bleed', 'applied']]));
    expect(out.recheck.outcome).toBe('pass');
    expect(out.recheck.findings.find((f: any) => f.checkId === 'geom.bleed.required')).toMatchObject({ outcome: 'pass' });

    // the bytes: sha256 as listed, bleed 3 mm each side (pdf-lib), original untouched
    const got = await download(out.downloadUrl, SK);
    expect(got.status).toBe(200);
    expect(got.headers.get('x-checksum-sha256')).toBe(out.sha256);
    expect(sha256(got.bytes)).toBe(out.sha256);
    expect(got.bytes.length).toBe(out.size);
    const doc = await PDFDocument.load(got.bytes);
    const box = (name: string) => { const a = doc.getPage(0).node.lookup(PDFName.of(name), PDFArray); return [0, 1, 2, 3].map((i) => a.lookup(i, PDFNumber).asNumber()); };
    const [t, b] = [box('TrimBox'), box('BleedBox')];
    expect((t[2]! - t[0]!) / MM).toBeCloseTo(85, 1);
    for (const d of [t[0]! - b[0]!, t[1]! - b[1]!, b[2]! - t[2]!, b[3]! - t[3]!]) expect(Math.abs(d / MM - 3)).toBeLessThan(0.1);
    const originalBack = await download(file.downloadUrl, SK);
    expect(sha256(originalBack.bytes)).toBe(sha256(original));

    // the browser's status payload: outputRef and a job-token download of the same file
    const status = await getJson(`${base}/v1/jobs/${job.id}/status`, job.token);
    expect(status.body.files[0]).toMatchObject({ outcome: 'fixed', outputRef: out.id, output: { id: out.id, format: 'pdf' } });
    expect((await download(status.body.files[0].output.url, job.token)).status).toBe(200);
    expect((await download(status.body.files[0].output.url, 'jt_wrong')).status).toBe(401);

    // job.completed carries the outputs
    const deadline = Date.now() + 15_000;
    while (!events.some((e) => e.type === 'job.completed' && e.data.id === job.id) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const completed = events.find((e) => e.type === 'job.completed' && e.data.id === job.id);
    expect(completed.data.files[0]).toMatchObject({ outcome: 'fixed', outputRef: out.id, outputs: [{ id: out.id, sha256: out.sha256 }] });
  }, 90_000);

  it('a PNG with alpha on a convertToPdf entry becomes a CMYK PDF with bleed; re-checked and fixed', async () => {
    const job = await createJob(base, 'wf_e2e_fix_card', { artworkSize: { width_mm: 85, height_mm: 55 } });
    const png = await sharp({ create: { width: 1004, height: 650, channels: 4, background: { r: 255, g: 0, b: 0, alpha: 0.5 } } }).png().toBuffer();
    expect((await tusUpload(base, job, png, { filename: 'logo.png', filetype: 'image/png', fileId: 'p1' })).error).toBeNull();
    const view = await settledJob(base, job.id, 60_000);
    const [file] = view.files;
    const out = file.outputs[0];
    expect(out.fixes.map((f: any) => [f.fix, f.status])).toEqual([
      ['image.flatten', 'applied'], ['image.add_bleed', 'applied'], ['image.colour', 'applied'], ['image.to_pdf', 'applied'],
    ]);
    expect(out).toMatchObject({ format: 'pdf', name: 'logo.pdf' });
    expect(out.recheck.outcome).toBe('pass');
    expect(file.outcome).toBe('fixed');
    expect(view).toMatchObject({ status: 'ready', canProceed: true });
  }, 90_000);

  it('a card with only 1 mm of bleed gets the full 3 mm', async () => {
    const job = await createJob(base, 'wf_e2e_fix_card');
    const wrong = await makePdf([{ widthMm: 85, heightMm: 55, bleedMm: 1 }]);
    expect((await tusUpload(base, job, wrong, { filename: 'thin.pdf', filetype: 'application/pdf', fileId: 't1' })).error).toBeNull();
    const view = await settledJob(base, job.id, 60_000);
    expect(view.files[0].outcome).toBe('fixed');
    expect(view.files[0].outputs[0].recheck.findings.find((f: any) => f.checkId === 'geom.bleed.required')).toMatchObject({ outcome: 'pass' });
  }, 90_000);

  it('a context change that needs other bleed makes the production file again (no re-upload)', async () => {
    const job = await createJob(base, 'wf_e2e_fix_card');
    const original = await makePdf([{ widthMm: 85, heightMm: 55 }]);
    expect((await tusUpload(base, job, original, { filename: 'card.pdf', filetype: 'application/pdf', fileId: 'k1' })).error).toBeNull();
    const first = await settledJob(base, job.id, 60_000);
    const before = first.files[0].outputs[0];
    const put = await fetch(`${base}/v1/jobs/${job.id}/context`, {
      method: 'PUT', headers: { Authorization: `Bearer ${job.token}` }, body: JSON.stringify({ bleed: { required_mm: 5 } }),
    });
    expect(put.status).toBe(200);
    const again = await settledJob(base, job.id, 60_000);
    const out = again.files[0].outputs[0];
    expect(again.files[0].outcome).toBe('fixed');
    expect(out.id).not.toBe(before.id);
    expect(out.fixes.find((f: any) => f.fix === 'pdf.add_bleed').params.bleed_mm).toBe(5);
    // the earlier production file is gone
    expect((await download(before.downloadUrl, SK)).status).toBe(404);
    const doc = await PDFDocument.load((await download(out.downloadUrl, SK)).bytes);
    const box = (name: string) => { const a = doc.getPage(0).node.lookup(PDFName.of(name), PDFArray); return [0, 1, 2, 3].map((i) => a.lookup(i, PDFNumber).asNumber()); };
    const [t, b] = [box('TrimBox'), box('BleedBox')];
    expect(Math.abs((t[0]! - b[0]!) / MM - 5)).toBeLessThan(0.1);
  }, 90_000);

  it('a file that needs nothing gets no output', async () => {
    const job = await createJob(base, 'wf_e2e_fix_card');
    // CMYK content with 3 mm of bleed: nothing for remediation to do
    const doc = await PDFDocument.create();
    const page = doc.addPage([91 * MM, 61 * MM]);
    page.drawRectangle({ x: 0, y: 0, width: 91 * MM, height: 61 * MM, color: cmyk(0, 0.2, 0.8, 0) });
    page.setTrimBox(3 * MM, 3 * MM, 85 * MM, 55 * MM);
    page.setBleedBox(0, 0, 91 * MM, 61 * MM);
    const good = Buffer.from(await doc.save());
    expect((await tusUpload(base, job, good, { filename: 'ok.pdf', filetype: 'application/pdf', fileId: 'g1' })).error).toBeNull();
    const view = await settledJob(base, job.id, 60_000);
    expect(view.files[0]).toMatchObject({ outcome: 'pass', outputRef: null, outputs: [] });
    expect(await storedOutputCount(dataDir)).toBeGreaterThan(0); // the earlier tests' outputs
  }, 90_000);
});
