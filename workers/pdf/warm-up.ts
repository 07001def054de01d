// A practice run of the PDF reader while the customer is still choosing a file. The reader's code
// starts cold in a new worker: V8 runs it in its interpreter and compiles the hot parts during the
// first files, on the same two cores that read the file (in Chromium, 60–120 ms of background
// compiling per 200-page file during the first seven files, 30–50 after). So `warm` (the pointer on
// the drop zone) runs the reader over this small made-up PDF, through the same Blob path a dropped
// file takes: range reads, the read-ahead's streams of slices (close and far apart), a Flate content
// stream per page, an embedded font and a CMYK photo per page (no object streams).
// Measured in Chromium (2026-12-07, fresh pages, the pointer rested 1 s, then the benchmark's
// 200-page PDF; three A/Bs of 6, 8 and 10 interleaved pages against the build without it): the first
// file's verdict 315 → 238, 316 → 257 and 265 → 227 ms (medians); the second file 190 → 220,
// 225 → 257 and 195 → 198 ms (the compiling the practice started, partly paid there); the warm
// medians of the quick step unchanged (4 rounds of 7: 200 pages 152.2 → 149.0 ms, text-heavy
// 1,147 → 1,151 ms). A 40-page PDF judged in the widget first had taken the first file 287 → 228.
// Once per worker, and only until a customer's file arrives: `signal` (aborted by the first file)
// stops it at its next read or stream, so it never competes with one. It never falls back to
// pdf.js, and what it finds is thrown away.
import type { FileFacts } from '../../src/core/types';
import { blobSource, type ByteSource } from '../source';
// inspect-pdf.ts exports practise from here: a cycle of function declarations only, used after both load
import { inspectPdf, type InspectPdfOptions } from './inspect-pdf';

/** Pages of the practice PDF: enough for the page walk's code to be compiled (40 did, in the probe). */
export const WARM_UP_PAGES = 48;

/** The photos' sample bytes: every other one far enough apart for the read-ahead to slice past it. */
const NEAR_PHOTO = 6 * 1024;
const FAR_PHOTO = 80 * 1024;

/** A string's characters as bytes (the opposite of objects.ts's `latin1`). */
const bytesOf = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0) & 0xff);

