// Safety margin: nothing important within min_mm of the trim edge. Measured roughly: we know where
// images are placed and where lines of text start, not the extent of every glyph or vector path.
// Images that reach past the trim edge are backgrounds meant to bleed and are not counted.
import type { PdfPageFacts, Rect } from '../../types';
import type { CheckDef, CheckResult } from '../types';
import { MAX_FINDINGS, MM_PER_PT, contentKnown, mm, nonNegative, pageList, trimRect, withPdf } from './util';

function inside(r: Rect, box: Rect, slack = 0.5): boolean {
  return r[0] >= box[0] - slack && r[1] >= box[1] - slack && r[2] <= box[2] + slack && r[3] <= box[3] + slack;
}

export const safetyMarginCheck: CheckDef = {
  id: 'geom.safety_margin',
  section: 'geometry',
  kinds: ['pdf'],
  defaultSeverity: 'warn',
  narrow(target, context) {
    return context.safety ? { ...target, min_mm: context.safety.min_mm } : target;
  },
  run(facts, target) {
    return withPdf(this.id, facts, (pdf) => {
      const min = nonNegative(target.min_mm) ?? 3;
      if (!contentKnown(pdf)) return [{ outcome: 'skipped', messageKey: 'geom.safety_margin.unknown' }];
      const results: CheckResult[] = [];
      const unmeasured: number[] = [];
      for (const page of pdf.pages) {
        if (page.contentIncomplete) {
          unmeasured.push(page.page);
          continue;
        }
        const offenders = offendersOn(page, pdf.images.filter((i) => i.page === page.page).map((i) => i.rect), min);
        if (offenders.length && results.length < MAX_FINDINGS) {
          results.push({
            outcome: 'fail',
            messageKey: 'geom.safety_margin.fail',
            params: { page: page.page, min },
            page: page.page,
            boxes: offenders.slice(0, 20).map((rect) => ({ page: page.page, rect })),
          });
        }
      }
      if (results.length) return results;
      if (unmeasured.length === pdf.pages.length) return [{ outcome: 'skipped', messageKey: 'geom.safety_margin.unknown' }];
      return [
        {
          outcome: 'pass',
          messageKey: unmeasured.length ? 'geom.safety_margin.pass_partly' : 'geom.safety_margin.pass',
          params: { min: mm(min), pages: pageList(unmeasured) },
        },
      ];
    });
  },
};

function offendersOn(page: PdfPageFacts, imageRects: (Rect | undefined)[], minMm: number): Rect[] {
  const trim = trimRect(page);
  const inset = minMm / MM_PER_PT / page.userUnit;
  const safe: Rect = [trim[0] + inset, trim[1] + inset, trim[2] - inset, trim[3] - inset];
  const out: Rect[] = [];
  for (const r of imageRects) {
    if (!r) continue;
    const bleeds = !inside(r, trim); // reaches past the trim: a background meant to bleed
    if (!bleeds && !inside(r, safe)) out.push(r);
  }
  const t = page.textBox;
  if (t && !inside(t, safe)) out.push(t);
  return out;
}
