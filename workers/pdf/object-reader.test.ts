// The lazy object reader on PDFs made with pdf-lib: what a preflight needs, read from the file's
// own objects (boxes, fonts, images, colour, structure), and how little of the file it reads.
import { PDFName, PDFString, StandardFonts } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import type { PdfFacts } from '../../src/core/types';
import { bytesSource } from '../source';
import { inspectPdf } from './inspect-pdf';
import { embeddedTrueType, formXObject, imageXObject, makePdf, minimalPageObjects, rawPdf, separation, standardFont } from './test-fixtures';

async function facts(bytes: Uint8Array): Promise<PdfFacts> {
  const f = await inspectPdf(bytesSource(bytes), { pdfjs: null });
  expect(f.pdf!.reader).toBe('object-reader');
  return f.pdf!;
}

describe('pages and boxes', () => {
  it('reads media, crop, trim and bleed boxes, rotation and size in mm', async () => {
    const bytes = await makePdf([
      { size: [255, 170], trim: [8.5, 8.5, 240.94, 155.91], bleed: [0, 0, 255, 170], rotate: 90 },
      { size: [595.28, 841.89] },
    ]);
    const pdf = await facts(bytes);
    expect(pdf.pageCount).toBe(2);
    const [p1, p2] = pdf.pages;
    expect(p1!.boxes.trim).toEqual([8.5, 8.5, 249.44, 164.41]);
    expect(p1!.boxes.bleed).toEqual([0, 0, 255, 170]);
    expect(p1!.rotate).toBe(90);
    // rotated: the customer sees a portrait page of 55×85 mm
    expect(p1!.widthMm).toBeCloseTo(55, 0);
    expect(p1!.heightMm).toBeCloseTo(85, 0);
    expect(p2!.widthMm).toBeCloseTo(210, 0);
    expect(p2!.heightMm).toBeCloseTo(297, 0);
    expect(p2!.boxes.trim).toBeUndefined();
  });

  it('works the same without object streams (classic xref table)', async () => {
    const bytes = await makePdf([{ size: [300, 400], trim: [10, 10, 280, 380] }], { objectStreams: false });
    const pdf = await facts(bytes);
    expect(pdf.pages[0]!.boxes.trim).toEqual([10, 10, 290, 390]);
  });

  it('inherits MediaBox and Rotate from the page tree and applies UserUnit', async () => {
    const bytes = await makePdf([{ size: [100, 100], userUnit: 10 }, { size: [100, 100] }], {
      build(doc) {
        const pages = doc.catalog.lookup(PDFName.of('Pages')) as unknown as { set(k: PDFName, v: unknown): void };
        pages.set(PDFName.of('Rotate'), doc.context.obj(180));
        // the second page takes its MediaBox from the parent
        pages.set(PDFName.of('MediaBox'), doc.context.obj([0, 0, 300, 300]));
        doc.getPage(1).node.delete(PDFName.of('MediaBox'));
      },
    });
    const pdf = await facts(bytes);
    expect(pdf.pages[0]!.userUnit).toBe(10);
    expect(pdf.pages[0]!.widthMm).toBeCloseTo(352.78, 1);
    expect(pdf.pages[1]!.boxes.media).toEqual([0, 0, 300, 300]);
    expect(pdf.pages.map((p) => p.rotate)).toEqual([180, 180]);
  });

  it('reads a 200-page file by touching only a small part of it', async () => {
    const pages = Array.from({ length: 200 }, () => ({ size: [595, 842] as [number, number], content: 'q 100 0 0 100 0 0 cm /Im0 Do Q', resources: (doc: import('pdf-lib').PDFDocument) => ({ XObject: { Im0: bigImage(doc) } }) }));
    let shared: import('pdf-lib').PDFRef | null = null;
    function bigImage(doc: import('pdf-lib').PDFDocument) {
      // one 400 KB image per page would be realistic; one shared large stream keeps the test fast
      shared ??= doc.context.register(doc.context.stream(new Uint8Array(3_000_000), { Type: 'XObject', Subtype: 'Image', Width: 1000, Height: 1000, ColorSpace: 'DeviceCMYK', BitsPerComponent: 8 } as never));
      return shared;
    }
    const bytes = await makePdf(pages);
    const src = bytesSource(bytes);
    const f = await inspectPdf(src, { pdfjs: null });
    expect(f.pdf!.pageCount).toBe(200);
    expect(f.pdf!.images).toHaveLength(200);
    expect(src.bytesRead / bytes.length).toBeLessThan(0.05);
  });
});

