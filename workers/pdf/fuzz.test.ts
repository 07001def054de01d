// Fuzzing the object reader: random byte flips, truncations, insertions and deletions of real
// PDFs (fixed seed, bounded time). Every run must end quickly with facts or a PdfInspectError;
// inside, the reader may only give up with PdfParseError — a TypeError would be a bug.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { PDFName, StandardFonts } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { bytesSource } from '../source';
import { PdfDocument } from './document';
import { PdfInspectError, PdfParseError } from './errors';
import { inspectPdf } from './inspect-pdf';
import { readPdfFacts } from './object-reader';
import { embeddedTrueType, imageXObject, makePdf, minimalPageObjects, rawPdf, separation, standardFont } from './test-fixtures';

const FUZZ_MS = 8_000;
const PER_RUN_MS = 2_000;

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TOKENS = ['(', ')', '<<', '>>', '[', ']', 'null', ' 0 R', '999999999', '-1', 'endobj', 'stream', 'endstream', 'xref', 'trailer', '/Kids', '/Length 99999999', '%'];

function mutate(src: Uint8Array, rnd: () => number): Uint8Array {
  const bytes = Array.from(src);
  const n = 1 + Math.floor(rnd() * 6);
  for (let k = 0; k < n; k++) {
    const pos = Math.floor(rnd() * bytes.length);
    const kind = Math.floor(rnd() * 5);
    if (kind === 0) bytes[pos] = Math.floor(rnd() * 256);
    else if (kind === 1) bytes.length = Math.max(1, pos); // truncate
    else if (kind === 2) bytes.splice(pos, 0, ...Array.from(TOKENS[Math.floor(rnd() * TOKENS.length)]!, (c) => c.charCodeAt(0)));
    else if (kind === 3) bytes.splice(pos, Math.floor(rnd() * 64));
    else bytes[pos] = '0123456789'.charCodeAt(Math.floor(rnd() * 10)); // plausible-looking digits
  }
  return Uint8Array.from(bytes);
}

async function seeds(): Promise<Uint8Array[]> {
  const made = [
    await makePdf([{ size: [300, 400], trim: [10, 10, 280, 380], content: 'q 100 0 0 100 0 0 cm /Im0 Do Q /CS0 cs 1 scn 0 0 5 5 re f', resources: (doc) => ({ XObject: { Im0: imageXObject(doc, 50, 50) }, ColorSpace: { CS0: separation(doc, 'Gold') } }) }, { rotate: 90 }]),
    await makePdf([{ content: 'BT /F1 9 Tf (a) Tj /F2 9 Tf (b) Tj ET' }], {
      objectStreams: false,
      async build(doc) {
        doc.getPage(0).node.set(PDFName.of('Resources'), doc.context.obj({ Font: { F1: await standardFont(doc, StandardFonts.Courier), F2: embeddedTrueType(doc) } }));
      },
    }),
    rawPdf(minimalPageObjects('/Annots [<< /Subtype /Text /Rect [0 0 1 1] >>]', '0 0 1 rg 0 0 10 10 re f')),
  ];
  const corpus = '../shared/corpus/verapdf/PDF_A-2b/6.2 Graphics';
  if (existsSync(corpus)) {
    const files: string[] = [];
    const walk = (d: string) => readdirSync(d).forEach((n) => (statSync(join(d, n)).isDirectory() ? walk(join(d, n)) : n.endsWith('.pdf') && files.push(join(d, n))));
    walk(corpus);
    for (const f of files.sort().filter((_, i) => i % 25 === 0)) made.push(new Uint8Array(readFileSync(f)));
  }
  return made;
}

function withinTime<T>(p: Promise<T>, ms: number): Promise<T> {
  return Promise.race([p, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms))]);
}

describe('fuzzing the object reader', () => {
  it('never hangs, and fails only with PdfInspectError', async () => {
    const inputs = await seeds();
    const rnd = mulberry32(20261128);
    const started = Date.now();
    let runs = 0;
    let facts = 0;
    while (Date.now() - started < FUZZ_MS) {
      const input = inputs[runs % inputs.length]!;
      const mutated = mutate(input, rnd);
      const label = `run ${runs} (input ${runs % inputs.length}, ${mutated.length} bytes)`;
      // the public API: facts or PdfInspectError, within the time limit
      const outcome = await withinTime(
        inspectPdf(bytesSource(mutated), { pdfjs: null }).then(
          () => 'facts',
          (e) => (e instanceof PdfInspectError ? 'refused' : `unexpected ${String(e)}`),
        ),
        PER_RUN_MS,
      );
      expect(outcome, label).not.toMatch(/^unexpected/);
      if (outcome === 'facts') facts++;
      // inside: the reader gives up only on purpose
      try {
        await readPdfFacts(await PdfDocument.open(bytesSource(mutated)));
      } catch (e) {
        expect(e instanceof PdfParseError || e instanceof PdfInspectError, `${label}: ${(e as Error).stack}`).toBe(true);
      }
      runs++;
    }
    console.info(`fuzz: ${runs} runs, ${facts} gave facts`);
    expect(runs).toBeGreaterThan(50);
    expect(facts).toBeGreaterThan(0);
  }, 60_000);
});
