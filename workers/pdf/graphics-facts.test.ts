// Print facts from page content (issue 13 point 6), on PDFs made with pdf-lib: effective text size
// through Tm and CTM (and forms), stroke widths through a scaling CTM and ExtGState /LW, overprint
// on non-black (and not on pure black), rich black text, and the ICC profiles used.
import { describe, expect, it } from 'vitest';
import { bytesSource } from '../source';
import { inspectPdf } from './inspect-pdf';
import { embeddedTrueType, formXObject, makePdf } from './test-fixtures';

async function facts(bytes: Uint8Array) {
  return (await inspectPdf(bytesSource(bytes), { pdfjs: null })).pdf!;
}

describe('graphics facts', () => {
  it('measures text at its effective size: font size × text matrix × CTM, also inside a form', async () => {
    const pdf = await facts(
      await makePdf([
        {
          content: 'BT /F1 10 Tf 0.4 0 0 0.4 100 700 Tm (tiny) Tj ET q 2 0 0 2 0 0 cm BT /F1 6 Tf 50 50 Td (twelve) Tj ET Q q 0.5 0 0 0.5 0 0 cm /Fm Do Q',
          resources: (doc) => {
            const f = embeddedTrueType(doc);
            return { Font: { F1: f }, XObject: { Fm: formXObject(doc, 'BT /F1 9 Tf 1 0 0 1 10 10 Tm (form) Tj ET', { Font: { F1: f } }) } };
          },
        },
      ]),
    );
    const sizes = pdf.graphics!.textSizes.map((t) => t.sizePt).sort((a, b) => a - b);
    expect(sizes).toEqual([4, 4.5, 12]);
    expect(pdf.graphics!.textSizes[0]).toMatchObject({ page: 1, font: 'ABCDEF+Calibri', sizePt: 4, rect: [100, 700, 104, 704] });
  });

  it('keeps the smallest sizes when a page or a document has more than it lists, so no small text is missed', async () => {
    // 150 distinct sizes on one page, the smallest drawn last; 30 pages of 20 sizes each
    const many = Array.from({ length: 150 }, (_, i) => `BT /F1 ${30 - i * 0.1} Tf 10 10 Td (x) Tj ET`).join(' ') + ' BT /F1 2 Tf 10 10 Td (tiny) Tj ET';
    const pages = [{ content: many, resources: (doc: never) => ({ Font: { F1: embeddedTrueType(doc) } }) }];
    for (let p = 0; p < 30; p++) pages.push({ content: Array.from({ length: 20 }, (_, i) => `BT /F1 ${8 + i + p * 0.01} Tf 10 10 Td (x) Tj ET`).join(' '), resources: (doc: never) => ({ Font: { F1: embeddedTrueType(doc) } }) });
    const pdf = await facts(await makePdf(pages as never));
    const sizes = pdf.graphics!.textSizes.map((t) => t.sizePt);
    expect(sizes.length).toBeLessThanOrEqual(500);
    expect(Math.min(...sizes)).toBe(2);
    expect(pdf.graphics!.textSizes.find((t) => t.sizePt === 2)!.page).toBe(1);
  });

  it('measures strokes through the CTM (thinnest direction) and ExtGState /LW, and hairlines as 0', async () => {
    const pdf = await facts(
      await makePdf([
        {
          content: 'q 0.1 0 0 1 0 0 cm 1 w 10 10 m 100 10 l S Q q /GS1 gs 0 0 m 50 50 l S Q q 0 w 5 5 200 200 re S Q 3 w 0 0 m 9 9 l S',
          resources: () => ({ ExtGState: { GS1: { Type: 'ExtGState', LW: 0.2 } } }),
        },
      ]),
    );
    const widths = pdf.graphics!.strokes.map((s) => s.widthPt).sort((a, b) => a - b);
    expect(widths).toEqual([0, 0.1, 0.2]); // the 3 pt line is not a risk and not listed
    expect(pdf.graphics!.strokes.find((s) => s.widthPt === 0)!.rect).toEqual([5, 5, 205, 205]);
  });

  it('finds overprint on white and on colour, not on pure black', async () => {
    const pdf = await facts(
      await makePdf([
        {
          content: '/OP gs 0 0 0 1 k 0 0 10 10 re f 0 0 0 0 k 20 20 10 10 re f 0.2 1 0 0 K 5 w 0 0 m 50 0 l S /F1 8 Tf BT 0 0 0 0 k 10 10 Td (white) Tj ET',
          resources: (doc) => ({ ExtGState: { OP: { Type: 'ExtGState', OP: true, OPM: 1 } }, Font: { F1: embeddedTrueType(doc) } }),
        },
      ]),
    );
    const op = pdf.graphics!.overprint.map((o) => [o.paint, o.color, o.value]);
    expect(op).toEqual([
      ['fill', 'white', 'DeviceCMYK 0 0 0 0'],
      ['stroke', 'colour', 'DeviceCMYK 0.2 1 0 0'],
      ['text', 'white', 'DeviceCMYK 0 0 0 0'],
    ]);
    expect(pdf.graphics!.overprint[0]).toMatchObject({ page: 1, opm: 1, rect: [20, 20, 30, 30] });
  });

  it('finds rich black text and not plain K text', async () => {
    const pdf = await facts(
      await makePdf([
        { content: 'BT /F1 7 Tf 0.6 0.5 0.4 1 k 10 10 Td (rich) Tj ET BT /F1 7 Tf 0 0 0 1 k 10 30 Td (plain) Tj ET', resources: (doc) => ({ Font: { F1: embeddedTrueType(doc) } }) },
      ]),
    );
    expect(pdf.graphics!.richBlackText).toEqual([{ page: 1, font: 'ABCDEF+Calibri', sizePt: 7, cmyk: [0.6, 0.5, 0.4, 1], rect: [10, 10, 17, 17] }]);
  });

  it('names the ICC profiles used and the output intent profile', async () => {
    const icc = iccProfile('RGB ', 'Shop sRGB v2');
    const pdf = await facts(
      await makePdf([{ content: '/CS0 cs 1 0 0 sc 0 0 10 10 re f', resources: (doc) => {
        profileRef = doc.context.register(doc.context.flateStream(icc, { N: 3 }));
        return { ColorSpace: { CS0: ['ICCBased', profileRef] } };
      } }], {
        catalog: (doc, cat) => { cat.set(PDFNameOf('OutputIntents'), doc.context.obj([{ Type: 'OutputIntent', S: 'GTS_PDFX', OutputConditionIdentifier: PDFStringOf('sRGB'), DestOutputProfile: profileRef }])); },
      }),
    );
    expect(pdf.graphics!.iccProfiles).toEqual([{ description: 'Shop sRGB v2', colorSpace: 'RGB', pages: [1] }]);
    expect(pdf.outputIntents[0]!.profile).toBe('Shop sRGB v2');
  });
});

