// Remediation planning (design.md "A job's life after the verdict"): which failing checks whose
// profile severity is `autofix` are repaired, by which fix, with which parameters, in which order.
// Pure: the same plan tells the customer before upload what will be done ("We'll add 3 mm of
// bleed by mirroring the edges") and tells the server's engines (server/remediate/) what to do.
//
// Order (FIX_ORDER) and why:
//   PDF:   convert_colour (Ghostscript rewrites the whole file, so it goes first and everything
//          after works on its output) → strip_javascript / strip_annotations / strip_attachments /
//          strip_forms → normalize_rotation (boxes are then in display orientation) → add_trim_box
//          → scale_to_size (trim to the ordered size) → add_bleed (around the final trim) →
//          output_intent (last, so nothing can drop it).
//   Image: orient (EXIF, so every later step sees the picture as the customer does) → flatten
//          (onto white in the source colour space, so white stays paper white) → upscale →
//          crop/pad to the aspect ratio → add_bleed (around the final trim) → colour (CMYK or
//          grey with an embedded profile, after all pixel operations) → to_pdf.
// A failing autofix check without a fix (or one whose fix would go too far, e.g. more than 4×
// upscaling or scaling beyond `autofix_within_percent`) is listed in `unfixable` and keeps its
// warning; nothing is silently skipped.
import type { AcceptEntry, FileFacts, Finding, IntakeContext } from './types';

export type FixId =
  | 'pdf.convert_colour'
  | 'pdf.strip_javascript'
  | 'pdf.strip_annotations'
  | 'pdf.strip_attachments'
  | 'pdf.strip_forms'
  | 'pdf.normalize_rotation'
  | 'pdf.add_trim_box'
  | 'pdf.scale_to_size'
  | 'pdf.add_bleed'
  | 'pdf.output_intent'
  | 'image.orient'
  | 'image.flatten'
  | 'image.upscale'
  | 'image.fit_aspect'
  | 'image.add_bleed'
  | 'image.colour'
  | 'image.to_pdf';

export const FIX_ORDER: readonly FixId[] = [
  'pdf.convert_colour',
  'pdf.strip_javascript',
  'pdf.strip_annotations',
  'pdf.strip_attachments',
  'pdf.strip_forms',
  'pdf.normalize_rotation',
  'pdf.add_trim_box',
  'pdf.scale_to_size',
  'pdf.add_bleed',
  'pdf.output_intent',
  'image.orient',
  'image.flatten',
  'image.upscale',
  'image.fit_aspect',
  'image.add_bleed',
  'image.colour',
  'image.to_pdf',
];

export type BleedFill = 'mirror' | 'scale' | 'none';
export type FixParams = Record<string, string | number | boolean>;

export interface PlannedFix {
  fix: FixId;
  /** The failing checks this fix cures (empty for steps that only serve others, e.g. image.orient). */
  checkIds: string[];
  /** What the engine needs; lengths in mm, sizes as "W×H" mm. */
  params: FixParams;
  /** Catalogue key of the customer-facing sentence, and its parameters. */
  messageKey: string;
  messageParams: Record<string, string | number>;
}

export interface RemediationPlan {
  fixes: PlannedFix[];
  /** Failing autofix checks that no fix in this plan cures, with a reason code. */
  unfixable: { checkId: string; reason: string }[];
  /** The production file's kind: a PDF for PDFs and converted images, else the image format. */
  output: 'pdf' | 'image';
}

/** Maximum upscale factor (reference: "upscale (capped at 4×)"). */
export const MAX_UPSCALE = 4;

const MM_PER_INCH = 25.4;

function num(v: unknown): number | undefined {
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
}

