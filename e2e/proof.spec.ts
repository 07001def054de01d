// Soft proof: a PDF page rendered in the worker with the trim (solid), bleed (dashed) and safe-zone
// (dotted) lines and the findings' boxes drawn where the box math says, read back pixel by pixel.
import { expect, test, type Locator, type Page } from '@playwright/test';
import { PDFDocument, StandardFonts, degrees, rgb } from 'pdf-lib';
import sharp from 'sharp';
import { join } from 'node:path';
import { pickFiles, type FilePayload } from './support';

const MM = 72 / 25.4;
// Page geometry of the proof fixture, in mm: a 100 × 70 trim with 3 mm bleed on a media box with slug.
const MEDIA = { w: 116, h: 86 };
const TRIM = [8, 8, 108, 78] as const;
const BLEED = [5, 5, 111, 81] as const;
const SAFE_MM = 5;
// A 20 × 20 px grey image placed at 40 × 30 mm: about 13 ppi, far under 150.
const IMAGE = [60, 20, 100, 50] as const;
const MAX_PX = 800; // ProofView's default long side

// Colours of the marks (src/core/proof-style.ts PROOF_STYLE).
const TRIM_RGB = [0xd6, 0x00, 0x6f];
const BLEED_RGB = [0x00, 0x72, 0xc6];
const SAFE_RGB = [0x00, 0x8a, 0x3e];
const FINDING_RGB = [0xe0, 0x00, 0x00];

const profile = {
  id: 'prof_proof',
  schemaVersion: 1,
  sections: {
    geometry: {
      id: 'geometry',
      enabled: true,
      rules: { 'geom.safety_margin': { id: 'geom.safety_margin', enabled: true, severity: 'warn', target: { min_mm: SAFE_MM } } },
    },
    images: {
      id: 'images',
      enabled: true,
      rules: { 'image.min_resolution_dpi': { id: 'image.min_resolution_dpi', enabled: true, severity: 'warn', target: { min_dpi: 150 } } },
    },
  },
};
const workflow = {
  id: 'wf_proof',
  schemaVersion: 1,
  rule: {
    cardinality: { min: 1, max: 3 },
    accepts: [{ kind: 'pdf', mimeTypes: ['application/pdf'], extensions: ['pdf'], onFail: 'accept_with_warnings', preflight: { enabled: true, profile } }],
  },
};

async function proofPdf(name = 'proof.pdf', pages = 1): Promise<FilePayload> {
  const doc = await PDFDocument.create();
  const helvetica = await doc.embedFont(StandardFonts.Helvetica);
  const png = await doc.embedPng(await sharp({ create: { width: 20, height: 20, channels: 3, background: { r: 128, g: 128, b: 128 } } }).png().toBuffer());
  for (let i = 0; i < pages; i++) {
    const page = doc.addPage([MEDIA.w * MM, MEDIA.h * MM]);
    page.setTrimBox(TRIM[0] * MM, TRIM[1] * MM, (TRIM[2] - TRIM[0]) * MM, (TRIM[3] - TRIM[1]) * MM);
    page.setBleedBox(BLEED[0] * MM, BLEED[1] * MM, (BLEED[2] - BLEED[0]) * MM, (BLEED[3] - BLEED[1]) * MM);
    if (i === 0) page.drawImage(png, { x: IMAGE[0] * MM, y: IMAGE[1] * MM, width: (IMAGE[2] - IMAGE[0]) * MM, height: (IMAGE[3] - IMAGE[1]) * MM });
    else {
      page.drawRectangle({ x: 30 * MM, y: 30 * MM, width: 20 * MM, height: 20 * MM, color: rgb(0.2, 0.4, 0.8) });
      // a standard (not embedded) font: drawn without font-face injection
      page.drawText('PROOF TEXT', { x: 60 * MM, y: 40 * MM, size: 28, font: helvetica, color: rgb(0, 0, 0) });
    }
  }
  return { name, mimeType: 'application/pdf', buffer: Buffer.from(await doc.save()) };
}

