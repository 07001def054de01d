// Geometry checks (reference "Checks and their targets", Geometry; design.md "Geometry decisions"):
// the trim size is the TrimBox, else CropBox ∩ MediaBox; sizes match in either orientation; bleed
// is the distance from the trim edge to the BleedBox (else the crop box) on each side.
// For raster files, page size and orientation use the physical size from the stated resolution.
import { narrowPageCount } from '../../context';
import type { FileFacts, IntakeContext, PdfPageFacts } from '../../types';
import type { CheckDef, CheckResult } from '../types';
import { MAX_FINDINGS, groupBy, sameSize, mm, nonNegative, notInspected, pageList, positive, stringList, trimRect, withPdf } from './util';

export interface SizedPage {
  page: number;
  widthMm: number;
  heightMm: number;
  /** Has an explicit TrimBox (PDF only). */
  hasTrim: boolean;
}

/** Pages with their trim size; a raster file is one page of its physical size (when known). */
export function sizedPages(facts: FileFacts): SizedPage[] | null {
  if (facts.pdf) return facts.pdf.pages.map((p) => ({ page: p.page, widthMm: p.widthMm, heightMm: p.heightMm, hasTrim: !!p.boxes.trim }));
  const r = facts.raster;
  if (r?.widthMm && r.heightMm) return [{ page: 1, widthMm: r.widthMm, heightMm: r.heightMm, hasTrim: true }];
  return null;
}

export interface AllowedSize {
  width_mm: number;
  height_mm: number;
}

export function allowedSizes(target: Record<string, unknown>): AllowedSize[] {
  const list = Array.isArray(target.allowed) ? target.allowed : [];
  const out: AllowedSize[] = [];
  for (const s of list) {
    const o = s as Record<string, unknown> | null;
    const w = positive(o?.width_mm);
    const h = positive(o?.height_mm);
    if (w && h) out.push({ width_mm: w, height_mm: h });
  }
  return out;
}

const sizeLabel = (w: number, h: number) => `${mm(w)}×${mm(h)}`;

const pageCount: CheckDef = {
  id: 'geom.page_count',
  section: 'geometry',
  kinds: ['pdf'],
  defaultSeverity: 'reject',
  narrow(target, context) {
    // the order's page count can only narrow the profile's range (design.md "Context trust")
    return narrowPageCount(target, context);
  },
  run(facts, target) {
    return withPdf(this.id, facts, (pdf) => {
      const count = pdf.pageCount;
      const min = positive(target.min);
      const max = positive(target.max);
      const allowed = (Array.isArray(target.allowed) ? target.allowed : []).map(Number).filter((n) => Number.isInteger(n) && n > 0);
      const actual = { count };
      if (min !== undefined && count < min) return [{ outcome: 'fail', messageKey: 'geom.page_count.fail_min', params: { count, min }, actual }];
      if (max !== undefined && count > max) return [{ outcome: 'fail', messageKey: 'geom.page_count.fail_max', params: { count, max }, actual }];
      if (allowed.length && !allowed.includes(count)) {
        return [{ outcome: 'fail', messageKey: 'geom.page_count.fail_allowed', params: { count, allowed: allowed.join(', ') }, actual }];
      }
      return [{ outcome: 'pass', messageKey: 'geom.page_count.pass', params: { count }, actual }];
    });
  },
};

