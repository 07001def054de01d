// One job: status, order, context, files (findings in the staff member's language, facts,
// downloads with sha256, proofs), the timeline, and the review decision when one is open.
import { useEffect, useState } from 'preact/hooks';
import { hasMessage, t } from '../core/i18n';
import type { Finding, Workflow } from '../core/types';
import type { AppliedFix, Job, JobFile } from '../server-sdk/types';
import { call } from './api';
import { reviewLabel, statusLabel, when } from './JobsPage';
import { ProofPanel } from './ProofPanel';
import { jobsVersion, locale, tr } from './state';

interface Detail extends Job {
  createdBy: string | null;
  workflow: Workflow;
  timeline: { at: string; kind: string; detail: string | null }[];
}

/** A finding's message in the staff member's language (its catalogue key), else as stored. */
function findingText(f: Finding): string {
  if (f.messageKey) {
    const text = t(f.messageKey, f.params ?? {}, locale.value);
    if (text !== f.messageKey) return text;
  }
  return f.message;
}

/** A catalogue label, or the raw value when the catalogue has none (a newer server's state). */
const label = (key: string, raw: string) => (hasMessage(key, locale.value) ? tr(key) : raw);

const isShown = (f: Finding) => f.outcome === 'fail' || f.outcome === 'warn';

const downloadUrl = (jobId: string, fileId: string) => `/admin/api/jobs/${encodeURIComponent(jobId)}/files/${encodeURIComponent(fileId)}`;
const outputUrl = (jobId: string, fileId: string, outputId: string) => `${downloadUrl(jobId, fileId)}/outputs/${encodeURIComponent(outputId)}`;

/** What a fix did (past tense once applied), or what it would have done and why it did not. */
function fixText(x: AppliedFix): string {
  const key = x.status === 'applied' ? x.messageKey.replace(/^fix\./, 'fixed.') : x.messageKey;
  const said = t(key, x.messageParams, locale.value);
  return x.status === 'applied' ? said : tr('admin.output.notApplied', { fix: said, reason: x.reason ?? x.status });
}

/** The production files made from one file: fixes, the re-check and the download with its sha256. */
function Outputs({ job, file }: { job: Detail; file: JobFile }) {
  if (file.outputs.length === 0) return null;
  return (
    <section class="outputs" aria-labelledby={`outputs-${file.id}`}>
      <h4 id={`outputs-${file.id}`}>{tr('admin.output.title')}</h4>
      {file.outputs.map((o) => (
        <div key={o.id} class="output" data-output-id={o.id} data-output-status={o.status}>
          {o.status === 'ready' ? (
            <dl class="facts">
              <dt>{tr('admin.output.name')}</dt><dd>{o.name}</dd>
              <dt>{tr('admin.job.size')}</dt><dd>{o.size.toLocaleString(locale.value)} B</dd>
              <dt>{tr('admin.job.sha256')}</dt><dd><code class="sha" data-output-sha256>{o.sha256}</code></dd>
              <dt>{tr('admin.output.recheck')}</dt><dd data-recheck={o.recheck.outcome ?? ''}>{o.recheck.outcome ? tr(`ui.outcome.${o.recheck.outcome}`) : '—'}</dd>
            </dl>
          ) : <p class="muted">{tr('admin.output.failed')}</p>}
          {o.recheck.findings.some(isShown) && (
            <ul class="findings">
              {o.recheck.findings.filter(isShown).map((f, i) => <li key={i} class={`finding finding--${f.outcome}`}><span class="tag">{tr(`admin.finding.${f.outcome}`)}</span> {findingText(f)}</li>)}
            </ul>
          )}
          <h5>{tr('admin.output.fixes')}</h5>
          <ul class="fixes">
            {o.fixes.map((x, i) => <li key={i} data-fix={x.fix} data-fix-status={x.status}>{fixText(x)}</li>)}
          </ul>
          {o.status === 'ready' && (
            <p><a class="btn btn--primary" href={outputUrl(job.id, file.id, o.id)} download={o.name}>{tr('admin.output.download', { name: o.name })}</a></p>
          )}
        </div>
      ))}
    </section>
  );
}

