// One row per file: name (always as text), size, kind, state, outcome, findings, remove/replace.
import { useRef } from 'preact/hooks';
import { formatBytes } from '../../core/acceptance';
import { hasMessage, t, type Units } from '../../core/i18n';
import type { Finding, IntakeError } from '../../core/types';
import type { FileRecord } from '../file-record';
import { Thumbnail } from './Thumbnail';
import type { ProofViewProps } from './ProofView';
import { LazyProofView } from './LazyProofView';
import { curedChecks, FixNotes } from './FixNotes';
import { hasOutputProof, OutputProof } from './OutputProof';
import type { WidgetServices } from '../services';

export interface FileRowProps {
  record: FileRecord;
  locale: string;
  accept: string;
  resultsDisplay: 'full' | 'list';
  units: Units;
  onRemove: (id: string) => void;
  onReplace: (id: string, file: File) => void;
  onUpload: (id: string, action: 'pause' | 'resume' | 'retry') => void;
  /** Soft proof settings for inspected PDF rows (state, approvalRequired, message, affirmLabel…). */
  proof?: Omit<ProofViewProps, 'record' | 'locale'>;
  services: WidgetServices;
}

const outcomeIcon = { pass: '✓', warn: '!', fail: '✕', fixed: '✓' } as const;

/** A finding in the customer's language: re-rendered from its key when the catalogue has it. */
function findingText(f: Finding, locale: string, units: Units): string {
  return f.messageKey && f.params && hasMessage(f.messageKey, locale) ? t(f.messageKey, f.params, locale, { units }) : f.message;
}

/** An error in the customer's language by its code, else the message it came with. */
function errorText(e: IntakeError, locale: string): string {
  return hasMessage(`error.${e.code}`, locale) ? t(`error.${e.code}`, {}, locale) : e.message;
}

function FindingItem({ finding, locale, units }: { finding: Finding; locale: string; units: Units }) {
  return (
    <li class={`finding finding--${finding.outcome}`} data-check={finding.checkId} data-code={finding.code ?? undefined}>
      <span class="finding__icon" aria-hidden="true">
        {finding.outcome === 'fail' ? '✕' : finding.outcome === 'warn' ? '!' : '✓'}
      </span>
      {findingText(finding, locale, units)}
    </li>
  );
}

export function FileRow({ record, locale, accept, resultsDisplay, units, onRemove, onReplace, onUpload, proof, services }: FileRowProps) {
  const replaceInput = useRef<HTMLInputElement>(null);
  const state = record.state.value;
  const outcome = record.outcome.value;
  const kind = record.sniffed.value?.kind;
  const error = record.error.value;
  const refusal = record.refusal.value;
  const progress = record.progress.value;
  const cured = curedChecks(record);
  const shown = [
    ...(refusal ? [refusal] : []),
    ...record.findings.value.filter((f) => (f.outcome === 'fail' || f.outcome === 'warn') && !cured.has(f.checkId)),
  ];

  return (
    <li class={`file file--${state}${outcome ? ` file--${outcome}` : ''}`} part="file" data-file-id={record.id} data-state={state} data-outcome={outcome ?? ''}>
      <div class="file__head">
        <Thumbnail record={record} pool={services.pool} />
        <span class="file__badge" aria-hidden="true">
          {outcome ? outcomeIcon[outcome] : '…'}
        </span>
        <span class="file__name">{record.name}</span>
        <span class="file__meta">
          {formatBytes(record.size, locale)} · {t(kind ? `ui.kind.${kind}` : 'ui.kind.unknown', {}, locale)}
        </span>
        <span class="file__state">
          {state === 'done' && outcome ? t(`ui.outcome.${outcome}`, {}, locale) : t(`ui.state.${state}`, {}, locale)}
        </span>
        <span class="file__actions">
          {record.upload.value === 'running' ? (
            <button type="button" class="btn" part="button" aria-label={t('ui.file.pauseLabel', { name: record.name }, locale)} onClick={() => onUpload(record.id, 'pause')}>
              {t('ui.file.pause', {}, locale)}
            </button>
          ) : null}
          {record.upload.value === 'paused' ? (
            <button type="button" class="btn" part="button" aria-label={t('ui.file.resumeLabel', { name: record.name }, locale)} onClick={() => onUpload(record.id, 'resume')}>
              {t('ui.file.resume', {}, locale)}
            </button>
          ) : null}
          {record.upload.value === 'failed' && record.error.value?.code !== 'file_unreadable' ? (
            <button type="button" class="btn" part="button" aria-label={t('ui.file.retryLabel', { name: record.name }, locale)} onClick={() => onUpload(record.id, 'retry')}>
              {t('ui.file.retry', {}, locale)}
            </button>
          ) : null}
          <button type="button" class="btn" part="button" aria-label={t('ui.file.replaceLabel', { name: record.name }, locale)} onClick={() => replaceInput.current?.click()}>
            {t('ui.file.replace', {}, locale)}
          </button>
          <button type="button" class="btn" part="button" aria-label={t('ui.file.removeLabel', { name: record.name }, locale)} onClick={() => onRemove(record.id)}>
            {t('ui.file.remove', {}, locale)}
          </button>
        </span>
        <input
          ref={replaceInput}
          type="file"
          hidden
          tabIndex={-1}
          accept={accept}
          onChange={(e) => {
            const f = e.currentTarget.files?.[0];
            e.currentTarget.value = '';
            if (f) onReplace(record.id, f);
          }}
        />
      </div>
      {progress && state === 'uploading' ? (
        <div class="file__upload">
          <progress class="file__progress" max={100} value={progress.percent} aria-label={`${record.name} ${Math.round(progress.percent)} %`} />
          <span class="file__rate">
            {formatBytes(progress.bytesSent, locale)} / {formatBytes(progress.bytesTotal, locale)}
            {progress.rateBps > 0 ? ` · ${t('ui.progress.rate', { rate: formatBytes(progress.rateBps, locale) }, locale)}` : ''}
            {progress.etaSeconds !== null ? ` · ${t('ui.progress.eta', { seconds: Math.ceil(progress.etaSeconds) }, locale)}` : ''}
          </span>
        </div>
      ) : null}
      {error ? (
        <ul class="findings">
          <li class="finding finding--fail" data-code={error.code}>
            <span class="finding__icon" aria-hidden="true">✕</span>
            {errorText(error, locale)}
          </li>
        </ul>
      ) : null}
      {resultsDisplay === 'full' && shown.length > 0 ? (
        <ul class="findings">
          {shown.map((f, i) => (
            <FindingItem key={`${f.checkId}-${i}`} finding={f} locale={locale} units={units} />
          ))}
        </ul>
      ) : null}
      <FixNotes record={record} locale={locale} units={units} />
      {hasOutputProof(record) ? (
        <OutputProof record={record} locale={locale} proof={proof} services={services} translate={(key, params) => (hasMessage(key, locale) ? t(key, params, locale) : null)} />
      ) : state === 'done' && record.facts.value?.pdf ? <LazyProofView record={record} locale={locale} {...proof} services={services} translate={(key, params) => (hasMessage(key, locale) ? t(key, params, locale) : null)} /> : null}
    </li>
  );
}