// Box math: mm on the page (origin bottom-left) → image pixels (origin top-left), rotation 0.
const scale = MAX_PX / Math.max(MEDIA.w, MEDIA.h); // px per mm
const px = (xMm: number) => xMm * scale;
const py = (yMm: number) => (MEDIA.h - yMm) * scale;

async function mount(page: Page, options: Record<string, unknown>, target = '#one'): Promise<void> {
  await page.evaluate(
    ([opts, sel]) => {
      const w = window as any;
      w.intakes = w.intakes ?? [];
      w.intakes.push(w.Filecheck('pk_test_demo').elements.create('intake', opts).mount(sel));
    },
    [options, target] as const,
  );
}

/** The rendered proof image's pixels at the given points, read back through a canvas in the page. */
async function pixels(img: Locator, points: [number, number][]): Promise<{ size: [number, number]; rgb: number[][] }> {
  return img.evaluate(async (el: HTMLImageElement, pts) => {
    await el.decode();
    const c = document.createElement('canvas');
    c.width = el.naturalWidth;
    c.height = el.naturalHeight;
    const ctx = c.getContext('2d')!;
    ctx.drawImage(el, 0, 0);
    const data = ctx.getImageData(0, 0, c.width, c.height).data;
    return {
      size: [c.width, c.height] as [number, number],
      rgb: pts.map(([x, y]) => {
        const i = (Math.floor(y) * c.width + Math.floor(x)) * 4;
        return [data[i]!, data[i + 1]!, data[i + 2]!];
      }),
    };
  }, points);
}

const near = (a: number[], b: number[], tol = 40) => a.every((v, i) => Math.abs(v - b[i]!) <= tol);
/** Dashes and dots are anti-aliased at their ends: count a pixel by its dominant hue, not its exact colour. */
const bluish = (p: number[]) => p[2]! - p[0]! > 60;
const greenish = (p: number[]) => p[1]! - p[0]! > 40 && p[1]! - p[2]! > 20;
const white = (a: number[]) => a.every((v) => v >= 245);

/** Pixel columns (or rows) along a line: how many of `n` samples have the colour. */
function share(rgbs: number[][], is: (p: number[]) => boolean): number {
  return rgbs.filter(is).length / rgbs.length;
}

test.beforeEach(async ({ page }) => {
  await page.goto('/e2e/pages/harness.html');
});

