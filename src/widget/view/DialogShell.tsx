// The dialog presentation: a trigger button in the page and the widget in a modal <dialog>.
// Focus moves into the dialog when it opens and back to the trigger when it closes; Escape
// closes it (native <dialog> behaviour).
import type { ComponentChildren } from 'preact';
import type { Signal } from '@preact/signals';
import { useEffect, useRef } from 'preact/hooks';
import { t } from '../../core/i18n';
import { localeDirection } from '../../core/locales';
import type { JobStatus } from '../../core/types';

export interface DialogShellProps {
  open: Signal<boolean>;
  locale: string;
  title: string;
  status: JobStatus | null;
  submitLabel?: string;
  autoClose: boolean;
  drawer: boolean;
  children: ComponentChildren;
}

export function DialogShell({ open, locale, title, status, submitLabel, autoClose, drawer, children }: DialogShellProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  const trigger = useRef<HTMLButtonElement>(null);
  const isOpen = open.value;
  // The `close` event comes a task after the dialog closed. When the close was the state's (the
  // effect below) or a `cancel` (Escape, which the state follows at once), an open asked for in
  // between (focus() from the page) is kept: `close` opens the dialog again. A close the browser
  // made on its own (no `cancel` before it, as for a repeated Escape) sets the state closed.
  const closedByState = useRef(false);

  const showInside = (el: HTMLDialogElement) => {
    el.showModal();
    el.querySelector<HTMLElement>('.dropzone, button')?.focus();
  };

  useEffect(() => {
    const el = dialog.current;
    if (!el) return;
    if (isOpen && !el.open) showInside(el);
    else if (!isOpen && el.open) {
      closedByState.current = true;
      el.close();
    }
  }, [isOpen]);

  useEffect(() => {
    if (autoClose && open.peek()) open.value = false;
  }, [autoClose]);

  const statusText = status ? t(`ui.status.${status}`, {}, locale) : '';
  return (
    <>
      <button type="button" class="btn btn--trigger" part="trigger" ref={trigger} dir={localeDirection(locale) === 'rtl' ? 'rtl' : undefined} aria-haspopup="dialog" onClick={() => (open.value = true)}>
        <span>{title}</span>
        {status && status !== 'idle' ? <span class="trigger__status"> · {statusText}</span> : null}
      </button>
      <dialog
        ref={dialog}
        class={`fc-dialog${drawer ? ' fc-dialog--drawer' : ''}`}
        part="dialog"
        aria-label={title}
        lang={locale}
        dir={localeDirection(locale) === 'rtl' ? 'rtl' : undefined}
        onCancel={() => {
          closedByState.current = true;
          open.value = false;
        }}
        onClose={(ev) => {
          const followed = closedByState.current;
          closedByState.current = false;
          if (followed && open.peek()) return showInside(ev.currentTarget as HTMLDialogElement);
          open.value = false;
          trigger.current?.focus();
        }}
      >
        <div class="fc-dialog__head">
          <h2 class="fc__title">{title}</h2>
          <button type="button" class="btn" part="button close" aria-label={t('ui.dialog.close', {}, locale)} onClick={() => (open.value = false)}>
            ✕
          </button>
        </div>
        {/* only the body scrolls: the Done button stays in view however long the list is */}
        <div class="fc-dialog__body">{children}</div>
        <div class="fc-dialog__foot">
          <button type="button" class="btn btn--primary" part="button submit" onClick={() => (open.value = false)}>
            {submitLabel ?? t('ui.dialog.done', {}, locale)}
          </button>
        </div>
      </dialog>
    </>
  );
}