describe('fonts', () => {
  it('tells embedded, subset and standard (not embedded) fonts apart, with pages', async () => {
    const bytes = await makePdf(
      [
        { content: 'BT /F1 12 Tf 72 700 Td (Hello) Tj ET', resources: () => ({}) },
        { content: 'BT /F2 12 Tf 72 700 Td (World) Tj /F1 9 Tf (x) Tj ET' },
      ],
      {
        async build(doc) {
          const helv = await standardFont(doc, StandardFonts.Helvetica);
          const tt = embeddedTrueType(doc);
          doc.getPage(0).node.set(PDFName.of('Resources'), doc.context.obj({ Font: { F1: helv } }));
          doc.getPage(1).node.set(PDFName.of('Resources'), doc.context.obj({ Font: { F1: helv, F2: tt } }));
        },
      },
    );
    const pdf = await facts(bytes);
    const helv = pdf.fonts.find((f) => f.name === 'Helvetica')!;
    const cal = pdf.fonts.find((f) => f.name === 'ABCDEF+Calibri')!;
    expect(helv).toMatchObject({ type: 'Type1', embedded: false, subset: false, pages: [1, 2], invisibleOnly: false });
    expect(cal).toMatchObject({ type: 'TrueType', embedded: true, subset: true, pages: [2] });
  });

  it('marks a font used only by invisible text (Tr 3, an OCR layer)', async () => {
    const bytes = await makePdf([{ content: 'BT 3 Tr /F1 12 Tf 72 700 Td (scan text) Tj ET' }], {
      async build(doc) {
        doc.getPage(0).node.set(PDFName.of('Resources'), doc.context.obj({ Font: { F1: await standardFont(doc) } }));
      },
    });
    const pdf = await facts(bytes);
    expect(pdf.fonts[0]).toMatchObject({ name: 'Helvetica', embedded: false, invisibleOnly: true });
  });

  it('treats /FontFile3 null as not embedded', async () => {
    const bytes = await makePdf([{ content: 'BT /F1 12 Tf (x) Tj ET' }], {
      build(doc) {
        const font = embeddedTrueType(doc, 'Arial', 'FontFile3');
        const fd = (doc.context.lookup(font) as unknown as PDFDictLike).lookup(PDFName.of('FontDescriptor')) as PDFDictLike;
        fd.set(PDFName.of('FontFile3'), doc.context.obj(null));
        doc.getPage(0).node.set(PDFName.of('Resources'), doc.context.obj({ Font: { F1: font } }));
      },
    });
    const pdf = await facts(bytes);
    expect(pdf.fonts[0]).toMatchObject({ name: 'Arial', embedded: false });
  });
});

type PDFDictLike = { lookup(k: PDFName): unknown; set(k: PDFName, v: unknown): void };

describe('images', () => {
  it('computes effective ppi from the placed size, through nested forms', async () => {
    const bytes = await makePdf([
      {
        // 600 px over 2 inches = 300 ppi; the same image inside a form scaled by 0.5 → 600 ppi;
        // 300×150 px drawn 4 in × 1 in → 75 ppi across, 150 ppi down
        content: 'q 144 0 0 144 72 72 cm /Im0 Do Q q 0.5 0 0 0.5 0 0 cm /Fm0 Do Q q 288 0 0 72 10 500 cm /Im1 Do Q',
        resources: (doc) => {
          const im0 = imageXObject(doc, 600, 600, { colorSpace: 'DeviceCMYK', filter: 'DCTDecode' });
          const im1 = imageXObject(doc, 300, 150, { smask: true });
          return { XObject: { Im0: im0, Im1: im1, Fm0: formXObject(doc, 'q 144 0 0 144 0 0 cm /Im0 Do Q', { XObject: { Im0: im0 } }) } };
        },
      },
    ]);
    const pdf = await facts(bytes);
    expect(pdf.images).toHaveLength(3);
    const [a, b, c] = pdf.images;
    expect(a).toMatchObject({ page: 1, widthPx: 600, ppiX: 300, ppiY: 300, colorSpace: 'DeviceCMYK', filter: 'DCTDecode', rect: [72, 72, 216, 216] });
    expect(b).toMatchObject({ ppiX: 600, ppiY: 600 });
    expect(c).toMatchObject({ ppiX: 75, ppiY: 150, hasMask: true, colorSpace: 'DeviceRGB' });
    expect(pdf.usesTransparency).toBe(true); // the soft mask
  });

  it('reads inline images and skips their binary data', async () => {
    const bytes = await makePdf([{ content: 'q 72 0 0 72 0 0 cm BI /W 10 /H 10 /CS /G /BPC 8 ID \u0000EI\u0001\u0002 EI Q 1 0 0 rg 0 0 5 5 re f' }]);
    const pdf = await facts(bytes);
    expect(pdf.images[0]).toMatchObject({ widthPx: 10, ppiX: 10, colorSpace: 'DeviceGray' });
    expect(pdf.pages[0]!.isColor).toBe(true); // the red square after the image was still seen
  });

  it('does not loop on a form that draws itself', async () => {
    const bytes = await makePdf([{ content: '/Fm0 Do' }], {
      build(doc) {
        const self = doc.context.nextRef();
        const form = doc.context.flateStream('/Fm0 Do', { Type: 'XObject', Subtype: 'Form', BBox: [0, 0, 1, 1], Resources: { XObject: { Fm0: self } } } as never);
        doc.context.assign(self, form);
        doc.getPage(0).node.set(PDFName.of('Resources'), doc.context.obj({ XObject: { Fm0: self } }));
      },
    });
    const pdf = await facts(bytes);
    expect(pdf.warnings.join()).toMatch(/recursive/);
  });
});

