// The widget's root view. Reads signals only; every change goes back through the controller.
import type { ReadonlySignal, Signal } from '@preact/signals';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { DialogShell } from './DialogShell';
import type { WidgetServices } from '../services';
import { acceptAttribute } from '../../core/workflow';
import { hasMessage, t } from '../../core/i18n';
import { localeDirection } from '../../core/locales';
import { localized } from '../../core/localized';
import type { IntakeError, UiOptions } from '../../core/types';
import type { IntakeController } from '../controller-types';
import { createWidgetDrops } from '../drop-queue';
import { DropZone } from './DropZone';
import type { RowProps } from './FileList';
import { LazyFileList, preloadFileList } from './LazyFileList';
import type { FileRecord } from '../file-record';
import { StatusLine } from './StatusLine';
import type { UploadTotals } from '../../core/progress';

export interface AppProps {
  controller: ReadonlySignal<IntakeController | null>;
  totals: ReadonlySignal<UploadTotals | null>;
  error: ReadonlySignal<IntakeError | null>;
  /** "Try again" for the error, when trying again can help. */
  retry: ReadonlySignal<(() => void) | null>;
  ui: ReadonlySignal<UiOptions>;
  locale: ReadonlySignal<string>;
  presentation: 'inline' | 'dialog';
  services: WidgetServices;
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
      submitLabel={localized(opts.submitLabel, props.locale.value)}
      autoClose={opts.autoSubmit === true && (c?.job.value.canProceed ?? false)}
      drawer={opts.layout === 'drawer'}
    >
      <Panel {...props} inDialog />
    </DialogShell>
  );
}

function titleOf(opts: UiOptions, c: IntakeController | null, loc: string): string {
  const given = opts.title ?? c?.workflow.ui?.title ?? c?.workflow.rule.ui?.title ?? c?.workflow.title;
  return localized(given, loc) ?? t('ui.title', {}, loc);
}

/**
 * An error in the customer's words: the catalogue's message for its code, never a developer's
 * (the raw message goes to the integrator's `error` event). A broken setup names its field.
 */
function errorText(err: IntakeError, loc: string): string {
  if (err.code === 'workflow_invalid') return t('ui.error.workflow_invalid', { message: err.message }, loc);
  return hasMessage(`error.${err.code}`, loc) ? t(`error.${err.code}`, {}, loc) : t('ui.error.generic', {}, loc);
}

function ErrorBanner({ err, retry, loc }: { err: IntakeError; retry: (() => void) | null; loc: string }) {
  return (
    <div class="fc__error" part="error" role="alert" data-code={err.code}>
      {errorText(err, loc)}
      {retry ? (
        <button type="button" class="btn" part="button" onClick={retry}>
          {t('ui.error.retry', {}, loc)}
        </button>
      ) : null}
    </div>
  );
}

function Panel({ controller, totals, error, retry, ui, locale, services, inDialog }: AppProps & { inDialog?: boolean }) {
  const loc = locale.value;
  const opts = ui.value;
  const c = controller.value;
  const err = error.value;
  const title = titleOf(opts, c, loc);
  const subtitle = localized(opts.subtitle ?? c?.workflow.ui?.subtitle, loc);
  const helpText = localized(opts.helpText ?? c?.workflow.ui?.helpText, loc);

  return (
    <div class={`fc fc--${opts.layout ?? 'inline'}`} part="container" lang={loc} dir={localeDirection(loc) === 'rtl' ? 'rtl' : undefined}>
      {opts.showHeader === false || inDialog ? null : (
        <header class="fc__header" part="header">
          <h2 class="fc__title">{title}</h2>
          {subtitle ? <p class="fc__subtitle">{subtitle}</p> : null}
        </header>
      )}
      {helpText && opts.showHelp !== false && opts.layout !== 'compact' ? <p class="fc__help" part="help">{helpText}</p> : null}
      {err ? <ErrorBanner err={err} retry={retry.value} loc={loc} /> : null}
      {c?.problem.value ? <ErrorBanner err={c.problem.value} retry={() => c.retryUnchecked()} loc={loc} /> : null}
      {c ? <Body controller={c} totals={totals} locale={loc} resultsDisplay={opts.resultsDisplay ?? 'full'} services={services} /> : null}
    </div>
  );
}

interface BodyProps {
  services: WidgetServices;
  controller: IntakeController;
  totals: ReadonlySignal<UploadTotals | null>;
  locale: string;
  resultsDisplay: 'full' | 'list';
}

function Body({ controller, totals, locale, resultsDisplay, services }: BodyProps) {
  const rule = controller.workflow.rule;
  const accept = acceptAttribute(rule);
  const files = controller.files.value;
  const slots = rule.cardinality.slots;
  const safeMm = controller.context.value.safety?.min_mm;
  // One props object per controller, locale and display: FileList re-renders a row only when its
  // record or these change (a drop of 300 files re-rendered every row once per slice).
  const rowProps = useMemo<RowProps>(
    () => ({
      locale,
      accept,
      resultsDisplay,
      units: controller.workflow.ui?.units ?? 'mm',
      onRemove: (id: string) => controller.remove(id),
      onReplace: (id: string, f: File) => controller.replace(id, f),
      onUpload: (id: string, action: 'pause' | 'resume' | 'retry') => controller.uploadAction(id, action),
      services,
      ...(controller.transport?.loadOutput ? { loadOutput: (r: FileRecord) => controller.transport!.loadOutput!(r) } : {}),
      proof: {
        state: controller.proof,
        approvalRequired: controller.workflow.proof?.approvalRequired === true,
        message: controller.workflow.proof?.message,
        affirmLabel: controller.workflow.proof?.affirmButtonText,
        safeMm,
      },
    }),
    [controller, locale, accept, resultsDisplay, services, safeMm],
  );
  const max = rule.cardinality.max;
  // A big drop is taken a few files per task (drop-queue.ts), to the controller of the moment.
  const current = useRef(controller);
  current.current = controller;
  const drops = useMemo(() => createWidgetDrops(() => current.current), []);
  // the list's chunk, right after the first render (an empty widget has no rows to show)
  useEffect(() => void preloadFileList().catch(() => undefined), []);
  const hint = t('ui.dropzone.hint', { count: max, types: typesLabel(controller) }, locale);

  return (
    <>
      <StatusLine controller={controller} totals={totals} locale={locale} />
      {slots.length > 0 ? (
        slots.map((slot) => {
          const inSlot = files.filter((r) => r.slot === slot.id);
          const filled = inSlot.find((r) => !r.refusal.value);
          const label = localized(slot.labels, locale) ?? slot.label;
          return (
            <section class="slot" part="slot" data-slot-id={slot.id} aria-label={label} key={slot.id}>
              <h3 class="slot__label">{label}</h3>
              <DropZone locale={locale} accept={accept} multiple={false} slotLabel={label} replaces={filled?.name} optional={!slot.required} onFiles={(fs) => controller.addFiles(fs, slot.id)} onIntent={controller.warm} />
              {inSlot.length > 0 ? <LazyFileList records={inSlot} rowProps={rowProps} /> : null}
            </section>
          );
        })
      ) : (
        <>
          <DropZone locale={locale} accept={accept} multiple={max > 1} hint={hint} onFiles={(fs) => drops.push(fs)} onIntent={controller.warm} />
          {files.length > 0 ? <LazyFileList records={files} rowProps={rowProps} label={t('ui.file.list', {}, locale)} /> : null}
        </>
      )}
    </>
  );
}
