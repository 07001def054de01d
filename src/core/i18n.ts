// Message formatting: catalogue lookup, {placeholders} and ICU-like plurals.
// Templates: 'Hello {name}' and '{count, plural, one {# file} other {# files}}'.
// Lengths: params are always millimetres; '{w, mm}' renders one in the shop's units (mm or
// inches, without a suffix) and '{unit}' the unit's symbol, so one template serves both.
// English UI and intake messages are always present; the judging and check messages are
// registered by the code that judges (so they travel with the evaluator), other locales when
// they are loaded.
import { intake } from './messages/en/intake';
import { ui } from './messages/en/ui';
import { localeDirection, supportedLocale } from './locales';
import { listFormat, numberFormat, pluralRules } from './intl';

export type Catalogue = Record<string, string>;

export type Units = 'mm' | 'in';

export interface FormatOptions {
  /** Units for '{x, mm}' lengths (default mm). */
  units?: Units;
}

const MM_PER_INCH = 25.4;

const catalogues: Record<string, Catalogue> = { en: { ...ui, ...intake } };

export function registerCatalogue(locale: string, messages: Catalogue): void {
  catalogues[locale] = { ...(catalogues[locale] ?? {}), ...messages };
}

export function availableLocales(): string[] {
  return Object.keys(catalogues);
}

/** Best catalogue for a BCP-47 tag: exact, then the shipped locale it maps to (pt → pt-BR,
 *  no → nb, zh-CN → zh-Hans), then language only, then English. */
export function resolveLocale(locale: string | undefined | null): string {
  if (!locale) return 'en';
  if (catalogues[locale]) return locale;
  const shipped = supportedLocale(locale);
  if (shipped !== 'en' && catalogues[shipped]) return shipped;
  const lang = locale.toLowerCase().split('-')[0]!;
  return catalogues[lang] ? lang : 'en';
}

function formatValue(value: string | number | undefined, locale: string): string {
  if (value === undefined) return '';
  if (typeof value === 'number') {
    return numberFormat(locale, { maximumFractionDigits: 2 }).format(value);
  }
  return value;
}

/** Render a template with params; unknown placeholders stay visible so they get noticed in review. */
export function formatTemplate(
  template: string,
  params: Record<string, string | number> = {},
  locale = 'en',
  opts: FormatOptions = {},
): string {
  let out = '';
  let i = 0;
  while (i < template.length) {
    const open = template.indexOf('{', i);
    if (open < 0) {
      out += template.slice(i);
      break;
    }
    out += template.slice(i, open);
    // find the matching close brace (plural bodies nest braces)
    let depth = 0;
    let close = open;
    for (; close < template.length; close++) {
      if (template[close] === '{') depth++;
      else if (template[close] === '}' && --depth === 0) break;
    }
    const body = template.slice(open + 1, close);
    out += renderPlaceholder(body, params, locale, opts);
    i = close + 1;
  }
  return out;
}

function renderLength(value: number, units: Units, locale: string): string {
  const v = units === 'in' ? value / MM_PER_INCH : value;
  return numberFormat(locale, { maximumFractionDigits: units === 'in' ? 2 : 1 }).format(v);
}

function renderSize(size: string, units: Units, locale: string): string {
  const [w, h] = size.split('×').map((n) => Number(n));
  if (!Number.isFinite(w) || !Number.isFinite(h)) return size;
  return ltrIsolate(`${renderLength(w!, units, locale)}×${renderLength(h!, units, locale)} ${units}`, locale);
}

/** In right-to-left text a size like "210×297 mm" would be reordered by the bidi algorithm
 *  (the unit jumps away from its numbers): keep it one left-to-right unit (U+2066 … U+2069). */
function ltrIsolate(text: string, locale: string): string {
  return localeDirection(locale) === 'rtl' ? `\u2066${text}\u2069` : text;
}

function joinList(items: string[], locale: string, type: 'conjunction' | 'disjunction'): string {
  try {
    return listFormat(locale, { type }).format(items);
  } catch {
    return items.join(type === 'disjunction' ? ' / ' : ', ');
  }
}

