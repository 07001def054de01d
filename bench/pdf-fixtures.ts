// PDFs the benchmarks measure (Node and Chromium alike), made on the fly: many pages with their
// own incompressible photo each, text-heavy pages, and a 1 GB file whose image stream is a hole on disk.
import { closeSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { PDFDocument, PDFName } from 'pdf-lib';
import sharp from 'sharp';
import { embeddedTrueType } from '../workers/pdf/test-fixtures';

const MM = 72 / 25.4;

/** Deterministic incompressible bytes (xorshift). */
export function noise(n: number, seed: number): Uint8Array {
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

let smallJpeg: Promise<Uint8Array> | null = null;

/**
 * A real CMYK JPEG of a quarter of the declared size (decoders scale it to the dictionary's
 * 2480 × 3508): each page's photo starts with it and is padded with noise to `imageBytes`, so
 * the file is as big as before and renderers see a valid image. Noise alone under DCTDecode kept
 * pdf.js's JPEG decoder busy for over 20 s a page, and the widget's page-1 preview of the last
 * file then took a core from the next file's timed inspection.
 */
function photoHead(): Promise<Uint8Array> {
  smallJpeg ??= sharp({ create: { width: 620, height: 877, channels: 3, background: { r: 200, g: 120, b: 40 } } })
    .toColourspace('cmyk')
    .jpeg({ quality: 70 })
    .toBuffer()
    .then((b) => new Uint8Array(b));
  return smallJpeg;
}

/** `imageBytes` of a page's photo: the valid JPEG, then incompressible noise after its end. */
async function photoBytes(imageBytes: number, seed: number): Promise<Uint8Array> {
  const head = await photoHead();
  const out = noise(Math.max(imageBytes, head.length), seed);
  out.set(head, 0);
  return out;
}

/** An A4 document with 3 mm bleed; each page has its own CMYK photo of `imageBytes` (incompressible) and text. */
export async function pdfWithPages(pages: number, imageBytes: number): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const font = embeddedTrueType(doc);
  const w = 216 * MM;
  const h = 303 * MM;
  for (let i = 0; i < pages; i++) {
    const page = doc.addPage([w, h]);
    page.setTrimBox(3 * MM, 3 * MM, 210 * MM, 297 * MM);
    page.setBleedBox(0, 0, w, h);
    const photo = doc.context.register(
      doc.context.stream(await photoBytes(imageBytes, i + 1), { Type: 'XObject', Subtype: 'Image', Width: 2480, Height: 3508, ColorSpace: 'DeviceCMYK', BitsPerComponent: 8, Filter: 'DCTDecode' } as never),
    );
    const content = doc.context.register(doc.context.flateStream(`q ${w} 0 0 ${h} 0 0 cm /Im0 Do Q BT /F1 10 Tf 0 0 0 1 k 60 60 Td (Page ${i + 1}) Tj ET`));
    page.node.set(PDFName.of('Contents'), content);
    page.node.set(PDFName.of('Resources'), doc.context.obj({ XObject: { Im0: photo }, Font: { F1: font } }));
  }
  return doc.save({ useObjectStreams: true });
}

/**
 * An A4 document of text-heavy pages: each page's content stream is about 20 KB compressed (3,000
 * text moves and strings from noise), far longer than the head of each object a reader reads
 * ahead, so its reader must take the rest from what it streamed rather than read it again.
 */
export async function textHeavyPdf(pages: number): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const font = embeddedTrueType(doc);
  for (let i = 0; i < pages; i++) {
    const page = doc.addPage([210 * MM, 297 * MM]);
    const r = noise(12_000, i + 1);
    const ops = ['BT /F1 9 Tf'];
    for (let k = 0; k < r.length; k += 4) ops.push(`${r[k]} ${r[k + 1]} Td (${r[k + 2]}x${r[k + 3]}) Tj`);
    ops.push('ET');
    page.node.set(PDFName.of('Contents'), doc.context.register(doc.context.flateStream(ops.join(' '))));
    page.node.set(PDFName.of('Resources'), doc.context.obj({ Font: { F1: font } }));
  }
  return doc.save({ useObjectStreams: true });
}

/** A 1 GB single-page PDF: a real structure around a 1 GB image stream left as a hole on disk. */
export function sparseGigabytePdf(path: string): number {
  const imageLen = 1024 ** 3;
  const head = [
    '%PDF-1.6\n',
    '1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n',
    '2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n',
    '3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612.28 858.9] /TrimBox [8.5 8.5 603.78 850.4] /BleedBox [0 0 612.28 858.9] /Contents 4 0 R /Resources << /XObject << /Im0 5 0 R >> >> >>\nendobj\n',
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
  return afterImage + tail.length;
}

/** A business card (91 × 61 mm) with a photo-sized noisy JPEG, so the server's inspector has real work to do. */
export async function makeCard(seed: number): Promise<Buffer> {
  const noisy = Buffer.alloc(900 * 600 * 3);
  for (let i = 0; i < noisy.length; i++) noisy[i] = (i * 2654435761 + seed * 97) >>> 24;
  const jpg = await sharp(noisy, { raw: { width: 900, height: 600, channels: 3 } }).jpeg({ quality: 90 }).toBuffer();
  const doc = await PDFDocument.create();
  const page = doc.addPage([91 * MM, 61 * MM]);
  page.drawImage(await doc.embedJpg(jpg), { x: 0, y: 0, width: 91 * MM, height: 61 * MM });
  return Buffer.from(await doc.save());
}
