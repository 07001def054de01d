// Locale choice and loading: the `locale` option, else the page's lang, else the browser's
// language; catalogues other than English load on first use and are registered both here and
// in the evaluator (which lives in its own chunk with its own catalogue copy).
import { registerCatalogue, type Catalogue } from '../core/i18n';
import { supportedLocale, type SupportedLocale } from '../core/locales';
import { loadLocaleMessages } from './lazy';

const loaded = new Map<string, Catalogue>();
/** A store's own texts, by locale: applied after (and so over) the shipped catalogues. */
const overrides = new Map<string, Catalogue>();
const loading = new Map<string, Promise<void>>();

export function pickLocale(option?: string | null): SupportedLocale {
  const candidate = option || document.documentElement.lang || navigator.language || 'en';
  return supportedLocale(candidate);
}

/** Load a locale's catalogue once; English needs nothing. A failed load falls back to English. */
export function ensureLocale(locale: SupportedLocale): Promise<void> {
  if (locale === 'en' || loaded.has(locale)) return Promise.resolve();
  let p = loading.get(locale);
  if (!p) {
    p = loadLocaleMessages(locale)
      .then((mod) => {
        loaded.set(locale, mod.messages);
        registerCatalogue(locale, mod.messages);
      })
      .catch((err) => console.warn(`[filecheck] could not load the "${locale}" messages; using English`, err));
    loading.set(locale, p);
  }
  return p;
}

/** A store's own wording for any message key (after the locale is loaded). */
export function overrideMessages(locale: string, messages: Catalogue): void {
  overrides.set(locale, { ...(overrides.get(locale) ?? {}), ...messages });
  registerCatalogue(locale, messages);
}

/** Give an evaluator module every catalogue loaded so far, and the store's overrides. */
export function shareCatalogues(target: { registerCatalogue(locale: string, messages: Catalogue): void }): void {
  for (const [locale, messages] of loaded) target.registerCatalogue(locale, messages);
  for (const [locale, messages] of overrides) target.registerCatalogue(locale, messages);
}
