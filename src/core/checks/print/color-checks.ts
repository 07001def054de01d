// Print checks on colour (reference "Colour": overprint [warn], ICC whitelist [warn],
// color.max_ink_coverage {percent: 300} [warn]).
//  - Overprint on anything but pure black: white set to overprint disappears; a colour set to
//    overprint mixes with what is under it. Pure black (K only) overprinting is normal practice.
//  - ICC whitelist: the descriptions of the profiles of ICCBased colour spaces the content uses.
//  - Total ink: from a CMYK rendering, which only the server and the CLI make (Ghostscript, see
//    server/ink-coverage.ts). In the browser the facts have none: the check says it runs after
//    upload ('skipped', never a pass), and the server's verdict then replaces the browser's.
import type { PdfInkCoverage } from '../../types';
import type { CheckDef, CheckResult } from '../types';
import { MAX_FINDINGS, names, pageList, positive, stringList, withPdf } from '../pdf/util';
import { passOrPartly, perPage, withGraphics } from './content';

/** Finding code of a check only the server can run: the widget shows it (other skips stay quiet). */
export const CHECKED_AFTER_UPLOAD = 'checked_after_upload';

const overprint: CheckDef = {
  id: 'color.overprint',
  section: 'color',
  kinds: ['pdf'],
  defaultSeverity: 'warn',
  run(facts, target) {
    return withGraphics(this.id, facts, (pdf, g) => {
      // a shop that traps with coloured overprint may allow it; white overprint is always an error
      const found = g.overprint.filter((o) => o.color === 'white' || target.allow_colour !== true);
      if (found.length) {
        return perPage(found, (page, list): CheckResult => {
          const white = list.filter((o) => o.color === 'white');
          return white.length
            ? { outcome: 'fail', messageKey: 'color.overprint.fail_white', params: { page, count: white.length }, actual: { overprint: list } }
            : { outcome: 'fail', messageKey: 'color.overprint.fail_colour', params: { page, count: list.length, values: names(list.map((o) => o.value), 3) }, actual: { overprint: list } };
        });
      }
      return [passOrPartly(pdf, { outcome: 'pass', messageKey: 'color.overprint.pass' }, 'color.overprint.partly')];
    });
  },
};

const norm = (s: string) => s.trim().toLowerCase();

const iccWhitelist: CheckDef = {
  id: 'color.icc_whitelist',
  section: 'color',
  kinds: ['pdf'],
  defaultSeverity: 'warn',
  run(facts, target) {
    return withGraphics(this.id, facts, (pdf, g) => {
      const allowed = stringList(target.allowed);
      if (allowed.length === 0) return [{ outcome: 'skipped', messageKey: 'color.icc_whitelist.no_target' }];
      const label = (p: { description?: string }) => p.description ?? '?';
      // a profile without a readable description cannot be shown to be on the list
      const bad = g.iccProfiles.filter((p) => !p.description || !allowed.map(norm).includes(norm(p.description)));
      if (bad.length) {
        const pages = bad.flatMap((p) => p.pages);
        return [{ outcome: 'fail', messageKey: 'color.icc_whitelist.fail', params: { count: bad.length, profiles: names(bad.map(label)), allowed: names(allowed, 10), pages: pageList(pages) }, actual: { profiles: bad }, page: Math.min(...pages) }];
      }
      if (g.iccProfiles.length === 0) return [passOrPartly(pdf, { outcome: 'pass', messageKey: 'color.icc_whitelist.pass_none' }, 'color.icc_whitelist.partly')];
      return [passOrPartly(pdf, { outcome: 'pass', messageKey: 'color.icc_whitelist.pass', params: { profiles: names(g.iccProfiles.map(label)) } }, 'color.icc_whitelist.partly')];
    });
  },
};

const maxInkCoverage: CheckDef = {
  id: 'color.max_ink_coverage',
  section: 'color',
  kinds: ['pdf'],
  defaultSeverity: 'warn',
  run(facts, target) {
    const percent = positive(target.percent) ?? 300;
    return withPdf(this.id, facts, (pdf) => {
      const ink = pdf.inkCoverage;
      if (!ink) return [{ outcome: 'skipped', messageKey: 'color.max_ink_coverage.skipped', params: { percent }, code: CHECKED_AFTER_UPLOAD }];
      if ('error' in ink) return [{ outcome: 'skipped', messageKey: 'color.max_ink_coverage.failed', params: { percent }, actual: { error: ink.error } }];
      const over = ink.pages.filter((p) => p.maxPercent > percent + 0.5);
      if (over.length) {
        return over.slice(0, MAX_FINDINGS).map((p) => ({
          outcome: 'fail' as const,
          messageKey: 'color.max_ink_coverage.fail',
          params: { page: p.page, max: Math.round(p.maxPercent), percent },
          actual: { max_percent: p.maxPercent, dpi: ink.dpi },
          page: p.page,
          ...(p.rect ? { boxes: [{ page: p.page, rect: p.rect }] } : {}),
        }));
      }
      const max = Math.round(Math.max(0, ...ink.pages.map((p) => p.maxPercent)));
      if (ink.pagesMeasured < pdf.pageCount) {
        return [{ outcome: 'skipped', messageKey: 'color.max_ink_coverage.partly', params: { percent, max, measured: ink.pagesMeasured, count: pdf.pageCount }, actual: measured(ink) }];
      }
      return [{ outcome: 'pass', messageKey: 'color.max_ink_coverage.pass', params: { percent, max }, actual: measured(ink) }];
    });
  },
};

function measured(ink: PdfInkCoverage): Record<string, unknown> {
  return { pages: ink.pages.map((p) => ({ page: p.page, max_percent: p.maxPercent })), dpi: ink.dpi };
}

export const printColorChecks: CheckDef[] = [overprint, iccWhitelist, maxInkCoverage];