function obj(v: unknown): Record<string, unknown> {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

const round1 = (v: number) => Math.round(v * 10) / 10;
const sizeText = (w: number, h: number) => `${round1(w)}×${round1(h)}`;

/** The profile's rule for a check (enabled, with its severity), wherever its section is. */
function ruleOf(entry: AcceptEntry, checkId: string): { severity?: string; target: Record<string, unknown> } | undefined {
  const sections = entry.preflight.profile?.sections ?? {};
  for (const s of Object.values(sections)) {
    const r = s?.enabled ? s.rules[checkId] : undefined;
    if (r?.enabled) return { severity: r.severity, target: obj(r.target) };
  }
  return undefined;
}

/** Findings that a fix may cure: the check failed and the profile says `autofix`. */
export function autofixFailures(findings: readonly Finding[]): Finding[] {
  return findings.filter((f) => f.severity === 'autofix' && (f.outcome === 'warn' || f.outcome === 'fail'));
}

/** The trim size the order asks for: the context's artwork size, else a single allowed page size. */
function orderedSize(entry: AcceptEntry, context: IntakeContext): { w: number; h: number } | undefined {
  const a = context.artworkSize;
  if (a && num(a.width_mm)! > 0 && num(a.height_mm)! > 0) return { w: a.width_mm, h: a.height_mm };
  const allowed = ruleOf(entry, 'geom.page_size')?.target.allowed;
  if (Array.isArray(allowed) && allowed.length === 1) {
    const s = obj(allowed[0]);
    const w = num(s.width_mm);
    const h = num(s.height_mm);
    if (w && h && w > 0 && h > 0) return { w, h };
  }
  return undefined;
}

/**
 * Plan the fixes for one file from its facts and the findings of its evaluation (same profile,
 * same context). Nothing to do → `fixes` is empty (and no production file is made).
 */
export function planRemediation(facts: FileFacts, findings: readonly Finding[], entry: AcceptEntry, context: IntakeContext = {}): RemediationPlan {
  const failing = autofixFailures(findings);
  const fixes: PlannedFix[] = [];
  const unfixable: RemediationPlan['unfixable'] = [];
  const byCheck = new Map<string, Finding[]>();
  for (const f of failing) byCheck.set(f.checkId, [...(byCheck.get(f.checkId) ?? []), f]);
  const add = (fix: FixId, checkIds: string[], params: FixParams, messageKey: string, messageParams: Record<string, string | number> = {}) =>
    fixes.push({ fix, checkIds, params, messageKey, messageParams });
  const handled = new Set<string>();
  const take = (id: string) => {
    handled.add(id);
    return byCheck.get(id);
  };

  if (facts.kind === 'pdf' && facts.pdf) planPdf(facts, entry, context, take, add, unfixable);
  else if (facts.kind === 'raster' && facts.raster) planImage(facts, entry, context, take, add, unfixable);

  for (const id of byCheck.keys()) if (!handled.has(id)) unfixable.push({ checkId: id, reason: 'no_fix' });
  fixes.sort((a, b) => FIX_ORDER.indexOf(a.fix) - FIX_ORDER.indexOf(b.fix));
  return { fixes, unfixable, output: facts.kind === 'pdf' || entry.convertToPdf ? 'pdf' : 'image' };
}

type Take = (checkId: string) => Finding[] | undefined;
type Add = (fix: FixId, checkIds: string[], params: FixParams, messageKey: string, messageParams?: Record<string, string | number>) => void;

function planPdf(facts: FileFacts, entry: AcceptEntry, context: IntakeContext, take: Take, add: Add, unfixable: RemediationPlan['unfixable']): void {
  const pdf = facts.pdf!;
  const colour = take('color.mode');
  if (colour) {
    const allowed = ((colour[0]!.target as { allowed?: unknown })?.allowed as string[] | undefined) ?? [];
    const to = allowed.includes('cmyk') || allowed.length === 0 ? 'cmyk' : allowed.includes('gray') ? 'gray' : null;
    if (to) add('pdf.convert_colour', ['color.mode'], { to }, to === 'cmyk' ? 'fix.pdf.convert_cmyk' : 'fix.pdf.convert_gray');
    else unfixable.push({ checkId: 'color.mode', reason: 'no_target_colour' });
  }
  if (take('struct.javascript')) add('pdf.strip_javascript', ['struct.javascript'], {}, 'fix.pdf.strip_javascript');
  if (take('struct.annotations')) add('pdf.strip_annotations', ['struct.annotations'], {}, 'fix.pdf.strip_annotations');
  if (take('struct.attachments')) add('pdf.strip_attachments', ['struct.attachments'], {}, 'fix.pdf.strip_attachments');
  const forms = ['struct.acroform', 'struct.xfa'].filter((id) => take(id));
  if (forms.length) add('pdf.strip_forms', forms, {}, 'fix.pdf.strip_forms');
  if (take('geom.rotation')) add('pdf.normalize_rotation', ['geom.rotation'], {}, 'fix.pdf.normalize_rotation');

  const size = orderedSize(entry, context);
  const bleedFindings = take('geom.bleed.required');
  const bleedTarget = obj(bleedFindings?.[0]?.target);
  const bleedMm = num(bleedTarget.required_mm) ?? num(context.bleed?.required_mm) ?? 3;

  if (take('geom.trim_box_required') || (bleedFindings && pdf.pages.some((p) => !p.boxes.trim))) {
    // A page without a TrimBox that is the ordered size plus bleed is trimmed in the middle;
    // otherwise the visible page is the trim.
    const first = pdf.pages[0];
    const withBleed = size && first && near(first.widthMm, size.w + 2 * bleedMm) && near(first.heightMm, size.h + 2 * bleedMm);
    const params: FixParams = withBleed ? { from: 'product_size', width_mm: size.w, height_mm: size.h } : { from: 'page' };
    const shown = withBleed ? sizeText(size.w, size.h) : first ? sizeText(first.widthMm, first.heightMm) : '';
    add('pdf.add_trim_box', ['geom.trim_box_required'], params, 'fix.pdf.add_trim_box', { s: shown });
  }

  const sizeFindings = take('geom.page_size');
  if (sizeFindings) {
    const within = num(ruleOf(entry, 'geom.page_size')?.target.autofix_within_percent) ?? 0;
    const first = pdf.pages[0];
    if (!size || !first) unfixable.push({ checkId: 'geom.page_size', reason: 'no_ordered_size' });
    else {
      // Same orientation as the page; uniform scale, so the proportions must already agree.
      const [w, h] = (first.widthMm > first.heightMm) === (size.w > size.h) ? [size.w, size.h] : [size.h, size.w];
      const sx = w / first.widthMm;
      const sy = h / first.heightMm;
      const percent = Math.abs(sx - 1) * 100;
      if (Math.abs(sx - sy) / sx > 0.01) unfixable.push({ checkId: 'geom.page_size', reason: 'different_proportions' });
      else if (percent > within) unfixable.push({ checkId: 'geom.page_size', reason: 'beyond_autofix_within_percent' });
      else add('pdf.scale_to_size', ['geom.page_size'], { width_mm: w, height_mm: h, factor: sx }, 'fix.pdf.scale_to_size', { s: sizeText(w, h), percent: Math.round(sx * 1000) / 10 });
    }
  }

  if (bleedFindings) {
    // the finding's target is the narrowed one without `fill`: read the mode from the profile
    const wanted = ruleOf(entry, 'geom.bleed.required')?.target.fill;
    const fill = (['mirror', 'scale', 'none'] as const).find((f) => f === wanted) ?? 'mirror';
    add('pdf.add_bleed', ['geom.bleed.required'], { bleed_mm: bleedMm, fill }, `fix.add_bleed.${fill}`, { bleed: bleedMm });
  }
  if (take('color.output_intent') || fixesColour(pdf.outputIntents.length, colour)) {
    add('pdf.output_intent', ['color.output_intent'], {}, 'fix.pdf.output_intent');
  }
}

/** A colour conversion gets an output intent too (the conversion's profile), when the file has none. */
function fixesColour(intents: number, colour: Finding[] | undefined): boolean {
  return intents === 0 && !!colour;
}

function near(a: number, b: number, tol = 1): boolean {
  return Math.abs(a - b) <= tol;
}

function planImage(facts: FileFacts, entry: AcceptEntry, context: IntakeContext, take: Take, add: Add, unfixable: RemediationPlan['unfixable']): void {
  const r = facts.raster!;
  let w = r.displayWidthPx;
  let h = r.displayHeightPx;

  if (take('raster.transparency')) add('image.flatten', ['raster.transparency'], { background: '#ffffff' }, 'fix.image.flatten');

  // Upscale: the larger of what effective_dpi and min_dimensions_px need, at most 4×.
  const dpiF = take('raster.effective_dpi')?.[0];
  const dimF = take('raster.min_dimensions_px')?.[0];
  let factor = 1;
  const upscaleChecks: string[] = [];
  let dpiShown = 0;
  if (dpiF) {
    const a = obj(dpiF.actual);
    const t = obj(dpiF.target);
    const dpi = num(a.dpi);
    const min = num(t.min_dpi) ?? 300;
    if (dpi && dpi > 0) {
      factor = Math.max(factor, min / dpi);
      upscaleChecks.push('raster.effective_dpi');
      dpiShown = min;
    } else unfixable.push({ checkId: 'raster.effective_dpi', reason: 'no_dpi_basis' });
  }
  if (dimF) {
    const t = obj(dimF.target);
    // either orientation fits (the check accepts both): the smaller requirement of the two
    const upright = Math.max((num(t.min_width) ?? 0) / w, (num(t.min_height) ?? 0) / h);
    const turned = Math.max((num(t.min_width) ?? 0) / h, (num(t.min_height) ?? 0) / w);
    factor = Math.max(factor, Math.min(upright, turned));
    upscaleChecks.push('raster.min_dimensions_px');
  }
  if (upscaleChecks.length) {
    if (factor > MAX_UPSCALE) for (const id of upscaleChecks) unfixable.push({ checkId: id, reason: 'upscale_over_4x' });
    else if (factor > 1) {
      // a hair more than needed, so rounding to whole pixels never lands just under the target
      const f = Math.ceil(factor * 1.005 * 100) / 100;
      add('image.upscale', upscaleChecks, { factor: f }, dpiShown ? 'fix.image.upscale' : 'fix.image.upscale_px', { factor: f, dpi: dpiShown });
      w = Math.round(w * f);
      h = Math.round(h * f);
    }
  }

  const aspect = take('raster.aspect_ratio')?.[0];
  if (aspect) {
    const ratio = (obj(aspect.target).ratio as unknown[] | undefined)?.map(num);
    const rule = ruleOf(entry, 'raster.aspect_ratio')?.target ?? {};
    const mode = rule.fit === 'pad' ? 'pad' : 'crop';
    if (ratio && ratio[0] && ratio[1]) {
      add('image.fit_aspect', ['raster.aspect_ratio'], { ratio_w: ratio[0], ratio_h: ratio[1], mode }, mode === 'pad' ? 'fix.image.pad_to_aspect' : 'fix.image.crop_to_aspect', { ratio: `${ratio[0]}:${ratio[1]}` });
    } else unfixable.push({ checkId: 'raster.aspect_ratio', reason: 'no_ratio' });
  }

  // Bleed for images: only when the file becomes a PDF for an ordered trim size and the
  // profile asks for bleed with autofix (the bleed check itself judges PDF pages).
  const bleedRule = ruleOf(entry, 'geom.bleed.required');
  const size = orderedSize(entry, context);
  const bleedMm = num(context.bleed?.required_mm) ?? num(bleedRule?.target.required_mm) ?? 3;
  let printBleed = 0;
  if (entry.convertToPdf && bleedRule && size && bleedMm > 0) {
    const ir = Math.max(w / h, h / w);
    const trimRatio = Math.max(size.w, size.h) / Math.min(size.w, size.h);
    const bleedRatio = (Math.max(size.w, size.h) + 2 * bleedMm) / (Math.min(size.w, size.h) + 2 * bleedMm);
    if (Math.abs(ir - bleedRatio) < Math.abs(ir - trimRatio)) {
      printBleed = bleedMm; // the artwork already includes the bleed: the PDF's trim sits inside it
    } else if (bleedRule.severity === 'autofix') {
      const fill = (['mirror', 'scale', 'none'] as const).find((f) => f === bleedRule.target.fill) ?? 'mirror';
      add('image.add_bleed', [], { bleed_mm: bleedMm, fill, width_mm: size.w, height_mm: size.h }, `fix.add_bleed.${fill}`, { bleed: bleedMm });
      printBleed = bleedMm;
    }
  }

  const colourF = take('raster.color_mode')?.[0];
  const iccF = take('raster.icc_required')?.[0];
  const bitsF = take('raster.bit_depth')?.[0];
  if (colourF || iccF || bitsF) {
    const allowed = ((colourF ? obj(colourF.target).allowed : ruleOf(entry, 'raster.color_mode')?.target.allowed) as string[] | undefined) ?? [];
    const current = r.colorMode === 'ycck' ? 'cmyk' : r.colorMode;
    const to = colourF
      ? allowed.includes('cmyk') || allowed.length === 0 ? 'cmyk' : allowed.includes('gray') ? 'gray' : null
      : current === 'gray' ? 'gray' : current === 'cmyk' ? 'cmyk' : allowed.includes('rgb') ? 'cmyk' : 'cmyk';
    if (to) {
      const ids = [colourF && 'raster.color_mode', iccF && 'raster.icc_required', bitsF && 'raster.bit_depth'].filter((x): x is string => !!x);
      add('image.colour', ids, { to, bits: 8 }, to === 'gray' ? 'fix.image.to_gray' : 'fix.image.to_cmyk');
    } else unfixable.push({ checkId: 'raster.color_mode', reason: 'no_target_colour' });
  }

  if (entry.convertToPdf) {
    // The print size: the order's, else the resolution check's target, else the stated size.
    const dpiRule = ruleOf(entry, 'raster.effective_dpi')?.target ?? {};
    const tw = size?.w ?? num(dpiRule.target_width_mm) ?? r.widthMm ?? (w / 300) * MM_PER_INCH;
    const th = size?.h ?? num(dpiRule.target_height_mm) ?? r.heightMm ?? (h / 300) * MM_PER_INCH;
    // Same orientation as the image.
    const [pw, ph] = (w >= h) === (tw >= th) ? [tw, th] : [th, tw];
    add('image.to_pdf', [], { width_mm: round1(pw), height_mm: round1(ph), bleed_mm: printBleed }, 'fix.image.to_pdf', { s: sizeText(pw, ph) });
  }

  // EXIF orientation is applied whenever a production file is made: the output never relies on
  // a viewer honouring the tag (needsOutput ignores this step on its own).
  if (r.orientation > 1 && r.orientation <= 8) add('image.orient', [], { orientation: r.orientation }, 'fix.image.orient');
}

/** Only the orienting step, nothing that cures a check: no production file is needed. */
export function needsOutput(plan: RemediationPlan): boolean {
  return plan.fixes.some((f) => f.checkIds.length > 0 || f.fix === 'image.to_pdf' || f.fix === 'image.add_bleed');
}
