// Helpers shared by the PDF checks: reading untrusted targets, units, page lists.
import type { FileFacts, FileKind, PdfFacts, PdfPageFacts, Rect } from '../../types';
import type { CheckResult } from '../types';

export const MM_PER_PT = 25.4 / 72;
/** Findings per check are capped: a 1000-page file with one problem everywhere needs one line, not 1000. */
export const MAX_FINDINGS = 10;
export const MAX_BOXES = 50;

/** A positive finite number from untrusted workflow JSON, else undefined. */
export function positive(v: unknown): number | undefined {
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  return typeof n === 'number' && Number.isFinite(n) && n > 0 ? n : undefined;
}

export function nonNegative(v: unknown): number | undefined {
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  return typeof n === 'number' && Number.isFinite(n) && n >= 0 ? n : undefined;
}

export function stringList(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/** Millimetres as a customer reads them: one decimal below 100 mm, whole mm above. */
export function mm(v: number): number {
  return v >= 100 ? Math.round(v) : Math.round(v * 10) / 10;
}

export function ptToMm(pt: number, userUnit = 1): number {
  return pt * userUnit * MM_PER_PT;
}

/** "1–3, 5, 8" (and "… and N more" past a dozen entries). */
export function pageList(pages: number[]): string {
  const sorted = [...new Set(pages)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    parts.push(j > i ? `${sorted[i]}–${sorted[j]}` : `${sorted[i]}`);
    i = j + 1;
  }
  // "… (+N)" rather than words: the list goes into messages in every language
  return parts.length > 12 ? `${parts.slice(0, 12).join(', ')} … (+${parts.length - 12})` : parts.join(', ');
}

/** The check could not run because the file was not read; an image is called an image. */
export function notInspected(checkId: string, kind: FileKind | null = 'pdf'): CheckResult {
  return { outcome: 'skipped', messageKey: kind === 'raster' ? 'raster.not_inspected' : 'pdf.not_inspected', params: { check: checkId } };
}

/** Run `fn` on the PDF facts, or report that the file was not inspected. */
export function withPdf(checkId: string, facts: FileFacts, fn: (pdf: PdfFacts) => CheckResult[]): CheckResult[] {
  return facts.pdf ? fn(facts.pdf) : [notInspected(checkId)];
}

/**
 * Facts about content (images, colour, fonts) exist only when the object reader walked the pages
 * (an encrypted file it could not decrypt lists that in `incomplete`, see ../unverified.ts).
 */
export function contentKnown(pdf: PdfFacts): boolean {
  return pdf.reader === 'object-reader';
}

export function trimRect(page: PdfPageFacts): Rect {
  return page.boxes.trim ?? page.boxes.crop;
}

export function boxesFor(page: number, rects: (Rect | undefined)[]): { page: number; rect: Rect }[] {
  return rects.filter((r): r is Rect => !!r).slice(0, MAX_BOXES).map((rect) => ({ page, rect }));
}

/** Group pages by a key (e.g. their size), keeping first-seen order. */
export function groupBy<T>(items: T[], key: (t: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const it of items) {
    const k = key(it);
    const list = m.get(k);
    if (list) list.push(it);
    else m.set(k, [it]);
  }
  return m;
}

export function names(list: string[], max = 5): string {
  const uniq = [...new Set(list)];
  return uniq.length > max ? `${uniq.slice(0, max).join(', ')} … (+${uniq.length - max})` : uniq.join(', ');
}

/** w×h matches a×b in either orientation within tol. */
export function sameSize(w: number, h: number, a: number, b: number, tol: number): boolean {
  return (Math.abs(w - a) <= tol && Math.abs(h - b) <= tol) || (Math.abs(w - b) <= tol && Math.abs(h - a) <= tol);
}
