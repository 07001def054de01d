// A large drop of real files (issue 11 point 5: "thumbnails appear for every file of a large
// drop"), in real Chromium with the built bundle: every row that can be previewed (PDF page 1,
// raster formats browsers decode) ends with a preview image; every other row shows its type
// icon (TIFF, HEIC), never an empty box. Files come from ../shared/corpus when present, plus
// files made here with pdf-lib and sharp.
import { expect, test } from '@playwright/test';
import { existsSync, readFileSync } from 'node:fs';
import { PDFDocument, rgb } from 'pdf-lib';
import sharp from 'sharp';
import { mountHarness, pickFiles, recordEvents, type FilePayload } from './support';

const CORPUS = '../shared/corpus';
const MM = 72 / 25.4;

const workflow = {
  id: 'wf_thumbs',
  schemaVersion: 1,
  rule: {
    cardinality: { min: 1, max: 100 },
    accepts: [
      { kind: 'pdf', mimeTypes: ['application/pdf'], extensions: ['pdf'], maxSize: 50_000_000, onFail: 'reject', preflight: { enabled: false } },
      { kind: 'raster', mimeTypes: ['image/*'], extensions: [], maxSize: 50_000_000, onFail: 'reject', preflight: { enabled: false } },
    ],
    rejectUnknownTypes: true,
  },
};

const MIME: Record<string, string> = { pdf: 'application/pdf', png: 'image/png', jpg: 'image/jpeg', tiff: 'image/tiff', heic: 'image/heic', heif: 'image/heif', gif: 'image/gif', webp: 'image/webp' };
function corpus(path: string): FilePayload | null {
  const full = `${CORPUS}/${path}`;
  if (!existsSync(full)) return null;
  const name = path.split('/').pop()!;
  return { name, mimeType: MIME[name.split('.').pop()!.toLowerCase()] ?? 'application/octet-stream', buffer: readFileSync(full) };
}

async function makeFiles(): Promise<FilePayload[]> {
  const files: FilePayload[] = [];
  for (let i = 0; i < 16; i++) {
    const doc = await PDFDocument.create();
    const page = doc.addPage([(85 + i) * MM, 55 * MM]);
    page.drawRectangle({ x: 10, y: 10, width: 120, height: 60, color: rgb(i / 16, 0.3, 0.6) });
    files.push({ name: `card-${String(i).padStart(2, '0')}.pdf`, mimeType: 'application/pdf', buffer: Buffer.from(await doc.save()) });
  }
  for (let i = 0; i < 8; i++) {
    const buffer = await sharp({ create: { width: 1200 + i * 10, height: 800, channels: 3, background: { r: 30 * i, g: 90, b: 200 } } }).png().toBuffer();
    files.push({ name: `photo-${i}.png`, mimeType: 'image/png', buffer });
  }
  files.push({ name: 'logo.webp', mimeType: 'image/webp', buffer: await sharp({ create: { width: 300, height: 200, channels: 3, background: '#884422' } }).webp().toBuffer() });
  files.push({ name: 'logo.gif', mimeType: 'image/gif', buffer: await sharp({ create: { width: 300, height: 200, channels: 3, background: '#228844' } }).gif().toBuffer() });
  const real = [
    'pngsuite/basn2c08.png', 'pngsuite/basn3p08.png', 'pngsuite/basn6a16.png', 'pngsuite/basi0g08.png', 'pngsuite/basn0g16.png', 'pngsuite/basi4a16.png',
    'exif-samples/jpg/Canon_40D.jpg', 'exif-samples/jpg/Nikon_D70.jpg', 'exif-samples/jpg/Kodak_CX7530.jpg', 'exif-samples/jpg/Fujifilm_FinePix_E500.jpg',
    'exif-samples/jpg/Olympus_C8080WZ.jpg', 'exif-samples/jpg/Canon_PowerShot_S40.jpg', 'exif-samples/jpg/PaintTool_sample.jpg', 'exif-samples/jpg/Nikon_COOLPIX_P1.jpg',
    'exif-samples/tiff/Arbitro.tiff', 'exif-samples/tiff/Jobagent.tiff', 'exif-samples/tiff/Tless0.tiff',
    'exif-samples/heic/samplefilehub.heif',
    'verapdf/PDF_A-2b/6.2 Graphics/6.2.4.3 Uncalibrated -Device colour spaces/veraPDF test suite 6-2-4-3-t01-pass-e.pdf',
    'verapdf/PDF_A-2b/6.2 Graphics/6.2.4.3 Uncalibrated -Device colour spaces/veraPDF test suite 6-2-4-3-t03-pass-a.pdf',
  ];
  for (const p of real) {
    const f = corpus(p);
    if (f) files.push(f);
  }
  return files;
}

