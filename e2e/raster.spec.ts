// Raster preflight in real Chromium with the real built bundle: images dropped into the widget
// are judged in the worker from their headers; findings, thumbnails and status are what the
// customer sees. Public sample files come from ../shared/corpus when present.
import { expect, test, type Locator, type Page } from '@playwright/test';
import { existsSync, readFileSync } from 'node:fs';
import sharp from 'sharp';
import { pngChunk, pngHeaderOnly } from '../workers/raster/test-fixtures';
import { dropFiles, events, pickFiles, recordEvents, statuses, type FilePayload } from './support';

const CORPUS = '../shared/corpus';
const corpus = (path: string): FilePayload | null => {
  const full = `${CORPUS}/${path}`;
  if (!existsSync(full)) return null;
  const name = path.split('/').pop()!;
  return { name, mimeType: name.endsWith('.png') ? 'image/png' : 'image/jpeg', buffer: readFileSync(full) };
};

type Rules = Record<string, { enabled?: boolean; severity: string; target?: Record<string, unknown> }>;

/** A raster-only workflow for an 85×55 mm card with the given checks (raster and geometry sections). */
function workflow(raster: Rules, opts: { max?: number; geometry?: Rules; onFail?: string } = {}) {
  const section = (rules: Rules) => ({ enabled: true, rules: Object.fromEntries(Object.entries(rules).map(([id, r]) => [id, { enabled: true, target: {}, ...r }])) });
  return {
    id: 'wf_raster',
    schemaVersion: 1,
    rule: {
      cardinality: { min: 1, max: opts.max ?? 5 },
      accepts: [
        {
          kind: 'raster',
          mimeTypes: ['image/png', 'image/jpeg', 'image/webp', 'image/gif', 'image/tiff'],
          extensions: ['png', 'jpg', 'jpeg', 'webp', 'gif', 'tif', 'tiff'],
          maxSize: 50_000_000,
          onFail: opts.onFail ?? 'reject',
          preflight: {
            enabled: true,
            profile: { id: 'prof_card', sections: { raster: section(raster), ...(opts.geometry ? { geometry: section(opts.geometry) } : {}) } },
          },
        },
      ],
      rejectUnknownTypes: true,
    },
  };
}

const dpi300 = { severity: 'reject', target: { min_dpi: 300, target_width_mm: 85, target_height_mm: 55 } };
const cardWorkflow = (extra: Rules = {}, o: { max?: number } = {}) => workflow({ 'raster.effective_dpi': dpi300, ...extra }, o);

async function png(name: string, width: number, height: number, opts: { alpha?: boolean } = {}): Promise<FilePayload> {
  const buffer = await sharp({
    create: { width, height, channels: opts.alpha ? 4 : 3, background: opts.alpha ? { r: 200, g: 40, b: 40, alpha: 0.5 } : { r: 40, g: 90, b: 200 } },
  })
    .png()
    .toBuffer();
  return { name, mimeType: 'image/png', buffer };
}

async function jpeg(name: string, width: number, height: number, opts: { cmyk?: boolean } = {}): Promise<FilePayload> {
  let img = sharp({ create: { width, height, channels: 3, background: { r: 230, g: 120, b: 30 } } });
  if (opts.cmyk) img = img.toColourspace('cmyk');
  return { name, mimeType: 'image/jpeg', buffer: await img.jpeg({ quality: 80 }).toBuffer() };
}

/** Count every call the page makes into an inspection worker, by method (Comlink APPLY messages). */
async function countWorkerCalls(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { __fcCalls: string[] };
    w.__fcCalls = [];
    const post = Worker.prototype.postMessage;
    Worker.prototype.postMessage = function (this: Worker, msg: unknown, ...rest: unknown[]) {
      const m = msg as { type?: string; path?: string[] } | null;
      if (m && m.type === 'APPLY' && Array.isArray(m.path)) w.__fcCalls.push(m.path.join('.'));
      return (post as (...a: unknown[]) => void).call(this, msg, ...rest);
    } as typeof Worker.prototype.postMessage;
  });
}

async function workerCalls(page: Page): Promise<Record<string, number>> {
  const calls = await page.evaluate(() => (window as unknown as { __fcCalls: string[] }).__fcCalls);
  // the inspection is asked beside the sniff (InspectorPool.check): counted as the file's inspection
  const name = (c: string) => (c === 'sniffAndInspect' ? 'inspect' : c);
  return calls.reduce<Record<string, number>>((acc, c) => ((acc[name(c)] = (acc[name(c)] ?? 0) + 1), acc), {});
}

