// Test helpers for the PDF checks: facts as the inspector would report them, and a runner that
// narrows, runs and renders a check the way the evaluator does.
import { t } from '../../i18n';
import type { FileFacts, IntakeContext, PdfFacts, PdfPageFacts, Rect } from '../../types';
import type { CheckResult } from '../types';
import { pdfChecks } from './index';

const MM = 72 / 25.4;

/** A page of w×h mm (trim = media unless `bleedMm` is given, then the media box grows by it). */
export function page(n: number, wMm: number, hMm: number, opts: { bleedMm?: number; trim?: boolean; rotate?: number } & Partial<PdfPageFacts> = {}): PdfPageFacts {
  const b = (opts.bleedMm ?? 0) * MM;
  const w = wMm * MM;
  const h = hMm * MM;
  const media: Rect = [0, 0, w + 2 * b, h + 2 * b];
  const trim: Rect = [b, b, b + w, b + h];
  const hasTrim = opts.trim ?? opts.bleedMm !== undefined;
  const rotate = opts.rotate ?? 0;
  const swap = rotate === 90 || rotate === 270;
  const { bleedMm: _b, trim: _t, ...rest } = opts;
  return {
    page: n,
    boxes: { media, crop: media, ...(hasTrim ? { trim, bleed: media } : {}) },
    rotate,
    userUnit: 1,
    widthMm: hasTrim ? (swap ? hMm : wMm) : (swap ? hMm + 2 * (opts.bleedMm ?? 0) : wMm + 2 * (opts.bleedMm ?? 0)),
    heightMm: hasTrim ? (swap ? wMm : hMm) : (swap ? wMm + 2 * (opts.bleedMm ?? 0) : hMm + 2 * (opts.bleedMm ?? 0)),
    colorSpaces: [],
    isColor: false,
    usesTransparency: false,
    ...rest,
  };
}

export function pdf(partial: Partial<PdfFacts> = {}): FileFacts {
  const pages = partial.pages ?? [page(1, 210, 297)];
  const facts: PdfFacts = {
    version: '1.6',
    pageCount: pages.length,
    pages,
    fonts: [],
    images: [],
    colorSpaces: [],
    spotColors: [],
    outputIntents: [],
    usesTransparency: false,
    annotations: [],
    formFields: 0,
    xfa: false,
    javascript: false,
    attachments: 0,
    layers: 0,
    signatures: 0,
    encrypted: false,
    permissions: null,
    warnings: [],
    reader: 'object-reader',
    ...partial,
  };
  return { format: 'pdf', kind: 'pdf', mime: 'application/pdf', size: 1000, pdf: facts };
}

export type Rendered = CheckResult & { message: string };

/** Narrow by the context, run, and render each result's message in English. */
export function run(id: string, facts: FileFacts, target: Record<string, unknown> = {}, context: IntakeContext = {}): Rendered[] {
  const check = pdfChecks.find((c) => c.id === id);
  if (!check) throw new Error(`no check ${id}`);
  const narrowed = check.narrow ? check.narrow(target, context) : target;
  return check.run(facts, narrowed, context).map((r) => ({ ...r, message: t(r.messageKey, r.params ?? {}) }));
}

export function outcomes(results: CheckResult[]): string[] {
  return results.map((r) => r.outcome);
}