const pageSize: CheckDef = {
  id: 'geom.page_size',
  section: 'geometry',
  kinds: ['pdf', 'raster'],
  defaultSeverity: 'reject',
  narrow(target, context) {
    const a = context.artworkSize;
    return a ? { ...target, allowed: [{ width_mm: a.width_mm, height_mm: a.height_mm }] } : target;
  },
  run(facts, target, context) {
    const pages = sizedPages(facts);
    const allowed = allowedSizes(target);
    const tol = nonNegative(target.tolerance_mm) ?? 1;
    if (!pages && facts.raster && allowed.length) return [imageProportions(facts.raster.displayWidthPx, facts.raster.displayHeightPx, allowed, tol)];
    if (!pages) return [notInspected(this.id, facts.kind)];
    if (allowed.length === 0) return [{ outcome: 'skipped', messageKey: 'geom.page_size.no_target' }];
    // A page without a TrimBox that is the allowed size plus bleed on every side is a page with
    // bleed, not a wrong size (design.md: "page larger than the trim size by the bleed").
    const bleed = context.bleed?.required_mm ?? nonNegative(target.bleed_mm) ?? 3;
    // sizes travel as "W×H" in mm, '|'-separated: the message renders them in the shop's units
    const needed = allowed.map((s) => sizeLabel(s.width_mm, s.height_mm)).join('|');
    const bad = pages.filter(
      (p) =>
        !allowed.some(
          (s) =>
            sameSize(p.widthMm, p.heightMm, s.width_mm, s.height_mm, tol) ||
            (!p.hasTrim && bleed > 0 && sameSize(p.widthMm, p.heightMm, s.width_mm + 2 * bleed, s.height_mm + 2 * bleed, tol)),
        ),
    );
    const target0 = { allowed, tolerance_mm: tol };
    if (bad.length === 0) {
      const p = pages[0]!;
      return [{ outcome: 'pass', messageKey: 'geom.page_size.pass', params: { size: sizeLabel(p.widthMm, p.heightMm), needed, tolerance: tol }, target: target0 }];
    }
    const groups = groupBy(bad, (p) => sizeLabel(p.widthMm, p.heightMm));
    return [...groups.entries()].slice(0, MAX_FINDINGS).map(([size, list]): CheckResult => {
      const first = list[0]!;
      const single = list.length === 1;
      const boxes = facts.pdf ? list.slice(0, 20).map((p) => ({ page: p.page, rect: trimRect(facts.pdf!.pages[p.page - 1]!) })) : undefined;
      return {
        outcome: 'fail',
        messageKey: facts.kind === 'raster' ? 'geom.page_size.fail_raster' : single ? 'geom.page_size.fail' : 'geom.page_size.fail_pages',
        params: { page: first.page, pages: pageList(list.map((p) => p.page)), size, needed, tolerance: tol },
        actual: { width_mm: first.widthMm, height_mm: first.heightMm },
        target: target0,
        ...(facts.pdf ? { page: first.page } : {}),
        ...(boxes ? { boxes } : {}),
      };
    });
  },
};

/**
 * An image without a stated resolution has no print size, only proportions: it fits an allowed
 * W×H (either way round, ± tolerance) when one resolution r (pixels per mm) gives both sides,
 * i.e. the ranges px/(W±tol) and py/(H±tol) overlap. No allowed size reachable at any resolution
 * means it would be cropped or get blank edges: a failure (the reference's own mug sample, a
 * square image on a 200×85 mm wrap). A fit passes, saying the resolution it would print at;
 * whether that is sharp enough is raster.effective_dpi's question.
 */
export function imageProportions(px: number, py: number, allowed: AllowedSize[], tol: number): CheckResult {
  const reach = (w: number, h: number) => {
    const lo = Math.max(px / (w + tol), py / (h + tol));
    const hi = Math.min(px / Math.max(w - tol, 1e-9), py / Math.max(h - tol, 1e-9));
    return lo <= hi;
  };
  const needed = allowed.map((s) => sizeLabel(s.width_mm, s.height_mm)).join('|');
  const target = { allowed, tolerance_mm: tol };
  for (const s of allowed) {
    for (const [w, h] of [[s.width_mm, s.height_mm], [s.height_mm, s.width_mm]] as const) {
      if (!reach(w, h)) continue;
      // the worse axis, as raster.effective_dpi counts it (the image must cover the print)
      const dpi = Math.round(Math.min(px / w, py / h) * 25.4);
      return { outcome: 'pass', messageKey: 'geom.page_size.pass_raster_ratio', params: { size: sizeLabel(s.width_mm, s.height_mm), dpi }, actual: { width_px: px, height_px: py, dpi }, target };
    }
  }
  const ratio = Math.round((Math.max(px, py) / Math.min(px, py)) * 100) / 100;
  return {
    outcome: 'fail',
    messageKey: 'geom.page_size.fail_raster_ratio',
    params: { width: String(px), height: String(py), ratio, needed, tolerance: tol }, // pixel counts as written, without grouping
    actual: { width_px: px, height_px: py, ratio },
    target,
  };
}