test('the proof shows trim, bleed and safe zone at the right pixels, and the low-res image highlighted', async ({ page }) => {
  await mount(page, { workflow });
  const w = page.locator('#one');
  await pickFiles(w, [await proofPdf()]);
  const row = w.locator('.file');
  await expect(row).toHaveAttribute('data-state', 'done');
  await expect(row.locator('.finding[data-check="image.min_resolution_dpi"]')).toHaveCount(1);
  const img = row.locator('.proof__img');
  await expect(img).toBeVisible({ timeout: 20_000 });
  await expect(img).toHaveAttribute('alt', 'Page 1 of 1, trim, bleed and safe zone marked, 1 problem area highlighted');
  await expect(row.locator('.proof__legend li')).toHaveText([
    /Solid line: trim/,
    /Dashed line: bleed/,
    /Dotted line: safe zone/,
    /Shaded box: a problem/,
  ]);

  await w.locator('.proof').screenshot({ path: 'e2e/screenshots/proof-trim-bleed.png' });

  // Samples: a vertical run on each line's left edge, away from the corners and the image.
  const ys = Array.from({ length: 72 }, (_, i) => py(30) + i); // every pixel row from 30 mm down to ~19.6 mm
  const col = (x: number) => ys.map((y) => [x, y] as [number, number]);
  const trimX = px(TRIM[0]), bleedX = px(BLEED[0]), safeX = px(TRIM[0] + SAFE_MM);
  const right = px(TRIM[2]), top = py(TRIM[3]), bottom = py(TRIM[1]);
  const inImage = [px((IMAGE[0] + IMAGE[2]) / 2), py((IMAGE[1] + IMAGE[3]) / 2)] as [number, number];
  const imageEdge = [px(IMAGE[0]), py((IMAGE[1] + IMAGE[3]) / 2)] as [number, number];
  const probe = [
    ...col(trimX), ...col(bleedX), ...col(safeX),
    ...col(trimX - 5), // between bleed and trim: paper
    [right, py(40)], [px(50), top], [px(50), bottom], // the other trim edges
    [px(50), py(BLEED[3])], [px(50) + 6, py(BLEED[3])], [px(50) + 12, py(BLEED[3])], // top bleed edge (dashed: some of three)
    inImage, imageEdge, [px(IMAGE[2]) + 8, py(40)],
  ] as [number, number][];
  const { size, rgb: got } = await pixels(img, probe);
  expect(size).toEqual([Math.round(MEDIA.w * scale), Math.round(MEDIA.h * scale)]);
  const n = ys.length;
  const trimCol = got.slice(0, n), bleedCol = got.slice(n, 2 * n), safeCol = got.slice(2 * n, 3 * n), gap = got.slice(3 * n, 4 * n);
  const [rightEdge, topEdge, bottomEdge, b1, b2, b3, imgCentre, imgEdge, besideImage] = got.slice(4 * n);
  // trim: solid, every sample
  expect(share(trimCol, (p) => near(p, TRIM_RGB))).toBe(1);
  // bleed: dashed (10 on, 6 off): most samples, not all
  expect(share(bleedCol, bluish)).toBeGreaterThan(0.45);
  expect(share(bleedCol, bluish)).toBeLessThan(0.9);
  // safe zone: dotted (2 on, 4 off): some samples, fewer than the dashes
  expect(share(safeCol, greenish)).toBeGreaterThan(0.2);
  expect(share(safeCol, greenish)).toBeLessThan(0.6);
  // paper between the lines
  expect(gap.every(white)).toBe(true);
  expect(near(rightEdge!, TRIM_RGB)).toBe(true);
  expect(near(topEdge!, TRIM_RGB)).toBe(true);
  expect(near(bottomEdge!, TRIM_RGB)).toBe(true);
  expect([b1, b2, b3].some((p) => near(p!, BLEED_RGB))).toBe(true);
  // the low-resolution image: grey under a translucent red fill, outlined in red; paper beside it
  expect(imgCentre![0]! - imgCentre![1]!).toBeGreaterThan(30);
  expect(Math.abs(imgCentre![1]! - imgCentre![2]!)).toBeLessThan(12);
  expect(near(imgEdge!, FINDING_RGB, 60)).toBe(true);
  expect(white(besideImage!)).toBe(true);
});

test('a page turned 90° with its media box off the origin: the marks turn with it', async ({ page }) => {
  // media 116 × 86 mm at (20, -10) mm; trim 6 mm in on the left, 10 on the bottom, 10 on the right, 6 on top
  const O = [20, -10];
  const doc = await PDFDocument.create();
  const p = doc.addPage([MEDIA.w * MM, MEDIA.h * MM]);
  p.setMediaBox(O[0]! * MM, O[1]! * MM, MEDIA.w * MM, MEDIA.h * MM);
  p.setTrimBox((O[0]! + 6) * MM, (O[1]! + 10) * MM, 100 * MM, 70 * MM);
  p.setRotation(degrees(90));
  const file = { name: 'turned.pdf', mimeType: 'application/pdf', buffer: Buffer.from(await doc.save()) };
  await mount(page, { workflow });
  const w = page.locator('#one');
  await pickFiles(w, [file]);
  const img = w.locator('.proof__img');
  await expect(img).toBeVisible({ timeout: 20_000 });
  await expect(img).toHaveAttribute('alt', 'Page 1 of 1, trim and safe zone marked');
  // turned clockwise: x' = (y - oy) s, y' = (x - ox) s; the image is 86 wide, 116 tall
  const along = (fixed: number, vertical: boolean) =>
    Array.from({ length: 30 }, (_, i) => (vertical ? [fixed, 300 + i] : [300 + i, fixed]) as [number, number]);
  const { size, rgb: got } = await pixels(img, [
    ...along(10 * scale, true), // trim bottom → a vertical line 10 mm from the left
    ...along(80 * scale, true), // trim top → 80 mm from the left
    ...along(6 * scale, false), // trim left → a horizontal line 6 mm from the top
    ...along(106 * scale, false), // trim right → 106 mm from the top
    ...along(6 * scale, true), // where the unturned left edge would be: paper
  ]);
  expect(size).toEqual([Math.round(MEDIA.h * scale), Math.round(MEDIA.w * scale)]);
  const runs = [0, 1, 2, 3, 4].map((k) => got.slice(k * 30, (k + 1) * 30));
  for (const run of runs.slice(0, 4)) expect(share(run, (q) => near(q, TRIM_RGB))).toBe(1);
  expect(runs[4]!.every(white)).toBe(true);
});

