// The job status at a glance (icon + words, never colour alone) and a polite live region that
// announces status changes to screen readers.
import type { ReadonlySignal } from '@preact/signals';
import { formatBytes } from '../../core/acceptance';
import { t } from '../../core/i18n';
import type { IntakeController } from '../controller';

/** Whole-job upload progress (from the upload queue). */
export interface UploadTotals {
  bytesSent: number;
  bytesTotal: number;
  percent: number;
  rateBps: number;
  etaSeconds: number | null;
  active: number;
  queued: number;
}

const icons: Record<string, string> = {
  idle: '○',
  incomplete: '◔',
  uploading: '↑',
  processing: '…',
  ready: '✓',
  partial: '!',
  rejected: '✕',
};

export function StatusLine({ controller, totals, locale }: { controller: IntakeController; totals: ReadonlySignal<UploadTotals | null>; locale: string }) {
  const status = controller.job.value.status;
  const label = t(`ui.status.${status}`, {}, locale);
  const sum = totals.value;
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
      <span class="sr-only" role="status" aria-live="polite">
        {t('ui.status.announce', { status: label }, locale)}
      </span>
    </div>
  );
}
