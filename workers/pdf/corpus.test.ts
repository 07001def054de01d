// The veraPDF corpus (real files from other tools, ../shared/corpus/verapdf): no hang or crash on
// any file, the object reader agrees with pdf.js on page count and page view for every file, and
// specific files show the facts they were made to show.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bytesSource } from '../source';
import { PdfDocument } from './document';
import { PdfInspectError } from './errors';
import { inspectPdf } from './inspect-pdf';
import { readPdfFacts } from './object-reader';
import { loadPdfjs } from './pdfjs-fallback';

const CORPUS = '../shared/corpus/verapdf';
const present = existsSync(CORPUS);
if (!present) console.warn(`[corpus.test] ${CORPUS} is absent: corpus tests skipped`);

function pdfFiles(dir: string): string[] {
  return readdirSync(dir)
    .flatMap((n) => {
      const p = join(dir, n);
      return statSync(p).isDirectory() ? pdfFiles(p) : p.endsWith('.pdf') ? [p] : [];
    })
    .sort();
}

const load = (rel: string) => new Uint8Array(readFileSync(join(CORPUS, rel)));
const G = 'PDF_A-2b/6.2 Graphics';

describe.skipIf(!present)('veraPDF corpus', () => {
  it('every file gives facts or a PdfInspectError, quickly', async () => {
    const files = pdfFiles(CORPUS);
    expect(files.length).toBeGreaterThan(100);
    const slow: string[] = [];
    for (const f of files) {
      const t = Date.now();
      try {
        await inspectPdf(bytesSource(new Uint8Array(readFileSync(f))));
      } catch (e) {
        expect(e, f).toBeInstanceOf(PdfInspectError);
      }
      if (Date.now() - t > 3000) slow.push(f);
    }
    expect(slow).toEqual([]);
  }, 120_000);

  it('the object reader agrees with pdf.js on page count and page view for every file', async () => {
    const pdfjs = await loadPdfjs();
    const disagreements: string[] = [];
    let compared = 0;
    for (const f of pdfFiles(CORPUS)) {
      const bytes = new Uint8Array(readFileSync(f));
      let ours;
      try {
        ours = await readPdfFacts(await PdfDocument.open(bytesSource(bytes)));
      } catch (e) {
        disagreements.push(`${f}: object reader failed (${(e as Error).message})`);
        continue;
      }
      let doc;
      try {
        doc = await pdfjs.getDocument({ data: bytes.slice(), isEvalSupported: false, disableFontFace: true, useWorkerFetch: false, verbosity: 0 }).promise;
      } catch {
        continue; // pdf.js cannot open it (e.g. needs a password): nothing to compare
      }
      compared++;
      if (doc.numPages !== ours.pageCount) disagreements.push(`${f}: ${ours.pageCount} pages, pdf.js ${doc.numPages}`);
      else {
        for (let i = 1; i <= doc.numPages; i++) {
          const view = (await doc.getPage(i)).view;
          const crop = ours.pages[i - 1]!.boxes.crop;
          if (view.some((v: number, k: number) => Math.abs(v - crop[k]!) > 0.01)) disagreements.push(`${f} p${i}: ${crop} vs pdf.js ${view}`);
        }
      }
      await doc.destroy();
    }
    expect(compared).toBeGreaterThan(100);
    expect(disagreements).toEqual([]);
  }, 120_000);

  it('finds fonts that are not embedded', async () => {
    const f = await inspectPdf(bytesSource(load(`${G}/6.2.11 Fonts/6.2.11.4 Embedding/6.2.11.4.1 General/veraPDF test suite 6-2-11-4-1-t01-fail-c.pdf`)), { pdfjs: null });
    expect(f.pdf!.fonts).toMatchObject([{ name: 'OKLUBG+Calibri', type: 'TrueType', embedded: false }]);
    const ok = await inspectPdf(bytesSource(load(`${G}/6.2.11 Fonts/6.2.11.4 Embedding/6.2.11.4.2 Subset embedding/veraPDF test suite 6-2-11-4-2-t01-pass-a.pdf`)), { pdfjs: null });
    expect(ok.pdf!.fonts.every((x) => x.embedded)).toBe(true);
  });

  it('finds spot colours in Separation and DeviceN spaces, not process names', async () => {
    const sep = await inspectPdf(bytesSource(load(`${G}/6.2.4.4 Separation and DeviceN colour spaces/veraPDF test suite 6-2-4-4-t01-pass-b.pdf`)), { pdfjs: null });
    expect(sep.pdf!.spotColors).toEqual(['Custom']);
    const devn = await inspectPdf(bytesSource(load(`${G}/6.2.4.4 Separation and DeviceN colour spaces/veraPDF test suite 6-2-4-4-t01-pass-c.pdf`)), { pdfjs: null });
    expect(devn.pdf!.spotColors).toEqual(['Red', 'Green', 'Blue']);
  });

  it('reads output intents', async () => {
    const f = await inspectPdf(bytesSource(load(`${G}/6.2.3 Output intent/veraPDF test suite 6-2-3-t02-pass-a.pdf`)), { pdfjs: null });
    expect(f.pdf!.outputIntents.map((o) => o.subtype)).toEqual(['GTS_PDFA1', 'GTS_PDFX', 'ISO_PDFE1']);
    expect(f.pdf!.outputIntents[0]!.identifier).toBe('Adobe RGB (1998)');
  });

  it('finds transparency', async () => {
    const f = await inspectPdf(bytesSource(load(`${G}/6.2.10 Transparency/veraPDF test suite 6-2-10-t01-pass-a.pdf`)), { pdfjs: null });
    expect(f.pdf!.usesTransparency).toBe(true);
    const none = await inspectPdf(bytesSource(load(`${G}/6.2.3 Output intent/veraPDF test suite 6-2-3-t01-pass-a.pdf`)), { pdfjs: null });
    expect(none.pdf!.usesTransparency).toBe(false);
  });
});
