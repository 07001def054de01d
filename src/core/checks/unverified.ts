// Fail closed when inspection stopped short (issue 12): a check that depends on facts the
// inspector could not establish in full (facts.pdf.incomplete / facts.raster.incomplete) cannot
// pass. The evaluator asks `gapsFor` after running a check; when the check found no failure of its
// own, its pass (or skip) is replaced by one "could not be verified" finding.
// The dependencies of the built-in checks live here, in one table, so a check module needs no
// change to be fail-closed; a custom check declares its own with CheckDef.needs.
import type { FactArea, FileFacts, IncompleteFact, IncompleteReason } from '../types';
import type { CheckDef } from './types';
import { pageList } from './pdf/util';

/** Every area the content-stream walk of a page learns; a walk cut short leaves all of them open. */
export const CONTENT_AREAS: readonly FactArea[] = ['fonts', 'images', 'colors', 'transparency', 'text_extent', 'vectors'];

export const CHECK_NEEDS: Readonly<Record<string, readonly FactArea[]>> = {
  // raster files: their print size comes from the stated resolution and orientation
  'geom.page_size': ['boxes', 'resolution'],
  'geom.orientation': ['boxes', 'resolution'],
  'geom.consistent_page_sizes': ['boxes'],
  'geom.spread_vs_single': ['boxes'],
  'geom.bleed.required': ['boxes'],
  'geom.trim_box_required': ['boxes'],
  'geom.safety_margin': ['boxes', 'text_extent', 'images'],
  'text.fonts_embedded': ['fonts'],
  'text.font_types': ['fonts'],
  'text.subset': ['fonts'],
  'text.min_font_size_pt': ['fonts', 'text_extent'],
  'image.min_resolution_dpi': ['images'],
  'image.max_resolution_dpi': ['images'],
  'image.bit_depth': ['images'],
  'raster.effective_dpi': ['images', 'resolution'],
  'raster.icc_required': ['icc'],
  'raster.color_mode': ['colors'],
  'raster.bit_depth': ['colors'],
  'raster.transparency': ['colors'],
  'raster.aspect_ratio': ['resolution'],
  'color.mode': ['colors', 'images'],
  'color.spot_colors': ['colors'],
  'color.output_intent': ['output_intents'],
  'struct.transparency': ['transparency'],
  'struct.annotations': ['annotations'],
  'struct.javascript': ['annotations', 'names'],
  'struct.attachments': ['names'],
  'struct.acroform': ['forms'],
  'struct.signatures': ['forms'],
  'struct.pdfx': ['metadata'],
};

export function needsOf(check: Pick<CheckDef, 'id' | 'needs'>): readonly FactArea[] {
  return check.needs ?? CHECK_NEEDS[check.id] ?? [];
}

/** The gaps in the facts that a check with these needs depends on (empty: the check can judge). */
export function gapsFor(needs: readonly FactArea[], facts: FileFacts): IncompleteFact[] {
  if (needs.length === 0) return [];
  const all = [...(facts.pdf?.incomplete ?? []), ...(facts.raster?.incomplete ?? [])];
  return all.filter((g) => needs.includes(g.area));
}

/** Reasons in the order a customer should hear about them: the most fundamental first. */
const REASON_ORDER: readonly IncompleteReason[] = ['encrypted', 'fallback_reader', 'undecodable', 'truncated', 'decode_budget', 'operator_budget', 'page_limit', 'object_limit'];

/** One message for several gaps: the first reason, with every page any gap is on. */
export function describeGaps(gaps: readonly IncompleteFact[]): { messageKey: string; params: Record<string, string | number>; reasons: IncompleteReason[]; pages: number[] } {
  const reasons = [...new Set(gaps.map((g) => g.reason))].sort((a, b) => REASON_ORDER.indexOf(a) - REASON_ORDER.indexOf(b));
  const whole = gaps.some((g) => !g.pages);
  const pages = whole ? [] : [...new Set(gaps.flatMap((g) => g.pages ?? []))].sort((a, b) => a - b);
  return { messageKey: `check.unverified.${reasons[0]}`, params: { count: pages.length, pages: pageList(pages) }, reasons, pages };
}
