// From bytes to verdict: PDFs made with pdf-lib, inspected by the object reader, evaluated with a
// business-card profile (85×55 mm, 3 mm bleed, 3 mm safety, CMYK, fonts embedded, 300 ppi).
import { PDFName, StandardFonts } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { bytesSource } from '../../../../workers/source';
import { inspectPdf } from '../../../../workers/pdf/inspect-pdf';
import { embeddedTrueType, imageXObject, makePdf, standardFont } from '../../../../workers/pdf/test-fixtures';
import { evaluateFile, fileOutcome } from '../../evaluate';
import type { AcceptEntry, CheckRule, Severity } from '../../types';

const MM = 72 / 25.4;
const rule = (severity: Severity, target: Record<string, unknown> = {}): CheckRule => ({ enabled: true, severity, target });

const businessCard: AcceptEntry = {
  kind: 'pdf',
  mimeTypes: ['application/pdf'],
  extensions: ['pdf'],
  convertToPdf: false,
  onFail: 'reject',
  preflight: {
    enabled: true,
    profile: {
      sections: {
        geometry: {
          enabled: true,
          rules: {
            'geom.page_count': rule('reject', { min: 1, max: 2 }),
            'geom.page_size': rule('reject', { allowed: [{ width_mm: 85, height_mm: 55 }], tolerance_mm: 1 }),
            'geom.bleed.required': rule('reject', { required_mm: 3 }),
            'geom.safety_margin': rule('warn', { min_mm: 3 }),
          },
        },
        text: { enabled: true, rules: { 'text.fonts_embedded': rule('reject') } },
        images: { enabled: true, rules: { 'image.min_resolution_dpi': rule('reject', { min_dpi: 300 }) } },
        color: { enabled: true, rules: { 'color.mode': rule('warn', { allowed: ['cmyk', 'gray'] }) } },
        structure: { enabled: true, rules: { 'struct.javascript': rule('reject'), 'struct.encryption_allowed': rule('reject') } },
      },
    },
  },
};

/** A card of 85×55 mm with 3 mm bleed: a CMYK photo of `photoPx` pixels across the whole bleed area and a line of text. */
async function card(opts: { photoPx: number; embedded: boolean; textX?: number }): Promise<Uint8Array> {
  const w = 91 * MM;
  const h = 61 * MM;
  const b = 3 * MM;
  return makePdf([
    {
      size: [w, h],
      trim: [b, b, 85 * MM, 55 * MM],
      bleed: [0, 0, w, h],
      content: `q ${w} 0 0 ${h} 0 0 cm /Photo Do Q BT /F1 9 Tf ${opts.textX ?? 40} 80 Td 0 0 0 1 k (Jane Doe) Tj ET`,
    },
  ], {
    async build(doc) {
      const photo = imageXObject(doc, opts.photoPx, Math.round((opts.photoPx * 61) / 91), { colorSpace: 'DeviceCMYK', filter: 'DCTDecode' });
      const font = opts.embedded ? embeddedTrueType(doc) : await standardFont(doc, StandardFonts.TimesRoman);
      doc.getPage(0).node.set(PDFName.of('Resources'), doc.context.obj({ XObject: { Photo: photo }, Font: { F1: font } }));
    },
  });
}

async function verdict(bytes: Uint8Array) {
  const facts = await inspectPdf(bytesSource(bytes), { pdfjs: null });
  const findings = evaluateFile(facts, businessCard);
  return { findings, outcome: fileOutcome(findings), failed: findings.filter((f) => f.outcome !== 'pass').map((f) => f.checkId) };
}

describe('business card, end to end', () => {
  it('a good card passes every check', async () => {
    const v = await verdict(await card({ photoPx: 1100, embedded: true }));
    expect(v.failed).toEqual([]);
    expect(v.outcome).toBe('pass');
  });

  it('a card with a low-resolution photo, a missing font and text at the edge fails with the reasons', async () => {
    const v = await verdict(await card({ photoPx: 500, embedded: false, textX: 12 }));
    expect(v.outcome).toBe('fail');
    expect(v.failed.sort()).toEqual(['geom.safety_margin', 'image.min_resolution_dpi', 'text.fonts_embedded']);
    const dpi = v.findings.find((f) => f.checkId === 'image.min_resolution_dpi')!;
    expect(dpi.message).toBe('An image on page 1 is 139 ppi at the size it is placed; at least 300 is needed for sharp print.');
    expect(dpi.boxes).toHaveLength(1);
    expect(v.findings.find((f) => f.checkId === 'text.fonts_embedded')!.message).toMatch(/^The font Times-Roman is not embedded/);
  });

  it('an A4 page without bleed is refused for the wrong size and the missing bleed', async () => {
    const v = await verdict(await makePdf([{ size: [595.28, 841.89], content: '0 0 0 1 k 0 0 10 10 re f' }]));
    expect(v.failed.sort()).toEqual(['geom.bleed.required', 'geom.page_size']);
    expect(v.findings.find((f) => f.checkId === 'geom.page_size')!.message).toBe('Page 1 is 210×297 mm; this product needs 85×55 mm (±1 mm).');
  });
});