test('a multi-page file gets a keyboard pager; later pages render on demand', async ({ page }) => {
  await mount(page, { workflow });
  const w = page.locator('#one');
  await pickFiles(w, [await proofPdf('two.pdf', 2)]);
  const proof = w.locator('.proof');
  await expect(proof.locator('.proof__img')).toHaveAttribute('alt', /^Page 1 of 2, trim, bleed and safe zone marked/);
  await expect(proof.locator('.proof__count')).toHaveText('Page 1 of 2');
  const prev = proof.getByRole('button', { name: 'Previous page' });
  const next = proof.getByRole('button', { name: 'Next page' });
  await expect(prev).toBeDisabled();
  await next.focus();
  await page.keyboard.press('Enter');
  await expect(proof.locator('.proof__count')).toHaveText('Page 2 of 2');
  await expect(proof.locator('.proof__img')).toHaveAttribute('alt', 'Page 2 of 2, trim, bleed and safe zone marked');
  await expect(proof.locator('.proof__img')).toHaveAttribute('data-page', '2');
  // page 2's blue square and its text are there
  const textRow = Array.from({ length: 200 }, (_, i) => [px(60) + i, py(42)] as [number, number]);
  const { rgb: p2 } = await pixels(proof.locator('.proof__img'), [[px(40), py(40)], ...textRow]);
  expect(near(p2[0]!, [51, 102, 204])).toBe(true);
  expect(p2.slice(1).filter((q) => q.every((v) => v < 100)).length).toBeGreaterThan(10);
  // page 2 has no finding: its legend names the lines only
  await expect(proof.locator('.proof__legend li')).toHaveCount(3);
  await expect(next).toBeDisabled();
  await prev.click();
  await expect(proof.locator('.proof__img')).toHaveAttribute('data-page', '1');
});

test('a corrupt PDF shows its verdict and no proof; a good file beside it still gets one', async ({ page }) => {
  await mount(page, { workflow });
  const w = page.locator('#one');
  const good = await proofPdf('good.pdf');
  const corrupt: FilePayload = { name: 'broken.pdf', mimeType: 'application/pdf', buffer: Buffer.concat([good.buffer.subarray(0, 400), Buffer.from('\n%% garbage '.repeat(50))]) };
  // cut before its trailer: the inspector still judges it, but the proof's pre-check refuses it
  const truncated: FilePayload = { name: 'truncated.pdf', mimeType: 'application/pdf', buffer: good.buffer.subarray(0, good.buffer.length - 40) };
  await pickFiles(w, [corrupt, good, truncated]);
  const bad = w.locator('.file', { hasText: 'broken.pdf' });
  const ok = w.locator('.file', { hasText: 'good.pdf' });
  const cut = w.locator('.file', { hasText: 'truncated.pdf' });
  await expect(bad).toHaveAttribute('data-outcome', 'fail');
  await expect(ok.locator('.proof__img')).toBeVisible({ timeout: 20_000 });
  await expect(bad.locator('.proof')).toHaveCount(0);
  await expect(bad.locator('.finding').first()).toBeVisible();
  await expect(cut).toHaveAttribute('data-state', 'done');
  const verdict = await cut.getAttribute('data-outcome');
  expect(['pass', 'warn', 'fail']).toContain(verdict);
  await expect(cut.locator('.proof')).toHaveCount(0, { timeout: 20_000 });
  await expect(cut).toHaveAttribute('data-outcome', verdict!); // the verdict did not move
});

