// struct.pdfa (reference "Structure": PDF/A [reject]): the file identifies itself as PDF/A in its
// XMP metadata (pdfaid:part + pdfaid:conformance), at a part/level the product accepts, and its
// claim holds where our facts can tell: fonts embedded, not encrypted, no JavaScript, no
// transparency in PDF/A-1, an output intent when device colour is used, no attachments in PDF/A-1.
// A broken claim is a failure of its own (one finding per broken rule). This is not a full PDF/A
// validation (veraPDF does that): it judges the claims our facts cover, and says which.
import type { PdfFacts } from '../../types';
import type { CheckDef, CheckResult } from '../types';
import { modeOfSpace } from '../pdf/color';
import { names, pageList, stringList, withPdf } from '../pdf/util';

/** 'PDF/A-2b' satisfies 'A-2b', 'PDF/A-2b' and 'A-2' (any level of part 2). */
export function pdfaMatches(actual: string, required: string): boolean {
  const norm = (s: string) => s.toUpperCase().replace(/^PDF\//, '').replace(/\s+/g, '');
  return norm(actual).startsWith(norm(required));
}

function brokenClaims(pdf: PdfFacts, claim: string): CheckResult[] {
  const out: CheckResult[] = [];
  const part = Number(/A-(\d)/i.exec(claim)?.[1] ?? 0);
  const fail = (messageKey: string, params: Record<string, string | number> = {}, page?: number): CheckResult => ({ outcome: 'fail', messageKey, params: { actual: claim, ...params }, actual: { pdfa: claim }, ...(page ? { page } : {}) });
  const missing = pdf.fonts.filter((f) => !f.embedded);
  if (missing.length) out.push(fail('struct.pdfa.claim_fonts', { fonts: names(missing.map((f) => f.name)) }, Math.min(...missing.flatMap((f) => f.pages))));
  if (pdf.encrypted) out.push(fail('struct.pdfa.claim_encrypted'));
  if (pdf.javascript) out.push(fail('struct.pdfa.claim_javascript'));
  if (part === 1 && pdf.usesTransparency) {
    const pages = pdf.pages.filter((p) => p.usesTransparency).map((p) => p.page);
    out.push(fail('struct.pdfa.claim_transparency', { pages: pageList(pages) }, pages[0]));
  }
  if (part === 1 && pdf.attachments > 0) out.push(fail('struct.pdfa.claim_attachments', { count: pdf.attachments }));
  const device = pdf.colorSpaces.some((s) => s.startsWith('Device') && modeOfSpace(s) !== null);
  if (device && !pdf.outputIntents.some((o) => o.subtype === 'GTS_PDFA1')) out.push(fail('struct.pdfa.claim_output_intent'));
  return out;
}

const pdfa: CheckDef = {
  id: 'struct.pdfa',
  section: 'structure',
  kinds: ['pdf'],
  defaultSeverity: 'reject',
  run(facts, target) {
    return withPdf(this.id, facts, (pdf) => {
      const required = stringList(target.required ?? target.allowed ?? []);
      const needed = required.join('|') || 'A';
      if (!pdf.pdfa) {
        // the reader could not see the metadata (pdf.js fallback, encrypted): not a 'no'
        if (pdf.reader !== 'object-reader' || pdf.encrypted) return [{ outcome: 'skipped', messageKey: 'struct.pdfa.unknown' }];
        return [{ outcome: 'fail', messageKey: 'struct.pdfa.fail_missing', params: { required: needed } }];
      }
      if (required.length && !required.some((r) => pdfaMatches(pdf.pdfa!, r))) {
        return [{ outcome: 'fail', messageKey: 'struct.pdfa.fail', params: { actual: pdf.pdfa, required: needed }, actual: { pdfa: pdf.pdfa } }];
      }
      const broken = brokenClaims(pdf, pdf.pdfa);
      if (broken.length) return broken;
      return [{ outcome: 'pass', messageKey: 'struct.pdfa.pass', params: { actual: pdf.pdfa }, actual: { pdfa: pdf.pdfa } }];
    });
  },
};

export const pdfaChecks: CheckDef[] = [pdfa];
