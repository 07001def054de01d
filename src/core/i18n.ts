// Message formatting: catalogue lookup, {placeholders} and ICU-like plurals.
// Templates: 'Hello {name}' and '{count, plural, one {# file} other {# files}}'.
// English UI and intake messages are always present; the check messages are registered by the
// check registry (so they travel with the evaluator), other locales when they are loaded.
import { intake } from './messages/en/intake';
import { ui } from './messages/en/ui';

export type Catalogue = Record<string, string>;

const catalogues: Record<string, Catalogue> = { en: { ...ui, ...intake } };

export function registerCatalogue(locale: string, messages: Catalogue): void {
  catalogues[locale] = { ...(catalogues[locale] ?? {}), ...messages };
}

export function availableLocales(): string[] {
  return Object.keys(catalogues);
}

/** Best catalogue for a BCP-47 tag: exact, then language only, then English. */
export function resolveLocale(locale: string | undefined | null): string {
  if (!locale) return 'en';
  if (catalogues[locale]) return locale;
  const lang = locale.toLowerCase().split('-')[0]!;
  return catalogues[lang] ? lang : 'en';
}

function formatValue(value: string | number | undefined, locale: string): string {
  if (value === undefined) return '';
  if (typeof value === 'number') {
    return new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(value);
  }
  return value;
}

/** Render a template with params; unknown placeholders stay visible so they get noticed in review. */
export function formatTemplate(template: string, params: Record<string, string | number> = {}, locale = 'en'): string {
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
    out += renderPlaceholder(body, params, locale);
    i = close + 1;
  }
  return out;
}

function renderPlaceholder(body: string, params: Record<string, string | number>, locale: string): string {
  const parts = body.split(',');
  const name = parts[0]!.trim();
  if (parts.length >= 3 && parts[1]!.trim() === 'plural') {
    const n = Number(params[name] ?? 0);
    const options = parsePluralOptions(parts.slice(2).join(','));
    const exact = options[`=${n}`];
    const category = new Intl.PluralRules(locale).select(n);
    const chosen = exact ?? options[category] ?? options.other ?? '';
    return formatTemplate(chosen.replace(/#/g, formatValue(n, locale)), params, locale);
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
export function t(key: string, params: Record<string, string | number> = {}, locale = 'en'): string {
  const loc = resolveLocale(locale);
  const template = catalogues[loc]?.[key] ?? catalogues.en?.[key];
  if (template === undefined) return key;
  return formatTemplate(template, params, loc);
}
