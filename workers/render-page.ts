// Soft-proof page renders, made in the worker: pdf.js draws the page on an OffscreenCanvas, then
// we draw the print marks on top (trim: solid, bleed: dashed, safe zone: dotted) and highlight
// each finding's boxes. The result is a small image Blob plus its size.
//
// Coordinates: boxes arrive in PDF user space (points, origin bottom-left, y up), as the object
// reader and the checks report them. pdf.js's viewport transform maps user space to canvas pixels
// with the page's rotation, the CropBox∩MediaBox origin and UserUnit applied; the same transform
// is used for the page and the marks, so they cannot drift apart.
//
// A proof is a nicety: every failure is a plain `{ ok: false }` reply, never an exception, and it
// never touches the verdict. pdf.js can hang on hostile files: the pool runs this under its
// watchdog (a stuck worker is terminated), and we add our own timeout and cheap pre-checks.
import type { Rect } from '../src/core/types';
import { blobSource, type ByteSource } from './source';
import { loadPdfjs, openDocument } from './pdf/pdfjs-fallback';
import { PDFJS_RENDER_OPTIONS } from '../src/core/pdfjs-options';
import { PROOF_STYLE, type MarkStyle } from '../src/core/proof-style';

/** What to draw over the page, all in PDF user-space points of that page. */
export interface ProofOverlay {
  /** TrimBox: a solid line. */
  trim?: Rect;
  /** BleedBox: a dashed line. */
  bleed?: Rect;
  /** Safe zone: a dotted line this many millimetres inside the trim (or the page when no trim). */
  safeMm?: number;
  /** Finding boxes: semi-transparent red fill with an outline. */
  boxes?: Rect[];
}

export interface RenderPageOptions {
  /** Long side of the image in pixels (default 800, at most 2400). */
  maxPx?: number;
  overlay?: ProofOverlay;
  /** Output type; PNG keeps the marks' colours exact (default), WebP is smaller. */
  type?: 'image/png' | 'image/webp';
  /** Own timeout for pdf.js (the pool's watchdog is the backstop). */
  timeoutMs?: number;
  /**
   * Names the file across calls (a Blob sent to a worker arrives as a new object with every call):
   * same key, same bytes (the pool's promise). Lets page 1 be drawn once for preview and proof.
   */
  fileKey?: string;
}

export type RenderErrorCode =
  | 'render_unsupported' // no OffscreenCanvas here (Node), or not a PDF
  | 'render_failed' // pdf.js could not open or draw the page
  | 'render_no_page' // page number out of range
  | 'render_timeout' // our timeout or the pool's watchdog
  | 'render_aborted'; // set by the pool: not needed any more

export type RenderPageReply =
  | { ok: true; blob: Blob; width: number; height: number; page: number; pageCount: number }
  | { ok: false; error: { code: RenderErrorCode; message: string } };

export const DEFAULT_PROOF_PX = 800;
const MAX_PROOF_PX = 2400;

// The mark styles (colours, widths, dashes) have one home, shared with the proof's legend.
export { PROOF_STYLE };

type Matrix = [number, number, number, number, number, number];

/** Apply an affine transform [a b c d e f] to a point. */
export function applyMatrix(m: Matrix | number[], x: number, y: number): [number, number] {
  return [m[0]! * x + m[2]! * y + m[4]!, m[1]! * x + m[3]! * y + m[5]!];
}

/** A PDF user-space rectangle in canvas pixels, normalised to [left, top, right, bottom]. */
export function rectToCanvas(m: Matrix | number[], r: Rect): Rect {
  const [x0, y0] = applyMatrix(m, r[0], r[1]);
  const [x1, y1] = applyMatrix(m, r[2], r[3]);
  return [Math.min(x0, x1), Math.min(y0, y1), Math.max(x0, x1), Math.max(y0, y1)];
}

/** Shrink a rectangle by d on every side (never past its centre). */
export function insetRect(r: Rect, d: number): Rect {
  const x0 = Math.min(r[0], r[2]), x1 = Math.max(r[0], r[2]);
  const y0 = Math.min(r[1], r[3]), y1 = Math.max(r[1], r[3]);
  const dx = Math.min(d, (x1 - x0) / 2), dy = Math.min(d, (y1 - y0) / 2);
  return [x0 + dx, y0 + dy, x1 - dx, y1 - dy];
}

/** Scale so that the page's long side (at scale 1, userUnit applied) becomes maxPx. */
export function proofScale(width: number, height: number, maxPx: number): number {
  const long = Math.max(width, height);
  return long > 0 ? maxPx / long : 1;
}

/** Cheap structural pre-check: pdf.js recovery on a file that is no PDF can take very long. */
export async function looksLikePdf(src: ByteSource): Promise<boolean> {
  if (src.size < 32) return false;
  const head = new TextDecoder('latin1').decode(await src.read(0, Math.min(1024, src.size)));
  if (!head.includes('%PDF-')) return false;
  const tailLen = Math.min(src.size, 2048);
  const tail = new TextDecoder('latin1').decode(await src.read(src.size - tailLen, tailLen));
  return tail.includes('startxref') || tail.includes('%%EOF');
}