// Approval (workflow `proof.approvalRequired`): until the customer approves, the job is
// 'incomplete' (a requirement is missing); a rejected proof makes it 'rejected'. canProceed follows
// from the status as always.
const approvalTest = test;
const approving = { ...workflow, proof: { approvalRequired: true, message: 'Check the cut lines before we print.', affirmButtonText: 'Print it' } };

async function recordProofEvents(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as any;
    w.__proof = [];
    w.__status = [];
    document.addEventListener('filecheck:proof', (ev) => w.__proof.push((ev as CustomEvent).detail));
    document.addEventListener('filecheck:status', (ev) => w.__status.push((ev as CustomEvent).detail));
  });
}
const lastStatus = (page: Page) => page.evaluate(() => (window as any).__status.at(-1));

approvalTest('the gate waits for the customer to approve the proof; keyboard and respondToProof both answer', async ({ page }) => {
  await recordProofEvents(page);
  await mount(page, { workflow: approving, gate: { buttons: '#cart' } });
  const w = page.locator('#one');
  await pickFiles(w, [await proofPdf()]);
  const row = w.locator('.file');
  await expect(row.locator('.proof__img')).toBeVisible({ timeout: 20_000 });
  // the proof event: the page images, the workflow's message and button text
  await expect.poll(() => page.evaluate(() => (window as any).__proof.length)).toBeGreaterThan(0);
  const proof = await page.evaluate(() => (window as any).__proof.at(-1));
  expect(proof).toEqual({
    pages: [{ url: expect.stringMatching(/^blob:/), page: 1, width: 800, height: 593 }],
    approvalRequired: true,
    message: 'Check the cut lines before we print.',
    affirmButtonText: 'Print it',
  });
  // the event's url is a usable image in the host page
  expect(await page.evaluate(async (url) => { const i = new Image(); i.src = url; await i.decode(); return i.naturalWidth; }, proof.pages[0].url)).toBe(800);
  // not approved yet: the verdict is in, the gate stays shut
  await expect(w.locator('.status')).toHaveAttribute('data-status', 'incomplete');
  expect(await lastStatus(page)).toMatchObject({ status: 'incomplete', canProceed: false });
  // the gate never opened on the way (no status with canProceed before the answer)
  expect(await page.evaluate(() => (window as any).__status.some((s: { canProceed: boolean }) => s.canProceed))).toBe(false);
  await expect(page.locator('#cart')).toBeDisabled();
  const group = row.getByRole('group', { name: 'Your answer for proof.pdf' });
  await expect(group.locator('.proof__message')).toHaveText('Check the cut lines before we print.');
  const approve = group.getByRole('button', { name: 'Print it' });
  const reject = group.getByRole('button', { name: 'Reject' });
  // keyboard: focus Approve, Space
  await approve.focus();
  await page.keyboard.press('Space');
  await expect(approve).toHaveAttribute('aria-pressed', 'true');
  await expect(group.locator('.proof__answer')).toHaveAttribute('data-answer', 'approved');
  await expect(page.locator('#cart')).toBeEnabled();
  expect(await lastStatus(page)).toMatchObject({ status: 'partial', canProceed: true });
  // Tab to Reject, Enter: the gate shuts again
  await page.keyboard.press('Tab');
  await expect(reject).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(reject).toHaveAttribute('aria-pressed', 'true');
  await expect(page.locator('#cart')).toBeDisabled();
  expect(await lastStatus(page)).toMatchObject({ status: 'rejected', canProceed: false });

  // a second file: respondToProof(true) from the host answers the proof still open, not the rejected one
  await pickFiles(w, [await proofPdf('second.pdf')]);
  await expect(w.locator('.file', { hasText: 'second.pdf' }).locator('.proof__img')).toBeVisible({ timeout: 20_000 });
  await page.evaluate(() => void (window as any).intakes[0].respondToProof(true));
  await expect(w.locator('.file', { hasText: 'second.pdf' }).getByRole('button', { name: 'Print it' })).toHaveAttribute('aria-pressed', 'true');
  await expect(reject).toHaveAttribute('aria-pressed', 'true');
  await expect(page.locator('#cart')).toBeDisabled();
  // removing the rejected file opens the gate
  await row.filter({ hasText: 'proof.pdf' }).getByRole('button', { name: /Remove/ }).first().click();
  await expect(page.locator('#cart')).toBeEnabled();
});

