// Colour checks from the colour spaces the content actually uses (not merely declares).
// Spot colours (Separation, DeviceN) are judged by color.spot_colors, not by color.mode.
import type { PdfFacts } from '../../types';
import type { CheckDef, CheckResult } from '../types';
import { contentKnown, names, pageList, positive, nonNegative, stringList, withPdf } from './util';

export type PrintColorMode = 'rgb' | 'cmyk' | 'gray' | 'lab';

/** The colour mode of one colour space name as reported by the inspector. */
export function modeOfSpace(name: string): PrintColorMode | null {
  switch (name) {
    case 'DeviceRGB':
    case 'CalRGB':
    case 'ICCBased(RGB)':
      return 'rgb';
    case 'DeviceCMYK':
    case 'ICCBased(CMYK)':
      return 'cmyk';
    case 'DeviceGray':
    case 'CalGray':
    case 'ICCBased(GRAY)':
      return 'gray';
    case 'Lab':
      return 'lab';
    default:
      return null; // Separation, DeviceN, Indexed (its base is listed too), Pattern, unknown
  }
}

function modesOf(spaces: string[]): Set<PrintColorMode> {
  const out = new Set<PrintColorMode>();
  for (const s of spaces) {
    const m = modeOfSpace(s);
    if (m) out.add(m);
  }
  return out;
}

const colorMode: CheckDef = {
  id: 'color.mode',
  section: 'color',
  kinds: ['pdf'],
  defaultSeverity: 'autofix',
  run(facts, target) {
    return withPdf(this.id, facts, (pdf) => {
      if (!contentKnown(pdf)) return [{ outcome: 'skipped', messageKey: 'color.unknown' }];
      const allowed = stringList(target.allowed).map((s) => s.toLowerCase());
      if (allowed.length === 0) return [{ outcome: 'skipped', messageKey: 'color.mode.no_target' }];
      const used = [...modesOf(pdf.colorSpaces)];
      const bad = used.filter((m) => !allowed.includes(m));
      if (bad.length === 0) {
        return [{ outcome: 'pass', messageKey: used.length ? 'color.mode.pass' : 'color.mode.pass_none', params: { modes: used.join('|') }, actual: { modes: used } }];
      }
      return bad.map((mode): CheckResult => {
        const pages = pdf.pages.filter((p) => modesOf(p.colorSpaces ?? []).has(mode)).map((p) => p.page);
        const images = pdf.images.filter((i) => i.colorSpace.split('/').some((s) => modeOfSpace(s) === mode));
        return {
          outcome: 'fail',
          messageKey: 'color.mode.fail',
          params: { mode, allowed: allowed.join('|'), pages: pageList(pages) },
          actual: { mode, pages },
          ...(pages.length ? { page: pages[0]! } : {}),
          boxes: images.filter((i) => i.rect).slice(0, 50).map((i) => ({ page: i.page, rect: i.rect! })),
        };
      });
    });
  },
};

const spotColors: CheckDef = {
  id: 'color.spot_colors',
  section: 'color',
  kinds: ['pdf'],
  defaultSeverity: 'warn',
  run(facts, target) {
    return withPdf(this.id, facts, (pdf) => {
      if (!contentKnown(pdf)) return [{ outcome: 'skipped', messageKey: 'color.unknown' }];
      const allowed = stringList(target.allowed);
      // without a limit or a list, no spot colours are expected
      const max = nonNegative(target.max_count) ?? (allowed.length ? Infinity : 0);
      const spots = pdf.spotColors;
      const norm = (s: string) => s.trim().toLowerCase();
      const notAllowed = allowed.length ? spots.filter((s) => !allowed.map(norm).includes(norm(s))) : [];
      const actual = { count: spots.length, names: spots };
      if (notAllowed.length) {
        return [{ outcome: 'fail', messageKey: 'color.spot_colors.fail_not_allowed', params: { names: names(notAllowed), allowed: names(allowed, 10), count: notAllowed.length }, actual }];
      }
      if (spots.length > max) {
        return [{ outcome: 'fail', messageKey: max === 0 ? 'color.spot_colors.fail_none_allowed' : 'color.spot_colors.fail_count', params: { names: names(spots), count: spots.length, max }, actual }];
      }
      return [{ outcome: 'pass', messageKey: spots.length ? 'color.spot_colors.pass' : 'color.spot_colors.pass_none', params: { names: names(spots), count: spots.length }, actual }];
    });
  },
};

function intentLabel(pdf: PdfFacts): string {
  return names(pdf.outputIntents.map((o) => o.identifier || o.info || o.subtype));
}

const outputIntent: CheckDef = {
  id: 'color.output_intent',
  section: 'color',
  kinds: ['pdf'],
  defaultSeverity: 'warn',
  run(facts, target) {
    return withPdf(this.id, facts, (pdf) => {
      if (target.required === false) return [{ outcome: 'pass', messageKey: 'color.output_intent.not_required' }];
      if (pdf.reader !== 'object-reader') return [{ outcome: 'skipped', messageKey: 'color.unknown' }];
      if (pdf.outputIntents.length === 0) return [{ outcome: 'fail', messageKey: 'color.output_intent.fail_missing' }];
      // identity: the condition named (OutputConditionIdentifier / Info) and the profile embedded for it
      const profiles = stringList(target.profiles);
      if (profiles.length) {
        const have = pdf.outputIntents.map((o) => o.profile).filter((s): s is string => !!s);
        if (!profiles.some((p) => have.some((h) => h.toLowerCase() === p.toLowerCase()))) {
          return [{ outcome: 'fail', messageKey: 'color.output_intent.fail_profile', params: { actual: names(have.length ? have : ['?']), needed: names(profiles) }, actual: { intents: pdf.outputIntents } }];
        }
      }
      const ids = stringList(target.identifiers);
      if (ids.length) {
        const have = pdf.outputIntents.flatMap((o) => [o.identifier, o.info]).filter((s): s is string => !!s).map((s) => s.toLowerCase());
        if (!ids.some((id) => have.includes(id.toLowerCase()))) {
          return [{ outcome: 'fail', messageKey: 'color.output_intent.fail_identifier', params: { actual: intentLabel(pdf), needed: names(ids) }, actual: { intents: pdf.outputIntents } }];
        }
      }
      return [{ outcome: 'pass', messageKey: 'color.output_intent.pass', params: { actual: intentLabel(pdf) }, actual: { intents: pdf.outputIntents } }];
    });
  },
};

// color.max_ink_coverage, color.overprint, color.icc_whitelist: ../print/color-checks.ts
export const colorChecks: CheckDef[] = [colorMode, spotColors, outputIntent];
