// Inspection that stops early fails closed (issue 12, point 2): whatever cuts the reader short
// (decode budget, operator cap, a filter it cannot decode, pdf.js's thinner facts), every check
// that depends on the part it did not see says "could not be verified" and fails the file under
// its onFail — never a pass. Files are made with pdf-lib and read by the real inspector.
import { existsSync, readFileSync } from 'node:fs';
import { PDFName, StandardFonts } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { bytesSource } from '../../../../workers/source';
import { inspectPdf } from '../../../../workers/pdf/inspect-pdf';
import type { ReaderLimits } from '../../../../workers/pdf/object-reader';
import { createPdfjsFallback } from '../../../../workers/pdf/pdfjs-fallback';
import { imageXObject, makePdf, standardFont } from '../../../../workers/pdf/test-fixtures';
import { evaluateFile, fileOutcome } from '../../evaluate';
import type { AcceptEntry, CheckRule, FileFacts, Severity } from '../../types';

const rule = (severity: Severity, target: Record<string, unknown> = {}): CheckRule => ({ enabled: true, severity, target });

function entry(onFail: AcceptEntry['onFail'] = 'reject'): AcceptEntry {
  return {
    kind: 'pdf',
    mimeTypes: ['application/pdf'],
    extensions: ['pdf'],
    convertToPdf: false,
    onFail,
    preflight: {
      enabled: true,
      profile: {
        sections: {
          text: { enabled: true, rules: { 'text.fonts_embedded': rule('reject') } },
          images: { enabled: true, rules: { 'image.min_resolution_dpi': rule('warn', { min_dpi: 300 }) } },
          geometry: { enabled: true, rules: { 'geom.page_count': rule('reject', { max: 10 }) } },
        },
      },
    },
  };
}

/** `n` bytes (about) of vector path operators: what a map or a CAD drawing is made of. */
function paths(bytes: number): string {
  const line = '0.1 0.2 0.3 0.4 re 123.45 678.9 m 234.5 345.6 l 456.7 567.8 l h S\n';
  return line.repeat(Math.ceil(bytes / line.length));
}

/** One page: heavy vector content first, then a line of text in a font that is not embedded. */
async function heavyPageThenText(pathBytes: number): Promise<Uint8Array> {
  return makePdf([{ size: [600, 800], content: `${paths(pathBytes)}BT /F1 12 Tf 72 72 Td (Hello) Tj ET` }], {
    async build(doc) {
      doc.getPage(0).node.set(PDFName.of('Resources'), doc.context.obj({ Font: { F1: await standardFont(doc, StandardFonts.Helvetica) } }));
    },
  });
}

async function judge(bytes: Uint8Array, limits?: ReaderLimits, onFail: AcceptEntry['onFail'] = 'reject') {
  const facts = await inspectPdf(bytesSource(bytes), { pdfjs: null, ...(limits ? { limits } : {}) });
  return judgeFacts(facts, onFail);
}

function judgeFacts(facts: FileFacts, onFail: AcceptEntry['onFail'] = 'reject') {
  const findings = evaluateFile(facts, entry(onFail));
  const by = (id: string) => findings.find((f) => f.checkId === id)!;
  return { facts, findings, by, outcome: fileOutcome(findings) };
}

