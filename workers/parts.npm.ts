// The lazily loaded inspection parts for the npm build. A store's bundler re-bundles our worker
// with its own settings; Vite's default (worker.format 'iife') cannot split, so every dynamic
// import would be inlined and each worker would start with pdf.js (1.8 MB). Here the parts are
// prebuilt, self-contained files next to the worker (dist/npm/chunks: inspect-pdf.js, pdfjs.js),
// named by `new URL('./…', import.meta.url)`, which Vite, webpack 5 and Rollup copy as assets,
// and loaded with an import() the bundler leaves alone.
type Parts = { inspectPdf: string; pdfjs: string };
const KEY = '__filecheckWorkerParts';
const scope = globalThis as { [KEY]?: Parts };

// The worker entry runs first and records the URLs the bundler gave the parts; a part loaded
// later carries its own copy of this module, which no bundler has seen, and finds them here.
scope[KEY] ??= {
  inspectPdf: new URL(/* @vite-ignore */ './inspect-pdf.js', import.meta.url).href,
  pdfjs: new URL(/* @vite-ignore */ './pdfjs.js', import.meta.url).href,
};
const parts = scope[KEY];

const load = <T>(url: string): Promise<T> => import(/* @vite-ignore */ /* webpackIgnore: true */ url);

export function loadPdfInspector(): Promise<typeof import('./pdf/inspect-pdf')> {
  return load(parts.inspectPdf);
}

export function loadPdfjsFallback(): Promise<typeof import('./pdf/pdfjs-fallback')> {
  return load(parts.pdfjs);
}

export function loadRenderPage(): Promise<typeof import('./render-page')> {
  return load(parts.pdfjs);
}
