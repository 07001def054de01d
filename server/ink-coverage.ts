// Total area coverage (C+M+Y+K) of a PDF's pages, measured from a CMYK rendering made by
// Ghostscript (pamcmyk32 device: one 8-bit CMYK PAM per page) in a separate process with a time
// limit. Node only: the server's verification and the CLI; the browser cannot render separations,
// so there the check says it runs after upload. Why Ghostscript rather than pdf.js in Node: pdf.js
// renders to RGB, so C+M+Y+K would have to be guessed back from RGB; Ghostscript renders the
// file's own CMYK and converts RGB with its default profiles, which is what a RIP does.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PdfInkCoverage, PdfPageFacts, Rect } from '../src/core/types';

export interface InkCoverageOptions {
  /** Rendering resolution (pixels per inch). 36 dpi: one pixel is 0.7 mm, finer than any ink limit needs. */
  dpi?: number;
  /** Pages rendered (the first ones); the check says when a document has more. */
  maxPages?: number;
  timeoutMs?: number;
  /** Ghostscript executable. */
  gs?: string;
}

/** Renders the first pages and returns each page's highest C+M+Y+K (in %) and where it is. */
export async function measureInkCoverage(path: string, pages: Pick<PdfPageFacts, 'page' | 'boxes' | 'rotate' | 'userUnit'>[], opts: InkCoverageOptions = {}): Promise<PdfInkCoverage | { error: string }> {
  const dpi = opts.dpi ?? 36;
  const count = Math.min(pages.length, opts.maxPages ?? 50);
  if (count === 0) return { dpi, pages: [], pagesMeasured: 0 };
  const dir = await mkdtemp(join(tmpdir(), 'filecheck-ink-'));
  try {
    const args = ['-q', '-dSAFER', '-dBATCH', '-dNOPAUSE', '-sDEVICE=pamcmyk32', `-r${dpi}`, '-dFirstPage=1', `-dLastPage=${count}`, `-sOutputFile=${join(dir, 'p%05d.pam')}`, '--', path];
    const err = await new Promise<string | null>((resolve) => {
      execFile(opts.gs ?? 'gs', args, { timeout: opts.timeoutMs ?? 30_000, killSignal: 'SIGKILL', maxBuffer: 1024 * 1024 }, (e, _out, stderr) => {
        if (!e) return resolve(null);
        const code = (e as { code?: unknown }).code;
        resolve(code === 'ENOENT' ? 'Ghostscript (gs) is not installed' : e.killed ? 'rendering took too long' : `rendering failed: ${String(stderr).trim().split('\n')[0] ?? e.message}`);
      });
    });
    if (err) return { error: err };
    const files = (await readdir(dir)).filter((f) => f.endsWith('.pam')).sort();
    if (files.length < count) return { error: `rendering made ${files.length} of ${count} pages` };
    const out: PdfInkCoverage['pages'] = [];
    for (let i = 0; i < count; i++) out.push(pageCoverage(await readFile(join(dir, files[i]!)), pages[i]!, dpi));
    return { dpi, pages: out, pagesMeasured: count };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Highest C+M+Y+K of one rendered page, and the box of the pixels within 1 % of it (PDF points). */
export function pageCoverage(pam: Uint8Array, page: Pick<PdfPageFacts, 'page' | 'boxes' | 'rotate' | 'userUnit'>, dpi: number): PdfInkCoverage['pages'][number] {
  const header = Buffer.from(pam.subarray(0, Math.min(pam.length, 256))).toString('latin1');
  const end = header.indexOf('ENDHDR\n');
  const num = (k: string) => Number(new RegExp(`${k} (\\d+)`).exec(header)?.[1] ?? NaN);
  const w = num('WIDTH');
  const h = num('HEIGHT');
  if (end < 0 || num('DEPTH') !== 4 || !(w > 0 && h > 0)) throw new Error('unexpected rendering format');
  const data = pam.subarray(end + 7);
  let max = 0;
  for (let i = 0; i + 3 < data.length; i += 4) {
    const s = data[i]! + data[i + 1]! + data[i + 2]! + data[i + 3]!;
    if (s > max) max = s;
  }
  const maxPercent = Math.round((max / 255) * 1000) / 10;
  if (max === 0) return { page: page.page, maxPercent };
  // where it is: the pixels within 1 % of the maximum; mapped to PDF space on unrotated pages
  let x0 = w, y0 = h, x1 = -1, y1 = -1;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = (y * w + x) * 4;
      if (data[i]! + data[i + 1]! + data[i + 2]! + data[i + 3]! >= max - 10) {
        if (x < x0) x0 = x;
        if (x > x1) x1 = x;
        if (y < y0) y0 = y;
        if (y > y1) y1 = y;
      }
    }
  }
  if (page.rotate % 360 !== 0 || x1 < 0) return { page: page.page, maxPercent };
  const k = 72 / dpi / (page.userUnit || 1);
  const m = page.boxes.media;
  const rect: Rect = [m[0] + x0 * k, m[3] - (y1 + 1) * k, m[0] + (x1 + 1) * k, m[3] - y0 * k].map((v) => Math.round(v * 100) / 100) as Rect;
  return { page: page.page, maxPercent, rect };
}
