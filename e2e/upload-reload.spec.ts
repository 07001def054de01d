// A reload of the product page in the middle of an upload: the job survives, the finished file
// comes back as done, the cut one as interrupted, and choosing it again sends only what the
// server does not have yet.
import { expect, test } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { makePdf, recordEvents } from './support';
import { fetchJob, fetchStatus, sleep, startProxy, startServerProcess, writeBigPdf, filesDir, removeFiles, type Proxy, type ServerProcess } from './server-process';

const MB = 1024 * 1024;
const CHUNK = 8 * MB;
const HEADERS_SLACK = 64 * 1024;

let server: ServerProcess;
let proxy: Proxy;

test.beforeEach(async ({ page }, info) => {
  await recordEvents(page);
  server = await startServerProcess({ name: `e2e-reload-${info.workerIndex}-${info.retry}`, log: !!process.env.FC_LOG });
  proxy = await startProxy(server.port);
});

test.afterEach(async ({}, info) => {
  await proxy?.close();
  await server?.dispose();
  removeFiles(info);
});

test('a reload mid-upload keeps the job; the done file comes back done, the cut one continues from the server offset', async ({ page }, info) => {
  const big = writeBigPdf(filesDir(info), 'reload-40mb.pdf', 40 * MB);
  const small = await makePdf('proof.pdf');
  await page.goto(`/e2e/pages/upload-server.html?endpoint=${encodeURIComponent(proxy.url)}`);
  const w = page.locator('#fc-inline');
  const input = w.locator('.dropzone input[type=file]').first();

  // A small file goes up first and is done.
  await input.setInputFiles([small]);
  await expect(w.locator('.status')).toHaveAttribute('data-status', 'ready', { timeout: 20_000 });
  const { jobId } = await page.evaluate(() => (window as any).intake.getStatus());
  expect(jobId).toMatch(/^job_/);

  // Then the big one, slowly; the page is reloaded when about 40 % of it has gone.
  proxy.setRate(10 * MB);
  const start = proxy.bytesUp;
  await input.setInputFiles(big.path);
  await proxy.whenUp(start + 16 * MB);
  await page.reload();
  proxy.setRate(0);

  // Same job, two rows: the small file done, the big one interrupted with its percentage.
  await expect.poll(async () => await page.evaluate(() => (window as any).intake?.getStatus()?.jobId ?? null), { timeout: 10_000 }).toBe(jobId);
  await expect(w.locator('.file')).toHaveCount(2);
  const doneRow = w.locator('.file', { hasText: 'proof.pdf' });
  const cutRow = w.locator('.file', { hasText: big.name });
  await expect(doneRow).toHaveAttribute('data-state', 'done');
  await expect(cutRow.locator('[data-code=upload_interrupted]')).toBeVisible();
  await expect(cutRow).toContainText(/\d+ %/);

  // What the server holds of the big file (settled: the cut request has ended on its side too).
  const token = await page.evaluate(() => {
    for (let i = 0; i < sessionStorage.length; i++) {
      const key = sessionStorage.key(i)!;
      if (key.startsWith('filecheck:job:')) return JSON.parse(sessionStorage.getItem(key)!).token as string;
    }
    return null;
  });
  expect(token).toMatch(/^jt_/);
  const offsetNow = async () => (await fetchStatus(server.url, jobId, token!)).files.find((f) => f.name === big.name)!.offset;
  let offset = await offsetNow();
  for (let i = 0; i < 20; i++) {
    await sleep(150);
    const again = await offsetNow();
    if (again === offset) break;
    offset = again;
  }
  expect(offset).toBeGreaterThan(4 * MB);
  expect(offset).toBeLessThan(big.size);

  // The customer chooses the same file again: it continues, and only the rest travels.
  proxy.resetCount();
  await input.setInputFiles(big.path);
  await expect(w.locator('.status')).toHaveAttribute('data-status', 'ready', { timeout: 30_000 });
  await expect(w.locator('.file')).toHaveCount(2);
  const remaining = big.size - offset;
  info.annotations.push({ type: 'bytes', description: `offset ${offset}, sent after reload ${proxy.bytesUp}, remaining ${remaining}` });
  expect(proxy.bytesUp).toBeGreaterThanOrEqual(remaining);
  expect(proxy.bytesUp).toBeLessThanOrEqual(remaining + CHUNK + HEADERS_SLACK);
  expect((await page.evaluate(() => (window as any).intake.getStatus())).jobId).toBe(jobId);

  const job = await fetchJob(server.url, jobId);
  expect(job.files).toHaveLength(2);
  expect(job.files.find((f) => f.name === big.name)!.sha256).toBe(big.sha256);
  expect(job.files.find((f) => f.name === 'proof.pdf')!.size).toBe(small.buffer.length);
});

