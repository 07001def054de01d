// The planner decides, from the evaluation's findings, what the server will repair and how; the
// customer reads its sentences before upload. Facts as the inspectors report them.
import { describe, expect, it } from 'vitest';
import { evaluateFile } from './evaluate';
import { planRemediation, needsOutput, FIX_ORDER } from './remediation';
import './remediation-messages';
import { t } from './i18n';
import { page, pdf } from './checks/pdf/test-facts';
import type { AcceptEntry, FileFacts, Profile } from './types';

function entry(kind: 'pdf' | 'raster', rules: Record<string, { severity: string; target?: Record<string, unknown> }>, convertToPdf = false): AcceptEntry {
  const profile: Profile = {
    sections: { all: { enabled: true, rules: Object.fromEntries(Object.entries(rules).map(([id, r]) => [id, { enabled: true, severity: r.severity as 'autofix', target: r.target ?? {} }])) } },
  };
  return { kind, mimeTypes: [], extensions: [], convertToPdf, onFail: 'reject', preflight: { enabled: true, profile } };
}

function plan(facts: FileFacts, e: AcceptEntry, context = {}) {
  return planRemediation(facts, evaluateFile(facts, e, context), e, context);
}

const sentence = (p: ReturnType<typeof plan>) => p.fixes.map((f) => t(f.messageKey, f.messageParams));

