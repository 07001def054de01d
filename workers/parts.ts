// The inspection code that loads only when a file needs it: the PDF reader for PDFs, pdf.js for
// the reader's fallback and for proofs. Plain dynamic imports for Node, the source build and the
// script-tag chunks; the npm build swaps this file for parts.npm.ts (see scripts/build.mjs).
export function loadPdfInspector(): Promise<typeof import('./pdf/inspect-pdf')> {
  return import('./pdf/inspect-pdf');
}

export function loadPdfjsFallback(): Promise<typeof import('./pdf/pdfjs-fallback')> {
  return import('./pdf/pdfjs-fallback');
}

export function loadRenderPage(): Promise<typeof import('./render-page')> {
  return import('./render-page');
}