test('after a reload, a different file with the same name and size is not appended to the old bytes', async ({ page }, info) => {
  const dir = filesDir(info);
  const first = writeBigPdf(path.join(dir, 'a'), 'artwork.pdf', 24 * MB);
  // Same name, same size, other content, saved later: a re-exported artwork.
  const second = writeBigPdf(path.join(dir, 'b'), 'artwork.pdf', 24 * MB);
  expect(second.size).toBe(first.size);
  expect(second.sha256).not.toBe(first.sha256);
  const later = new Date(Date.now() + 60_000);
  fs.utimesSync(second.path, later, later);

  await page.goto(`/e2e/pages/upload-server.html?endpoint=${encodeURIComponent(proxy.url)}`);
  const w = page.locator('#fc-inline');
  const input = w.locator('.dropzone input[type=file]').first();
  proxy.setRate(8 * MB);
  await input.setInputFiles(first.path);
  await proxy.whenUp(10 * MB);
  await page.reload();
  proxy.setRate(0);
  await expect(w.locator('.file [data-code=upload_interrupted]')).toBeVisible();
  const jobId = await page.evaluate(() => (window as any).intake?.getStatus()?.jobId ?? null);

  proxy.resetCount();
  await input.setInputFiles(second.path);
  await expect(w.locator('.status')).toHaveAttribute('data-status', 'ready', { timeout: 30_000 });
  await expect(w.locator('.file')).toHaveCount(1);
  const job = await fetchJob(server.url, jobId);
  expect(job.files).toHaveLength(1);
  // The stored bytes are the new file's, all of them, sent in full.
  expect(job.files[0]!.sha256).toBe(second.sha256);
  expect(proxy.bytesUp).toBeGreaterThanOrEqual(second.size);
});

test('on a two-slot product too, a reload mid-upload continues the Front file from the server offset', async ({ page }, info) => {
  const big = writeBigPdf(filesDir(info), 'front-40mb.pdf', 40 * MB);
  await page.goto(`/e2e/pages/upload-server.html?wf=wf_e2e_slots&endpoint=${encodeURIComponent(proxy.url)}`);
  const w = page.locator('#fc-inline');
  const frontInput = w.locator('[data-slot-id=front] .dropzone input[type=file]');

  proxy.setRate(10 * MB);
  await frontInput.setInputFiles(big.path);
  await proxy.whenUp(16 * MB);
  const { jobId } = await page.evaluate(() => (window as any).intake.getStatus());
  const firstId = (await page.evaluate(() => (window as any).intake.getStatus())).files[0].id;
  await page.reload();
  proxy.setRate(0);

  await expect.poll(async () => await page.evaluate(() => (window as any).intake?.getStatus()?.jobId ?? null), { timeout: 10_000 }).toBe(jobId);
  const cutRow = w.locator('[data-slot-id=front] .file');
  await expect(cutRow.locator('[data-code=upload_interrupted]')).toBeVisible();
  await sleep(1000); // the cut request settles on the server
  const token = await page.evaluate(() => {
    for (let i = 0; i < sessionStorage.length; i++) {
      const key = sessionStorage.key(i)!;
      if (key.startsWith('filecheck:job:')) return JSON.parse(sessionStorage.getItem(key)!).token as string;
    }
    return null;
  });
  const offset = (await fetchStatus(server.url, jobId, token!)).files[0]!.offset;
  expect(offset).toBeGreaterThan(4 * MB);

  // Chosen again on its slot: the same row continues (same file id), only the rest travels.
  proxy.resetCount();
  await frontInput.setInputFiles(big.path);
  await expect(w.locator('.status')).toHaveAttribute('data-status', 'ready', { timeout: 30_000 });
  const remaining = big.size - offset;
  expect(proxy.bytesUp).toBeLessThanOrEqual(remaining + CHUNK + HEADERS_SLACK);
  const status = await page.evaluate(() => (window as any).intake.getStatus());
  expect(status.files.map((f: { id: string }) => f.id)).toEqual([firstId]);
  const job = await fetchJob(server.url, jobId);
  expect(job.files).toHaveLength(1);
  expect(job.files[0]!.sha256).toBe(big.sha256);
});