function FileCard({ job, file }: { job: Detail; file: JobFile }) {
  const [proof, setProof] = useState(false);
  const canProof = file.kind === 'pdf' && file.state === 'done' && !!file.facts?.pdf && file.facts.pdf.pageCount > 0 && !file.facts.pdf.encrypted;
  const shown = file.findings.filter(isShown);
  return (
    <article class="card file" data-file-id={file.id} aria-labelledby={`file-${file.id}`}>
      <h3 id={`file-${file.id}`}>{file.name}</h3>
      <dl class="facts">
        <dt>{tr('admin.col.status')}</dt><dd data-file-state={file.state}>{label(`ui.state.${file.state}`, file.state)}{file.outcome ? ` · ${label(`ui.outcome.${file.outcome}`, file.outcome)}` : ''}</dd>
        <dt>{tr('admin.job.size')}</dt><dd>{file.size.toLocaleString(locale.value)} B</dd>
        <dt>{tr('admin.job.sha256')}</dt><dd><code class="sha" data-sha256>{file.sha256 ?? '—'}</code></dd>
      </dl>
      {file.downloadUrl && (
        <p><a class="btn" href={downloadUrl(job.id, file.id)} download={file.name}>{tr('admin.job.download', { name: file.name })}</a></p>
      )}
      <Outputs job={job} file={file} />
      <h4>{tr('admin.job.findings')}</h4>
      {shown.length === 0 ? <p class="muted">{tr('admin.job.noFindings')}</p> : (
        <ul class="findings">
          {shown.map((f, i) => <li key={i} class={`finding finding--${f.outcome}`}><span class="tag">{tr(`admin.finding.${f.outcome}`)}</span> {findingText(f)}</li>)}
        </ul>
      )}
      {canProof && !proof && <button type="button" class="btn" onClick={() => setProof(true)}>{tr('admin.job.showProof', { name: file.name })}</button>}
      {proof && <ProofPanel file={file} url={downloadUrl(job.id, file.id)} workflow={job.workflow} locale={locale.value} />}
      {file.facts && (
        <details>
          <summary>{tr('admin.job.facts')}</summary>
          <pre>{JSON.stringify(file.facts, null, 2)}</pre>
        </details>
      )}
    </article>
  );
}

function Decide({ job, onDone }: { job: Detail; onDone: (j: Detail) => void }) {
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const decide = async (decision: 'approved' | 'rejected') => {
    try {
      await call('POST', `/jobs/${encodeURIComponent(job.id)}/review`, { decision, note });
      onDone(await call<Detail>('GET', `/jobs/${encodeURIComponent(job.id)}`));
    } catch (err) {
      setError((err as Error).message);
    }
  };
  return (
    <section class="card decide" aria-labelledby="decide-title">
      <h2 id="decide-title">{tr('admin.decide.title')}</h2>
      <label>{tr('admin.decide.note')}<textarea name="note" rows={3} value={note} onInput={(e) => setNote((e.currentTarget as HTMLTextAreaElement).value)} /></label>
      {error && <p class="error" role="alert">{error}</p>}
      <div class="row">
        <button type="button" class="btn btn--primary" onClick={() => decide('approved')}>{tr('admin.decide.approve')}</button>
        <button type="button" class="btn btn--danger" onClick={() => decide('rejected')}>{tr('admin.decide.reject')}</button>
      </div>
    </section>
  );
}

export function JobDetail({ id }: { id: string }) {
  const [job, setJob] = useState<Detail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const version = jobsVersion.value;
  useEffect(() => {
    let live = true;
    call<Detail>('GET', `/jobs/${encodeURIComponent(id)}`).then((j) => live && setJob(j), (err) => live && setError(err.message));
    return () => {
      live = false;
    };
  }, [id, version]);
  if (error) return <p class="error" role="alert">{tr('admin.error', { message: error })}</p>;
  if (!job) return null;
  return (
    <section aria-labelledby="job-title">
      <p><a href="#/jobs">{tr('admin.job.back')}</a></p>
      <h1 id="job-title">{tr('admin.job.title', { id: job.id })}</h1>
      <p class="status-line">
        <span class={`pill pill--${job.status}`} data-job-status={job.status}>{statusLabel(job.status)}</span>
        {' '}{tr('admin.job.canProceed', { value: tr(job.canProceed ? 'admin.job.yes' : 'admin.job.no') })}
        {job.reviewState && <> · <span data-review-state={job.reviewState}>{reviewLabel(job.reviewState)}</span></>}
        {job.reviewDecision && <> · {tr('admin.decide.done', { decision: reviewLabel(job.reviewDecision.decision), by: job.reviewDecision.reviewedBy ?? '' })}{job.reviewDecision.note ? `: ${job.reviewDecision.note}` : ''}</>}
      </p>
      <p class="muted">{job.workflow.title ?? job.workflowId}{job.createdBy ? ` · ${tr('admin.job.startedBy', { email: job.createdBy })}` : ''}</p>
      {job.reviewState === 'pending' && <Decide job={job} onDone={setJob} />}
      <div class="grid">
        <section class="card" aria-labelledby="order-title">
          <h2 id="order-title">{tr('admin.job.order')}</h2>
          <p>{job.order ? (job.order.lineId ? tr('admin.job.orderLine', { order: job.order.orderId, line: job.order.lineId }) : tr('admin.job.orderOnly', { order: job.order.orderId })) : tr('admin.job.noOrder')}</p>
        </section>
        <section class="card" aria-labelledby="context-title">
          <h2 id="context-title">{tr('admin.job.context')}</h2>
          {job.context ? <pre>{JSON.stringify(job.context, null, 2)}</pre> : <p class="muted">{tr('admin.job.noContext')}</p>}
        </section>
        <section class="card" aria-labelledby="timeline-title">
          <h2 id="timeline-title">{tr('admin.job.timeline')}</h2>
          <ol class="timeline">
            {job.timeline.map((e, i) => <li key={i}><time dateTime={e.at}>{when(e.at)}</time> {tr(`admin.timeline.${e.kind}`)}{e.detail ? `: ${e.detail}` : ''}</li>)}
          </ol>
        </section>
      </div>
      <h2>{tr('admin.job.files')}</h2>
      {job.files.map((f) => <FileCard key={f.id} job={job} file={f} />)}
    </section>
  );
}
