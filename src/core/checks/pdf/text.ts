// Font checks. Fonts used only by invisible text (render mode 3, e.g. an OCR layer over a scan)
// never print, so they need not be embedded.
import type { PdfFontFact } from '../../types';
import type { CheckDef, CheckResult } from '../types';
import { names, pageList, stringList, withPdf } from './util';

function fontFailure(messageKey: string, fonts: PdfFontFact[], extra: Record<string, string | number> = {}): CheckResult {
  const pages = fonts.flatMap((f) => f.pages);
  return {
    outcome: 'fail',
    messageKey,
    params: { fonts: names(fonts.map((f) => f.name)), count: fonts.length, pages: pageList(pages), ...extra },
    actual: { fonts: fonts.map((f) => ({ name: f.name, type: f.type, pages: f.pages })) },
    ...(pages.length ? { page: Math.min(...pages) } : {}),
  };
}

function fontsNote(fonts: PdfFontFact[], reader: string): Record<string, string | number> {
  return { count: fonts.length, reader };
}

const fontsEmbedded: CheckDef = {
  id: 'text.fonts_embedded',
  section: 'text',
  kinds: ['pdf'],
  defaultSeverity: 'reject',
  run(facts) {
    return withPdf(this.id, facts, (pdf) => {
      const missing = pdf.fonts.filter((f) => !f.embedded && !f.invisibleOnly);
      if (missing.length) return [fontFailure('text.fonts_embedded.fail', missing)];
      // pdf.js learns fonts only on the first pages it builds operator lists for
      const key = pdf.reader === 'pdfjs' ? 'text.fonts_embedded.pass_some_pages' : pdf.fonts.length ? 'text.fonts_embedded.pass' : 'text.fonts_embedded.no_fonts';
      return [{ outcome: 'pass', messageKey: key, params: fontsNote(pdf.fonts, pdf.reader) }];
    });
  },
};

/** 'Type 1' / 'type1' / 'TrueType' / 'OpenType' / 'CID' / 'Type 3' → one spelling. */
export function normaliseFontType(t: string): string {
  const s = t.toLowerCase().replace(/[\s_-]/g, '');
  if (s === 'mmtype1' || s === 'type1c') return 'type1';
  if (s === 'cidfonttype0' || s === 'cidfonttype2' || s === 'type0') return 'cid';
  return s;
}

const fontTypes: CheckDef = {
  id: 'text.font_types',
  section: 'text',
  kinds: ['pdf'],
  defaultSeverity: 'reject',
  run(facts, target) {
    return withPdf(this.id, facts, (pdf) => {
      const allowed = stringList(target.allowed);
      if (allowed.length === 0) return [{ outcome: 'skipped', messageKey: 'text.font_types.no_target' }];
      const ok = new Set(allowed.map(normaliseFontType));
      const bad = pdf.fonts.filter((f) => !f.invisibleOnly && f.type !== 'unknown' && !ok.has(normaliseFontType(f.type)));
      if (bad.length) return [fontFailure('text.font_types.fail', bad, { types: names(bad.map((f) => f.type)), allowed: allowed.join(', ') })];
      return [{ outcome: 'pass', messageKey: 'text.font_types.pass', params: { allowed: allowed.join(', ') } }];
    });
  },
};

const subset: CheckDef = {
  id: 'text.subset',
  section: 'text',
  kinds: ['pdf'],
  defaultSeverity: 'autofix',
  run(facts) {
    return withPdf(this.id, facts, (pdf) => {
      // Type 3 fonts are drawings, not font programs: subsetting does not apply to them.
      const full = pdf.fonts.filter((f) => f.embedded && !f.subset && !f.type3 && !f.invisibleOnly);
      if (full.length) return [fontFailure('text.subset.fail', full)];
      return [{ outcome: 'pass', messageKey: 'text.subset.pass' }];
    });
  },
};

export const textChecks: CheckDef[] = [fontsEmbedded, fontTypes, subset];