describe('colour', () => {
  it('lists colour spaces used, spot colours, and colour vs mono pages', async () => {
    const bytes = await makePdf([
      { content: '/CS0 cs 1 scn 0 0 10 10 re f /CS1 CS 1 SCN 0 0 m 5 5 l S', resources: (doc) => ({ ColorSpace: { CS0: separation(doc, 'PANTONE 185 C'), CS1: separation(doc, 'All') } }) },
      { content: '0.2 g 0 0 10 10 re f 0 0 0 1 k 0 0 5 5 re f 0.5 0.5 0.5 rg 1 1 2 2 re f' },
      { content: '0 1 1 0 k 0 0 10 10 re f' },
    ]);
    const pdf = await facts(bytes);
    expect(pdf.spotColors).toEqual(['PANTONE 185 C']);
    expect(pdf.colorSpaces).toEqual(expect.arrayContaining(['Separation', 'DeviceGray', 'DeviceCMYK', 'DeviceRGB']));
    expect(pdf.pages.map((p) => p.isColor)).toEqual([true, false, true]);
  });

  it('reads ICC-based spaces with their component count', async () => {
    const bytes = await makePdf([{ content: '/CS0 cs 0.1 0.2 0.3 sc 0 0 1 1 re f', resources: (doc) => ({ ColorSpace: { CS0: ['ICCBased', doc.context.register(doc.context.stream(new Uint8Array(8), { N: 3 } as never))] } }) }]);
    const pdf = await facts(bytes);
    expect(pdf.colorSpaces).toEqual(['ICCBased(RGB)']);
  });
});

describe('transparency', () => {
  it('finds constant alpha, blend modes and soft masks in graphics states', async () => {
    const gs = (g: Record<string, unknown>) => ({ content: '/GS0 gs 0 0 1 1 re f', resources: () => ({ ExtGState: { GS0: g } }) });
    const bytes = await makePdf([gs({ ca: 0.5 }), gs({ BM: 'Multiply' }), gs({ CA: 1, ca: 1, BM: 'Normal', SMask: 'None' }), { content: '', transparencyGroup: true }]);
    const pdf = await facts(bytes);
    expect(pdf.pages.map((p) => p.usesTransparency)).toEqual([true, true, false, true]);
  });
});

