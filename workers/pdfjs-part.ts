// The npm build's pdf.js part: the fallback, the page renderer and pdf.js itself in one file
// (see parts.npm.ts).
export * from './pdf/pdfjs-fallback';
export * from './render-page';
