// Count what prints, as a printer would (issue 13, point 1): images painted through a tiling
// pattern are positioned in the space where the pattern is defined; images and fonts in printable
// annotation appearances count; images inside soft masks are reported apart from what is drawn;
// content on layers that are off by default is left out.
import { PDFName, type PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import type { PdfFacts } from '../../src/core/types';
import { bytesSource } from '../source';
import { inspectPdf } from './inspect-pdf';
import { formXObject, imageXObject, makePdf, standardFont } from './test-fixtures';

async function facts(bytes: Uint8Array): Promise<PdfFacts> {
  const f = await inspectPdf(bytesSource(bytes), { pdfjs: null });
  return f.pdf!;
}

/** A tiling pattern whose cell draws a 600×600 px image over 72×72 pt (600 ppi in pattern space). */
function imagePattern(doc: PDFDocument, matrix = [1, 0, 0, 1, 0, 0]) {
  const img = imageXObject(doc, 600, 600, { colorSpace: 'DeviceCMYK' });
  return doc.context.register(
    doc.context.flateStream('q 72 0 0 72 0 0 cm /Im Do Q', {
      Type: 'Pattern', PatternType: 1, PaintType: 1, TilingType: 1, BBox: [0, 0, 72, 72], XStep: 72, YStep: 72, Matrix: matrix,
      Resources: { XObject: { Im: img } },
    } as never),
  );
}

describe('tiling patterns', () => {
  it('an image in a pattern is measured in the pattern space of the page, not the CTM at paint time (600 ppi, not 6,000)', async () => {
    const bytes = await makePdf([{ size: [600, 800], content: 'q 0.1 0 0 0.1 0 0 cm /Pattern cs /P0 scn 0 0 1000 1000 re f Q' }], {
      build(doc) {
        doc.getPage(0).node.set(PDFName.of('Resources'), doc.context.obj({ Pattern: { P0: imagePattern(doc) } }));
      },
    });
    const pdf = await facts(bytes);
    expect(pdf.images).toHaveLength(1);
    expect(pdf.images[0]!.ppiX).toBeCloseTo(600, 0);
  });

  it("the pattern's own matrix counts, and a pattern defined in a form uses the form's space", async () => {
    const bytes = await makePdf([{ size: [600, 800], content: 'q 3 0 0 3 0 0 cm /Fm Do Q' }], {
      build(doc) {
        // pattern matrix halves the cell; the form (drawn at 2×, its Matrix) doubles it again; CTM at Do: 3×
        const form = formXObject(doc, 'q 0.1 0 0 0.1 0 0 cm /Pattern cs /P0 scn 0 0 500 500 re f Q', { Pattern: { P0: imagePattern(doc, [0.5, 0, 0, 0.5, 0, 0]) } }, { Matrix: [2, 0, 0, 2, 0, 0] });
        doc.getPage(0).node.set(PDFName.of('Resources'), doc.context.obj({ XObject: { Fm: form } }));
      },
    });
    const pdf = await facts(bytes);
    // 600 px over 72 pt × 0.5 × 2 × 3 = 216 pt → 200 ppi
    expect(pdf.images[0]!.ppiX).toBeCloseTo(200, 0);
  });
});

describe('annotation appearances', () => {
  async function withWidget(flags: number): Promise<Uint8Array> {
    return makePdf([{ size: [600, 800], content: '' }], {
      async build(doc) {
        const font = await standardFont(doc);
        const img = imageXObject(doc, 300, 150);
        // appearance: BBox 0 0 100 50, drawn into a 200×100 pt Rect: everything scales by 2
        const ap = formXObject(doc, 'q 100 0 0 50 0 0 cm /Im Do Q BT /Helv 10 Tf 2 2 Td (Stamp) Tj ET', { XObject: { Im: img }, Font: { Helv: font } }, { BBox: [0, 0, 100, 50] });
        const annot = doc.context.register(doc.context.obj({ Type: 'Annot', Subtype: 'Stamp', Rect: [100, 100, 300, 200], F: flags, AP: { N: ap } }));
        doc.getPage(0).node.set(PDFName.of('Annots'), doc.context.obj([annot]));
      },
    });
  }

  it('a printable stamp: its image (at the size it prints) and its font count on the page', async () => {
    const pdf = await facts(await withWidget(4));
    expect(pdf.images).toEqual([expect.objectContaining({ page: 1, widthPx: 300, ppiX: 108, ppiY: 108, rect: [100, 100, 300, 200] })]);
    expect(pdf.fonts).toEqual([expect.objectContaining({ name: 'Helvetica', embedded: false, pages: [1] })]);
  });

  it('an annotation without the Print flag (or hidden) prints nothing and counts nothing', async () => {
    expect((await facts(await withWidget(0))).images).toEqual([]);
    expect((await facts(await withWidget(4 | 2))).fonts).toEqual([]);
  });
});

describe('soft masks', () => {
  it('an image inside a soft-mask group is reported apart from the images that are drawn', async () => {
    const bytes = await makePdf([{ size: [600, 800], content: 'q /GS0 gs 72 0 0 72 0 0 cm /Photo Do Q' }], {
      build(doc) {
        const maskImg = imageXObject(doc, 50, 50, { colorSpace: 'DeviceGray' });
        const group = formXObject(doc, 'q 72 0 0 72 0 0 cm /M Do Q', { XObject: { M: maskImg } }, { Group: { S: 'Transparency', CS: 'DeviceGray' } });
        const gs = doc.context.obj({ Type: 'ExtGState', SMask: { Type: 'Mask', S: 'Luminosity', G: group } });
        doc.getPage(0).node.set(PDFName.of('Resources'), doc.context.obj({ ExtGState: { GS0: gs }, XObject: { Photo: imageXObject(doc, 300, 300, { colorSpace: 'DeviceCMYK' }) } }));
      },
    });
    const pdf = await facts(bytes);
    expect(pdf.images.map((i) => i.widthPx)).toEqual([300]);
    expect(pdf.softMaskImages).toEqual([expect.objectContaining({ page: 1, widthPx: 50, ppiX: 50 })]);
    expect(pdf.colorSpaces).not.toContain('DeviceGray');
  });
});

describe('optional content (layers)', () => {
  it('content on a layer that is off by default is left out; content on a visible layer counts', async () => {
    const bytes = await makePdf(
      [{ size: [600, 800], content: '/OC /Off BDC BT /F1 12 Tf (hidden) Tj ET q 72 0 0 72 0 0 cm /Im Do Q EMC /OC /On BDC q 72 0 0 72 0 0 cm /Im2 Do Q EMC /Im3 Do' }],
      {
        async build(doc) {
          const off = doc.context.register(doc.context.obj({ Type: 'OCG', Name: PDFName.of('Notes') }));
          const on = doc.context.register(doc.context.obj({ Type: 'OCG', Name: PDFName.of('Art') }));
          doc.catalog.set(PDFName.of('OCProperties'), doc.context.obj({ OCGs: [off, on], D: { OFF: [off] } }));
          // an image XObject tied to the hidden layer by its own /OC entry
          const im3 = imageXObject(doc, 30, 30);
          (doc.context.lookup(im3) as unknown as { dict: { set(k: PDFName, v: unknown): void } }).dict.set(PDFName.of('OC'), off);
          doc.getPage(0).node.set(
            PDFName.of('Resources'),
            doc.context.obj({ Font: { F1: await standardFont(doc) }, XObject: { Im: imageXObject(doc, 10, 10), Im2: imageXObject(doc, 20, 20), Im3: im3 }, Properties: { Off: off, On: on } }),
          );
        },
      },
    );
    const pdf = await facts(bytes);
    expect(pdf.fonts).toEqual([]);
    expect(pdf.images.map((i) => i.widthPx)).toEqual([20]);
    expect(pdf.layers).toBe(2);
  });

  it('a layer hidden by BaseState /OFF stays hidden unless listed in /ON', async () => {
    const bytes = await makePdf([{ size: [600, 800], content: '/OC /A BDC q 72 0 0 72 0 0 cm /Im Do Q EMC /OC /B BDC q 72 0 0 72 0 0 cm /Im2 Do Q EMC' }], {
      build(doc) {
        const a = doc.context.register(doc.context.obj({ Type: 'OCG', Name: PDFName.of('A') }));
        const b = doc.context.register(doc.context.obj({ Type: 'OCG', Name: PDFName.of('B') }));
        doc.catalog.set(PDFName.of('OCProperties'), doc.context.obj({ OCGs: [a, b], D: { BaseState: 'OFF', ON: [b] } }));
        doc.getPage(0).node.set(PDFName.of('Resources'), doc.context.obj({ XObject: { Im: imageXObject(doc, 10, 10), Im2: imageXObject(doc, 20, 20) }, Properties: { A: a, B: b } }));
      },
    });
    expect((await facts(bytes)).images.map((i) => i.widthPx)).toEqual([20]);
  });
});