// --- pdf.js plumbing for a worker: no document, so canvases are OffscreenCanvas and no SVG filters.

class OffscreenCanvasFactory {
  constructor(_opts?: unknown) {}
  create(width: number, height: number) {
    if (width <= 0 || height <= 0) throw new Error('Invalid canvas size');
    const canvas = new OffscreenCanvas(width, height);
    return { canvas, context: canvas.getContext('2d', { willReadFrequently: true }) };
  }
  reset(entry: { canvas: OffscreenCanvas | null }, width: number, height: number) {
    if (!entry.canvas) throw new Error('Canvas is not specified');
    if (width <= 0 || height <= 0) throw new Error('Invalid canvas size');
    entry.canvas.width = width;
    entry.canvas.height = height;
  }
  destroy(entry: { canvas: OffscreenCanvas | null; context: unknown }) {
    if (!entry.canvas) throw new Error('Canvas is not specified');
    entry.canvas.width = entry.canvas.height = 0;
    entry.canvas = null;
    entry.context = null;
  }
}

class NoFilterFactory {
  constructor(_opts?: unknown) {}
  addFilter() { return 'none'; }
  addHCMFilter() { return 'none'; }
  addAlphaFilter() { return 'none'; }
  addLuminosityFilter() { return 'none'; }
  addHighlightHCMFilter() { return 'none'; }
  destroy() {}
}

type LoadingTask = Awaited<ReturnType<typeof openDocument>>;
type PdfDoc = Awaited<LoadingTask['promise']>;
type PdfPage = Awaited<ReturnType<PdfDoc['getPage']>>;

// One open document at a time, for the calls that pass the same Blob object (in a worker, a
// Blob posted with each call arrives as a new object: such calls open the file again, which also
// lets go of what pdf.js loaded for the last page; see firstPage).
let cached: { blob: Blob; task: LoadingTask; doc: Promise<PdfDoc> } | null = null;

/**
 * Page 1 of one file as pdf.js drew it, without marks, by the file's `fileKey`. A PDF row's
 * preview and its proof both show page 1, one right after the other in the preview lane; pdf.js
 * decodes every image of a page again for each drawing (for an A4 photo at 300 dpi, about half a
 * second of one core on the benchmark machine), so page 1 is drawn once, at least at proof size,
 * and the other picture is made from that drawing. One bitmap at most (800 px: under 4 MB).
 * The document itself is not kept across calls: measured on the 1 GB benchmark PDF, a document
 * kept open for the proof's pages held on to what pdf.js had loaded (the tab grew 98 MB instead
 * of 49 MB by the end of the pictures).
 */
let firstPage: { key: string; bitmap: ImageBitmap } | null = null;

function dropFirstPage(): void {
  firstPage?.bitmap.close();
  firstPage = null;
}

async function openCached(blob: Blob): Promise<PdfDoc> {
  if (cached?.blob === blob) return cached.doc;
  if (cached) void cached.task.destroy();
  const pdfjs = await loadPdfjs();
  const task = await openDocument(pdfjs, blobSource(blob), { ...PDFJS_RENDER_OPTIONS, CanvasFactory: OffscreenCanvasFactory, FilterFactory: NoFilterFactory });
  const entry = { blob, task, doc: task.promise };
  cached = entry;
  entry.doc.catch(() => {
    if (cached === entry) cached = null;
  });
  return entry.doc;
}

/** Forget the open document (tests; a worker that is reused for other files). */
export async function closeRenderCache(): Promise<void> {
  dropFirstPage();
  const c = cached;
  cached = null;
  if (c) await c.task.destroy().catch(() => undefined);
}

function stroke(ctx: OffscreenCanvasRenderingContext2D, r: Rect, style: MarkStyle) {
  ctx.save();
  ctx.strokeStyle = style.color;
  ctx.lineWidth = style.width;
  ctx.setLineDash([...style.dash]);
  ctx.strokeRect(r[0], r[1], r[2] - r[0], r[3] - r[1]);
  ctx.restore();
}

/** Draw the marks of `overlay` with the page transform `m` (user space → canvas pixels). */
export function drawOverlay(ctx: OffscreenCanvasRenderingContext2D, m: number[], overlay: ProofOverlay, page: { view: Rect; userUnit: number }): void {
  const S = PROOF_STYLE;
  for (const box of overlay.boxes ?? []) {
    const r = rectToCanvas(m, box);
    // a zero-area box (a point, a line) still shows: at least 4 px
    const w = Math.max(4, r[2] - r[0]), h = Math.max(4, r[3] - r[1]);
    ctx.save();
    ctx.fillStyle = S.finding.color;
    ctx.globalAlpha = S.finding.fillOpacity;
    ctx.fillRect(r[0], r[1], w, h);
    ctx.globalAlpha = 1;
    ctx.strokeStyle = S.finding.color;
    ctx.lineWidth = S.finding.width;
    ctx.strokeRect(r[0], r[1], w, h);
    ctx.restore();
  }
  if (overlay.bleed) stroke(ctx, rectToCanvas(m, overlay.bleed), S.bleed);
  if (overlay.trim) stroke(ctx, rectToCanvas(m, overlay.trim), S.trim);
  if (overlay.safeMm && overlay.safeMm > 0) {
    const inset = (overlay.safeMm * 72) / 25.4 / (page.userUnit || 1);
    stroke(ctx, rectToCanvas(m, insetRect(overlay.trim ?? page.view, inset)), S.safe);
  }
}

