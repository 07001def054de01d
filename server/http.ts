// Small HTTP helpers shared by the JSON routes: one error shape `{ error: { code, message } }`
// with stable codes, JSON bodies with a size limit, and responses that are never cached.
import type http from 'node:http';
import { jsonDepthOver, MAX_JSON_DEPTH } from './json-body';

/** Stable machine-readable error codes (design.md "Errors have a stable code"). */
export type ErrorCode =
  | 'unauthorized' | 'not_found' | 'bad_request' | 'file_too_large' | 'file_type_refused' | 'too_many_files'
  | 'file_exists' | 'slot_taken' | 'offset_conflict' | 'gone' | 'method_not_allowed' | 'workflow_invalid'
  | 'internal_error' | 'context_invalid' | 'context_not_allowed' | 'idempotency_conflict' | 'request_timeout'
  | 'storage_full' | 'job_quota_exceeded' | 'rate_limited' | 'job_finalized' | 'job_not_ready'
  | 'order_conflict' | 'review_not_pending' | 'forbidden';

export class ApiError extends Error {
  constructor(readonly status: number, readonly code: ErrorCode, message: string) {
    super(message);
  }
}

export const unauthorized = (message = 'Missing or wrong key.') => new ApiError(401, 'unauthorized', message);
export const notFound = (message = 'Not found.') => new ApiError(404, 'not_found', message);
export const badRequest = (message: string) => new ApiError(400, 'bad_request', message);
/** A finalized job (the customer proceeded with it) is frozen: its files and context do not change. */
export const jobFinalized = () => new ApiError(409, 'job_finalized', 'This job was finalized (it is in a cart); changes go to a new job.');

export function errorBody(code: string, message: string): string {
  return JSON.stringify({ error: { code, message } });
}

/**
 * A tus hook refusal: @tus/server sends `status_code` and `body` as the response. The body is our
 * JSON error so the widget handles tus refusals and REST errors alike.
 */
export function tusRefusal(err: ApiError): { status_code: number; body: string } {
  return { status_code: err.status, body: errorBody(err.code, err.message) };
}

export function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
  });
  res.end(text);
}

export function sendError(res: http.ServerResponse, err: unknown): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  if (err instanceof ApiError) {
    sendJson(res, err.status, { error: { code: err.code, message: err.message } });
    return;
  }
  if (isStorageFull(err)) {
    // A full disk (SQLite cannot grow, a write failed): this request fails, plainly.
    sendJson(res, 507, { error: { code: 'storage_full', message: 'The server is out of storage space. Please try again later.' } });
    return;
  }
  console.error('[filecheck-server]', err);
  sendJson(res, 500, { error: { code: 'internal_error', message: 'Internal server error.' } });
}

/** SQLite's "database or disk is full" and the file system's ENOSPC / EDQUOT. */
export function isStorageFull(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  // 53100: PostgreSQL's disk_full.
  return code === 'SQLITE_FULL' || code === 'ENOSPC' || code === 'EDQUOT' || code === '53100';
}

/** Parse a JSON request body (at most `limit` bytes; an empty body is `{}`). */
export async function readJson(req: http.IncomingMessage, limit = 64 * 1024): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw badRequest(`Request body over ${limit} bytes.`);
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (text === '') return {};
  // Nesting is checked before parsing: code that walks the value (canonical JSON, validation)
  // must never meet a structure deep enough to overflow the stack (json-body.ts).
  if (jsonDepthOver(text)) throw badRequest(`Request body nests deeper than ${MAX_JSON_DEPTH} levels.`);
  try {
    return JSON.parse(text);
  } catch {
    throw badRequest('Request body is not valid JSON.');
  }
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
