// Listing jobs for the shop (GET /v1/jobs with the secret key, and the portal): newest first,
// filtered in SQL on the stored status and review state (both kept up to date by
// refreshJobStatus), cursor-paginated on (created_at, id) so a page never repeats or skips a job
// while new jobs arrive.
import type { JobStatus } from '../src/core/types';
import type { Database, JobRecord } from './db';
import type { Dialect } from './db/sql';
import { badRequest } from './http';

export const JOB_STATUSES: readonly JobStatus[] = ['idle', 'incomplete', 'uploading', 'processing', 'ready', 'partial', 'rejected'];
export const REVIEW_FILTERS = ['pending', 'approved', 'rejected', 'none'] as const;
export type ReviewFilter = (typeof REVIEW_FILTERS)[number];

export interface JobFilter {
  status?: JobStatus[];
  workflowId?: string;
  /** ISO date or time; jobs created at or after it. */
  createdFrom?: string;
  /** ISO date or time; a bare date includes that whole day. */
  createdTo?: string;
  reviewState?: ReviewFilter;
  orderId?: string;
  /** Job id, part of a file name or part of an order id. */
  q?: string;
}

export interface JobPage {
  jobs: JobRecord[];
  nextCursor: string | null;
}

export const MAX_PAGE = 100;

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Read and check the filter and paging parameters of a query string (400 on nonsense). */
export function parseJobQuery(params: URLSearchParams): { filter: JobFilter; limit: number; cursor: string | null } {
  const filter: JobFilter = {};
  const one = (name: string) => {
    const v = params.get(name);
    return v === null || v.trim() === '' ? undefined : v.trim();
  };
  const status = one('status');
  if (status) {
    const list = status.split(',').map((s) => s.trim());
    for (const s of list) if (!JOB_STATUSES.includes(s as JobStatus)) throw badRequest(`status: unknown status "${s}".`);
    filter.status = list as JobStatus[];
  }
  const review = one('reviewState');
  if (review) {
    if (!REVIEW_FILTERS.includes(review as ReviewFilter)) throw badRequest(`reviewState must be one of ${REVIEW_FILTERS.join(', ')}.`);
    filter.reviewState = review as ReviewFilter;
  }
  for (const key of ['createdFrom', 'createdTo'] as const) {
    const v = one(key);
    if (v === undefined) continue;
    if (Number.isNaN(Date.parse(v))) throw badRequest(`${key} is not a date.`);
    filter[key] = v;
  }
  const workflowId = one('workflowId');
  if (workflowId) filter.workflowId = workflowId;
  const orderId = one('orderId');
  if (orderId) filter.orderId = orderId;
  const q = one('q');
  if (q) filter.q = q.slice(0, 200);
  const limitText = one('limit');
  const limit = limitText === undefined ? 20 : Number(limitText);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE) throw badRequest(`limit must be 1–${MAX_PAGE}.`);
  const cursor = one('cursor') ?? null;
  if (cursor !== null) decodeCursor(cursor);
  return { filter, limit, cursor };
}

function encodeCursor(job: JobRecord): string {
  return Buffer.from(JSON.stringify([job.createdAt, job.id])).toString('base64url');
}

function decodeCursor(cursor: string): [string, string] {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === 'string')) return value as [string, string];
  } catch {
    /* falls through */
  }
  throw badRequest('cursor is not one this server gave out.');
}

const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => '\\' + c);

function whereClause(filter: JobFilter, withStatus: boolean, dialect: Dialect): { sql: string; args: unknown[] } {
  const parts: string[] = [];
  const args: unknown[] = [];
  if (withStatus && filter.status?.length) {
    parts.push(`status IN (${filter.status.map(() => '?').join(',')})`);
    args.push(...filter.status);
  }
  if (filter.workflowId) {
    parts.push('workflow_id = ?');
    args.push(filter.workflowId);
  }
  if (filter.createdFrom) {
    parts.push('created_at >= ?');
    args.push(new Date(filter.createdFrom).toISOString());
  }
  if (filter.createdTo) {
    const end = new Date(filter.createdTo);
    // A bare date means the whole day (UTC).
    if (DATE.test(filter.createdTo)) end.setUTCDate(end.getUTCDate() + 1);
    parts.push(DATE.test(filter.createdTo) ? 'created_at < ?' : 'created_at <= ?');
    args.push(end.toISOString());
  }
  if (filter.reviewState) {
    if (filter.reviewState === 'none') parts.push('review_state IS NULL');
    else {
      parts.push('review_state = ?');
      args.push(filter.reviewState);
    }
  }
  if (filter.orderId) {
    parts.push('order_id = ?');
    args.push(filter.orderId);
  }
  if (filter.q) {
    const like = `%${likeEscape(filter.q)}%`;
    // SQLite's LIKE ignores ASCII case; PostgreSQL's ILIKE is the same search.
    const op = dialect === 'postgres' ? 'ILIKE' : 'LIKE';
    parts.push(`(id = ? OR order_id ${op} ? ESCAPE '\\' OR EXISTS (SELECT 1 FROM files WHERE files.job_id = jobs.id AND files.name ${op} ? ESCAPE '\\'))`);
    args.push(filter.q, like, like);
  }
  return { sql: parts.length ? `WHERE ${parts.join(' AND ')}` : '', args };
}

/** One page of jobs, newest first. */
export async function listJobs(db: Database, filter: JobFilter, limit: number, cursor: string | null): Promise<JobPage> {
  const where = whereClause(filter, true, db.dialect);
  const args = [...where.args];
  let sql = where.sql;
  if (cursor) {
    const [createdAt, id] = decodeCursor(cursor);
    sql += `${sql ? ' AND' : 'WHERE'} (created_at < ? OR (created_at = ? AND id < ?))`;
    args.push(createdAt, createdAt, id);
  }
  const rows = await db.sql.all(`SELECT id FROM jobs ${sql} ORDER BY created_at DESC, id DESC LIMIT ?`, [...args, limit + 1]);
  const jobs = await db.jobs.many(rows.slice(0, limit).map((r) => String(r.id)));
  return { jobs, nextCursor: rows.length > limit ? encodeCursor(jobs[jobs.length - 1]!) : null };
}

/** Jobs per status under the same filter (status itself aside), plus the open review queue. */
export async function countJobs(db: Database, filter: JobFilter): Promise<{ byStatus: Record<JobStatus, number>; reviewPending: number; total: number }> {
  const where = whereClause(filter, false, db.dialect);
  const rows = (await db.sql.all(`SELECT status, COUNT(*) AS n FROM jobs ${where.sql} GROUP BY status`, where.args)).map((r) => ({ status: r.status as JobStatus, n: Number(r.n) }));
  const byStatus = Object.fromEntries(JOB_STATUSES.map((s) => [s, 0])) as Record<JobStatus, number>;
  let total = 0;
  for (const r of rows) {
    byStatus[r.status] = r.n;
    total += r.n;
  }
  const pendingWhere = whereClause({ ...filter, reviewState: 'pending' }, false, db.dialect);
  const pending = await db.sql.get(`SELECT COUNT(*) AS n FROM jobs ${pendingWhere.sql}`, pendingWhere.args);
  return { byStatus, reviewPending: Number(pending?.n ?? 0), total };
}
