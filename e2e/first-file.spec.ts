// The customer's first file on a fresh page: the inspection worker, the PDF reader and the judging
// code load while the customer is choosing it (the pointer on the drop zone, keyboard focus, a
// drag, the picker opened), never with the page itself, and only the readers the workflow can use.
// Real built bundle in real Chromium; what loaded is read from the page's own requests.
import { expect, test, type Page } from '@playwright/test';
import { makePdf, makePng, mountHarness, pickFiles } from './support';

const accepts = {
  pdf: { kind: 'pdf', mimeTypes: ['application/pdf'], extensions: ['pdf'], maxSize: 50_000_000, onFail: 'reject' },
  png: { kind: 'raster', mimeTypes: ['image/png'], extensions: ['png'], maxSize: 50_000_000, onFail: 'reject' },
};
const workflow = (entries: unknown[]) => ({ id: 'wf_first_file', schemaVersion: 1, rule: { cardinality: { min: 1, max: 1 }, accepts: entries, rejectUnknownTypes: true } });

/** The script paths the page (and its workers) asked for, as they happen. */
function requests(page: Page): string[] {
  const seen: string[] = [];
  page.on('request', (r) => seen.push(new URL(r.url()).pathname));
  return seen;
}
const worker = /\/inspect\.worker\.js$/;
const pdfReader = /\/inspect-pdf-[\w-]+\.js$/;
const judging = /\/evaluate\.js$/;
const loaded = (seen: string[], what: RegExp) => seen.some((p) => what.test(p));

test('pointing at the drop zone loads the worker, the PDF reader and the judging code; the page alone loads none of them', async ({ page }) => {
  const seen = requests(page);
  const w = await mountHarness(page, workflow([accepts.pdf]));
  await expect(w.locator('.dropzone')).toBeVisible();
  await page.waitForTimeout(500); // the widget's own lazy parts (file list) are asked for right after the first render
  expect(seen.filter((p) => worker.test(p) || pdfReader.test(p) || judging.test(p))).toEqual([]);

  await w.locator('.dropzone').hover();
  await expect.poll(() => loaded(seen, pdfReader)).toBe(true);
  expect(loaded(seen, worker)).toBe(true);
  expect(loaded(seen, judging)).toBe(true);

  // the file chosen then is judged as ever, by the worker that was started for it: a new
  // inspection worker would have to load the PDF reader again (the row's preview, made after the
  // verdict, has a worker of its own, which loads pdf.js and not the reader)
  const before = seen.length;
  await pickFiles(w, [await makePdf('card.pdf')]);
  await expect(w.locator('.file').first()).toHaveAttribute('data-outcome', 'pass');
  expect(seen.slice(before).filter((p) => pdfReader.test(p))).toEqual([]);
});

test('keyboard focus on the drop zone starts the same loading; a workflow that takes only images never loads the PDF reader', async ({ page }) => {
  const seen = requests(page);
  const w = await mountHarness(page, workflow([accepts.png]));
  await w.locator('.dropzone').focus();
  await expect.poll(() => loaded(seen, worker)).toBe(true);
  await expect.poll(() => loaded(seen, judging)).toBe(true);
  await pickFiles(w, [await makePng('photo.png')]);
  await expect(w.locator('.file').first()).toHaveAttribute('data-outcome', 'pass');
  expect(loaded(seen, pdfReader)).toBe(false);
});

test('a file chosen while the PDF reader practises on its own made-up PDF is judged on its own pages, and the next one too', async ({ page }) => {
  // the reader practises on a 48-page PDF once it has loaded (workers/pdf/warm-up.ts); a customer's
  // file stops it at its next read, and nothing of the practice reaches a verdict
  const seen = requests(page);
  const pages = { sections: { geometry: { enabled: true, rules: { 'geom.page_count': { enabled: true, severity: 'reject', target: { max: 4 } } } } } };
  const wf = workflow([{ ...accepts.pdf, preflight: { enabled: true, profile: pages } }]);
  wf.rule.cardinality.max = 2;
  const w = await mountHarness(page, wf);
  await w.locator('.dropzone').hover();
  await expect.poll(() => loaded(seen, pdfReader)).toBe(true); // the practice starts now
  await pickFiles(w, [await makePdf('five.pdf', { pages: 5 })]);
  const five = w.locator('.file').first();
  await expect(five).toHaveAttribute('data-outcome', 'fail');
  await expect(five.locator('[data-check="geom.page_count"]')).toHaveText(/5 pages/);
  await pickFiles(w, [await makePdf('three.pdf', { pages: 3 })]);
  await expect(w.locator('.file').nth(1)).toHaveAttribute('data-outcome', 'pass');
});
