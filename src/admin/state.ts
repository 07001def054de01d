// Portal-wide state: the route, the staff member's language, live change notifications.
import { computed, effect, signal } from '@preact/signals';
import { t } from '../core/i18n';
import { supportedLocale } from '../core/locales';
import { me } from './api';

export const route = signal(location.hash || '#/jobs');
addEventListener('hashchange', () => (route.value = location.hash || '#/jobs'));

const CHOSEN_KEY = 'fc_admin_locale';
const stored = (() => {
  try {
    return localStorage.getItem(CHOSEN_KEY);
  } catch {
    return null;
  }
})();
/** A language picked with the switch (kept in this browser); null: not picked. */
export const chosenLocale = signal<string | null>(stored);
export function chooseLocale(code: string): void {
  chosenLocale.value = code;
  try {
    localStorage.setItem(CHOSEN_KEY, code);
  } catch {
    // storage off (private mode): the choice lasts for this page
  }
}

/** The staff member's language: picked with the switch, else their account's, else the browser's. */
export const locale = computed(() => supportedLocale(chosenLocale.value ?? me.value?.user.locale ?? navigator.language));
/** Bumped when a catalogue finished loading, so texts re-render in the new language. */
export const catalogueReady = signal(0);
export const tr = (key: string, params: Record<string, string | number> = {}) => {
  void catalogueReady.value;
  return t(key, params, locale.value);
};

/** Open review jobs, shown in the navigation; refreshed by the list pages. */
export const reviewCount = signal(0);

/** Bumped (at most a few times a second) whenever any job changes on the server. */
export const jobsVersion = signal(0);

let source: EventSource | null = null;
let pending: ReturnType<typeof setTimeout> | null = null;
effect(() => {
  if (me.value && !source) {
    source = new EventSource('/admin/api/events');
    source.addEventListener('changed', () => {
      pending ??= setTimeout(() => {
        pending = null;
        jobsVersion.value += 1;
      }, 250);
    });
  } else if (!me.value && source) {
    source.close();
    source = null;
  }
});
