// Uploads that survive a bad network and a crashing server: the widget talks to a reference
// server process of our own through a TCP proxy that slows the upload down, counts what the
// browser sends and cuts connections; the server is killed with SIGKILL and started again.
import { expect, test, type Locator, type Page } from '@playwright/test';
import path from 'node:path';
import { recordEvents, statuses } from './support';
import { fetchJob, sleep, startProxy, startServerProcess, writeBigPdf, filesDir, removeFiles, type Proxy, type ServerProcess } from './server-process';

const MB = 1024 * 1024;
/** The widget's tus chunk (src/upload/queue.ts default): the most one cut may cost. */
const CHUNK = 8 * MB;
/** Request lines and headers of the HEAD/PATCH requests of a few attempts. */
const HEADERS_SLACK = 64 * 1024;

let server: ServerProcess;
let proxy: Proxy;

test.beforeEach(async ({ page }, info) => {
  await recordEvents(page);
  server = await startServerProcess({ name: `e2e-resilience-${info.workerIndex}-${info.retry}`, log: !!process.env.FC_LOG });
  proxy = await startProxy(server.port);
});

test.afterEach(async ({}, info) => {
  await proxy?.close();
  await server?.dispose();
  removeFiles(info);
});

async function openWidget(page: Page): Promise<Locator> {
  await page.goto(`/e2e/pages/upload-server.html?endpoint=${encodeURIComponent(proxy.url)}`);
  const w = page.locator('#fc-inline');
  await expect(w.locator('.status')).toHaveAttribute('data-status', 'idle');
  return w;
}

test('connections cut three times mid-upload: the file still arrives byte-identical, at most one chunk re-sent per cut', async ({ page }, info) => {
  const file = writeBigPdf(filesDir(info), 'cut-40mb.pdf', 40 * MB);
  proxy.setRate(40 * MB);
  // Cut inside the 2nd, 3rd and 5th chunk (marks count every byte the browser sends, re-sends included).
  proxy.cutAt([11 * MB, 20 * MB, 35 * MB]);
  const w = await openWidget(page);
  await w.locator('.dropzone input[type=file]').first().setInputFiles(file.path);

  await expect(w.locator('.status')).toHaveAttribute('data-status', 'ready', { timeout: 45_000 });
  expect(proxy.cuts).toBe(3);
  // The customer never saw a final failure on the way.
  expect(await statuses(page)).not.toContain('rejected');
  const { jobId } = await page.evaluate(() => (window as any).intake.getStatus());
  const job = await fetchJob(server.url, jobId);
  expect(job.files).toHaveLength(1);
  expect(job.files[0]!.sha256).toBe(file.sha256);
  expect(proxy.bytesUp).toBeGreaterThan(file.size);
  info.annotations.push({ type: 'bytes', description: `sent ${proxy.bytesUp} for ${file.size} (+${proxy.bytesUp - file.size}) over ${proxy.cuts} cuts` });
  expect(proxy.bytesUp).toBeLessThanOrEqual(file.size + proxy.cuts * CHUNK + HEADERS_SLACK);
  // In practice far less: only what was in flight. (Chromium re-sends a PATCH cut on a reused
  // connection by itself, from the chunk's start; the server's 409 must end that stale request at
  // once, not after the client has filled every buffer on the way: that cost a whole chunk per cut.)
  expect(proxy.bytesUp).toBeLessThanOrEqual(file.size + proxy.cuts * (CHUNK / 2));
});

test('the server is killed (SIGKILL) mid-upload and started again: the upload resumes and completes byte-identical', async ({ page }, info) => {
  test.setTimeout(90_000);
  const file = writeBigPdf(filesDir(info), 'crash-40mb.pdf', 40 * MB);
  proxy.setRate(15 * MB);
  const w = await openWidget(page);
  await w.locator('.dropzone input[type=file]').first().setInputFiles(file.path);
  await proxy.whenUp(14 * MB);
  await server.kill();
  const { jobId } = await page.evaluate(() => (window as any).intake.getStatus());

  // While the server is down the widget keeps trying: still uploading, no Retry button, no failure.
  await sleep(2_000);
  await expect(w.locator('.status')).toHaveAttribute('data-status', 'uploading');
  await expect(w.getByRole('button', { name: /^Retry/ })).toHaveCount(0);

  const before = proxy.bytesUp;
  await server.restart();
  await expect(w.locator('.status')).toHaveAttribute('data-status', 'ready', { timeout: 45_000 });
  const job = await fetchJob(server.url, jobId);
  expect(job.files).toHaveLength(1);
  expect(job.files[0]!.sha256).toBe(file.sha256);
  // It resumed: after the restart the browser sent the rest, not the whole file again.
  expect(proxy.bytesUp - before).toBeLessThan(file.size - 14 * MB + CHUNK + HEADERS_SLACK);
  expect(proxy.bytesUp).toBeLessThanOrEqual(file.size + CHUNK + HEADERS_SLACK);
});

test('a connection that goes silent mid-upload is noticed (stall detection) and the upload continues on a new one', async ({ page }, info) => {
  test.setTimeout(90_000);
  const file = writeBigPdf(filesDir(info), 'stall-30mb.pdf', 30 * MB);
  proxy.setRate(10 * MB);
  const w = await openWidget(page);
  await w.locator('.dropzone input[type=file]').first().setInputFiles(file.path);
  await proxy.whenUp(10 * MB);
  // The connection carrying the upload goes silent. (Idle pooled connections stay usable: were
  // they dead too, the browser would reuse each for the next request and every one would cost
  // another stall timeout.)
  expect(proxy.stall()).toBeGreaterThanOrEqual(1);
  const stalledAt = Date.now();
  const bytesAtStall = proxy.bytesUp;
  proxy.setRate(40 * MB);

  // Nothing moves, nothing fails: after the stall timeout (15 s) the widget reconnects by itself.
  await proxy.whenUp(bytesAtStall + 1024 * 1024);
  const silentFor = Date.now() - stalledAt;
  expect(silentFor).toBeGreaterThan(10_000);
  await expect(w.locator('.status')).toHaveAttribute('data-status', 'ready', { timeout: 45_000 });
  await expect(w.getByRole('button', { name: /^Retry/ })).toHaveCount(0);
  const { jobId } = await page.evaluate(() => (window as any).intake.getStatus());
  const job = await fetchJob(server.url, jobId);
  expect(job.files[0]!.sha256).toBe(file.sha256);
  expect(proxy.bytesUp).toBeLessThanOrEqual(file.size + CHUNK + HEADERS_SLACK);
  info.annotations.push({ type: 'stall', description: `silent for ${silentFor} ms; sent ${proxy.bytesUp} for ${file.size}` });
});
