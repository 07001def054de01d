// The proof's coordinate transform: PDF user-space boxes → canvas pixels through pdf.js's own
// viewport, for every rotation, a media box whose origin is not (0, 0), a crop box and UserUnit.
// (Pixels themselves are checked in Chromium: e2e/proof.spec.ts.)
import { PDFDocument, PDFName, PDFNumber, degrees } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import type { Rect } from '../src/core/types';
import { bytesSource } from './source';
import { loadPdfjs } from './pdf/pdfjs-fallback';
import { PDFJS_OPEN_OPTIONS } from '../src/core/pdfjs-options';
import { insetRect, looksLikePdf, proofScale, rectToCanvas, renderPage } from './render-page';

// A 300 × 200 pt media box at (100, 50), trim 20 pt inside on the left/bottom, 10 pt on the right/top.
const MEDIA: Rect = [100, 50, 400, 250];
const TRIM: Rect = [120, 70, 390, 240];

async function viewportOf(rotate: number, opts: { crop?: Rect; userUnit?: number } = {}) {
  const doc = await PDFDocument.create();
  const page = doc.addPage([300, 200]);
  page.setMediaBox(MEDIA[0], MEDIA[1], MEDIA[2] - MEDIA[0], MEDIA[3] - MEDIA[1]);
  if (opts.crop) page.setCropBox(opts.crop[0], opts.crop[1], opts.crop[2] - opts.crop[0], opts.crop[3] - opts.crop[1]);
  page.setTrimBox(TRIM[0], TRIM[1], TRIM[2] - TRIM[0], TRIM[3] - TRIM[1]);
  page.setRotation(degrees(rotate));
  if (opts.userUnit) page.node.set(PDFName.of('UserUnit'), PDFNumber.of(opts.userUnit));
  const pdfjs = await loadPdfjs();
  const pdf = await pdfjs.getDocument({ ...PDFJS_OPEN_OPTIONS, data: await doc.save() }).promise;
  const p = await pdf.getPage(1);
  const base = p.getViewport({ scale: 1 });
  const vp = p.getViewport({ scale: proofScale(base.width, base.height, 600) });
  const out = { width: vp.width, height: vp.height, m: vp.transform as number[] };
  await pdf.destroy();
  return out;
}

const close = (a: number[], b: number[]) => a.forEach((v, i) => expect(v).toBeCloseTo(b[i]!, 6));

describe('proof transform', () => {
  it('rotation 0: origin moves to the media box corner, y flips', async () => {
    const { width, height, m } = await viewportOf(0);
    const s = 600 / 300;
    expect([width, height]).toEqual([600, 400]);
    // left 20 pt, top 10 pt, right 10 pt, bottom 20 pt from the page edges
    close(rectToCanvas(m, TRIM), [20 * s, 10 * s, 290 * s, 180 * s]);
  });

  it('rotation 90: the page turns clockwise (the left edge goes to the top)', async () => {
    const { width, height, m } = await viewportOf(90);
    const s = 600 / 300;
    expect([width, height]).toEqual([400, 600]);
    // x' = (y - 50) s, y' = (x - 100) s
    close(rectToCanvas(m, TRIM), [20 * s, 20 * s, 190 * s, 290 * s]);
  });

  it('rotation 180 and 270', async () => {
    const s = 2;
    const r180 = await viewportOf(180);
    expect([r180.width, r180.height]).toEqual([600, 400]);
    close(rectToCanvas(r180.m, TRIM), [10 * s, 20 * s, 280 * s, 190 * s]);
    const r270 = await viewportOf(270);
    expect([r270.width, r270.height]).toEqual([400, 600]);
    // x' = (250 - y) s, y' = (400 - x) s
    close(rectToCanvas(r270.m, TRIM), [10 * s, 10 * s, 180 * s, 280 * s]);
  });

  it('a crop box becomes the canvas; boxes outside it fall outside the canvas', async () => {
    const crop: Rect = [110, 60, 390, 240];
    const { width, height, m } = await viewportOf(0, { crop });
    const s = 600 / 280;
    expect(width).toBeCloseTo(600, 6);
    expect(height).toBeCloseTo(180 * s, 6);
    close(rectToCanvas(m, TRIM), [10 * s, 0, 280 * s, 170 * s]);
    close(rectToCanvas(m, MEDIA), [-10 * s, -10 * s, 290 * s, 190 * s]);
  });

  it('UserUnit scales the page, not the long side of the image', async () => {
    const { width, height, m } = await viewportOf(0, { userUnit: 2 });
    expect([width, height]).toEqual([600, 400]);
    close(rectToCanvas(m, TRIM), [40, 20, 580, 360]);
  });
});

describe('proof helpers', () => {
  it('insets a rectangle, never past its centre', () => {
    expect(insetRect([0, 0, 100, 50], 10)).toEqual([10, 10, 90, 40]);
    expect(insetRect([100, 50, 0, 0], 10)).toEqual([10, 10, 90, 40]);
    expect(insetRect([0, 0, 10, 10], 20)).toEqual([5, 5, 5, 5]);
  });

  it('pre-checks the bytes before pdf.js sees them', async () => {
    const doc = await PDFDocument.create();
    doc.addPage([100, 100]);
    const good = await doc.save();
    expect(await looksLikePdf(bytesSource(good))).toBe(true);
    // truncated: no trailer, pdf.js would try a slow reconstruction
    expect(await looksLikePdf(bytesSource(good.subarray(0, Math.floor(good.length / 2))))).toBe(false);
    expect(await looksLikePdf(bytesSource(new TextEncoder().encode('just some words, not artwork\n'.repeat(20))))).toBe(false);
    expect(await looksLikePdf(bytesSource(new Uint8Array(10)))).toBe(false);
  });

  it('answers render_unsupported where there is no OffscreenCanvas (Node), never throws', async () => {
    const r = await renderPage(new Blob([new Uint8Array([1, 2, 3])]), 1);
    expect(r).toMatchObject({ ok: false, error: { code: 'render_unsupported' } });
  });
});
