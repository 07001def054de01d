// Jobs list (and, with `review`, the review queue): newest first, status tabs with counts,
// filters, search, cursor pages; refetched live when any job changes.
import { useEffect, useState } from 'preact/hooks';
import type { JobStatus } from '../core/types';
import type { Job, JobList } from '../server-sdk/types';
import { call } from './api';
import { jobsVersion, locale, reviewCount, tr } from './state';

const STATUSES: JobStatus[] = ['ready', 'partial', 'rejected', 'processing', 'uploading', 'incomplete', 'idle'];

interface Filters {
  status: JobStatus | '';
  workflowId: string;
  reviewState: string;
  createdFrom: string;
  createdTo: string;
  orderId: string;
  q: string;
}

const EMPTY: Filters = { status: '', workflowId: '', reviewState: '', createdFrom: '', createdTo: '', orderId: '', q: '' };

export const statusLabel = (s: string) => tr(`ui.status.${s}`);
export const reviewLabel = (s: string | null) => tr(`admin.review.${s ?? 'none'}`);
export const when = (iso: string) => new Date(iso).toLocaleString(locale.value);

export function JobsPage({ review = false }: { review?: boolean }) {
  const [filters, setFilters] = useState<Filters>(EMPTY);
  const [cursors, setCursors] = useState<string[]>([]); // cursors of the pages before this one
  const [cursor, setCursor] = useState<string | null>(null);
  const [page, setPage] = useState<(JobList & { data: (Job & { createdBy: string | null })[] }) | null>(null);
  const [workflows, setWorkflows] = useState<{ id: string; title: string }[]>([]);
  const [error, setError] = useState<string | null>(null);
  const version = jobsVersion.value;

  useEffect(() => {
    void call<{ data: { id: string; title: string }[] }>('GET', '/workflows').then((r) => setWorkflows(r.data), () => {});
  }, []);
  useEffect(() => {
    setFilters(EMPTY);
    setCursor(null);
    setCursors([]);
  }, [review]);

  useEffect(() => {
    const q = new URLSearchParams();
    const applied = review ? { ...filters, reviewState: 'pending' } : filters;
    for (const [k, v] of Object.entries(applied)) if (v) q.set(k, v);
    if (cursor) q.set('cursor', cursor);
    q.set('limit', '20');
    let live = true;
    call<typeof page>('GET', `/jobs?${q}`).then(
      (p) => {
        if (!live || !p) return;
        setPage(p);
        setError(null);
        if (review || !filters.reviewState) reviewCount.value = p.counts.reviewPending;
      },
      (err) => live && setError(String(err.message ?? err)),
    );
    return () => {
      live = false;
    };
  }, [filters, cursor, version, review]);

  const apply = (ev: Event) => {
    ev.preventDefault();
    const form = new FormData(ev.currentTarget as HTMLFormElement);
    setFilters({ ...filters, ...(Object.fromEntries([...form.entries()].map(([k, v]) => [k, String(v).trim()])) as Partial<Filters>) });
    setCursor(null);
    setCursors([]);
  };
  const setStatus = (status: JobStatus | '') => {
    setFilters({ ...filters, status });
    setCursor(null);
    setCursors([]);
  };
  const counts = page?.counts;

  return (
    <section aria-labelledby="jobs-title">
      <h1 id="jobs-title">{tr(review ? 'admin.review.title' : 'admin.jobs.title')}</h1>
      <div class="tabs" role="group" aria-label={tr('admin.filter.status')}>
        <button type="button" class="tab" aria-pressed={filters.status === ''} onClick={() => setStatus('')}>
          {tr('admin.filter.all', { count: counts?.total ?? 0 })}
        </button>
        {STATUSES.map((s) => (
          <button type="button" class="tab" key={s} aria-pressed={filters.status === s} data-status={s} onClick={() => setStatus(s)}>
            {statusLabel(s)} <span class="count">{counts?.byStatus[s] ?? 0}</span>
          </button>
        ))}
      </div>
      <form class="filters" onSubmit={apply} aria-label={tr('admin.filters')} key={review ? 'r' : 'j'}>
        <label>{tr('admin.filter.search')}<input type="search" name="q" defaultValue={filters.q} /></label>
        <label>{tr('admin.filter.workflow')}
          <select name="workflowId" defaultValue={filters.workflowId}>
            <option value="">{tr('admin.filter.anyWorkflow')}</option>
            {workflows.map((w) => <option key={w.id} value={w.id}>{w.title}</option>)}
          </select>
        </label>
        {!review && (
          <label>{tr('admin.filter.review')}
            <select name="reviewState" defaultValue={filters.reviewState}>
              <option value="">{tr('admin.filter.anyReview')}</option>
              {['pending', 'approved', 'rejected', 'none'].map((s) => <option key={s} value={s}>{reviewLabel(s === 'none' ? null : s)}</option>)}
            </select>
          </label>
        )}
        <label>{tr('admin.filter.order')}<input name="orderId" defaultValue={filters.orderId} /></label>
        <label>{tr('admin.filter.from')}<input type="date" name="createdFrom" defaultValue={filters.createdFrom} /></label>
        <label>{tr('admin.filter.to')}<input type="date" name="createdTo" defaultValue={filters.createdTo} /></label>
        <button class="btn btn--primary" type="submit">{tr('admin.filter.apply')}</button>
      </form>
      <p class="muted" aria-live="polite">{page && tr('admin.jobs.count', { count: page.data.length })} · {tr('admin.live')}</p>
      {error && <p class="error" role="alert">{tr('admin.error', { message: error })}</p>}
      {page && page.data.length === 0 && <p>{tr('admin.jobs.empty')}</p>}
      {page && page.data.length > 0 && (
        <table class="jobs">
          <thead>
            <tr>
              {['job', 'created', 'workflow', 'status', 'review', 'order', 'files'].map((c) => <th scope="col" key={c}>{tr(`admin.col.${c}`)}</th>)}
            </tr>
          </thead>
          <tbody>
            {page.data.map((job) => (
              <tr key={job.id} data-job-id={job.id}>
                <td><a href={`#/jobs/${job.id}`}>{job.id}</a></td>
                <td>{when(job.createdAt)}</td>
                <td>{job.workflowId}</td>
                <td><span class={`pill pill--${job.status}`}>{statusLabel(job.status)}</span></td>
                <td>{reviewLabel(job.reviewState)}</td>
                <td>{job.order ? job.order.orderId : ''}</td>
                <td>{job.files.map((f) => f.name).join(', ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div class="pager">
        <button type="button" class="btn" disabled={cursors.length === 0} onClick={() => {
          const prev = [...cursors];
          const c = prev.pop() ?? null;
          setCursors(prev);
          setCursor(c === '' ? null : c);
        }}>{tr('admin.page.prev')}</button>
        <button type="button" class="btn" disabled={!page?.nextCursor} onClick={() => {
          setCursors([...cursors, cursor ?? '']);
          setCursor(page!.nextCursor);
        }}>{tr('admin.page.next')}</button>
      </div>
    </section>
  );
}
