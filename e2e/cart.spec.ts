// One job per cart item: proceeding (submitting the gated product form, or the store calling
// finalize()) freezes the job on the server; coming back to the product page, or a second item,
// works on a new job, and the first job keeps its artwork byte for byte.
import crypto from 'node:crypto';
import { expect, test, type Page } from '@playwright/test';
import { SERVER_URL } from './ports';
import { events, makePdf, pickFiles, recordEvents, type FilePayload } from './support';

const SK = { Authorization: 'Bearer sk_test_demo' };
const sha = (b: Buffer) => crypto.createHash('sha256').update(b).digest('hex');

test.beforeEach(async ({ page }) => {
  await recordEvents(page);
});

async function addToCart(page: Page, card: FilePayload): Promise<string> {
  await page.goto('/e2e/pages/server.html?wf=wf_e2e_card');
  const w = page.locator('#fc-inline');
  await expect(w.locator('.status')).toHaveAttribute('data-status', 'idle');
  await pickFiles(w, [card]);
  await expect(w.locator('.status')).toHaveAttribute('data-status', 'ready', { timeout: 30_000 });
  await page.locator('#cart').click();
  await page.waitForURL(/cart\.html/);
  const jobId = new URL(page.url()).searchParams.get('fc_job_id');
  expect(jobId).toMatch(/^job_/);
  return jobId!;
}

async function storedArtwork(request: import('@playwright/test').APIRequestContext, jobId: string) {
  const job = await (await request.get(`${SERVER_URL}/v1/jobs/${jobId}`, { headers: SK })).json();
  const bytes = await Promise.all(job.files.map(async (f: { downloadUrl: string }) => Buffer.from(await (await request.get(f.downloadUrl, { headers: SK })).body())));
  return { job, bytes };
}

test('two cart items carry two jobs; the first job still holds the first artwork, byte for byte', async ({ page, request }) => {
  const first = await makePdf('front-anna.pdf', { widthMm: 85, heightMm: 55 });
  const second = await makePdf('front-ben.pdf', { widthMm: 85, heightMm: 55, pages: 2 });
  expect(sha(first.buffer)).not.toBe(sha(second.buffer));

  const jobA = await addToCart(page, first);
  // Back on the product page: nothing of the first item comes back, a new job starts.
  const jobB = await addToCart(page, second);
  expect(jobB).not.toBe(jobA);

  const a = await storedArtwork(request, jobA);
  expect(a.job).toMatchObject({ finalized: true, canProceed: true });
  expect(a.job.files).toHaveLength(1);
  expect(sha(a.bytes[0]!)).toBe(sha(first.buffer));
  const b = await storedArtwork(request, jobB);
  expect(b.job).toMatchObject({ finalized: true, canProceed: true });
  expect(b.job.files.map((f: { name: string }) => f.name)).toEqual(['front-ben.pdf']);
  expect(sha(b.bytes[0]!)).toBe(sha(second.buffer));
});

test('an AJAX cart calls finalize(): the widget starts afresh and a replacement goes to a new job', async ({ page, request }) => {
  await page.goto('/e2e/pages/server.html?wf=wf_e2e_card');
  const w = page.locator('#fc-inline');
  const first = await makePdf('first.pdf', { widthMm: 85, heightMm: 55 });
  await pickFiles(w, [first]);
  await expect(w.locator('.status')).toHaveAttribute('data-status', 'ready', { timeout: 30_000 });
  const jobA = await page.evaluate(() => (window as any).intake.finalize());
  expect(jobA).toMatch(/^job_/);
  expect((await events(page, 'finalized')).map((e) => e.detail)).toEqual([{ jobId: jobA }]);
  await expect(w.locator('.file')).toHaveCount(0);
  await expect(w.locator('.status')).toHaveAttribute('data-status', 'idle');
  const last = (await events(page, 'status')).at(-1)!.detail;
  expect(last).toMatchObject({ canProceed: false, jobId: null });

  // A reload does not bring the finalized job back either.
  await page.reload();
  await expect(w.locator('.status')).toHaveAttribute('data-status', 'idle');
  await expect(w.locator('.file')).toHaveCount(0);

  await pickFiles(w, [await makePdf('second.pdf', { widthMm: 85, heightMm: 55, pages: 2 })]);
  await expect(w.locator('.status')).toHaveAttribute('data-status', 'ready', { timeout: 30_000 });
  const jobB = (await events(page, 'status')).at(-1)!.detail.jobId;
  expect(jobB).toMatch(/^job_/);
  expect(jobB).not.toBe(jobA);
  const a = await storedArtwork(request, jobA);
  expect(a.job.files.map((f: { name: string }) => f.name)).toEqual(['first.pdf']);
  expect(sha(a.bytes[0]!)).toBe(sha(first.buffer));
});

test('a job the store finalized is not restored after a reload', async ({ page, request }) => {
  await page.goto('/e2e/pages/server.html?wf=wf_e2e_card');
  const w = page.locator('#fc-inline');
  await pickFiles(w, [await makePdf('card.pdf', { widthMm: 85, heightMm: 55 })]);
  await expect(w.locator('.status')).toHaveAttribute('data-status', 'ready', { timeout: 30_000 });
  const jobId = (await events(page, 'status')).at(-1)!.detail.jobId;
  // Finalized behind the widget's back (the store's server, with the secret key).
  expect((await request.post(`${SERVER_URL}/v1/jobs/${jobId}/finalize`, { headers: SK })).status()).toBe(200);
  await page.reload();
  await expect(w.locator('.status')).toHaveAttribute('data-status', 'idle');
  await expect(w.locator('.file')).toHaveCount(0);
});
