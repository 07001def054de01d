// Print checks on drawn text and lines (reference "Fonts and text": minimum text size 5 pt,
// minimum stroke 0.25 pt; "Colour": rich black). Sizes are effective sizes on the printed page:
// font size × text matrix × CTM × UserUnit (glyph height); stroke widths use the thinnest
// direction of the CTM; a width of 0 is a device hairline, the thinnest line a press can draw.
import type { CheckDef } from '../types';
import { names, positive } from '../pdf/util';
import { passOrPartly, perPage, withGraphics } from './content';

const fmt = (n: number) => Math.round(n * 100) / 100;

const minFontSize: CheckDef = {
  id: 'text.min_font_size_pt',
  section: 'text',
  kinds: ['pdf'],
  defaultSeverity: 'warn',
  run(facts, target) {
    return withGraphics(this.id, facts, (pdf, g) => {
      const min = positive(target.pt) ?? positive(target.min_pt) ?? 5;
      const small = g.textSizes.filter((t) => t.sizePt < min - 0.005);
      if (small.length) {
        return perPage(small, (page, list) => {
          const size = Math.min(...list.map((t) => t.sizePt));
          return { outcome: 'fail', messageKey: 'text.min_font_size_pt.fail', params: { page, size: fmt(size), min, fonts: names(list.map((t) => t.font)) }, actual: { size_pt: size, fonts: [...new Set(list.map((t) => t.font))] }, target: { pt: min } };
        });
      }
      if (g.textSizes.length === 0) return [passOrPartly(pdf, { outcome: 'pass', messageKey: 'text.min_font_size_pt.pass_none', params: { min } }, 'text.min_font_size_pt.partly')];
      const smallest = Math.min(...g.textSizes.map((t) => t.sizePt));
      return [passOrPartly(pdf, { outcome: 'pass', messageKey: 'text.min_font_size_pt.pass', params: { min, smallest: fmt(smallest) }, actual: { smallest_pt: smallest } }, 'text.min_font_size_pt.partly')];
    });
  },
};

const minStroke: CheckDef = {
  id: 'text.min_stroke_width_pt',
  section: 'text',
  kinds: ['pdf'],
  defaultSeverity: 'autofix',
  run(facts, target) {
    return withGraphics(this.id, facts, (pdf, g) => {
      const min = positive(target.pt) ?? positive(target.min_pt) ?? 0.25;
      const thin = g.strokes.filter((s) => s.widthPt < min - 0.005);
      if (thin.length) {
        return perPage(thin, (page, list) => {
          const width = Math.min(...list.map((s) => s.widthPt));
          return { outcome: 'fail', messageKey: width === 0 ? 'text.min_stroke_width_pt.fail_hairline' : 'text.min_stroke_width_pt.fail', params: { page, width: fmt(width), min }, actual: { width_pt: width }, target: { pt: min } };
        });
      }
      return [passOrPartly(pdf, { outcome: 'pass', messageKey: 'text.min_stroke_width_pt.pass', params: { min } }, 'text.min_stroke_width_pt.partly')];
    });
  },
};

const richBlackText: CheckDef = {
  id: 'color.rich_black_text',
  section: 'color',
  kinds: ['pdf'],
  defaultSeverity: 'autofix',
  run(facts, target) {
    return withGraphics(this.id, facts, (pdf, g) => {
      // large headlines in rich black are usually wanted: a profile may judge only text below a size
      const maxPt = positive(target.max_pt);
      const found = g.richBlackText.filter((t) => maxPt === undefined || t.sizePt <= maxPt);
      if (found.length) {
        return perPage(found, (page, list) => {
          const t = list[0]!;
          return { outcome: 'fail', messageKey: 'color.rich_black_text.fail', params: { page, size: fmt(Math.min(...list.map((x) => x.sizePt))), cmyk: t.cmyk.map((v) => Math.round(v * 100)).join('/'), fonts: names(list.map((x) => x.font)) }, actual: { text: list.map(({ font, sizePt, cmyk }) => ({ font, sizePt, cmyk })) } };
        });
      }
      return [passOrPartly(pdf, { outcome: 'pass', messageKey: 'color.rich_black_text.pass' }, 'color.rich_black_text.partly')];
    });
  },
};

export const printTextChecks: CheckDef[] = [minFontSize, minStroke, richBlackText];
