// Document structure checks: interactive and hidden things that do not belong in a print file,
// protection, version and standard conformance, and parser warnings (integrity).
import type { PdfFacts } from '../../types';
import type { CheckDef, CheckResult } from '../types';
import { MAX_FINDINGS, groupBy, names, pageList, stringList, withPdf } from './util';

/** A yes/no structure check: fails when `present` says the thing is in the file. */
function presenceCheck(
  id: string,
  defaultSeverity: CheckDef['defaultSeverity'],
  present: (pdf: PdfFacts) => number | boolean,
): CheckDef {
  return {
    id,
    section: 'structure',
    kinds: ['pdf'],
    defaultSeverity,
    run(facts) {
      return withPdf(id, facts, (pdf) => {
        const v = present(pdf);
        const count = typeof v === 'number' ? v : v ? 1 : 0;
        return [{ outcome: count > 0 ? 'fail' : 'pass', messageKey: `${id}.${count > 0 ? 'fail' : 'pass'}`, params: { count }, actual: { count } }];
      });
    },
  };
}

const transparency: CheckDef = {
  id: 'struct.transparency',
  section: 'structure',
  kinds: ['pdf'],
  defaultSeverity: 'warn',
  run(facts) {
    return withPdf(this.id, facts, (pdf) => {
      if (pdf.reader !== 'object-reader') return [{ outcome: 'skipped', messageKey: 'struct.transparency.unknown' }];
      const pages = pdf.pages.filter((p) => p.usesTransparency).map((p) => p.page);
      if (pages.length === 0) return [{ outcome: 'pass', messageKey: 'struct.transparency.pass' }];
      return [{ outcome: 'fail', messageKey: 'struct.transparency.fail', params: { pages: pageList(pages), count: pages.length }, actual: { pages }, page: pages[0]! }];
    });
  },
};

/**
 * Annotations that matter for print. Ignored by default: Link (a clickable area, prints nothing),
 * Popup (the note window of another annotation, which is counted itself), Widget (form fields:
 * struct.acroform judges those), PrinterMark and TrapNet (print-production marks, allowed in
 * PDF/X). `target.ignore` replaces this list.
 */
export const IGNORED_ANNOTATIONS = ['Link', 'Popup', 'Widget', 'PrinterMark', 'TrapNet'];

const annotations: CheckDef = {
  id: 'struct.annotations',
  section: 'structure',
  kinds: ['pdf'],
  defaultSeverity: 'reject',
  run(facts, target) {
    return withPdf(this.id, facts, (pdf) => {
      const ignore = Array.isArray(target.ignore) ? stringList(target.ignore) : IGNORED_ANNOTATIONS;
      const relevant = pdf.annotations.filter((a) => !ignore.includes(a.subtype));
      if (relevant.length === 0) return [{ outcome: 'pass', messageKey: 'struct.annotations.pass' }];
      return [...groupBy(relevant, (a) => String(a.page)).values()].slice(0, MAX_FINDINGS).map(
        (list): CheckResult => ({
          outcome: 'fail',
          messageKey: 'struct.annotations.fail',
          params: { page: list[0]!.page, count: list.length, kinds: names(list.map((a) => a.subtype)) },
          actual: { annotations: list.map((a) => a.subtype) },
          page: list[0]!.page,
          boxes: list.filter((a) => a.rect).map((a) => ({ page: a.page, rect: a.rect! })),
        }),
      );
    });
  },
};

const encryption: CheckDef = {
  id: 'struct.encryption_allowed',
  section: 'structure',
  kinds: ['pdf'],
  defaultSeverity: 'reject',
  run(facts, target) {
    return withPdf(this.id, facts, (pdf) => {
      if (!pdf.encrypted) return [{ outcome: 'pass', messageKey: 'struct.encryption_allowed.pass' }];
      if (target.allowed === true) return [{ outcome: 'pass', messageKey: 'struct.encryption_allowed.pass_allowed' }];
      return [{ outcome: 'fail', messageKey: 'struct.encryption_allowed.fail', actual: { encrypted: true } }];
    });
  },
};