/** One A4 page filled by a 300 dpi CMYK photo (2480 × 3508 px): what a print file's page often is. */
async function photoPagePdf(name: string): Promise<FilePayload> {
  const doc = await PDFDocument.create();
  const jpeg = await sharp({ create: { width: 2480, height: 3508, channels: 3, background: { r: 30, g: 120, b: 200 } } }).toColourspace('cmyk').jpeg({ quality: 60 }).toBuffer();
  const image = await doc.embedJpg(jpeg);
  const page = doc.addPage([210 * MM, 297 * MM]);
  page.drawImage(image, { x: 0, y: 0, width: 210 * MM, height: 297 * MM });
  return { name, mimeType: 'application/pdf', buffer: Buffer.from(await doc.save()) };
}

test('a full-page photo is decoded once for the row\'s preview and the proof, without pdf.js first trying a canvas of its size (35 MB)', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 4000 }); // both rows in view: rows out of view draw nothing
  await mount(page, { workflow });
  const w = page.locator('#one');
  await pickFiles(w, [await photoPagePdf('first.pdf')]);
  await expect(w.locator('.proof')).toHaveAttribute('data-proof', 'ready', { timeout: 30_000 });
  await expect(w.locator('.file__thumb')).toHaveAttribute('data-thumb', 'ready');
  // pdf.js decodes an image into a canvas of its size; and, unless told how big a canvas may be,
  // it first makes one of that size, paints one pixel and reads it back to learn whether the
  // browser allows it. Watch every worker for both.
  const workers = page.workers();
  expect(workers.length).toBeGreaterThan(0);
  for (const worker of workers) {
    await worker.evaluate(() => {
      const g = self as unknown as { __probes: number[]; __canvases: number[]; OffscreenCanvas: typeof OffscreenCanvas };
      g.__probes = [];
      g.__canvases = [];
      const Native = g.OffscreenCanvas;
      g.OffscreenCanvas = class extends Native {
        constructor(width: number, height: number) {
          super(width, height);
          g.__canvases.push(width * height);
        }
      };
      const read = OffscreenCanvasRenderingContext2D.prototype.getImageData;
      OffscreenCanvasRenderingContext2D.prototype.getImageData = function (this: OffscreenCanvasRenderingContext2D, ...args: Parameters<typeof read>) {
        if (args[2] === 1 && args[3] === 1) g.__probes.push(this.canvas.width * this.canvas.height);
        return read.apply(this, args);
      } as typeof read;
    });
  }
  await pickFiles(w, [await photoPagePdf('second.pdf')]);
  const second = w.locator('.file').nth(1);
  await expect(second.locator('.proof')).toHaveAttribute('data-proof', 'ready', { timeout: 30_000 });
  await expect(second.locator('.file__thumb')).toHaveAttribute('data-thumb', 'ready');
  await expect(second.locator('.proof__img')).toHaveAttribute('alt', /^Page 1 of 1/);
  const seen = await Promise.all(
    page.workers().map((wk) =>
      wk.evaluate(() => {
        const g = self as unknown as { __probes?: number[]; __canvases?: number[] };
        return { probes: g.__probes ?? [], canvases: g.__canvases ?? [] };
      }),
    ),
  );
  const probes = seen.flatMap((g) => g.probes);
  const decodes = seen.flatMap((g) => g.canvases).filter((area) => area >= 2480 * 3508);
  expect(probes.filter((area) => area >= 2480 * 3508)).toEqual([]);
  expect(decodes).toEqual([2480 * 3508]); // one decode for the preview and the proof's page 1
});
