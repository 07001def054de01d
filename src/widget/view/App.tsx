// The widget's root view. Reads signals only; every change goes back through the controller.
import type { ReadonlySignal, Signal } from '@preact/signals';
import { DialogShell } from './DialogShell';
import { acceptAttribute } from '../../core/workflow';
import { t } from '../../core/i18n';
import type { IntakeError, UiOptions } from '../../core/types';
import type { IntakeController } from '../controller';
import { DropZone } from './DropZone';
import { FileRow } from './FileRow';
import { StatusLine, type UploadTotals } from './StatusLine';

export interface AppProps {
  controller: ReadonlySignal<IntakeController | null>;
  totals: ReadonlySignal<UploadTotals | null>;
  error: ReadonlySignal<IntakeError | null>;
  ui: ReadonlySignal<UiOptions>;
  locale: ReadonlySignal<string>;
  presentation: 'inline' | 'dialog';
  /** Open state of the dialog presentation (focus()/blur() set it). */
  dialogOpen: Signal<boolean>;
}

function typesLabel(controller: IntakeController): string {
  const exts = controller.workflow.rule.accepts.flatMap((a) => a.extensions.map((e) => e.toUpperCase()));
  return [...new Set(exts)].join(', ');
}

export function App(props: AppProps) {
  const opts = props.ui.value;
  const dialog = props.presentation === 'dialog' || opts.layout === 'modal' || opts.layout === 'drawer';
  if (!dialog) return <Panel {...props} />;
  const c = props.controller.value;
  return (
    <DialogShell
      open={props.dialogOpen}
      locale={props.locale.value}
      title={titleOf(opts, c, props.locale.value)}
      status={c?.job.value.status ?? null}
      submitLabel={opts.submitLabel}
      autoClose={opts.autoSubmit === true && (c?.job.value.canProceed ?? false)}
      drawer={opts.layout === 'drawer'}
    >
      <Panel {...props} inDialog />
    </DialogShell>
  );
}

function titleOf(opts: UiOptions, c: IntakeController | null, loc: string): string {
  return opts.title ?? c?.workflow.ui?.title ?? c?.workflow.rule.ui?.title ?? c?.workflow.title ?? t('ui.title', {}, loc);
}

function Panel({ controller, totals, error, ui, locale, inDialog }: AppProps & { inDialog?: boolean }) {
  const loc = locale.value;
  const opts = ui.value;
  const c = controller.value;
  const err = error.value;
  const title = titleOf(opts, c, loc);
  const subtitle = opts.subtitle ?? c?.workflow.ui?.subtitle;
  const helpText = opts.helpText ?? c?.workflow.ui?.helpText;

  return (
    <div class={`fc fc--${opts.layout ?? 'inline'}`} part="container" lang={loc}>
      {opts.showHeader === false || inDialog ? null : (
        <header class="fc__header" part="header">
          <h2 class="fc__title">{title}</h2>
          {subtitle ? <p class="fc__subtitle">{subtitle}</p> : null}
        </header>
      )}
      {helpText && opts.showHelp !== false && opts.layout !== 'compact' ? <p class="fc__help" part="help">{helpText}</p> : null}
      {err ? (
        <div class="fc__error" part="error" role="alert" data-code={err.code}>
          {err.code === 'workflow_invalid'
            ? t('ui.error.workflow_invalid', { message: err.message }, loc)
            : t('ui.error.generic', { message: err.message }, loc)}
        </div>
      ) : null}
      {c ? <Body controller={c} totals={totals} locale={loc} resultsDisplay={opts.resultsDisplay ?? 'full'} /> : null}
    </div>
  );
}

interface BodyProps {
  controller: IntakeController;
  totals: ReadonlySignal<UploadTotals | null>;
  locale: string;
  resultsDisplay: 'full' | 'list';
}

function Body({ controller, totals, locale, resultsDisplay }: BodyProps) {
  const rule = controller.workflow.rule;
  const accept = acceptAttribute(rule);
  const files = controller.files.value;
  const slots = rule.cardinality.slots;
  const rowProps = {
    locale,
    accept,
    resultsDisplay,
    units: controller.workflow.ui?.units ?? 'mm',
    onRemove: (id: string) => controller.remove(id),
    onReplace: (id: string, f: File) => controller.replace(id, f),
    onUpload: (id: string, action: 'pause' | 'resume' | 'retry') => controller.uploadAction(id, action),
  };
  const max = rule.cardinality.max;
  const hint = t('ui.dropzone.hint', { count: max, types: typesLabel(controller) }, locale);

  return (
    <>
      <StatusLine controller={controller} totals={totals} locale={locale} />
      {slots.length > 0 ? (
        slots.map((slot) => {
          const inSlot = files.filter((r) => r.slot === slot.id);
          return (
            <section class="slot" part="slot" data-slot-id={slot.id} aria-label={slot.label} key={slot.id}>
              <h3 class="slot__label">{slot.label}</h3>
              <DropZone locale={locale} accept={accept} multiple={false} slotLabel={slot.label} optional={!slot.required} onFiles={(fs) => controller.addFiles(fs, slot.id)} />
              {inSlot.length > 0 ? (
                <ul class="files" part="files">
                  {inSlot.map((r) => (
                    <FileRow key={r.id} record={r} {...rowProps} />
                  ))}
                </ul>
              ) : null}
            </section>
          );
        })
      ) : (
        <>
          <DropZone locale={locale} accept={accept} multiple={max > 1} hint={hint} onFiles={(fs) => controller.addFiles(fs)} />
          {files.length > 0 ? (
            <ul class="files" part="files" aria-label={t('ui.file.list', {}, locale)}>
              {files.map((r) => (
                <FileRow key={r.id} record={r} {...rowProps} />
              ))}
            </ul>
          ) : null}
        </>
      )}
    </>
  );
}
