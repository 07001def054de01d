// Locale choice: the `locale` option, else the page's lang, else the browser's language.
import { resolveLocale } from '../core/i18n';

export function pickLocale(option?: string | null): string {
  const candidate = option || document.documentElement.lang || navigator.language || 'en';
  return resolveLocale(candidate);
}
