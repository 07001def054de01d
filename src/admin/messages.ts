// The portal's labels live in the shared catalogue (src/core/messages/en/admin.ts and
// admin/<locale>.ts). English is built into the portal; another language's labels load with the
// widget's catalogue of that language (findings, statuses, fixes) when the staff member picks it.
import { registerCatalogue } from '../core/i18n';
import { admin } from '../core/messages/en/admin';
import { ensureLocale } from '../embed/locale';

registerCatalogue('en', admin);

// One chunk per language (Vite splits the glob), fetched on first use.
const adminModules = import.meta.glob<{ admin: Record<string, string> }>('../core/messages/admin/*.ts');
const loading = new Map<string, Promise<void>>();

/** Load a language's portal labels and widget messages once; a failed load leaves English. */
export function ensurePortalLocale(locale: string): Promise<void> {
  if (locale === 'en') return Promise.resolve();
  let p = loading.get(locale);
  if (!p) {
    const load = adminModules[`../core/messages/admin/${locale}.ts`];
    p = Promise.all([
      ensureLocale(locale as Parameters<typeof ensureLocale>[0]),
      load ? load().then((mod) => registerCatalogue(locale, mod.admin)) : Promise.resolve(),
    ]).then(() => {}, (err) => console.warn(`[filecheck portal] could not load the "${locale}" labels; using English`, err));
    loading.set(locale, p);
  }
  return p;
}
