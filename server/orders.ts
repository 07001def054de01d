// The store's side of the REST API (issue 16): attach an order to a job, and list jobs with
// filters for the store's own systems. Both take the secret key.
import type http from 'node:http';
import type { JobDatabase, JobOrder, JobRecord } from './db';
import type { FileRecord } from './db';
import { ApiError, badRequest, isPlainObject, readJson, sendJson } from './http';
import { countJobs, listJobs, parseJobQuery } from './jobs-list';
import { baseUrl, route, type Route, type RouteDeps } from './routes';
import { buildJobView, jobReviewState } from './status';

const ORDER_ID = /^[\x20-\x7e]{1,200}$/;

/** Keep the stored review queue state in step with the derived one (for listing and counts). */
export function syncReviewState(db: JobDatabase, job: JobRecord, files: FileRecord[]): void {
  const state = jobReviewState(job, files);
  if (state !== job.reviewState) db.sqlite.prepare('UPDATE jobs SET review_state = ? WHERE id = ?').run(state, job.id);
}

/** Parse `{ orderId, lineId? }` (printable ASCII, at most 200 characters each). */
export function parseOrder(body: unknown): { orderId: string; lineId: string | null } {
  if (!isPlainObject(body)) throw badRequest('Body must be a JSON object { orderId, lineId? }.');
  const { orderId, lineId } = body;
  if (typeof orderId !== 'string' || !ORDER_ID.test(orderId)) throw badRequest('orderId must be 1–200 printable ASCII characters.');
  if (lineId !== undefined && lineId !== null && (typeof lineId !== 'string' || !ORDER_ID.test(lineId))) {
    throw badRequest('lineId must be 1–200 printable ASCII characters when given.');
  }
  return { orderId, lineId: typeof lineId === 'string' ? lineId : null };
}

/**
 * Attach the order. Repeating the same order is a no-op (a store retrying is safe); another
 * order for a job that already belongs to one is a conflict: one job per order line.
 */
export function attachOrder(db: JobDatabase, job: JobRecord, order: { orderId: string; lineId: string | null }): JobOrder {
  if (job.order) {
    if (job.order.orderId === order.orderId && job.order.lineId === order.lineId) return job.order;
    throw new ApiError(409, 'order_conflict', `Job ${job.id} already belongs to order ${job.order.orderId}.`);
  }
  db.sqlite.prepare('UPDATE jobs SET order_id = ?, order_line_id = ?, ordered_at = ?, updated_at = ? WHERE id = ?')
    .run(order.orderId, order.lineId, new Date().toISOString(), new Date().toISOString(), job.id);
  return db.job(job.id)!.order!;
}

export interface ShopRouteHelpers {
  requireSecret(req: http.IncomingMessage): void;
  jobOr404(id: string): JobRecord;
}

export function shopRoutes(deps: RouteDeps, h: ShopRouteHelpers): Route[] {
  const { db, config } = deps;
  return [
    route('PUT', '/v1/jobs/:id/order', async (req, res, { id }) => {
      h.requireSecret(req);
      const job = h.jobOr404(id!);
      const order = parseOrder(await readJson(req));
      attachOrder(db, job, order);
      deps.jobChanged(job.id);
      const updated = db.job(job.id)!;
      sendJson(res, 200, buildJobView(updated, db.files(job.id), baseUrl(req, config)));
    }),

    route('GET', '/v1/jobs', async (req, res) => {
      h.requireSecret(req);
      const { filter, limit, cursor } = parseJobQuery(new URL(req.url ?? '/', 'http://x').searchParams);
      const page = listJobs(db, filter, limit, cursor);
      const base = baseUrl(req, config);
      sendJson(res, 200, {
        object: 'list',
        data: page.jobs.map((job) => buildJobView(job, db.files(job.id), base)),
        hasMore: page.nextCursor !== null,
        nextCursor: page.nextCursor,
        counts: countJobs(db, filter),
      });
    }),
  ];
}