async function mount(page: Page, options: Record<string, unknown>): Promise<Locator> {
  await page.evaluate((opts) => {
    const w = window as any;
    w.intake = w.Filecheck('pk_test_demo').elements.create('intake', opts).mount('#one');
  }, options);
  return page.locator('#one');
}

const row = (w: Locator, name: string) => w.locator('.file').filter({ has: w.page().locator('.file__name', { hasText: name }) });
const status = (w: Locator) => w.locator('.status');

test.beforeEach(async ({ page }) => {
  await recordEvents(page);
  await countWorkerCalls(page);
  await page.goto('/e2e/pages/harness.html');
});

test('a low-resolution photo for an 85×55 mm card fails effective dpi with the sharp-print size, and is rejected', async ({ page }) => {
  const w = await mount(page, { workflow: cardWorkflow() });
  await dropFiles(w.locator('.dropzone'), [await png('small.png', 320, 208)]);
  await expect(status(w)).toHaveAttribute('data-status', 'rejected');
  const finding = row(w, 'small.png').locator('[data-check="raster.effective_dpi"]');
  await expect(finding).toHaveClass(/finding--fail/);
  await expect(finding).toHaveText(/96 dpi at 85×55 mm — at least 300 dpi needed; this image would print sharp up to 27×18 mm\./);
  await expect(row(w, 'small.png')).toHaveAttribute('data-outcome', 'fail');
  // a failed file still gets its preview: the verdict and the thumbnail are independent
  await expect(row(w, 'small.png').locator('.file__thumb[data-thumb="ready"] img')).toBeVisible();
  expect(await statuses(page)).toEqual(['idle', 'processing', 'rejected']);
});

test('a big-enough image is ready, with a thumbnail made in the worker; its object URL is revoked when the row goes', async ({ page }) => {
  const w = await mount(page, { workflow: cardWorkflow() });
  await pickFiles(w, [await png('big.png', 1100, 720)]);
  await expect(status(w)).toHaveAttribute('data-status', 'ready');
  const r = row(w, 'big.png');
  await expect(r).toHaveAttribute('data-outcome', 'pass');
  await expect(r.locator('[data-check]')).toHaveCount(0); // passes are not listed in the row
  const img = r.locator('.file__thumb[data-thumb="ready"] img');
  await expect(img).toBeVisible();
  await expect(img).toHaveAttribute('alt', '');
  await expect(r.locator('.file__name')).toHaveText('big.png'); // the name stays text
  const info = await img.evaluate((el: HTMLImageElement) => ({ src: el.src, w: el.naturalWidth, h: el.naturalHeight, complete: el.complete }));
  expect(info.src).toMatch(/^blob:/);
  expect(info).toMatchObject({ w: 96, h: 63, complete: true }); // long side capped at 96 px, proportions kept
  expect(await workerCalls(page)).toMatchObject({ sniff: 1, inspect: 1, thumbnail: 1 });
  // the thumbnail bytes are alive while shown, and freed once the row is removed
  const fetchable = (src: string) => page.evaluate((u) => fetch(u).then(() => true, () => false), src);
  expect(await fetchable(info.src)).toBe(true);
  await r.getByRole('button', { name: /remove/i }).click();
  await expect(w.locator('.file')).toHaveCount(0);
  expect(await fetchable(info.src)).toBe(false);
});

test('setContext({ artworkSize }) flips the verdict from cached facts: no re-read, no new worker call, rows and thumbnails stay', async ({ page }) => {
  const w = await mount(page, { workflow: cardWorkflow() });
  await dropFiles(w.locator('.dropzone'), [await png('photo.png', 1100, 720)]);
  await expect(status(w)).toHaveAttribute('data-status', 'ready');
  const img = row(w, 'photo.png').locator('.file__thumb[data-thumb="ready"] img');
  await expect(img).toBeVisible();
  const before = { calls: await workerCalls(page), src: await img.getAttribute('src'), id: await row(w, 'photo.png').getAttribute('data-file-id') };

  // A4 poster: the same pixels are far too few. The new status follows within a few ticks.
  const afterCall = await page.evaluate(async () => {
    const w = window as any;
    const n = w.__fcEvents.length;
    const t0 = performance.now();
    w.intake.setContext({ artworkSize: { width_mm: 210, height_mm: 297 } });
    const seen = () => w.__fcEvents.slice(n).filter((e: any) => e.name === 'status').map((e: any) => e.detail.status);
    while (seen().length === 0 && performance.now() - t0 < 2000) await new Promise((r) => setTimeout(r, 0));
    return { statuses: seen(), ms: performance.now() - t0 };
  });
  expect(afterCall.statuses).toEqual(['rejected']);
  expect(afterCall.ms).toBeLessThan(250);
  await expect(status(w)).toHaveAttribute('data-status', 'rejected');
  await expect(row(w, 'photo.png').locator('[data-check="raster.effective_dpi"]')).toHaveText(
    /87 dpi at 210×297 mm — at least 300 dpi needed; this image would print sharp up to 61×93 mm\./,
  );

  // back to a small card: ready again
  await page.evaluate(() => void (window as any).intake.setContext({ artworkSize: { width_mm: 50, height_mm: 50 } }));
  await expect(status(w)).toHaveAttribute('data-status', 'ready');

  expect(await workerCalls(page)).toEqual(before.calls); // nothing re-read, re-sniffed or re-decoded
  expect(await img.getAttribute('src')).toBe(before.src);
  expect(await row(w, 'photo.png').getAttribute('data-file-id')).toBe(before.id);
  expect(await statuses(page)).toEqual(['idle', 'processing', 'ready', 'rejected', 'ready']);
});

