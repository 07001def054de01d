// The store's side of the REST API (issue 16): attach an order to a job, and list jobs with
// filters for the store's own systems. Both take the secret key.
import type http from 'node:http';
import type { Database, FileRecord, JobOrder, JobRecord } from './db';
import { ApiError, badRequest, isPlainObject, readJson, sendJson } from './http';
import { countJobs, listJobs, parseJobQuery } from './jobs-list';
import { baseUrl, route, type Route, type RouteDeps } from './routes';
import { buildJobView, jobReviewState } from './status';

const ORDER_ID = /^[\x20-\x7e]{1,200}$/;

/** Keep the stored review queue state in step with the derived one (for listing and counts). */
export async function syncReviewState(db: Database, job: JobRecord, files: FileRecord[]): Promise<void> {
  const state = jobReviewState(job, files);
  if (state !== job.reviewState) await db.jobs.setReviewState(job.id, state);
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
export async function attachOrder(db: Database, job: JobRecord, order: { orderId: string; lineId: string | null }): Promise<JobOrder> {
  if (job.order) {
    if (job.order.orderId === order.orderId && job.order.lineId === order.lineId) return job.order;
    throw new ApiError(409, 'order_conflict', `Job ${job.id} already belongs to order ${job.order.orderId}.`);
  }
  await db.jobs.attachOrder(job.id, order);
  return (await db.jobs.get(job.id))!.order!;
}

export interface ShopRouteHelpers {
  requireSecret(req: http.IncomingMessage): void;
  jobOr404(id: string): Promise<JobRecord>;
}

export function shopRoutes(deps: RouteDeps, h: ShopRouteHelpers): Route[] {
  const { db, config } = deps;
  return [
    route('PUT', '/v1/jobs/:id/order', async (req, res, { id }) => {
      h.requireSecret(req);
      const job = await h.jobOr404(id!);
      const order = parseOrder(await readJson(req));
      await attachOrder(db, job, order);
      await deps.jobChanged(job.id);
      const updated = (await db.jobs.get(job.id))!;
      sendJson(res, 200, buildJobView(updated, await db.files.list(job.id), baseUrl(req, config)));
    }),

    route('GET', '/v1/jobs', async (req, res) => {
      h.requireSecret(req);
      const { filter, limit, cursor } = parseJobQuery(new URL(req.url ?? '/', 'http://x').searchParams);
      const page = await listJobs(db, filter, limit, cursor);
      const base = baseUrl(req, config);
      const data = [];
      for (const job of page.jobs) data.push(buildJobView(job, await db.files.list(job.id), base));
      sendJson(res, 200, {
        object: 'list',
        data,
        hasMore: page.nextCursor !== null,
        nextCursor: page.nextCursor,
        counts: await countJobs(db, filter),
      });
    }),
  ];
}
