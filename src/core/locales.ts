// The languages the SDK ships complete catalogues for. English is built in; the others are
// loaded on first use (one chunk each, named after the code here: src/core/messages/<code>.ts).
export const SUPPORTED_LOCALES = [
  'en', 'de', 'fr', 'es', 'it', 'nl', 'pl',
  'pt-BR', 'pt-PT', 'sv', 'da', 'nb', 'fi', 'cs', 'sk', 'hu', 'ro', 'tr', 'el',
  'ja', 'zh-Hans', 'ko', 'ar',
] as const;
export type SupportedLocale = (typeof SUPPORTED_LOCALES)[number];

/** Languages written right to left (the widget sets dir="rtl" for them). */
const RTL_LANGUAGES = new Set(['ar', 'fa', 'he', 'ur']);

/**
 * Best supported locale for a BCP-47 tag, else English. Regional variants follow CLDR's parent
 * locales: bare `pt` is Brazilian Portuguese, every other `pt-*` region European Portuguese;
 * `no` and `nn` read Bokmål; `zh` with the Hans script or a mainland/Singapore region reads
 * Simplified Chinese, while Traditional (`zh-Hant`, `zh-TW`, `zh-HK`, `zh-MO`) falls back to English
 * rather than to the wrong script.
 */
export function supportedLocale(tag: string | null | undefined): SupportedLocale {
  const candidate = shippedCode(tag ?? '');
  return (SUPPORTED_LOCALES as readonly string[]).includes(candidate) ? (candidate as SupportedLocale) : 'en';
}

function shippedCode(tag: string): string {
  const [lang = '', ...rest] = tag.toLowerCase().split(/[-_]/);
  switch (lang) {
    case 'pt':
      return rest.length === 0 || rest[0] === 'br' ? 'pt-BR' : 'pt-PT';
    case 'nb':
    case 'no':
    case 'nn':
      return 'nb';
    case 'zh':
      if (rest.includes('hans')) return 'zh-Hans';
      return rest.some((r) => r === 'hant' || r === 'tw' || r === 'hk' || r === 'mo') ? 'en' : 'zh-Hans';
    default:
      return lang;
  }
}

/** Writing direction of a locale's script. */
export function localeDirection(locale: string): 'rtl' | 'ltr' {
  return RTL_LANGUAGES.has(locale.toLowerCase().split(/[-_]/)[0] ?? '') ? 'rtl' : 'ltr';
}