function fail(code: RenderErrorCode, message: string): RenderPageReply {
  return { ok: false, error: { code, message } };
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T | 'timeout'> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return Promise.race([p, new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), ms)))]).finally(() => clearTimeout(timer));
}

/** pdf.js draws `page` on a white `ctx` whose canvas has the viewport's size. */
async function drawPage(page: PdfPage, ctx: OffscreenCanvasRenderingContext2D, viewport: ReturnType<PdfPage['getViewport']>): Promise<void> {
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, ctx.canvas.width, ctx.canvas.height);
  await page.render({
    canvasContext: ctx as unknown as CanvasRenderingContext2D,
    canvas: ctx.canvas as unknown as HTMLCanvasElement,
    viewport,
    background: '#ffffff',
  }).promise;
}

/**
 * Page 1 of the file `key` drawn with its long side at least `px` (see firstPage): the kept
 * drawing when it is that big, else a new one, kept.
 */
async function firstPageAtLeast(key: string, page: PdfPage, base: { width: number; height: number }, px: number): Promise<ImageBitmap> {
  if (firstPage?.key === key && Math.max(firstPage.bitmap.width, firstPage.bitmap.height) >= px) return firstPage.bitmap;
  const viewport = page.getViewport({ scale: proofScale(base.width, base.height, px) });
  const canvas = new OffscreenCanvas(Math.max(1, Math.round(viewport.width)), Math.max(1, Math.round(viewport.height)));
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('No 2D canvas here.');
  await drawPage(page, ctx, viewport);
  const bitmap = canvas.transferToImageBitmap();
  dropFirstPage();
  firstPage = { key, bitmap };
  return bitmap;
}

/** Render one page (1-based) of a PDF with the proof marks. Never throws. */
export async function renderPage(blob: Blob, pageNumber: number, opts: RenderPageOptions = {}): Promise<RenderPageReply> {
  if (typeof OffscreenCanvas !== 'function') return fail('render_unsupported', 'No OffscreenCanvas here.');
  const maxPx = Math.max(16, Math.min(MAX_PROOF_PX, Math.round(Number.isFinite(opts.maxPx) ? opts.maxPx! : DEFAULT_PROOF_PX)));
  const timeoutMs = opts.timeoutMs ?? 15_000;
  try {
    if (!(await looksLikePdf(blobSource(blob)))) return fail('render_unsupported', 'Not a readable PDF.');
  } catch (err) {
    return fail('render_failed', (err as Error)?.message ?? String(err));
  }
  const work = async (): Promise<RenderPageReply> => {
    const doc = await openCached(blob);
    const n = Math.floor(pageNumber);
    if (!(n >= 1 && n <= doc.numPages)) return fail('render_no_page', `No page ${pageNumber} (the file has ${doc.numPages}).`);
    const page = await doc.getPage(n);
    try {
      const base = page.getViewport({ scale: 1 });
      const viewport = page.getViewport({ scale: proofScale(base.width, base.height, maxPx) });
      const width = Math.max(1, Math.round(viewport.width));
      const height = Math.max(1, Math.round(viewport.height));
      const canvas = new OffscreenCanvas(width, height);
      const ctx = canvas.getContext('2d');
      if (!ctx) return fail('render_unsupported', 'No 2D canvas here.');
      const drawn = n === 1 && opts.fileKey ? await firstPageAtLeast(opts.fileKey, page, base, Math.max(maxPx, DEFAULT_PROOF_PX)) : null;
      if (drawn && drawn.width >= width) {
        ctx.imageSmoothingQuality = 'high';
        ctx.drawImage(drawn, 0, 0, width, height);
      } else {
        await drawPage(page, ctx, viewport);
      }
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      drawOverlay(ctx, viewport.transform, opts.overlay ?? {}, { view: page.view as Rect, userUnit: page.userUnit || 1 });
      const type = opts.type ?? 'image/png';
      let out = await canvas.convertToBlob(type === 'image/webp' ? { type, quality: 0.85 } : { type });
      if (out.type !== type && out.type !== 'image/png') out = await canvas.convertToBlob({ type: 'image/png' });
      return { ok: true, blob: out, width, height, page: n, pageCount: doc.numPages };
    } finally {
      page.cleanup();
    }
  };
  try {
    const r = await withTimeout(work(), timeoutMs);
    if (r === 'timeout') {
      await closeRenderCache();
      return fail('render_timeout', `The page did not render within ${Math.round(timeoutMs / 1000)} s.`);
    }
    return r;
  } catch (err) {
    await closeRenderCache();
    return fail('render_failed', (err as Error)?.message ?? String(err));
  }
}
