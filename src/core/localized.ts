// Store-provided texts (titles, subtitles, help, slot labels) in the customer's language: a
// plain string, or one text per locale, e.g. { "en": "Front", "de": "Vorderseite" }.

import type { Localizable } from './types';

export type { Localizable };

/** The best text for a locale: exact tag, then its language, then English, then the first given. */
export function localized(value: Localizable | undefined | null, locale: string): string | undefined {
  if (value === undefined || value === null || typeof value === 'string') return value ?? undefined;
  const lang = locale.toLowerCase().split('-')[0]!;
  return value[locale] ?? value[lang] ?? value.en ?? Object.values(value)[0];
}