export type Orientation = 'portrait' | 'landscape' | 'square';

export function orientationOf(w: number, h: number): Orientation {
  if (Math.abs(w - h) < 1) return 'square';
  return w > h ? 'landscape' : 'portrait';
}

const orientation: CheckDef = {
  id: 'geom.orientation',
  section: 'geometry',
  kinds: ['pdf', 'raster'],
  defaultSeverity: 'off',
  run(facts, target) {
    // an image's orientation needs no resolution: its displayed pixels say it
    const r = facts.raster;
    const pages = sizedPages(facts) ?? (r ? [{ page: 1, widthMm: r.displayWidthPx, heightMm: r.displayHeightPx, hasTrim: true }] : null);
    if (!pages) return [notInspected(this.id, facts.kind)];
    const allowed = stringList(target.allowed).map((s) => s.toLowerCase());
    if (allowed.length === 0) return [{ outcome: 'skipped', messageKey: 'geom.orientation.no_target' }];
    const bad = pages.filter((p) => !allowed.includes(orientationOf(p.widthMm, p.heightMm)));
    if (bad.length === 0) return [{ outcome: 'pass', messageKey: 'geom.orientation.pass', params: { orientation: orientationOf(pages[0]!.widthMm, pages[0]!.heightMm) } }];
    return [...groupBy(bad, (p) => orientationOf(p.widthMm, p.heightMm)).entries()].map(([o, list]) => ({
      outcome: 'fail' as const,
      messageKey: facts.kind === 'raster' ? 'geom.orientation.fail_raster' : 'geom.orientation.fail',
      params: { orientation: o, pages: pageList(list.map((p) => p.page)), count: list.length, allowed: allowed.join('|') },
      actual: { orientation: o },
      ...(facts.pdf ? { page: list[0]!.page } : {}),
    }));
  },
};

const rotation: CheckDef = {
  id: 'geom.rotation',
  section: 'geometry',
  kinds: ['pdf'],
  defaultSeverity: 'autofix',
  run(facts) {
    return withPdf(this.id, facts, (pdf) => {
      const rotated = pdf.pages.filter((p) => p.rotate % 360 !== 0);
      if (rotated.length === 0) return [{ outcome: 'pass', messageKey: 'geom.rotation.pass' }];
      return [
        {
          outcome: 'fail',
          messageKey: 'geom.rotation.fail',
          params: { pages: pageList(rotated.map((p) => p.page)), count: rotated.length, degrees: rotated[0]!.rotate },
          actual: { pages: rotated.map((p) => p.page) },
          page: rotated[0]!.page,
        },
      ];
    });
  },
};

