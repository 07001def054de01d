// What remediation does to a file (issue 14), in the customer's words: before the upload the
// planner's list ("We'll add 3 mm of bleed by mirroring the edges"), and once the server has made
// the production file, the fixes it applied. Texts from the catalogue only: the English fix texts
// travel with the evaluator chunk (the plan arrives rendered), other locales' with their chunk.
import { hasMessage, t, type Units } from '../../core/i18n';
import type { FileRecord } from '../file-record';

export function FixNotes({ record, locale, units }: { record: FileRecord; locale: string; units: Units }) {
  const out = record.output.value;
  const state = record.state.value;
  if (state === 'refused' || state === 'error') return null;
  const applied = out?.fixes.filter((f) => f.status === 'applied') ?? [];
  const plan = record.fixPlan.value;
  // A file that fails is not repaired (the server skips it): promise nothing.
  const items = applied.length ? applied : out || record.outcome.value === 'fail' ? [] : (plan ?? []);
  if (items.length === 0) return null;
  const done = applied.length > 0;
  return (
    <div class="fixes" part="fixes" data-fixes={done ? 'applied' : 'planned'} style={{ margin: '6px 0 0', fontSize: '.9rem' }}>
      <p class="fixes__title" style={{ margin: '0 0 2px', fontWeight: 600 }}>
        {t(done ? (out?.fixed ? 'ui.outcome.fixed' : 'ui.fix.output') : 'ui.fix.heading', {}, locale)}
      </p>
      <ul class="fixes__list" style={{ margin: 0, paddingInlineStart: '1.2em' }}>
        {items.map((f) => {
          // done: "3 mm of bleed added by mirroring the edges." (fix.x → fixed.x); the server's
          // English text when this bundle lacks the catalogue, the browser's plan as a last resort
          const key = done ? f.messageKey.replace(/^fix\./, 'fixed.') : f.messageKey;
          return (
            <li key={f.fix} class="fix" data-fix={f.fix}>
              {hasMessage(key, locale) ? t(key, f.messageParams, locale, { units }) : ('message' in f && f.message) || plan?.find((p) => p.fix === f.fix)?.message || ''}
            </li>
          );
        })}
      </ul>
    </div>
  );
}

/** Checks the server's production file cured (its re-check passed): their warnings are history. */
export function curedChecks(record: FileRecord): Set<string> {
  const out = record.output.value;
  if (!out?.fixed) return new Set();
  return new Set(out.fixes.filter((f) => f.status === 'applied').flatMap((f) => f.checkIds ?? []));
}
