// How we open a PDF with pdf.js, one home for every caller: the inspection fallback
// (workers/pdf/pdfjs-fallback.ts), the proof and thumbnail renderer (workers/render-page.ts) and
// the tests that read files with pdf.js. Pure data: no DOM, no I/O (pdf.js itself loads elsewhere).

/** Bytes pdf.js asks for at a time, and what we hand it up front. */
export const PDFJS_RANGE_CHUNK = 65536;

/**
 * The getDocument options every open uses. Hostile files are the norm here: pdf.js never evaluates
 * code from the file, never injects fonts into the page, never fetches anything by itself (bytes
 * come by range from our own source), never reads ahead of what it needs, and reports damage as
 * warnings (we judge the file ourselves) without logging them.
 */
export const PDFJS_OPEN_OPTIONS = {
  rangeChunkSize: PDFJS_RANGE_CHUNK,
  disableAutoFetch: true,
  disableStream: true,
  isEvalSupported: false,
  disableFontFace: true,
  useWorkerFetch: false,
  useSystemFonts: false,
  stopAtErrors: false,
  verbosity: 0,
} as const;

/**
 * Rendering adds: a preview is at most a few hundred pixels wide, but pdf.js decodes placed images
 * at full size, so cap what it decodes (12 MP ≈ 48 MB of RGBA) and a poster's photo cannot blow the
 * tab's memory budget. Bigger images are left out of the picture (the checks still judge them).
 */
export const PDFJS_RENDER_OPTIONS = {
  isOffscreenCanvasSupported: true,
  maxImageSize: 12_000_000,
  // The largest canvas pdf.js may assume, given rather than probed: unset, pdf.js 5 tries a
  // canvas of an image's full size before drawing it (for an A4 photo at 300 dpi, 35 MB of pixels
  // allocated and read back), and its rounding makes it try again for every such image. Measured
  // in Chromium on pages with such a photo: the probe was a sixth of the preview worker's CPU time
  // (1.14 of 7.2 s in a profile), and a row's preview and proof pages were shown 2.12 instead of
  // 2.50 s after the verdict (medians, 4 interleaved rounds). No image over maxImageSize is drawn,
  // so none needs more than this.
  canvasMaxAreaInBytes: 12_000_000 * 4,
} as const;