function listOr(items: string[], locale: string): string {
  return joinList(items, locale, 'disjunction');
}

function termFor(code: string, locale: string): string {
  const key = `term.${code.toLowerCase()}`;
  return catalogues[locale]?.[key] ?? catalogues.en?.[key] ?? code;
}

function renderPlaceholder(body: string, params: Record<string, string | number>, locale: string, opts: FormatOptions): string {
  const parts = body.split(',');
  const name = parts[0]!.trim();
  const units = opts.units ?? 'mm';
  if (name === 'unit' && parts.length === 1 && !('unit' in params)) return units;
  if (parts.length === 2 && parts[1]!.trim() === 'mm' && typeof params[name] === 'number') {
    return renderLength(params[name] as number, units, locale);
  }
  // '{s, size}': a "W×H" size in mm → "85×55 mm" or "3.35×2.17 in"; '{s, sizes}': several,
  // separated by '|' → "85×55 mm or 55×85 mm" in the locale's own words for "or".
  // '{x, term}': a word the checks pass as a code ('landscape', 'gray'), said in the locale's
  // words (catalogue key 'term.<code>'); '{x, terms}' / '{x, termsOr}': several, '|'-separated,
  // joined with the locale's "and" / "or".
  const kind = parts.length === 2 ? parts[1]!.trim() : '';
  if ((kind === 'term' || kind === 'terms' || kind === 'termsOr') && typeof params[name] === 'string') {
    const words = String(params[name]).split('|').map((code) => termFor(code, locale));
    return kind === 'term' ? words.join(' ') : joinList(words, locale, kind === 'termsOr' ? 'disjunction' : 'conjunction');
  }
  if (parts.length === 2 && (parts[1]!.trim() === 'size' || parts[1]!.trim() === 'sizes') && typeof params[name] === 'string') {
    const sizes = String(params[name]).split('|').map((one) => renderSize(one, units, locale));
    return sizes.length > 1 ? listOr(sizes, locale) : (sizes[0] ?? '');
  }
  if (parts.length >= 3 && parts[1]!.trim() === 'plural') {
    const n = Number(params[name] ?? 0);
    const options = parsePluralOptions(parts.slice(2).join(','));
    const exact = options[`=${n}`];
    const category = pluralRules(locale).select(n);
    const chosen = exact ?? options[category] ?? options.other ?? '';
    return formatTemplate(chosen.replace(/#/g, formatValue(n, locale)), params, locale, opts);
  }
  if (!(name in params)) return `{${body}}`;
  return formatValue(params[name], locale);
}

function parsePluralOptions(src: string): Record<string, string> {
  const options: Record<string, string> = {};
  const re = /\s*(=?\w+)\s*\{/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(src))) {
    let depth = 1;
    let j = re.lastIndex;
    for (; j < src.length && depth > 0; j++) {
      if (src[j] === '{') depth++;
      else if (src[j] === '}') depth--;
    }
    options[m[1]!] = src.slice(re.lastIndex, j - 1);
    re.lastIndex = j;
  }
  return options;
}

/** Look up a message in the locale's catalogue (falling back to English) and render it. */
export function t(key: string, params: Record<string, string | number> = {}, locale = 'en', opts: FormatOptions = {}): string {
  const loc = resolveLocale(locale);
  const template = catalogues[loc]?.[key] ?? catalogues.en?.[key];
  if (template === undefined) return key;
  return formatTemplate(template, params, loc, opts);
}

/** True when the locale's catalogue (or English, as fallback) has the key. */
export function hasMessage(key: string, locale: string): boolean {
  return catalogues[resolveLocale(locale)]?.[key] !== undefined || catalogues.en?.[key] !== undefined;
}

/** True when the locale has its own catalogue loaded (not just the English fallback). */
export function hasCatalogue(locale: string): boolean {
  return catalogues[locale] !== undefined;
}
