// Intl formatters, made once per locale and options and kept.
//
// Why: constructing an Intl.NumberFormat / PluralRules / ListFormat costs far more than using one
// (a profile of a 300-file drop in Chromium showed a tenth of the longest main-thread task in
// `new Intl.NumberFormat` for the row sizes). The set of locales × options the widget uses is
// small and fixed, so the cache stays small.

const cache = new Map<string, unknown>();

function cached<T>(kind: string, locale: string, options: object | undefined, make: () => T): T {
  const key = `${kind}|${locale}|${options ? JSON.stringify(options) : ''}`;
  let found = cache.get(key) as T | undefined;
  if (found === undefined) {
    found = make();
    cache.set(key, found);
  }
  return found;
}

export function numberFormat(locale: string, options?: Intl.NumberFormatOptions): Intl.NumberFormat {
  return cached('number', locale, options, () => new Intl.NumberFormat(locale, options));
}

export function pluralRules(locale: string): Intl.PluralRules {
  return cached('plural', locale, undefined, () => new Intl.PluralRules(locale));
}

/** Throws, as the constructor does, where Intl.ListFormat is missing or the options are refused. */
export function listFormat(locale: string, options: Intl.ListFormatOptions): Intl.ListFormat {
  return cached('list', locale, options, () => new Intl.ListFormat(locale, options));
}
