// What remediation does to a file, in the customer's words: before the upload the planner's list
// ("We'll add 3 mm of bleed by mirroring the edges"), and once the server has made the production
// file, the fixes it applied. The row only reads the record's views (plan and output are part of
// the file's life). Plan texts arrive rendered (the fix texts travel with the evaluator chunk);
// applied fixes use this bundle's catalogue when it has the `fixed.*` key, else the server's text.
import { hasMessage, t, type Units } from '../../core/i18n';
import type { FileRecord } from '../file-record';

export function FixNotes({ record, locale, units }: { record: FileRecord; locale: string; units: Units }) {
  const out = record.output.value;
  const state = record.state.value;
  if (state === 'refused' || state === 'error') return null;
  const applied = out?.fixes.filter((f) => f.status === 'applied') ?? [];
  const plan = record.fixPlan.value;
  // A file that fails is not repaired (the server skips it): promise nothing. Once the server has
  // judged, only what it did is said.
  const judged = record.life.value.verdictBy === 'server';
  const items = applied.length ? applied : judged || record.outcome.value === 'fail' ? [] : (plan ?? []);
  if (items.length === 0) return null;
  const done = applied.length > 0;
  return (
    <div class="fixes" part="fixes" data-fixes={done ? 'applied' : 'planned'} style={{ margin: '6px 0 0', fontSize: '.9rem' }}>
      <p class="fixes__title" style={{ margin: '0 0 2px', fontWeight: 600 }}>
        {t(done ? (record.outcome.value === 'fixed' ? 'ui.outcome.fixed' : 'ui.fix.output') : 'ui.fix.heading', {}, locale)}
      </p>
      <ul class="fixes__list" style={{ margin: 0, paddingInlineStart: '1.2em' }}>
        {items.map((f) => {
          // done: "3 mm of bleed added by mirroring the edges." (fix.x → fixed.x)
          const key = done ? f.messageKey.replace(/^fix\./, 'fixed.') : f.messageKey;
          const text = hasMessage(key, locale) ? t(key, f.messageParams, locale, { units }) : f.message || plan?.find((p) => p.fix === f.fix)?.message || '';
          return (
            <li key={f.fix} class="fix" data-fix={f.fix}>
              {text}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
