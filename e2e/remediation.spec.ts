// Remediation in Chromium (issue 14): a business card without bleed on a product whose bleed
// check is `autofix`. Before the upload finishes the customer reads what will be fixed; the
// server makes the production file, re-checks it, the row says "Fixed automatically" with the
// proof of the production file, and the shop downloads a production PDF with 3 mm of bleed.
import { expect, test } from '@playwright/test';
import { PDFArray, PDFDocument, PDFName, PDFNumber, rgb } from 'pdf-lib';
import { SERVER_URL } from './ports';
import { events, pickFiles, recordEvents, type FilePayload } from './support';

const SK = { Authorization: 'Bearer sk_test_demo' };
const MM = 72 / 25.4;

async function cardWithoutBleed(): Promise<FilePayload> {
  const doc = await PDFDocument.create();
  const page = doc.addPage([85 * MM, 55 * MM]);
  page.drawRectangle({ x: 0, y: 0, width: 85 * MM, height: 55 * MM, color: rgb(0.98, 0.95, 0.85) });
  page.drawRectangle({ x: 0, y: 0, width: 12 * MM, height: 55 * MM, color: rgb(0.1, 0.3, 0.8) });
  page.setTrimBox(0, 0, 85 * MM, 55 * MM);
  return { name: 'card.pdf', mimeType: 'application/pdf', buffer: Buffer.from(await doc.save()) };
}

test.beforeEach(async ({ page }) => {
  await recordEvents(page);
});

test('a card without bleed: "will be fixed" before upload, then fixed, proof of the production file, download with bleed', async ({ page, request }) => {
  // Slow the upload down so the promise can be read before the server's answer replaces it.
  await page.route('**/v1/uploads/**', async (route) => {
    if (route.request().method() === 'PATCH') await new Promise((r) => setTimeout(r, 2500));
    await route.continue();
  });
  await page.goto('/e2e/pages/server.html?wf=wf_e2e_fix_card');
  const w = page.locator('#fc-inline');
  await pickFiles(w, [await cardWithoutBleed()]);

  const planned = w.locator('.fixes[data-fixes="planned"]');
  await expect(planned).toContainText("We'll fix this for you:");
  await expect(planned.locator('[data-fix="pdf.add_bleed"]')).toHaveText("We'll add 3 mm of bleed by mirroring the edges.");
  await expect(planned.locator('[data-fix="pdf.convert_colour"]')).toBeVisible();
  await expect(page.locator('#cart')).toBeDisabled();

  await expect(w.locator('.status')).toHaveAttribute('data-status', /^(ready|partial)$/, { timeout: 60_000 });
  const row = w.locator('.file').first();
  await expect(row).toHaveAttribute('data-outcome', 'fixed');
  await expect(row.locator('.file__state')).toHaveText('Fixed automatically');
  const applied = row.locator('.fixes[data-fixes="applied"]');
  await expect(applied.locator('[data-fix="pdf.add_bleed"]')).toHaveText('3 mm of bleed added by mirroring the edges.');
  // the warnings the production file cured are no longer shown as problems
  await expect(row.locator('.finding[data-check="geom.bleed.required"]')).toHaveCount(0);
  await expect(page.locator('#cart')).toBeEnabled();

  // the proof is the production file's (rendered from the server's output, with its bleed line)
  const output = row.locator('.output');
  await expect(output).toContainText('Print-ready file');
  await expect(output.locator('.proof')).toHaveAttribute('data-proof', 'ready', { timeout: 30_000 });
  await expect(output.locator('.proof__key--bleed')).toBeVisible();
  const img = output.locator('.proof__img');
  const { w: iw, h: ih } = await img.evaluate((el: HTMLImageElement) => ({ w: el.naturalWidth, h: el.naturalHeight }));
  // 91 × 61 mm (trim + 3 mm each side) rather than the uploaded 85 × 55
  expect(iw / ih).toBeCloseTo(91 / 61, 1);

  const status = (await events(page, 'status')).at(-1)!.detail;
  expect(status.files[0]).toMatchObject({ outcome: 'fixed', outputRef: expect.stringMatching(/^out_/) });

  // the shop's side: the job lists the output; its bytes carry 3 mm of bleed around an unchanged trim
  const job = await (await request.get(`${SERVER_URL}/v1/jobs/${status.jobId}`, { headers: SK })).json();
  expect(job).toMatchObject({ canProceed: true, files: [{ outcome: 'fixed', outputRef: status.files[0].outputRef }] });
  const out = job.files[0].outputs[0];
  const bytes = await (await request.get(out.downloadUrl, { headers: SK })).body();
  const doc = await PDFDocument.load(bytes);
  const box = (n: string) => { const a = doc.getPage(0).node.lookup(PDFName.of(n), PDFArray); return [0, 1, 2, 3].map((i) => a.lookup(i, PDFNumber).asNumber()); };
  const [t, b] = [box('TrimBox'), box('BleedBox')];
  expect((t[2]! - t[0]!) / MM).toBeCloseTo(85, 1);
  expect((t[3]! - t[1]!) / MM).toBeCloseTo(55, 1);
  for (const d of [t[0]! - b[0]!, t[1]! - b[1]!, b[2]! - t[2]!, b[3]! - t[3]!]) expect(Math.abs(d / MM - 3)).toBeLessThan(0.1);
  await page.screenshot({ path: 'e2e/screenshots/remediation-fixed.png', fullPage: true });
});

test('with proof.approvalRequired the customer approves the fixed version', async ({ page }) => {
  await page.goto('/e2e/pages/server.html?wf=wf_e2e_fix_card_approval');
  const w = page.locator('#fc-inline');
  await pickFiles(w, [await cardWithoutBleed()]);
  const output = w.locator('.output');
  // the proof offered for approval is the production file's (trim + bleed), not the upload's
  await expect(output.locator('.proof')).toHaveAttribute('data-proof', 'ready', { timeout: 60_000 });
  await expect(w.locator('.proof')).toHaveCount(1);
  await expect(w.locator('.status')).toHaveAttribute('data-status', 'incomplete');
  await expect(page.locator('#cart')).toBeDisabled();
  await output.locator('.proof__approve').click();
  await expect(w.locator('.status')).toHaveAttribute('data-status', /^(ready|partial)$/);
  await expect(output.locator('.proof__answer')).toHaveAttribute('data-answer', 'approved');
  await expect(page.locator('#cart')).toBeEnabled();
  const status = (await events(page, 'status')).at(-1)!.detail;
  expect(status.files[0]).toMatchObject({ outcome: 'fixed', outputRef: expect.stringMatching(/^out_/) });
});
