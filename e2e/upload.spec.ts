// Uploads through the real reference server: tus, SQLite, the job and its token.
import { expect, test } from '@playwright/test';
import { createHash } from 'node:crypto';
import { SERVER_URL as SERVER } from './ports';
import { makePdf, pickFiles, recordEvents, statuses } from './support';

const SK = { Authorization: 'Bearer sk_test_demo' };

test.beforeEach(async ({ page }) => {
  await recordEvents(page);
});

test('a file is uploaded to a job; the store sees it with the secret key', async ({ page, request }) => {
  await page.goto('/e2e/pages/server.html');
  const w = page.locator('#fc-inline');
  const pdf = await makePdf('artwork.pdf');
  await pickFiles(w, [pdf]);
  await expect(w.locator('.status')).toHaveAttribute('data-status', 'ready', { timeout: 20_000 });
  const seq = await statuses(page);
  expect(seq[0]).toBe('idle');
  expect(seq).toContain('uploading');
  expect(seq.at(-1)).toBe('ready');
  const last = (await page.evaluate(() => (window as any).intake.getStatus())) as { jobId: string; files: { fileRef: string | null }[] };
  expect(last.jobId).toMatch(/^job_[a-z0-9]{26,}$/i);
  expect(last.files[0]!.fileRef).not.toBeNull();
  await expect(page.locator('#shop input[name=fc_job_id]')).toHaveValue(last.jobId);

  const job = await (await request.get(`${SERVER}/v1/jobs/${last.jobId}`, { headers: SK })).json();
  expect(job.files).toHaveLength(1);
  expect(job.files[0].sha256).toBe(createHash('sha256').update(pdf.buffer).digest('hex'));
  const bytes = await (await request.get(job.files[0].downloadUrl, { headers: SK })).body();
  expect(Buffer.compare(bytes, pdf.buffer)).toBe(0);
});

test('without or with a wrong secret key the job API answers 401 with a JSON error', async ({ request }) => {
  const none = await request.get(`${SERVER}/v1/jobs/job_nope`);
  expect(none.status()).toBe(401);
  expect((await none.json()).error.code).toBe('unauthorized');
  const wrong = await request.get(`${SERVER}/v1/jobs/job_nope`, { headers: { Authorization: 'Bearer sk_test_wrong' } });
  expect(wrong.status()).toBe(401);
  const pk = await request.get(`${SERVER}/v1/jobs/job_nope`, { headers: { Authorization: 'Bearer pk_test_demo' } });
  expect(pk.status()).toBe(401);
});
