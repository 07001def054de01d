// pdf.js as the second reader: its facts on a normal file, inspectPdf falling back to it when the
// object reader cannot parse a file, and what happens when both fail.
import { PDFName, PDFString } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import type { PdfFacts } from '../../src/core/types';
import { bytesSource } from '../source';
import { PdfInspectError } from './errors';
import { inspectPdf } from './inspect-pdf';
import { createPdfjsFallback, type PdfjsFallback } from './pdfjs-fallback';
import { encryptedObjStmPdf } from './test-encryption';
import { makePdf, standardFont } from './test-fixtures';

describe('pdf.js facts', () => {
  it('gives pages, view, rotation, annotations, fonts and structure, reading by ranges', async () => {
    const bytes = await makePdf(
      [
        { size: [300, 200], rotate: 90, content: 'BT /F1 12 Tf 10 10 Td (Hi) Tj ET', annots: (doc) => [doc.context.obj({ Type: 'Annot', Subtype: 'Square', Rect: [1, 2, 3, 4] })] },
        { size: [100, 100] },
      ],
      {
        async build(doc) {
          doc.getPage(0).node.set(PDFName.of('Resources'), doc.context.obj({ Font: { F1: await standardFont(doc) } }));
          await doc.attach(new Uint8Array([1]), 'a.txt');
          doc.catalog.set(PDFName.of('OpenAction'), doc.context.obj({ S: 'JavaScript', JS: PDFString.of('app.alert(1)') }));
        },
      },
    );
    const src = bytesSource(bytes);
    const pdf = await createPdfjsFallback().facts(src);
    expect(pdf.reader).toBe('pdfjs');
    expect(pdf.pageCount).toBe(2);
    expect(pdf.pages[0]).toMatchObject({ rotate: 90, boxes: { media: [0, 0, 300, 200] } });
    expect(pdf.pages[0]!.widthMm).toBeCloseTo(70.56, 1);
    expect(pdf.annotations).toEqual([{ page: 1, subtype: 'Square', rect: [1, 2, 3, 4] }]);
    expect(pdf.fonts).toMatchObject([{ name: 'Helvetica', embedded: false, pages: [1] }]);
    expect(pdf.attachments).toBe(1);
    expect(pdf.javascript).toBe(true);
    expect(pdf.encrypted).toBe(false);
  });
});

describe('falling back', () => {
  const garbage = new TextEncoder().encode('%PDF-1.4\nnothing that looks like an object\nstartxref\n9\n%%EOF\n');
  const fakeFacts = { pageCount: 3, warnings: [] as string[], reader: 'pdfjs' } as unknown as PdfFacts;

  it('uses pdf.js when the object reader cannot parse the file', async () => {
    const fallback: PdfjsFallback = { facts: async () => structuredClone(fakeFacts), needsPassword: async () => false };
    const f = await inspectPdf(bytesSource(garbage), { pdfjs: fallback });
    expect(f.pdf!.reader).toBe('pdfjs');
    expect(f.pdf!.warnings[0]).toMatch(/^object reader: /);
  });

  it('says the PDF is damaged when pdf.js cannot read it either', async () => {
    const fallback: PdfjsFallback = { facts: async () => Promise.reject(new Error('Invalid PDF structure')), needsPassword: async () => false };
    await expect(inspectPdf(bytesSource(garbage), { pdfjs: fallback })).rejects.toMatchObject({ code: 'pdf_corrupt' });
    await expect(inspectPdf(bytesSource(garbage), { pdfjs: null })).rejects.toBeInstanceOf(PdfInspectError);
  });

  it('an owner-password file whose pages sit in an encrypted object stream is decrypted: no pdf.js needed', async () => {
    const f = await inspectPdf(bytesSource(encryptedObjStmPdf(-8)), { pdfjs: null });
    expect(f.pdf).toMatchObject({ reader: 'object-reader', encrypted: true, pageCount: 1, permissions: { print: false } });
    expect(f.pdf!.pages[0]).toMatchObject({ rotate: 90, boxes: { crop: [0, 0, 300, 150] } });
  });
});