const consistentSizes: CheckDef = {
  id: 'geom.consistent_page_sizes',
  section: 'geometry',
  kinds: ['pdf'],
  defaultSeverity: 'reject',
  run(facts, target) {
    return withPdf(this.id, facts, (pdf) => {
      const tol = nonNegative(target.tolerance_mm) ?? 1;
      if (pdf.pages.length < 2) return [{ outcome: 'pass', messageKey: 'geom.consistent_page_sizes.pass' }];
      // the most common size is the document's size; the others are the odd ones out
      const groups: { w: number; h: number; pages: PdfPageFacts[] }[] = [];
      for (const p of pdf.pages) {
        const g = groups.find((x) => sameSize(p.widthMm, p.heightMm, x.w, x.h, tol));
        if (g) g.pages.push(p);
        else groups.push({ w: p.widthMm, h: p.heightMm, pages: [p] });
      }
      if (groups.length === 1) return [{ outcome: 'pass', messageKey: 'geom.consistent_page_sizes.pass' }];
      groups.sort((a, b) => b.pages.length - a.pages.length);
      const main = groups[0]!;
      return groups.slice(1, MAX_FINDINGS + 1).map((g) => ({
        outcome: 'fail' as const,
        messageKey: 'geom.consistent_page_sizes.fail',
        params: { pages: pageList(g.pages.map((p) => p.page)), count: g.pages.length, size: sizeLabel(g.w, g.h), main: sizeLabel(main.w, main.h) },
        actual: { width_mm: g.w, height_mm: g.h },
        page: g.pages[0]!.page,
        boxes: g.pages.slice(0, 20).map((p) => ({ page: p.page, rect: trimRect(p) })),
      }));
    });
  },
};

/** Pages that look like two facing pages side by side. */
export function spreadPages(pages: SizedPage[], context: IntakeContext, tolPct = 0.02): number[] | null {
  const a = context.artworkSize;
  const close = (x: number, y: number) => Math.abs(x - y) <= Math.max(1, y * tolPct);
  if (a) {
    return pages
      .filter((p) => (close(p.widthMm, 2 * a.width_mm) && close(p.heightMm, a.height_mm)) || (close(p.widthMm, 2 * a.height_mm) && close(p.heightMm, a.width_mm)))
      .map((p) => p.page);
  }
  // without a known single-page size: a page twice as wide as another page of the same height
  const spreads = pages.filter((p) => pages.some((q) => q !== p && close(p.heightMm, q.heightMm) && close(p.widthMm, 2 * q.widthMm)));
  if (spreads.length === 0 && new Set(pages.map((p) => `${Math.round(p.widthMm)}x${Math.round(p.heightMm)}`)).size === 1) return null;
  return spreads.map((p) => p.page);
}

const spreadVsSingle: CheckDef = {
  id: 'geom.spread_vs_single',
  section: 'geometry',
  kinds: ['pdf'],
  defaultSeverity: 'warn',
  run(facts, target, context) {
    return withPdf(this.id, facts, () => {
      const pages = sizedPages(facts)!;
      const mode = typeof target.mode === 'string' ? target.mode.toLowerCase() : 'single';
      const spreads = spreadPages(pages, context);
      if (mode === 'single') {
        if (!spreads || spreads.length === 0) return [{ outcome: 'pass', messageKey: 'geom.spread_vs_single.pass_single' }];
        return [{ outcome: 'fail', messageKey: 'geom.spread_vs_single.fail_spreads', params: { pages: pageList(spreads), count: spreads.length }, page: spreads[0]!, actual: { spreads } }];
      }
      if (spreads === null) return [{ outcome: 'skipped', messageKey: 'geom.spread_vs_single.unknown' }];
      // spreads expected: every page but a single first and last page should be a spread
      const inner = pages.filter((p, i) => !(i === 0 || i === pages.length - 1) || pages.length <= 2);
      const singles = inner.filter((p) => !spreads.includes(p.page)).map((p) => p.page);
      if (spreads.length > 0 && singles.length === 0) return [{ outcome: 'pass', messageKey: 'geom.spread_vs_single.pass_spreads' }];
      return [{ outcome: 'fail', messageKey: 'geom.spread_vs_single.fail_singles', params: { pages: pageList(singles.length ? singles : pages.map((p) => p.page)), count: singles.length || pages.length }, actual: { spreads } }];
    });
  },
};

export const geometryChecks: CheckDef[] = [pageCount, pageSize, orientation, rotation, consistentSizes, spreadVsSingle];
