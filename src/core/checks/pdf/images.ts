// Image checks: effective resolution at placed size (pixels over the placed size on the page, the
// worse axis), maximum resolution and bit depth. Image masks (1-bit stencils) are line art: they
// need a much higher resolution to look sharp and are exempt from the photo limits.
import type { PdfFacts, PdfImageFact } from '../../types';
import type { CheckDef, CheckResult } from '../types';
import { MAX_FINDINGS, contentKnown, groupBy, positive, withPdf } from './util';

const DPI_SLACK = 0.5;

export function imagePpi(img: PdfImageFact): number {
  return Math.min(img.ppiX, img.ppiY);
}

function isLineArt(img: PdfImageFact): boolean {
  return img.colorSpace === 'ImageMask' || img.bitsPerComponent === 1;
}

/** One finding per page that has offending images, with their rectangles to highlight. */
function perPage(checkId: string, bad: PdfImageFact[], messageKey: string, params: Record<string, number>, worst: (list: PdfImageFact[]) => number): CheckResult[] {
  return [...groupBy(bad, (i) => String(i.page)).values()].slice(0, MAX_FINDINGS).map((list) => ({
    outcome: 'fail' as const,
    messageKey: list.length === 1 ? messageKey : `${messageKey}_many`,
    params: { page: list[0]!.page, count: list.length, ppi: Math.round(worst(list)), ...params },
    actual: { ppi: Math.round(worst(list)), images: list.length },
    page: list[0]!.page,
    boxes: list.filter((i) => i.rect).slice(0, 50).map((i) => ({ page: i.page, rect: i.rect! })),
  }));
}

export function minResolution(checkId: string, pdf: PdfFacts, minDpi: number): CheckResult[] {
  if (!contentKnown(pdf)) return [{ outcome: 'skipped', messageKey: 'image.unknown' }];
  const photos = pdf.images.filter((i) => !isLineArt(i));
  const bad = photos.filter((i) => imagePpi(i) + DPI_SLACK < minDpi);
  if (bad.length === 0) {
    if (photos.length === 0) return [{ outcome: 'pass', messageKey: 'image.min_resolution_dpi.no_images', params: { min: minDpi } }];
    const lowest = Math.round(Math.min(...photos.map(imagePpi)));
    return [{ outcome: 'pass', messageKey: 'image.min_resolution_dpi.pass', params: { min: minDpi, lowest, count: photos.length }, actual: { ppi: lowest } }];
  }
  return perPage(checkId, bad, 'image.min_resolution_dpi.fail', { min: minDpi }, (l) => Math.min(...l.map(imagePpi)));
}

const minResolutionCheck: CheckDef = {
  id: 'image.min_resolution_dpi',
  section: 'images',
  kinds: ['pdf'],
  defaultSeverity: 'warn',
  run(facts, target) {
    return withPdf(this.id, facts, (pdf) => minResolution(this.id, pdf, positive(target.min_dpi) ?? 150));
  },
};

const maxResolutionCheck: CheckDef = {
  id: 'image.max_resolution_dpi',
  section: 'images',
  kinds: ['pdf'],
  defaultSeverity: 'autofix',
  run(facts, target) {
    return withPdf(this.id, facts, (pdf) => {
      if (!contentKnown(pdf)) return [{ outcome: 'skipped', messageKey: 'image.unknown' }];
      const max = positive(target.max_dpi) ?? 600;
      const bad = pdf.images.filter((i) => !isLineArt(i) && imagePpi(i) - DPI_SLACK > max);
      if (bad.length === 0) return [{ outcome: 'pass', messageKey: 'image.max_resolution_dpi.pass', params: { max } }];
      return perPage(this.id, bad, 'image.max_resolution_dpi.fail', { max }, (l) => Math.max(...l.map(imagePpi)));
    });
  },
};

const bitDepthCheck: CheckDef = {
  id: 'image.bit_depth',
  section: 'images',
  kinds: ['pdf'],
  defaultSeverity: 'reject',
  run(facts, target) {
    return withPdf(this.id, facts, (pdf) => {
      if (!contentKnown(pdf)) return [{ outcome: 'skipped', messageKey: 'image.unknown' }];
      // "bit depth 8": at most 8 bits per component (16-bit images are not printable as is)
      const max = positive(target.max_bits) ?? positive(target.bits) ?? 8;
      const bad = pdf.images.filter((i) => i.bitsPerComponent > max);
      if (bad.length === 0) return [{ outcome: 'pass', messageKey: 'image.bit_depth.pass', params: { max } }];
      return [...groupBy(bad, (i) => String(i.page)).values()].slice(0, MAX_FINDINGS).map((list) => ({
        outcome: 'fail' as const,
        messageKey: 'image.bit_depth.fail',
        params: { page: list[0]!.page, bits: Math.max(...list.map((i) => i.bitsPerComponent)), max, count: list.length },
        page: list[0]!.page,
        boxes: list.filter((i) => i.rect).map((i) => ({ page: i.page, rect: i.rect! })),
      }));
    });
  },
};

export const imageChecks: CheckDef[] = [minResolutionCheck, maxResolutionCheck, bitDepthCheck];