test('a CMYK JPEG warns (autofix colour mode) and the order is partial', async ({ page }) => {
  const w = await mount(page, { workflow: cardWorkflow({ 'raster.color_mode': { severity: 'autofix', target: { allowed: ['rgb'] } } }) });
  await dropFiles(w.locator('.dropzone'), [await jpeg('cmyk.jpg', 1100, 720, { cmyk: true }), await jpeg('rgb.jpg', 1100, 720)]);
  await expect(status(w)).toHaveAttribute('data-status', 'partial');
  const f = row(w, 'cmyk.jpg').locator('[data-check="raster.color_mode"]');
  await expect(f).toHaveClass(/finding--warn/);
  await expect(f).toHaveText(/The image is in CMYK — this product needs RGB\./);
  await expect(row(w, 'cmyk.jpg')).toHaveAttribute('data-outcome', 'warn');
  await expect(row(w, 'rgb.jpg')).toHaveAttribute('data-outcome', 'pass');
  // Chromium decodes CMYK JPEGs, so it gets a preview too
  await expect(row(w, 'cmyk.jpg').locator('.file__thumb[data-thumb="ready"] img')).toBeVisible();
  const payload = (await events(page, 'status')).at(-1)!.detail;
  expect(payload).toMatchObject({ status: 'partial', canProceed: true });
});

test('a PNG with alpha warns about transparency (generated file and PngSuite basn6a08)', async ({ page }) => {
  const suite = corpus('pngsuite/basn6a08.png');
  const w = await mount(page, { workflow: workflow({ 'raster.transparency': { severity: 'autofix' } }) });
  await dropFiles(w.locator('.dropzone'), [await png('logo.png', 400, 300, { alpha: true }), await png('opaque.png', 400, 300), ...(suite ? [suite] : [])]);
  await expect(status(w)).toHaveAttribute('data-status', 'partial');
  for (const name of ['logo.png', ...(suite ? ['basn6a08.png'] : [])]) {
    const f = row(w, name).locator('[data-check="raster.transparency"]');
    await expect(f).toHaveClass(/finding--warn/);
    await expect(f).toHaveText(/transparent areas/);
  }
  await expect(row(w, 'opaque.png')).toHaveAttribute('data-outcome', 'pass');
});

test('corrupt and truncated images get a clear per-file error; a good file in the same drop is unaffected', async ({ page }) => {
  const crc = corpus('pngsuite/xcsn0g01.png'); // IHDR with a wrong checksum
  const whole = await jpeg('cut.jpg', 1100, 720);
  const truncated: FilePayload = { name: 'cut.jpg', mimeType: 'image/jpeg', buffer: whole.buffer.subarray(0, 120) }; // ends before its frame header
  const w = await mount(page, { workflow: cardWorkflow() });
  await dropFiles(w.locator('.dropzone'), [...(crc ? [crc] : []), truncated, await png('good.png', 1100, 720)]);
  await expect(status(w)).toHaveAttribute('data-status', 'rejected');
  if (crc) {
    await expect(row(w, 'xcsn0g01.png')).toHaveAttribute('data-state', 'error');
    await expect(row(w, 'xcsn0g01.png').locator('.finding--fail[data-code="corrupt_image"]')).toBeVisible();
    await expect(row(w, 'xcsn0g01.png').locator('.file__thumb')).toHaveAttribute('data-thumb', 'none');
  }
  const cut = row(w, 'cut.jpg');
  await expect(cut).toHaveAttribute('data-state', 'error');
  await expect(cut.locator('.finding--fail[data-code]')).toHaveAttribute('data-code', /^(truncated|corrupt_image|inspect_failed)$/);
  await expect(cut.locator('.finding--fail[data-code]')).not.toBeEmpty();
  await expect(cut.locator('.file__thumb')).toHaveAttribute('data-thumb', 'none');
  // the good file: judged, passed, previewed
  await expect(row(w, 'good.png')).toHaveAttribute('data-outcome', 'pass');
  await expect(row(w, 'good.png').locator('.file__thumb[data-thumb="ready"] img')).toBeVisible();
  const last = (await events(page, 'status')).at(-1)!.detail;
  expect(last.files.find((f: any) => f.name === 'good.png')).toMatchObject({ status: 'done', outcome: 'pass' });
  expect(last.files.find((f: any) => f.name === 'cut.jpg')).toMatchObject({ status: 'error', outcome: 'fail' });
});