async function deflate(text: string): Promise<Uint8Array> {
  const out = new Blob([bytesOf(text) as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new CompressionStream('deflate'));
  return new Uint8Array(await new Response(out).arrayBuffer());
}

/** The practice PDF: A4 pages with 3 mm bleed, each with a CMYK photo and a line of text in an embedded font. */
export async function warmUpPdf(pages = WARM_UP_PAGES): Promise<Blob> {
  const parts: Uint8Array[] = [];
  const offsets: number[] = [];
  let at = 0;
  const push = (b: Uint8Array) => {
    parts.push(b);
    at += b.length;
  };
  const object = (n: number, dict: string, data?: Uint8Array) => {
    offsets[n] = at;
    push(bytesOf(`${n} 0 obj\n${dict}\n`));
    if (data) {
      push(bytesOf('stream\n'));
      push(data);
      push(bytesOf('\nendstream\n'));
    }
    push(bytesOf('endobj\n'));
  };
  const W = 612.28;
  const H = 858.9;
  const first = 6; // 1 catalog, 2 pages, 3 font, 4 its descriptor, 5 its file; then 3 objects a page
  const kids = Array.from({ length: pages }, (_, i) => `${first + 3 * i} 0 R`).join(' ');
  push(bytesOf('%PDF-1.6\n%\xe2\xe3\xcf\xd3\n'));
  object(1, '<< /Type /Catalog /Pages 2 0 R >>');
  object(2, `<< /Type /Pages /Count ${pages} /Kids [${kids}] >>`);
  object(3, '<< /Type /Font /Subtype /TrueType /BaseFont /WARMUP+Practice /FirstChar 32 /LastChar 126 /FontDescriptor 4 0 R >>');
  object(4, '<< /Type /FontDescriptor /FontName /WARMUP+Practice /Flags 32 /FontBBox [0 -200 1000 900] /ItalicAngle 0 /Ascent 900 /Descent -200 /CapHeight 700 /StemV 80 /FontFile2 5 0 R >>');
  const fontFile = new Uint8Array(512);
  object(5, `<< /Length ${fontFile.length} /Length1 ${fontFile.length} >>`, fontFile);
  // every page draws the same: one content stream, deflated once, in an object of each page's own
  const content = await deflate(`q ${W} 0 0 ${H} 0 0 cm /Im0 Do Q BT /F1 10 Tf 0 0 0 1 k 60 60 Td (Practice) Tj ET`);
  for (let i = 0; i < pages; i++) {
    const n = first + 3 * i;
    object(n, `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${W} ${H}] /TrimBox [8.5 8.5 603.78 850.4] /BleedBox [0 0 ${W} ${H}] /Contents ${n + 1} 0 R /Resources << /Font << /F1 3 0 R >> /XObject << /Im0 ${n + 2} 0 R >> >> >>`);
    object(n + 1, `<< /Length ${content.length} /Filter /FlateDecode >>`, content);
    const photo = new Uint8Array(i % 2 ? FAR_PHOTO : NEAR_PHOTO);
    object(n + 2, `<< /Type /XObject /Subtype /Image /Width 2480 /Height 3508 /ColorSpace /DeviceCMYK /BitsPerComponent 8 /Filter /DCTDecode /Length ${photo.length} >>`, photo);
  }
  const size = first + 3 * pages;
  const xref = at;
  const rows = Array.from({ length: size - 1 }, (_, k) => `${String(offsets[k + 1]).padStart(10, '0')} 00000 n \n`).join('');
  push(bytesOf(`xref\n0 ${size}\n0000000000 65535 f \n${rows}trailer\n<< /Size ${size} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`));
  return new Blob(parts as Uint8Array<ArrayBuffer>[], { type: 'application/pdf' });
}

/** `src`, whose reads and streams fail to start once `signal` is aborted. */
function stoppable(src: ByteSource, signal: AbortSignal): ByteSource {
  const check = () => {
    if (signal.aborted) throw new Error('warm-up stopped');
  };
  const blob = src.blob!;
  // the read-ahead only asks a Blob for its size and for slices (blob-stream.ts)
  const slicing = { size: blob.size, slice: (a?: number, b?: number) => (check(), blob.slice(a, b)) } as Blob;
  return {
    size: src.size,
    roundTrips: src.roundTrips,
    get bytesRead() {
      return src.bytesRead;
    },
    read: (offset, length) => (check(), src.read(offset, length)),
    blob: slicing,
    counted: (n) => src.counted?.(n),
  };
}

type InspectPdf = (src: ByteSource, opts?: InspectPdfOptions) => Promise<FileFacts>;

/**
 * Judge the practice PDF with `inspect` (the reader's `inspectPdf`) and throw the answer away.
 * Resolves whether it finished (true) or was stopped or failed (false); never rejects.
 */
export async function warmUpPdfReader(inspect: InspectPdf, signal: AbortSignal): Promise<boolean> {
  try {
    const file = await warmUpPdf();
    if (signal.aborted) return false;
    const facts = await inspect(stoppable(blobSource(file), signal), { pdfjs: null });
    return !signal.aborted && facts.pdf?.pageCount === WARM_UP_PAGES;
  } catch {
    return false;
  }
}

let practised = false;

/**
 * `warmUpPdfReader` with the reader's `inspectPdf`, the first time it is asked for in this worker
 * (see the top of this file). `inspect` is for tests.
 */
export async function practise(fileArrived: AbortSignal, inspect: InspectPdf = inspectPdf): Promise<boolean> {
  if (practised || fileArrived.aborted) return false;
  practised = true;
  return warmUpPdfReader(inspect, fileArrived);
}