import { PDFName, PDFString, type PDFRef } from 'pdf-lib';
let profileRef: PDFRef;

/** An ICC v2 profile with a header and a 'desc' tag only (what the inspector reads). */
function iccProfile(space: string, description: string): Uint8Array {
  const descTag = new Uint8Array(12 + description.length + 1 + 4 + 4 + 2 + 1 + 67);
  const dv = new DataView(descTag.buffer);
  descTag.set([...'desc'].map((c) => c.charCodeAt(0)), 0);
  dv.setUint32(8, description.length + 1);
  descTag.set([...description].map((c) => c.charCodeAt(0)), 12);
  const size = 128 + 4 + 12 + descTag.length;
  const out = new Uint8Array(size);
  const o = new DataView(out.buffer);
  o.setUint32(0, size);
  out.set([...'mntr'].map((c) => c.charCodeAt(0)), 12);
  out.set([...space].map((c) => c.charCodeAt(0)), 16);
  out.set([...'XYZ '].map((c) => c.charCodeAt(0)), 20);
  out.set([...'acsp'].map((c) => c.charCodeAt(0)), 36);
  o.setUint32(128, 1);
  out.set([...'desc'].map((c) => c.charCodeAt(0)), 132);
  o.setUint32(136, 144);
  o.setUint32(140, descTag.length);
  out.set(descTag, 144);
  return out;
}
const PDFNameOf = (s: string) => PDFName.of(s);
const PDFStringOf = (s: string) => PDFString.of(s);