describe('inspection cut short fails closed', () => {
  it('a page whose content exceeds the decode budget: the font after the cut is "could not be verified", and the file fails', async () => {
    const v = await judge(await heavyPageThenText(300_000), { pageContentBytes: 100_000 });
    const f = v.by('text.fonts_embedded');
    expect(f.outcome).toBe('fail');
    expect(f.code).toBe('check_unverified');
    expect(f.message).toMatch(/could not be verified/i);
    expect(f.message).toMatch(/page 1/);
    expect(v.outcome).toBe('fail');
    // checks that do not depend on the page content are judged as usual
    expect(v.by('geom.page_count').outcome).toBe('pass');
    expect(v.facts.pdf!.incomplete).toContainEqual(expect.objectContaining({ area: 'fonts', reason: 'decode_budget', pages: [1] }));
  });

  it('the document budget spent on page 1 leaves page 2 unread: its font cannot pass unseen', async () => {
    const bytes = await makePdf(
      [
        { size: [600, 800], content: paths(200_000) },
        { size: [600, 800], content: 'BT /F1 12 Tf 72 72 Td (Hello) Tj ET' },
      ],
      {
        async build(doc) {
          doc.getPage(1).node.set(PDFName.of('Resources'), doc.context.obj({ Font: { F1: await standardFont(doc) } }));
        },
      },
    );
    const v = await judge(bytes, { totalContentBytes: 150_000 });
    expect(v.by('text.fonts_embedded')).toMatchObject({ outcome: 'fail', code: 'check_unverified' });
    expect(v.by('text.fonts_embedded').message).toMatch(/pages 1, 2|pages 1–2/);
  });

  it('the operator cap: what was not interpreted is not verified', async () => {
    const v = await judge(await heavyPageThenText(100_000), { pageOperators: 5_000 });
    expect(v.by('text.fonts_embedded')).toMatchObject({ outcome: 'fail', code: 'check_unverified' });
  });

  it('under accept_with_warnings an unverified check is an accepted failure, not a pass', async () => {
    const v = await judge(await heavyPageThenText(300_000), { pageContentBytes: 100_000 }, 'accept_with_warnings');
    expect(v.by('text.fonts_embedded').outcome).toBe('fail');
  });

  it('a warn check that cannot be verified warns (it could never block), but never passes', async () => {
    const bytes = await makePdf([{ size: [600, 800], content: `${paths(300_000)}q 100 0 0 100 0 0 cm /Im Do Q` }], {
      build(doc) {
        doc.getPage(0).node.set(PDFName.of('Resources'), doc.context.obj({ XObject: { Im: imageXObject(doc, 100, 100) } }));
      },
    });
    const v = await judge(bytes, { pageContentBytes: 100_000 });
    expect(v.by('image.min_resolution_dpi')).toMatchObject({ outcome: 'warn', code: 'check_unverified' });
  });

  it('a content stream in a filter the reader cannot decode is not judged as empty', async () => {
    const bytes = await makePdf([{ size: [600, 800] }], {
      async build(doc) {
        const font = await standardFont(doc);
        // JBIG2 is an image codec: a content stream that claims it cannot be read as operators
        const content = doc.context.register(doc.context.stream('BT /F1 12 Tf (x) Tj ET', { Filter: 'JBIG2Decode' } as never));
        doc.getPage(0).node.set(PDFName.of('Contents'), content);
        doc.getPage(0).node.set(PDFName.of('Resources'), doc.context.obj({ Font: { F1: font } }));
      },
    });
    const v = await judge(bytes);
    expect(v.by('text.fonts_embedded')).toMatchObject({ outcome: 'fail', code: 'check_unverified' });
    expect(v.facts.pdf!.incomplete).toContainEqual(expect.objectContaining({ area: 'fonts', reason: 'undecodable', pages: [1] }));
  });

  it('a known missing font is reported as such even when other content was cut off', async () => {
    const bytes = await makePdf(
      [
        { size: [600, 800], content: 'BT /F1 12 Tf 72 72 Td (Hello) Tj ET' },
        { size: [600, 800], content: paths(200_000) },
      ],
      {
        async build(doc) {
          doc.getPage(0).node.set(PDFName.of('Resources'), doc.context.obj({ Font: { F1: await standardFont(doc) } }));
        },
      },
    );
    const v = await judge(bytes, { pageContentBytes: 100_000 });
    const f = v.by('text.fonts_embedded');
    expect(f.outcome).toBe('fail');
    expect(f.messageKey).toBe('text.fonts_embedded.fail');
  });

  it('facts from the pdf.js fallback: images and colours it cannot see are not verified', async () => {
    const good = await makePdf([{ size: [600, 800], content: '0 0 1 rg 0 0 100 100 re f' }]);
    const facts = await createPdfjsFallback().facts(bytesSource(good));
    const v = judgeFacts({ format: 'pdf', kind: 'pdf', mime: 'application/pdf', size: good.length, pdf: facts });
    expect(v.by('image.min_resolution_dpi')).toMatchObject({ outcome: 'warn', code: 'check_unverified' });
    // fonts pdf.js read on every page are known (here: none)
    expect(v.by('text.fonts_embedded').outcome).toBe('pass');
  });
});

describe('budgets judge real heavy vector pages in full', () => {
  const t08 = '../shared/corpus/verapdf/PDF_A-1b/6.1 File structure/6.1.12 Implementation limits/veraPDF test suite 6-1-12-t08-pass-c.pdf';
  it.skipIf(!existsSync(t08))('a valid PDF/A that nests 33 forms is read to the bottom (no "could not be verified")', async () => {
    const v = await judge(new Uint8Array(readFileSync(t08)));
    expect(v.facts.pdf!.incomplete).toBeUndefined();
  });

  it('a page with 40 MB of path operators (a map, a CAD plan) is read to its end: the missing font is found', async () => {
    const v = await judge(await heavyPageThenText(40 * 1024 * 1024));
    expect(v.facts.pdf!.incomplete ?? []).toEqual([]);
    const f = v.by('text.fonts_embedded');
    expect(f.messageKey).toBe('text.fonts_embedded.fail');
    expect(f.message).toMatch(/Helvetica/);
  }, 120_000);
});