test('real-world files: a photo with stray bytes between its segments is judged, one whose image data is cut off is truncated, a PNG that declares sRGB meets icc_required', async ({ page }) => {
  const noise = Buffer.alloc(1100 * 720 * 3);
  for (let i = 0; i < noise.length; i++) noise[i] = (i * 2654435761) >>> 24;
  const photo = new Uint8Array(await sharp(noise, { raw: { width: 1100, height: 720, channels: 3 } }).withMetadata({ density: 300 }).jpeg({ quality: 90 }).toBuffer());
  // after the first APPn segment, three bytes that belong to no segment (as some cameras write)
  let p = 2;
  while (!(photo[p] === 0xff && photo[p + 1]! >= 0xe0 && photo[p + 1]! <= 0xef)) p += 2 + ((photo[p + 2]! << 8) | photo[p + 3]!);
  p += 2 + ((photo[p + 2]! << 8) | photo[p + 3]!);
  const stray = Buffer.concat([photo.subarray(0, p), Buffer.from([0, 0, 0x0a]), photo.subarray(p)]);
  const pngPlain = await sharp({ create: { width: 1100, height: 720, channels: 3, background: '#3366cc' } }).png().toBuffer();
  const srgb = Buffer.concat([pngPlain.subarray(0, 33), pngChunk('sRGB', new Uint8Array([0])), pngPlain.subarray(33)]);
  const w = await mount(page, { workflow: workflow({ 'raster.effective_dpi': dpi300, 'raster.icc_required': { severity: 'reject' } }) });
  await dropFiles(w.locator('.dropzone'), [
    { name: 'stray.jpg', mimeType: 'image/jpeg', buffer: stray },
    { name: 'cut-scan.jpg', mimeType: 'image/jpeg', buffer: Buffer.from(photo.subarray(0, Math.floor(photo.length * 0.7))) },
    { name: 'srgb.png', mimeType: 'image/png', buffer: srgb },
    { name: 'plain.png', mimeType: 'image/png', buffer: pngPlain },
  ]);
  await expect(row(w, 'stray.jpg')).toHaveAttribute('data-outcome', 'pass');
  await expect(row(w, 'cut-scan.jpg')).toHaveAttribute('data-state', 'error');
  await expect(row(w, 'cut-scan.jpg').locator('.finding--fail[data-code]')).toHaveAttribute('data-code', 'truncated');
  // the same PNG without its sRGB chunk has no colour definition at all
  await expect(row(w, 'srgb.png')).toHaveAttribute('data-outcome', 'pass');
  await expect(row(w, 'plain.png').locator('.finding--fail[data-check="raster.icc_required"]')).toBeVisible();
});

test('a decompression bomb (PNG claiming 60000×60000) is judged from its header at once and is never decoded', async ({ page }) => {
  const bomb: FilePayload = { name: 'bomb.png', mimeType: 'image/png', buffer: Buffer.from(pngHeaderOnly(60000, 60000)) };
  const w = await mount(page, { workflow: cardWorkflow({ 'raster.max_pixels': { severity: 'reject', target: { max_megapixels: 300 } } }) });
  // warm the worker so the timing below is the file's, not the worker's start-up
  await pickFiles(w, [await png('warm.png', 1100, 720)]);
  await expect(status(w)).toHaveAttribute('data-status', 'ready');

  const t0 = Date.now();
  await dropFiles(w.locator('.dropzone'), [bomb]);
  await expect(status(w)).toHaveAttribute('data-status', 'rejected');
  const elapsed = Date.now() - t0;
  expect(elapsed).toBeLessThan(3_000); // generous for CI; the benchmark measures it properly
  const f = row(w, 'bomb.png').locator('[data-check="raster.max_pixels"]');
  await expect(f).toHaveText(/60,?000×60,?000 pixels \(3,?600 megapixels\) — more than the 300 megapixels/);
  await expect(row(w, 'bomb.png').locator('.file__thumb')).toHaveAttribute('data-thumb', 'none');
  await expect(row(w, 'bomb.png').locator('.file__thumb img')).toHaveCount(0);
  // only the warm-up image was ever handed to the decoder
  expect(await workerCalls(page)).toMatchObject({ sniff: 2, inspect: 2, thumbnail: 1 });
});

