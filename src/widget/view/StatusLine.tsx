// The job status at a glance (icon + words, never colour alone) and a polite live region that
// announces status changes to screen readers.
import { t } from '../../core/i18n';
import type { IntakeController } from '../controller';

const icons: Record<string, string> = {
  idle: '○',
  incomplete: '◔',
  uploading: '↑',
  processing: '…',
  ready: '✓',
  partial: '!',
  rejected: '✕',
};

export function StatusLine({ controller, locale }: { controller: IntakeController; locale: string }) {
  const status = controller.job.value.status;
  const label = t(`ui.status.${status}`, {}, locale);
  return (
    <div class={`status status--${status}`} part="status" data-status={status}>
      <span class="status__icon" aria-hidden="true">
        {icons[status]}
      </span>
      <span class="status__label">{label}</span>
      <span class="sr-only" role="status" aria-live="polite">
        {t('ui.status.announce', { status: label }, locale)}
      </span>
    </div>
  );
}
