// The print checks on drawn content (issue 13 point 6) in real Chromium with the built bundle: a
// PDF with 4 pt text, a 0.1 pt line, white set to overprint, rich black text and a 400 % ink patch
// gets a finding for each, with its page, in the browser; total ink is said to be checked after
// upload, and with the reference server the server's rendering then judges it.
import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { PDFName } from 'pdf-lib';
import { embeddedTrueType, makePdf } from '../workers/pdf/test-fixtures';
import { pickFiles, recordEvents, type FilePayload } from './support';

const workflow = JSON.parse(readFileSync('e2e/workflows/wf_e2e_print.json', 'utf8'));

async function troubledPdf(): Promise<FilePayload> {
  const bytes = await makePdf(
    [{ size: [300, 300], content: '1 1 1 1 k 0 0 72 72 re f /OP gs 0 0 0 0 k 100 100 20 20 re f 0.1 w 0 200 m 200 200 l S BT /F1 4 Tf 0 0 0 1 k 150 50 Td (tiny) Tj ET BT /F1 9 Tf 0.6 0.5 0.5 1 k 150 150 Td (rich) Tj ET' }],
    {
      build(doc) {
        const font = embeddedTrueType(doc);
        for (const page of doc.getPages()) page.node.set(PDFName.of('Resources'), doc.context.obj({ Font: { F1: font }, ExtGState: { OP: { Type: 'ExtGState', OP: true } } }));
      },
    },
  );
  return { name: 'troubled.pdf', mimeType: 'application/pdf', buffer: Buffer.from(bytes) };
}

test.beforeEach(async ({ page }) => {
  await recordEvents(page);
});

test('the browser finds small text, thin lines, white overprint and rich black, with pages; total ink runs after upload', async ({ page }) => {
  await page.goto('/e2e/pages/harness.html');
  await page.evaluate((wf) => {
    const w = window as any;
    w.intake = w.Filecheck('pk_test_demo').elements.create('intake', { workflow: wf }).mount('#one');
  }, workflow);
  const w = page.locator('#one');
  await pickFiles(w, [await troubledPdf()]);
  await expect(w.locator('.status')).toHaveAttribute('data-status', 'partial', { timeout: 30_000 });
  await expect(w.locator('[data-check="text.min_font_size_pt"]')).toContainText('Page 1 has text as small as 4 pt');
  await expect(w.locator('[data-check="text.min_stroke_width_pt"]')).toContainText('0.1 pt');
  await expect(w.locator('[data-check="color.overprint"]')).toContainText('white set to overprint');
  await expect(w.locator('[data-check="color.rich_black_text"]')).toContainText('rich black');
  await expect(w.locator('[data-check="struct.pdfa"]')).toContainText('not a PDF/A file');
  await expect(w.locator('[data-check="color.max_ink_coverage"]')).toContainText('checked on our server after upload');
});

test('with the server, its rendering judges total ink: the 400 % patch on page 1 is reported', async ({ page }) => {
  await page.goto('/e2e/pages/server.html?wf=wf_e2e_print');
  const w = page.locator('#fc-inline');
  await pickFiles(w, [await troubledPdf()]);
  await expect(w.locator('.status')).toHaveAttribute('data-status', 'partial', { timeout: 60_000 });
  await expect(w.locator('[data-check="color.max_ink_coverage"]')).toContainText(/Page 1 has up to 4\d\d% total ink \(limit 300%\)/);
  await expect(w.locator('[data-check="text.min_font_size_pt"]')).toContainText('4 pt');
});