describe('planRemediation', () => {
  const card = entry('pdf', {
    'geom.page_size': { severity: 'reject', target: { allowed: [{ width_mm: 85, height_mm: 55 }] } },
    'geom.bleed.required': { severity: 'autofix', target: { required_mm: 3 } },
  });

  it('a business card without bleed gets a trim box and 3 mm of mirrored bleed, in that order', () => {
    const p = plan(pdf({ pages: [page(1, 85, 55)] }), card);
    expect(p.fixes.map((f) => f.fix)).toEqual(['pdf.add_trim_box', 'pdf.add_bleed']);
    expect(p.fixes[1]!.params).toEqual({ bleed_mm: 3, fill: 'mirror' });
    expect(sentence(p)).toContain("We'll add 3 mm of bleed by mirroring the edges.");
    expect(needsOutput(p)).toBe(true);
  });

  it('the same failure under severity warn or reject is not repaired', () => {
    for (const severity of ['warn', 'reject']) {
      const e = entry('pdf', { 'geom.bleed.required': { severity, target: { required_mm: 3 } } });
      expect(plan(pdf({ pages: [page(1, 85, 55)] }), e).fixes).toEqual([]);
    }
  });

  it('a file that passes needs nothing', () => {
    const p = plan(pdf({ pages: [page(1, 85, 55, { bleedMm: 3 })] }), card);
    expect(p.fixes).toEqual([]);
    expect(needsOutput(p)).toBe(false);
  });

  it('the fill mode and the context bleed are honoured', () => {
    const e = entry('pdf', { 'geom.bleed.required': { severity: 'autofix', target: { required_mm: 3, fill: 'scale' } } });
    const p = plan(pdf({ pages: [page(1, 85, 55, { bleedMm: 1 })] }), e, { bleed: { required_mm: 5 } });
    expect(p.fixes.map((f) => [f.fix, f.params])).toEqual([['pdf.add_bleed', { bleed_mm: 5, fill: 'scale' }]]);
    expect(sentence(p)).toEqual(["We'll add 5 mm of bleed by enlarging the artwork slightly."]);
  });

  it('a page the ordered size plus bleed gets its trim box from the product size', () => {
    const p = plan(pdf({ pages: [page(1, 91, 61)] }), entry('pdf', { 'geom.trim_box_required': { severity: 'autofix' } }), { artworkSize: { width_mm: 85, height_mm: 55 } });
    expect(p.fixes.map((f) => [f.fix, f.params])).toEqual([['pdf.add_trim_box', { from: 'product_size', width_mm: 85, height_mm: 55 }]]);
    expect(sentence(p)).toEqual(["We'll mark the trim size 85×55 mm in the file."]);
  });

  it('scales to the ordered size only within autofix_within_percent', () => {
    const e = (within: number) => entry('pdf', { 'geom.page_size': { severity: 'autofix', target: { allowed: [{ width_mm: 210, height_mm: 297 }], autofix_within_percent: within } } });
    const letterish = pdf({ pages: [page(1, 205.8, 291.06)] }); // 98 % of A4
    const ok = plan(letterish, e(5));
    expect(ok.fixes.map((f) => f.fix)).toEqual(['pdf.scale_to_size']);
    expect(ok.fixes[0]!.params.factor).toBeCloseTo(1.0204, 3);
    const tooFar = plan(letterish, e(1));
    expect(tooFar.fixes).toEqual([]);
    expect(tooFar.unfixable).toEqual([{ checkId: 'geom.page_size', reason: 'beyond_autofix_within_percent' }]);
  });

  it('RGB to CMYK brings an output intent; structure fixes come in the documented order', () => {
    const e = entry('pdf', {
      'color.mode': { severity: 'autofix', target: { allowed: ['cmyk', 'gray'] } },
      'struct.javascript': { severity: 'autofix' },
      'struct.annotations': { severity: 'autofix' },
      'geom.rotation': { severity: 'autofix' },
    });
    const facts = pdf({ pages: [page(1, 210, 297, { rotate: 90, colorSpaces: ['DeviceRGB'] })], colorSpaces: ['DeviceRGB'], javascript: true, annotations: [{ page: 1, subtype: 'Text' }] });
    const p = plan(facts, e);
    expect(p.fixes.map((f) => f.fix)).toEqual(['pdf.convert_colour', 'pdf.strip_javascript', 'pdf.strip_annotations', 'pdf.normalize_rotation', 'pdf.output_intent']);
    const order = p.fixes.map((f) => FIX_ORDER.indexOf(f.fix));
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it('an autofix check without a fix is reported, never dropped', () => {
    const e = entry('pdf', { 'text.subset': { severity: 'autofix' } });
    const facts = pdf({ fonts: [{ name: 'F', type: 'TrueType', embedded: true, subset: false, type3: false, pages: [1] }] });
    const p = plan(facts, e);
    expect(p.fixes).toEqual([]);
    expect(p.unfixable).toEqual([{ checkId: 'text.subset', reason: 'no_fix' }]);
  });
});

describe('planRemediation for images', () => {
  const raster = (over: Partial<NonNullable<FileFacts['raster']>> = {}): FileFacts => ({
    format: 'png', kind: 'raster', mime: 'image/png', size: 1000,
    raster: { widthPx: 1004, heightPx: 650, orientation: 1, displayWidthPx: 1004, displayHeightPx: 650, colorMode: 'rgb', bitsPerChannel: 8, hasAlpha: false, ...over },
  });

  it('alpha is flattened, colour goes to CMYK, and the image becomes a PDF of the print size', () => {
    const e = entry('raster', {
      'raster.transparency': { severity: 'autofix' },
      'raster.color_mode': { severity: 'autofix', target: { allowed: ['cmyk'] } },
    }, true);
    const p = plan(raster({ hasAlpha: true }), e, { artworkSize: { width_mm: 85, height_mm: 55 } });
    expect(p.fixes.map((f) => f.fix)).toEqual(['image.flatten', 'image.colour', 'image.to_pdf']);
    expect(p.fixes[2]!.params).toEqual({ width_mm: 85, height_mm: 55, bleed_mm: 0 });
    expect(p.output).toBe('pdf');
    expect(sentence(p)).toEqual([
      "We'll place transparent areas on white.",
      "We'll convert the image to CMYK for printing and embed the colour profile.",
      "We'll make a print PDF of 85×55 mm from the image.",
    ]);
  });

  it('upscales at most 4× and says so', () => {
    const e = entry('raster', { 'raster.effective_dpi': { severity: 'autofix', target: { min_dpi: 300, target_width_mm: 85, target_height_mm: 55 } } });
    const p = plan(raster({ widthPx: 502, heightPx: 325, displayWidthPx: 502, displayHeightPx: 325 }), e);
    expect(p.fixes.map((f) => f.fix)).toEqual(['image.upscale']);
    expect(Number(p.fixes[0]!.params.factor)).toBeGreaterThanOrEqual(2);
    expect(Number(p.fixes[0]!.params.factor)).toBeLessThan(2.1);
    expect(sentence(p)[0]).toMatch(/enlarge the image 2.*× to reach 300 dpi/);
    const tiny = plan(raster({ widthPx: 100, heightPx: 65, displayWidthPx: 100, displayHeightPx: 65 }), e);
    expect(tiny.fixes).toEqual([]);
    expect(tiny.unfixable).toEqual([{ checkId: 'raster.effective_dpi', reason: 'upscale_over_4x' }]);
  });

  it('crops to the aspect ratio; EXIF orientation is applied when an output is made', () => {
    const e = entry('raster', { 'raster.aspect_ratio': { severity: 'autofix', target: { ratio: [1, 1], tolerance: 0.02 } } });
    const p = plan(raster({ orientation: 6, displayWidthPx: 650, displayHeightPx: 1004 }), e);
    expect(p.fixes.map((f) => f.fix)).toEqual(['image.orient', 'image.fit_aspect']);
    expect(p.fixes[1]!.params).toEqual({ ratio_w: 1, ratio_h: 1, mode: 'crop' });
  });

  it('an image of the trim size gets mirrored bleed when it becomes a PDF and bleed is autofix', () => {
    const e = entry('raster', { 'geom.bleed.required': { severity: 'autofix', target: { required_mm: 3 } } }, true);
    const p = plan(raster(), e, { artworkSize: { width_mm: 85, height_mm: 55 } });
    expect(p.fixes.map((f) => f.fix)).toEqual(['image.add_bleed', 'image.to_pdf']);
    expect(p.fixes[1]!.params).toEqual({ width_mm: 85, height_mm: 55, bleed_mm: 3 });
  });
});

describe('planRemediation for images that already carry bleed', () => {
  it('an image of trim + bleed proportions becomes a PDF whose trim sits inside it; no bleed is added', () => {
    const e: AcceptEntry = {
      kind: 'raster', mimeTypes: [], extensions: [], convertToPdf: true, onFail: 'reject',
      preflight: { enabled: true, profile: { sections: { g: { enabled: true, rules: { 'geom.bleed.required': { enabled: true, severity: 'autofix', target: { required_mm: 3 } } } } } } },
    };
    // 91 × 61 mm at 300 dpi: 1075 × 720 px
    const facts: FileFacts = { format: 'png', kind: 'raster', mime: 'image/png', size: 1, raster: { widthPx: 1075, heightPx: 720, orientation: 1, displayWidthPx: 1075, displayHeightPx: 720, colorMode: 'rgb', bitsPerChannel: 8, hasAlpha: false } };
    const p = planRemediation(facts, [], e, { artworkSize: { width_mm: 85, height_mm: 55 } });
    expect(p.fixes.map((f) => [f.fix, f.params])).toEqual([['image.to_pdf', { width_mm: 85, height_mm: 55, bleed_mm: 3 }]]);
  });
});

describe('remediation messages', () => {
  it('are said in the shop units', () => {
    expect(t('fix.add_bleed.mirror', { bleed: 3.175 }, 'en', { units: 'in' })).toBe("We'll add 0.13 in of bleed by mirroring the edges.");
  });
});