describe('document structure', () => {
  it('reads annotations, JavaScript, attachments, form fields, layers and output intents', async () => {
    const bytes = await makePdf(
      [
        {
          annots: (doc) => [
            doc.context.obj({ Type: 'Annot', Subtype: 'Text', Rect: [10, 10, 30, 30], Contents: PDFString.of('fix me') }),
            doc.context.obj({ Type: 'Annot', Subtype: 'Link', Rect: [0, 0, 5, 5] }),
          ],
        },
      ],
      {
        async build(doc) {
          await doc.attach(new Uint8Array([1, 2, 3]), 'notes.txt', { mimeType: 'text/plain' });
          const form = doc.getForm();
          form.createTextField('name').addToPage(doc.getPage(0));
          doc.addJavaScript('hello', 'app.alert("hi")');
        },
        catalog(doc, cat) {
          const ocg = doc.context.register(doc.context.obj({ Type: 'OCG', Name: PDFString.of('Cut lines') }));
          cat.set(PDFName.of('OCProperties'), doc.context.obj({ OCGs: [ocg], D: { Order: [ocg] } }));
          cat.set(
            PDFName.of('OutputIntents'),
            doc.context.obj([{ Type: 'OutputIntent', S: 'GTS_PDFX', OutputConditionIdentifier: PDFString.of('FOGRA39'), Info: PDFString.of('Coated FOGRA39') }]),
          );
          const xmp = '<x:xmpmeta><rdf:RDF><rdf:Description pdfxid:GTS_PDFXVersion="PDF/X-4" pdfaid:part="2" pdfaid:conformance="B"/></rdf:RDF></x:xmpmeta>';
          cat.set(PDFName.of('Metadata'), doc.context.register(doc.context.stream(xmp, { Type: 'Metadata', Subtype: 'XML' } as never)));
        },
      },
    );
    const pdf = await facts(bytes);
    expect(pdf.annotations).toEqual([
      { page: 1, subtype: 'Text', rect: [10, 10, 30, 30] },
      { page: 1, subtype: 'Link', rect: [0, 0, 5, 5] },
      { page: 1, subtype: 'Widget', rect: expect.any(Array) },
    ]);
    expect(pdf.javascript).toBe(true);
    expect(pdf.attachments).toBe(1);
    expect(pdf.formFields).toBe(1);
    expect(pdf.layers).toBe(1);
    expect(pdf.outputIntents).toEqual([{ subtype: 'GTS_PDFX', identifier: 'FOGRA39', info: 'Coated FOGRA39' }]);
    expect(pdf.pdfx).toBe('PDF/X-4');
    expect(pdf.pdfa).toBe('PDF/A-2b');
    expect(pdf.encrypted).toBe(false);
    expect(pdf.permissions).toBeNull();
    expect(pdf.version).toBe('1.7');
  });

  it('counts signature fields and finds an OpenAction script', async () => {
    const bytes = await makePdf([{}], {
      catalog(doc, cat) {
        const sig = doc.context.register(doc.context.obj({ FT: 'Sig', T: PDFString.of('Signature1') }));
        cat.set(PDFName.of('AcroForm'), doc.context.obj({ Fields: [sig], SigFlags: 3 }));
        cat.set(PDFName.of('OpenAction'), doc.context.obj({ S: 'JavaScript', JS: PDFString.of('print()') }));
      },
    });
    const pdf = await facts(bytes);
    expect(pdf.signatures).toBe(1);
    expect(pdf.formFields).toBe(1);
    expect(pdf.javascript).toBe(true);
  });

  it('reports a clean file as clean', async () => {
    const pdf = await facts(await makePdf([{ content: '0 0 0 1 k 0 0 10 10 re f' }]));
    expect(pdf).toMatchObject({ javascript: false, attachments: 0, formFields: 0, layers: 0, signatures: 0, xfa: false, usesTransparency: false, annotations: [], warnings: [] });
  });
});

describe('incremental updates', () => {
  it('follows /Prev and lets the newest revision of an object win', async () => {
    const base = rawPdf(minimalPageObjects());
    const text = new TextDecoder('latin1').decode(base);
    const prevXref = Number(/startxref\n(\d+)/.exec(text)![1]);
    // revision 2 replaces page 3 with an A4 page and adds a TrimBox
    let update = '3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /TrimBox [10 10 585 832] /Contents 4 0 R >>\nendobj\n';
    const objAt = base.length;
    const xrefAt = base.length + update.length;
    update += `xref\n3 1\n${String(objAt).padStart(10, '0')} 00000 n \ntrailer\n<< /Size 5 /Root 1 0 R /Prev ${prevXref} >>\nstartxref\n${xrefAt}\n%%EOF\n`;
    const bytes = new Uint8Array([...base, ...new TextEncoder().encode(update)]);
    const pdf = await facts(bytes);
    expect(pdf.pages[0]!.boxes).toMatchObject({ media: [0, 0, 595, 842], trim: [10, 10, 585, 832] });
    expect(pdf.warnings).toEqual([]);
  });
});

describe('work limits', () => {
  it('stops walking content at the budget and says which pages were only partly inspected', async () => {
    const bytes = await makePdf([{ content: '0 0 0 1 k '.repeat(2000) }, { content: '1 0 0 rg 0 0 1 1 re f' }, { content: '0 g' }]);
    const f = await inspectPdf(bytesSource(bytes), { pdfjs: null, limits: { pageOperators: 1000, maxWalkedPages: 2 } });
    const pdf = f.pdf!;
    expect(pdf.pages.map((p) => !!p.contentIncomplete)).toEqual([true, false, true]);
    expect(pdf.pages[1]!.isColor).toBe(true);
    expect(pdf.pages[2]!.isColor).toBeNull(); // not walked: unknown, not "mono"
    expect(pdf.warnings).toEqual(expect.arrayContaining(['page content of 1 page not inspected (page limit)', 'page content of 1 page only partly inspected']));
  });
});
