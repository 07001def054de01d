// One row per file: name (always as text), size, kind, state, outcome, findings, remove/replace.
import { useRef } from 'preact/hooks';
import { formatBytes } from '../../core/bytes';
import { hasMessage, t, type Units } from '../../core/i18n';
import type { Finding } from '../../core/types';
import type { FileRecord } from '../file-record';
import { rowLines, rowVerdict } from '../row-verdict';
import { errorText, findingText } from './texts';
import type { ProofViewProps } from './ProofView';
import { LazyFixNotes, LazyOutputProof, LazyProofView } from './LazyProofView';
import { LazyThumbnail } from './LazyThumbnail';
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
  /** The production file's bytes (with a server; fetched with the job token). */
  loadOutput?: (record: FileRecord) => Promise<Blob>;
}



function FindingItem({ finding, locale, units }: { finding: Finding; locale: string; units: Units }) {
  return (
    <li class={`finding finding--${finding.outcome}`} data-check={finding.checkId} data-code={finding.code ?? undefined}>
      <span class="finding__icon" aria-hidden="true">
        {finding.outcome === 'fail' ? '✕' : finding.outcome === 'warn' ? '!' : finding.outcome === 'skipped' ? '…' : '✓'}
      </span>
      {findingText(finding, locale, units)}
    </li>
  );
}

/**
 * Remove a row and put the focus where the customer can go on: the next row's Remove button,
 * else the previous row's, else the drop zone (the focused button itself disappears).
 */
function removeAndRefocus(button: HTMLElement, remove: () => void): void {
  const row = button.closest('li');
  const list = row?.parentElement;
  const index = list ? [...list.children].indexOf(row!) : -1;
  const scope = button.closest('.slot') ?? button.closest('.fc');
  remove();
  setTimeout(() => {
    const rows = list?.isConnected ? [...list.children] : [];
    const next = rows[index] ?? rows[index - 1];
    const target = next?.querySelector<HTMLElement>('[data-action=remove]') ?? scope?.querySelector<HTMLElement>('.dropzone');
    target?.focus();
  }, 0);
}

/** A PDF production file the server made: the row proofs it instead of the upload. */
function hasOutputProof(record: FileRecord): boolean {
  const out = record.output.value;
  return !!out && out.format === 'pdf' && !!out.pageCount && record.state.value === 'done';
}

export function FileRow({ record, locale, accept, resultsDisplay, units, onRemove, onReplace, onUpload, proof, services, loadOutput }: FileRowProps) {
  const replaceInput = useRef<HTMLInputElement>(null);
  const state = record.state.value;
  const outcome = record.outcome.value;
  const verdict = rowVerdict(state, outcome, record.life.value);
  const progress = record.progress.value;
  const translate = (key: string, params?: Record<string, string | number>) => (hasMessage(key, locale) ? t(key, params, locale) : null);
  const { error, findings: shown } = rowLines({
    error: record.error.value, refusal: record.refusal.value, findings: record.findings.value, cured: record.cured.value, display: resultsDisplay,
  });

  return (
    <li class={`file file--${state} file--${verdict.tone}`} part="file" data-file-id={record.id} data-state={state} data-outcome={outcome ?? ''} data-tone={verdict.tone}>
      <div class="file__head">
        <LazyThumbnail record={record} services={services} />
        <span class="file__badge" aria-hidden="true">
          {verdict.icon}
        </span>
        <span class="file__name">{record.name}</span>
        <span class="file__meta">
          {formatBytes(record.size, locale)}
          {verdict.kind ? ` · ${t(verdict.kind, {}, locale)}` : ''}
        </span>
        <span class="file__state">{t(verdict.label, {}, locale)}</span>
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
          <button type="button" class="btn" part="button" aria-label={t('ui.file.removeLabel', { name: record.name }, locale)} data-action="remove" onClick={(e) => removeAndRefocus(e.currentTarget, () => onRemove(record.id))}>
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
      {shown.length > 0 ? (
        <ul class="findings">
          {shown.map((f, i) => (
            <FindingItem key={`${f.checkId}-${i}`} finding={f} locale={locale} units={units} />
          ))}
        </ul>
      ) : null}
      <LazyFixNotes record={record} locale={locale} units={units} services={services} />
      {loadOutput && hasOutputProof(record) ? (
        <LazyOutputProof record={record} locale={locale} proof={proof} services={services} translate={translate} load={loadOutput} />
      ) : state === 'done' && record.facts.value?.pdf ? (
        <LazyProofView record={record} locale={locale} {...proof} services={services} translate={translate} />
      ) : null}
    </li>
  );
}
