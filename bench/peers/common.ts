// What the three parts of bench/peers.ts share: the PDFs every part measures, and the run settings.
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pdfWithPages } from '../pdf-fixtures';

export const ROOT = resolve(import.meta.dirname, '../..');
export const MB = 1024 * 1024;
/** BENCH_QUICK=1: fewer runs and only the 10 MB uploads. */
export const QUICK = process.env.BENCH_QUICK === '1';
export const RUNS = QUICK ? 3 : 5;
export const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

export interface PdfCase {
  label: string;
  pages: number;
  path: string;
  size: number;
}

export async function makePdfs(work: string): Promise<PdfCase[]> {
  const cases: PdfCase[] = [];
  for (const [pages, imageBytes, label] of [
    [1, 30_000, '1 page'],
    [100, 30_000, '100 pages'],
    [1000, 30_000, '1,000 pages'],
    [200, 150_000, '200 pages with images'],
  ] as const) {
    const bytes = await pdfWithPages(pages, imageBytes);
    const path = join(work, `peer-${pages}-${imageBytes}.pdf`);
    writeFileSync(path, bytes);
    cases.push({ label, pages, path, size: bytes.length });
  }
  return cases;
}
