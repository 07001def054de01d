// The job status at a glance (icon + words, never colour alone) and a polite live region that
// announces status changes to screen readers.
import type { ReadonlySignal } from '@preact/signals';
import { useRef } from 'preact/hooks';
import { formatBytes } from '../../core/bytes';
import { t } from '../../core/i18n';
import type { IntakeController } from '../controller-types';
import type { UploadTotals } from '../../core/progress';
import { rowVerdict } from '../row-verdict';
import { problemText } from './texts';


const icons: Record<string, string> = {
  idle: '○',
  incomplete: '◔',
  uploading: '↑',
  processing: '…',
  ready: '✓',
  partial: '!',
  rejected: '✕',
};

/** Per-file verdicts that changed since the last render, as sentences for the live region. */
function useVerdictChanges(controller: IntakeController, locale: string): string[] {
  const units = controller.workflow.ui?.units ?? 'mm';
  // Per file: the life its verdict was worded from. A file's words depend only on its life (and
  // the locale), so a render re-words only the files that changed: with 300 files, wording every
  // file on every change made each verdict's render cost grow with the list.
  const seen = useRef(new Map<string, { life: unknown; locale: string; verdict: string }>());
  const out: string[] = [];
  for (const r of controller.files.value) {
    const state = r.state.value;
    const outcome = r.outcome.value;
    const life = r.life.value;
    if (state !== 'done' && state !== 'refused' && state !== 'error') continue;
    const last = seen.current.get(r.id);
    if (last && last.life === life && last.locale === locale) continue;
    // the row's own words, and what the problem is (not just that there is one)
    const words = t(rowVerdict(state, outcome, life).label, {}, locale);
    const why = problemText(r, locale, units);
    const verdict = why ? `${words}: ${why}` : words;
    seen.current.set(r.id, { life, locale, verdict });
    if (last?.verdict !== verdict) out.push(t('ui.file.announce', { name: r.name, state: verdict }, locale));
  }
  return out;
}

export function StatusLine({ controller, totals, locale }: { controller: IntakeController; totals: ReadonlySignal<UploadTotals | null>; locale: string }) {
  const status = controller.job.value.status;
  const review = controller.review.value;
  const label = t(`ui.status.${status}`, {}, locale);
  const sum = totals.value;
  const changed = useVerdictChanges(controller, locale);
  // Keep the live text stable across unrelated re-renders (progress ticks), so it is announced
  // only when the status or a file's verdict actually changes.
  const live = useRef<{ status: string; text: string; review?: string }>({ status: '', text: '' });
  if (changed.length > 0 || live.current.status !== status) {
    live.current = { status, text: [t('ui.status.announce', { status: label }, locale), ...changed].join('. ') };
  }
  if (review && live.current.review !== review.state) {
    live.current = { ...live.current, review: review.state, text: [live.current.text, t(`ui.review.${review.state}`, {}, locale)].join('. ') };
  }
  return (
    <div class={`status status--${status}`} part="status" data-status={status}>
      <span class="status__icon" aria-hidden="true">
        {icons[status]}
      </span>
      <span class="status__label">{label}</span>
      {status === 'uploading' && sum && sum.bytesTotal > 0 ? (
        <span class="status__progress" part="total-progress">
          {t('ui.progress.total', { sent: formatBytes(sum.bytesSent, locale), total: formatBytes(sum.bytesTotal, locale), percent: Math.floor(sum.percent) }, locale)}
          {sum.rateBps > 0 ? ` · ${t('ui.progress.rate', { rate: formatBytes(sum.rateBps, locale) }, locale)}` : ''}
          {sum.etaSeconds !== null ? ` · ${t('ui.progress.eta', { seconds: Math.ceil(sum.etaSeconds) }, locale)}` : ''}
        </span>
      ) : null}
      {review ? (
        <span class="status__review" part="review" data-review={review.state}>
          {t(`ui.review.${review.state}`, {}, locale)}{review.note ? ` ${t('ui.review.note', { note: review.note }, locale)}` : ''}
        </span>
      ) : null}
      <span class="sr-only" role="status" aria-live="polite" aria-atomic="true">
        {live.current.text}
      </span>
    </div>
  );
}
