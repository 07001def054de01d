// The languages the SDK ships complete catalogues for. English is built in; the others are
// loaded on first use (one chunk each).
export const SUPPORTED_LOCALES = ['en', 'de', 'fr', 'es', 'it', 'nl', 'pl'] as const;
export type SupportedLocale = (typeof SUPPORTED_LOCALES)[number];

/** Best supported locale for a BCP-47 tag: exact language match, else English. */
export function supportedLocale(tag: string | null | undefined): SupportedLocale {
  const lang = (tag ?? '').toLowerCase().split(/[-_]/)[0] ?? '';
  return (SUPPORTED_LOCALES as readonly string[]).includes(lang) ? (lang as SupportedLocale) : 'en';
}
