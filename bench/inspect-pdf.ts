// Benchmark: time from a PDF on disk to facts + verdict, and how much of the file was read, for
// 1, 10, 100 and 1000 pages (one CMYK photo and a line of text per page), a 200-page 30 MB file
// (the issue's target: under 1 s reading under 5 %), and a 1 GB file (sparse: one huge image).
// Run: npx tsx bench/inspect-pdf.ts
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument, PDFName } from 'pdf-lib';
import { evaluateFile, fileOutcome } from '../src/core/evaluate';
import type { AcceptEntry, CheckRule } from '../src/core/types';
import { inspectPdf } from '../workers/pdf/inspect-pdf';
import { embeddedTrueType } from '../workers/pdf/test-fixtures';
import { fileSource } from '../workers/source-node';

const RUNS = 5;
const MM = 72 / 25.4;
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

function noise(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n);
  let x = seed * 2654435761 || 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 255;
  }
  return out;
}

/** An A4 document with bleed; each page has its own photo of `imageBytes` (incompressible) and text. */
async function build(pages: number, imageBytes: number): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const font = embeddedTrueType(doc); // a stand-in font program: inspection never parses it
  const w = 216 * MM;
  const h = 303 * MM;
  for (let i = 0; i < pages; i++) {
    const page = doc.addPage([w, h]);
    page.setTrimBox(3 * MM, 3 * MM, 210 * MM, 297 * MM);
    page.setBleedBox(0, 0, w, h);
    const photo = doc.context.register(
      doc.context.stream(noise(imageBytes, i + 1), { Type: 'XObject', Subtype: 'Image', Width: 2480, Height: 3508, ColorSpace: 'DeviceCMYK', BitsPerComponent: 8, Filter: 'DCTDecode' } as never),
    );
    const content = doc.context.register(doc.context.flateStream(`q ${w} 0 0 ${h} 0 0 cm /Im0 Do Q BT /F1 10 Tf 0 0 0 1 k 60 60 Td (Page ${i + 1}) Tj ET`));
    page.node.set(PDFName.of('Contents'), content);
    page.node.set(PDFName.of('Resources'), doc.context.obj({ XObject: { Im0: photo }, Font: { F1: font } }));
  }
  return doc.save({ useObjectStreams: true });
}

/** A 1 GB single-page PDF: a real structure around a 1 GB image stream left as a hole on disk. */
function writeSparseGigabyte(path: string): void {
  const imageLen = 1024 ** 3;
  const head = [
    '%PDF-1.6\n',
    '1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n',
    '2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n',
    '3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612.28 858.9] /TrimBox [8.5 8.5 603.78 850.4] /Contents 4 0 R /Resources << /XObject << /Im0 5 0 R >> >> >>\nendobj\n',
    '4 0 obj\n<< /Length 40 >>\nstream\nq 612.28 0 0 858.9 0 0 cm /Im0 Do Q    \nendstream\nendobj\n',
  ];
  const offsets: number[] = [];
  let pos = 0;
  for (const part of head) {
    offsets.push(pos);
    pos += part.length;
  }
  const imgHead = `5 0 obj\n<< /Type /XObject /Subtype /Image /Width 20000 /Height 13400 /ColorSpace /DeviceCMYK /BitsPerComponent 8 /Filter /DCTDecode /Length ${imageLen} >>\nstream\n`;
  offsets.push(pos);
  pos += imgHead.length;
  const afterImage = pos + imageLen;
  let tail = '\nendstream\nendobj\n';
  const xrefAt = afterImage + tail.length;
  tail += `xref\n0 6\n0000000000 65535 f \n${offsets.slice(1).map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  tail += `trailer\n<< /Size 6 /Root 1 0 R >>\nstartxref\n${xrefAt}\n%%EOF\n`;
  writeFileSync(path, head.join('') + imgHead);
  const fd = openSync(path, 'r+');
  writeSync(fd, tail, afterImage);
  closeSync(fd);
}

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
    writeFileSync(path, await build(pages, imageBytes));
    cases.push({ label: `${pages}`, path });
  }
  const gb = join(dir, 'one-gigabyte.pdf');
  writeSparseGigabyte(gb);
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
