// Benchmark: time from a PDF on disk to facts + verdict, and how much of the file was read, for
// 1, 10, 100 and 1000 pages (one CMYK photo and a line of text per page), a 200-page 30 MB file
// (the target: under 1 s reading under 5 %), and a 1 GB file (sparse: one huge image).
// Run: npx tsx bench/inspect-pdf.ts
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { evaluateFile, fileOutcome } from '../src/core/evaluate';
import type { AcceptEntry, CheckRule } from '../src/core/types';
import { inspectPdf } from '../workers/pdf/inspect-pdf';
import { pdfWithPages, sparseGigabytePdf } from './pdf-fixtures';
import { fileSource } from '../workers/source-node';

const RUNS = 5;
const rule = (target: Record<string, unknown> = {}): CheckRule => ({ enabled: true, severity: 'reject', target });

const entry: AcceptEntry = {
  kind: 'pdf',
  mimeTypes: ['application/pdf'],
  extensions: ['pdf'],
  convertToPdf: false,
  onFail: 'reject',
  preflight: {
    enabled: true,
    profile: {
      sections: {
        geometry: { enabled: true, rules: { 'geom.page_size': rule({ allowed: [{ width_mm: 210, height_mm: 297 }] }), 'geom.bleed.required': rule({ required_mm: 3 }), 'geom.page_count': rule({ max: 2000 }) } },
        text: { enabled: true, rules: { 'text.fonts_embedded': rule() } },
        images: { enabled: true, rules: { 'image.min_resolution_dpi': rule({ min_dpi: 150 }) } },
        color: { enabled: true, rules: { 'color.mode': rule({ allowed: ['cmyk'] }), 'color.spot_colors': rule({ max_count: 1 }) } },
        structure: { enabled: true, rules: { 'struct.transparency': rule(), 'struct.javascript': rule() } },
      },
    },
  },
};

async function measure(path: string): Promise<{ ms: number; bytesRead: number; size: number; outcome: string; pages: number }> {
  const times: number[] = [];
  let last = { bytesRead: 0, size: 0, outcome: '', pages: 0 };
  for (let r = -1; r < RUNS; r++) {
    const src = await fileSource(path);
    const t0 = performance.now();
    const facts = await inspectPdf(src, { pdfjs: null });
    const outcome = fileOutcome(evaluateFile(facts, entry));
    if (r >= 0) times.push(performance.now() - t0); // run -1 warms up the JIT
    last = { bytesRead: src.bytesRead, size: src.size, outcome, pages: facts.pdf!.pageCount };
    await src.close();
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(times.length / 2)]!, ...last };
}

const mb = (n: number) => (n >= 1024 ** 2 ? `${(n / 1024 ** 2).toFixed(1)} MB` : `${(n / 1024).toFixed(1)} KB`);

const dir = mkdtempSync(join(tmpdir(), 'bench-pdf-'));
try {
  const cases: { label: string; path: string }[] = [];
  for (const [pages, imageBytes] of [
    [1, 30_000],
    [10, 30_000],
    [100, 30_000],
    [1000, 30_000],
    [200, 150_000],
  ] as const) {
    const path = join(dir, `${pages}-${imageBytes}.pdf`);
    writeFileSync(path, await pdfWithPages(pages, imageBytes));
    cases.push({ label: `${pages}`, path });
  }
  const gb = join(dir, 'one-gigabyte.pdf');
  sparseGigabytePdf(gb);
  cases.push({ label: '1 (1 GB image)', path: gb });

  const rows = [['pages', 'file size', 'facts+verdict (median ms)', 'bytes read', '% of file read', 'verdict']];
  for (const c of cases) {
    const m = await measure(c.path);
    rows.push([c.label, mb(m.size), m.ms.toFixed(1), mb(m.bytesRead), ((100 * m.bytesRead) / m.size).toFixed(3), m.outcome]);
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  for (const [i, r] of rows.entries()) {
    console.log(r.map((cell, k) => cell.padEnd(widths[k]!)).join(' | '));
    if (i === 0) console.log(widths.map((n) => '-'.repeat(n)).join('-|-'));
  }
  console.log(`\nNode ${process.version}, median of ${RUNS} runs after a warm-up, file on local disk read through fileSource (range reads), pdf.js not used.`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