test('EXIF-rotated JPEGs are judged with their displayed (rotated) dimensions, and previewed upright', async ({ page }) => {
  const landscape = corpus('exif-samples/jpg/orientation/landscape_6.jpg'); // stored 450×600, orientation 6
  const portrait = corpus('exif-samples/jpg/orientation/portrait_6.jpg'); // stored 600×450, orientation 6
  test.skip(!landscape || !portrait, 'corpus exif-samples/jpg/orientation is absent');
  const w = await mount(page, {
    workflow: workflow({ 'raster.min_dimensions_px': { severity: 'info', target: { min_width: 1, min_height: 1 } } }, { geometry: { 'geom.orientation': { severity: 'reject', target: { allowed: ['landscape'] } } } }),
  });
  await dropFiles(w.locator('.dropzone'), [landscape!, portrait!]);
  await expect(status(w)).toHaveAttribute('data-status', 'rejected');
  await expect(row(w, 'landscape_6.jpg')).toHaveAttribute('data-outcome', 'pass');
  await expect(row(w, 'portrait_6.jpg')).toHaveAttribute('data-outcome', 'fail');
  await expect(row(w, 'portrait_6.jpg').locator('[data-check="geom.orientation"]')).toHaveText(/The image is portrait; this product needs landscape\./);
  const facts = (await events(page, 'facts')).at(-1)!.detail.files;
  expect(facts.find((f: any) => f.name === 'landscape_6.jpg').orientation).toBe('landscape');
  expect(facts.find((f: any) => f.name === 'portrait_6.jpg').orientation).toBe('portrait');
  // the preview is upright too: createImageBitmap applies the EXIF orientation before scaling
  const size = (name: string) =>
    row(w, name).locator('.file__thumb[data-thumb="ready"] img').evaluate((el: HTMLImageElement) => [el.naturalWidth, el.naturalHeight]);
  expect(await size('landscape_6.jpg')).toEqual([96, 72]);
  expect(await size('portrait_6.jpg')).toEqual([72, 96]);
});

test('TIFF gets its verdict and a neutral icon (browsers cannot decode it)', async ({ page }) => {
  const tiff: FilePayload = {
    name: 'scan.tif',
    mimeType: 'image/tiff',
    buffer: await sharp({ create: { width: 1100, height: 720, channels: 3, background: '#777777' } }).tiff().toBuffer(),
  };
  const w = await mount(page, { workflow: cardWorkflow() });
  await dropFiles(w.locator('.dropzone'), [tiff]);
  await expect(status(w)).toHaveAttribute('data-status', 'ready');
  await expect(row(w, 'scan.tif').locator('.file__thumb')).toHaveAttribute('data-thumb', 'none');
  await expect(row(w, 'scan.tif').locator('.file__thumb svg')).toBeVisible();
  expect((await workerCalls(page)).thumbnail ?? 0).toBe(0);
});

test('thumbnails are made only for rows that are visible', async ({ page }) => {
  await page.setViewportSize({ width: 900, height: 500 });
  const w = await mount(page, { workflow: cardWorkflow({}, { max: 30 }) });
  const files = await Promise.all(Array.from({ length: 30 }, (_, i) => png(`p${String(i).padStart(2, '0')}.png`, 1100, 720)));
  await dropFiles(w.locator('.dropzone'), files);
  await expect(status(w)).toHaveAttribute('data-status', 'ready');
  await expect(row(w, 'p00.png').locator('.file__thumb[data-thumb="ready"] img')).toBeVisible();
  await page.waitForTimeout(300);
  const early = (await workerCalls(page)).thumbnail ?? 0;
  expect(early).toBeGreaterThan(0);
  expect(early).toBeLessThan(30);
  await expect(row(w, 'p29.png').locator('.file__thumb')).toHaveAttribute('data-thumb', 'pending');
  await row(w, 'p29.png').scrollIntoViewIfNeeded();
  await expect(row(w, 'p29.png').locator('.file__thumb[data-thumb="ready"] img')).toBeVisible();
  expect((await workerCalls(page)).thumbnail).toBeGreaterThan(early);
  expect((await workerCalls(page)).inspect).toBe(30); // every file judged, visible or not
});