const permissions: CheckDef = {
  id: 'struct.permissions',
  section: 'structure',
  kinds: ['pdf'],
  defaultSeverity: 'reject',
  run(facts) {
    return withPdf(this.id, facts, (pdf) => {
      if (pdf.permissions && !pdf.permissions.print) return [{ outcome: 'fail', messageKey: 'struct.permissions.fail', actual: pdf.permissions }];
      return [{ outcome: 'pass', messageKey: 'struct.permissions.pass' }];
    });
  },
};

export function versionNumber(v: unknown): number | undefined {
  const m = typeof v === 'string' || typeof v === 'number' ? /^(\d+)\.(\d+)$/.exec(String(v).trim()) : null;
  return m ? Number(m[1]) * 100 + Number(m[2]) : undefined;
}

const pdfVersion: CheckDef = {
  id: 'struct.pdf_version',
  section: 'structure',
  kinds: ['pdf'],
  defaultSeverity: 'warn',
  run(facts, target) {
    return withPdf(this.id, facts, (pdf) => {
      const v = versionNumber(pdf.version);
      if (v === undefined) return [{ outcome: 'skipped', messageKey: 'struct.pdf_version.unknown' }];
      const min = versionNumber(target.min ?? '1.4');
      const max = versionNumber(target.max ?? '1.7');
      const params = { version: pdf.version, min: String(target.min ?? '1.4'), max: String(target.max ?? '1.7') };
      if ((min !== undefined && v < min) || (max !== undefined && v > max)) return [{ outcome: 'fail', messageKey: 'struct.pdf_version.fail', params, actual: { version: pdf.version } }];
      return [{ outcome: 'pass', messageKey: 'struct.pdf_version.pass', params, actual: { version: pdf.version } }];
    });
  },
};

/** 'PDF/X-4' satisfies 'X-4' and 'PDF/X-4'; 'PDF/X-4p' satisfies 'X-4' too (same standard, profile by reference). */
export function pdfxMatches(actual: string, required: string): boolean {
  const norm = (s: string) => s.toUpperCase().replace(/^PDF\//, '').replace(/\s+/g, '');
  return norm(actual).startsWith(norm(required));
}

const pdfx: CheckDef = {
  id: 'struct.pdfx',
  section: 'structure',
  kinds: ['pdf'],
  defaultSeverity: 'warn',
  run(facts, target) {
    return withPdf(this.id, facts, (pdf) => {
      const required = stringList(target.required ?? 'X-4');
      if (!pdf.pdfx) {
        if (pdf.reader !== 'object-reader') return [{ outcome: 'skipped', messageKey: 'struct.pdfx.unknown' }];
        return [{ outcome: 'fail', messageKey: 'struct.pdfx.fail_missing', params: { required: required.join('|') } }];
      }
      const ok = required.length === 0 || required.some((r) => pdfxMatches(pdf.pdfx!, r));
      return [{ outcome: ok ? 'pass' : 'fail', messageKey: ok ? 'struct.pdfx.pass' : 'struct.pdfx.fail', params: { actual: pdf.pdfx, required: required.join('|') }, actual: { pdfx: pdf.pdfx } }];
    });
  },
};

const integrity: CheckDef = {
  id: 'struct.integrity',
  section: 'structure',
  kinds: ['pdf'],
  defaultSeverity: 'autofix',
  run(facts) {
    return withPdf(this.id, facts, (pdf) => {
      // pdf.js facts carry a note that boxes and colour are unknown: that is not damage
      const damage = pdf.warnings.filter((w) => !w.startsWith('read with pdf.js'));
      if (damage.length === 0) return [{ outcome: 'pass', messageKey: 'struct.integrity.pass' }];
      return [{ outcome: 'fail', messageKey: 'struct.integrity.fail', params: { count: damage.length, details: damage.slice(0, 3).join('; ') }, actual: { warnings: damage } }];
    });
  },
};

export const structureChecks: CheckDef[] = [
  transparency,
  presenceCheck('struct.layers', 'warn', (p) => p.layers),
  annotations,
  presenceCheck('struct.javascript', 'reject', (p) => p.javascript),
  presenceCheck('struct.attachments', 'reject', (p) => p.attachments),
  presenceCheck('struct.acroform', 'autofix', (p) => p.formFields),
  presenceCheck('struct.xfa', 'autofix', (p) => p.xfa),
  presenceCheck('struct.signatures', 'autofix', (p) => p.signatures),
  encryption,
  permissions,
  pdfVersion,
  pdfx,
  integrity,
];