/** Formats that get a preview in Chromium: PDF (page 1) and rasters the browser decodes. */
const PREVIEWED = /\.(pdf|png|jpe?g|gif|webp)$/i;
const TYPE_OF: [RegExp, string][] = [[/\.tiff?$/i, 'tiff'], [/\.hei[cf]$/i, 'heic']];

test('a large drop: every previewable row gets a preview, every other row its type icon', async ({ page }) => {
  test.setTimeout(180_000);
  const files = await makeFiles();
  expect(files.length).toBeGreaterThanOrEqual(40);
  await recordEvents(page);
  const w = await mountHarness(page, workflow);
  await pickFiles(w, files);
  // The customer scrolls through the list once, without waiting for previews (rows render and
  // previews are asked for as rows come into view).
  for (let i = 0; i < 40 && (await w.locator('.file').count()) < files.length; i++) {
    await w.locator('.file').last().scrollIntoViewIfNeeded();
    await page.waitForTimeout(100);
  }
  await expect(w.locator('.file')).toHaveCount(files.length);
  const rows = w.locator('.file');

  // Every row settles — a preview or an icon, never an empty box — once the customer has seen it:
  // previews are made for rows in view only, so look at the first unsettled row until none is left.
  const unsettled = async () => {
    const phases = await rows.evaluateAll((els) => els.map((r) => r.querySelector('[data-thumb]')?.getAttribute('data-thumb')));
    const waiting = phases.flatMap((p, i) => (p === 'ready' || p === 'none' ? [] : [i]));
    if (waiting.length) await rows.nth(waiting[0]!).scrollIntoViewIfNeeded();
    return waiting.length;
  };
  await expect.poll(unsettled, { timeout: 120_000, intervals: [500] }).toBe(0);

  const seen = await rows.evaluateAll((els) =>
    els.map((r) => {
      const box = r.querySelector('[data-thumb]')!;
      const img = box.querySelector('img');
      return {
        name: r.querySelector('.file__name')!.textContent!,
        phase: box.getAttribute('data-thumb'),
        type: box.getAttribute('data-type'),
        decoded: !!img && img.complete && img.naturalWidth > 0,
        tag: box.querySelector('.file__thumb-tag')?.textContent ?? null,
      };
    }),
  );
  const summary = seen.map((r) => `${r.name}: ${r.phase}${r.type ? ` (${r.type})` : ''}`);
  console.log(summary.join('\n'));
  for (const r of seen) {
    if (PREVIEWED.test(r.name)) {
      expect(`${r.name}: ${r.phase}`).toBe(`${r.name}: ready`);
      expect(r.decoded, `${r.name}: the preview image is shown`).toBe(true);
    } else {
      const type = TYPE_OF.find(([re]) => re.test(r.name))![1];
      expect(`${r.name}: ${r.phase} ${r.type}`).toBe(`${r.name}: none ${type}`);
      expect(r.tag).toBe(type.toUpperCase());
    }
  }
  // PDFs are the print files most shops get: they are among the previews
  expect(seen.filter((r) => r.name.endsWith('.pdf') && r.phase === 'ready').length).toBeGreaterThanOrEqual(16);
});
