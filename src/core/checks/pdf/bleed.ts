// Bleed and trim box checks. Bleed is the distance from the trim edge to the BleedBox (else the
// crop box) on each side (design.md). A page without a TrimBox has its trim at the page edge,
// hence no bleed — unless the order's artwork size is known and the page is that size plus the
// bleed on every side (then the page itself is the bleed area around a centred trim).
import type { PdfPageFacts } from '../../types';
import type { CheckDef, CheckResult } from '../types';
import { MAX_FINDINGS, groupBy, sameSize, mm, nonNegative, pageList, ptToMm, stringList, trimRect, withPdf } from './util';

export type Side = 'top' | 'right' | 'bottom' | 'left';
const SIDES: Side[] = ['top', 'right', 'bottom', 'left'];

/** Bleed on each side as the customer sees the page (after /Rotate), in mm. */
export function bleedPerSide(page: PdfPageFacts): Record<Side, number> {
  const t = trimRect(page);
  const b = page.boxes.bleed ?? page.boxes.crop;
  const uu = page.userUnit;
  const user: Record<Side, number> = {
    left: ptToMm(t[0] - b[0], uu),
    bottom: ptToMm(t[1] - b[1], uu),
    right: ptToMm(b[2] - t[2], uu),
    top: ptToMm(b[3] - t[3], uu),
  };
  // /Rotate turns the page clockwise for display: the user-space left edge shows at the top at 90°.
  const turns = ((page.rotate / 90) % 4 + 4) % 4;
  const order: Side[] = ['top', 'right', 'bottom', 'left'];
  const shown = {} as Record<Side, number>;
  for (let i = 0; i < 4; i++) shown[order[(i + turns) % 4]!] = user[order[i]!];
  for (const s of SIDES) shown[s] = Math.max(0, Math.round(shown[s] * 100) / 100);
  return shown;
}

function requiredSides(target: Record<string, unknown>): Side[] {
  const list = stringList(target.sides).map((s) => s.toLowerCase());
  if (list.length === 0 || list.includes('all')) return SIDES;
  return SIDES.filter((s) => list.includes(s));
}

export const bleedCheck: CheckDef = {
  id: 'geom.bleed.required',
  section: 'geometry',
  kinds: ['pdf'],
  defaultSeverity: 'autofix',
  narrow(target, context) {
    return context.bleed ? { ...target, required_mm: context.bleed.required_mm } : target;
  },
  run(facts, target, context) {
    return withPdf(this.id, facts, (pdf) => {
      // pdf.js does not expose TrimBox/BleedBox: without them bleed cannot be measured
      if (pdf.reader !== 'object-reader') return [{ outcome: 'skipped', messageKey: 'geom.boxes_unknown' }];
      const required = nonNegative(target.required_mm) ?? 3;
      const tol = nonNegative(target.tolerance_mm) ?? 0.2;
      const sides = requiredSides(target);
      const t = { required_mm: required, sides };
      if (required === 0) return [{ outcome: 'pass', messageKey: 'geom.bleed.required.none_needed', target: t }];
      const art = context.artworkSize;
      const bad: { page: PdfPageFacts; min: number; noTrim: boolean }[] = [];
      for (const page of pdf.pages) {
        if (!page.boxes.trim) {
          const withBleed = art && sameSize(page.widthMm, page.heightMm, art.width_mm + 2 * required, art.height_mm + 2 * required, tol + 0.5);
          if (!withBleed) bad.push({ page, min: 0, noTrim: true });
          continue;
        }
        const per = bleedPerSide(page);
        const min = Math.min(...sides.map((s) => per[s]));
        if (min < required - tol) bad.push({ page, min, noTrim: false });
      }
      if (bad.length === 0) return [{ outcome: 'pass', messageKey: 'geom.bleed.required.pass', params: { required: required }, target: t }];
      const groups = groupBy(bad, (b) => `${b.noTrim}:${mm(b.min)}`);
      return [...groups.values()].slice(0, MAX_FINDINGS).map((list): CheckResult => {
        const first = list[0]!;
        return {
          outcome: 'fail',
          messageKey: first.noTrim ? 'geom.bleed.required.fail_no_trim' : 'geom.bleed.required.fail',
          params: { pages: pageList(list.map((b) => b.page.page)), bleed: mm(first.min), required, count: list.length },
          actual: { bleed_mm: first.min },
          target: t,
          page: first.page.page,
          boxes: list.slice(0, 20).map((b) => ({ page: b.page.page, rect: trimRect(b.page) })),
        };
      });
    });
  },
};

export const trimBoxCheck: CheckDef = {
  id: 'geom.trim_box_required',
  section: 'geometry',
  kinds: ['pdf'],
  defaultSeverity: 'autofix',
  run(facts) {
    return withPdf(this.id, facts, (pdf) => {
      if (pdf.reader !== 'object-reader') return [{ outcome: 'skipped', messageKey: 'geom.boxes_unknown' }];
      const missing = pdf.pages.filter((p) => !p.boxes.trim).map((p) => p.page);
      if (missing.length === 0) return [{ outcome: 'pass', messageKey: 'geom.trim_box_required.pass' }];
      return [
        {
          outcome: 'fail',
          messageKey: 'geom.trim_box_required.fail',
          params: { pages: pageList(missing), count: missing.length },
          actual: { pages: missing },
          page: missing[0]!,
        },
      ];
    });
  },
};
