// Shared by the print checks that judge what the pages draw (text sizes, strokes, overprint, rich
// black): the facts exist only when the object reader walked the content. A page whose content was
// walked only in part cannot prove a pass: then the check is 'skipped' with the pages named, never
// a silent pass (a failure found on the walked part is still a failure).
import type { FileFacts, PdfFacts, PdfGraphicsFacts, Rect } from '../../types';
import type { CheckResult } from '../types';
import { MAX_BOXES, MAX_FINDINGS, pageList, withPdf } from '../pdf/util';

export function graphicsOf(pdf: PdfFacts): PdfGraphicsFacts | null {
  return pdf.reader === 'object-reader' && !pdf.encrypted && pdf.graphics ? pdf.graphics : null;
}

export const contentUnknown = (): CheckResult => ({ outcome: 'skipped', messageKey: 'pdf.content_unknown' });

/** Run a check on the drawn-content facts; 'skipped' (content unknown) when there are none. */
export function withGraphics(checkId: string, facts: FileFacts, fn: (pdf: PdfFacts, g: PdfGraphicsFacts) => CheckResult[]): CheckResult[] {
  return withPdf(checkId, facts, (pdf) => {
    const g = graphicsOf(pdf);
    return g ? fn(pdf, g) : [contentUnknown()];
  });
}

/** Pages whose content was not walked completely. */
export function partlyWalked(pdf: PdfFacts): number[] {
  return pdf.pages.filter((p) => p.contentIncomplete).map((p) => p.page);
}

/** The pass result, or 'skipped' naming the pages that could not be checked. */
export function passOrPartly(pdf: PdfFacts, pass: CheckResult, partlyKey: string): CheckResult {
  const partly = partlyWalked(pdf);
  if (partly.length === 0) return pass;
  return { outcome: 'skipped', messageKey: partlyKey, params: { ...pass.params, pages: pageList(partly) }, actual: { pagesNotChecked: partly } };
}

/** One failure per page (first MAX_FINDINGS pages), with the boxes of what was found there. */
export function perPage<T extends { page: number; rect?: Rect }>(items: T[], make: (page: number, list: T[]) => CheckResult): CheckResult[] {
  const pages = [...new Set(items.map((i) => i.page))].sort((a, b) => a - b);
  return pages.slice(0, MAX_FINDINGS).map((page) => {
    const list = items.filter((i) => i.page === page);
    const r = make(page, list);
    return { ...r, page, boxes: list.filter((i) => i.rect).slice(0, MAX_BOXES).map((i) => ({ page, rect: i.rect! })) };
  });
}
