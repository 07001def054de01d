// CORS for configured origins only: the allowed origin is reflected, every other origin gets no
// CORS headers at all (the browser then blocks the response). The tus endpoint uses the same check.
import type http from 'node:http';

/** Headers the browser may send (tus protocol headers included, for the upload endpoint). */
export const ALLOWED_REQUEST_HEADERS = [
  'Authorization', 'Content-Type', 'Idempotency-Key', 'Tus-Resumable', 'Upload-Length', 'Upload-Metadata',
  'Upload-Offset', 'Upload-Defer-Length', 'Upload-Concat', 'X-HTTP-Method-Override', 'X-Requested-With',
];

export type OriginCheck = (origin: string) => boolean;

/** `configured` plus the server's own origin (resolved lazily: with port 0 it is known only after listen). */
export function originCheck(configured: string[], ownOrigins: () => string[]): OriginCheck {
  const fixed = new Set(configured.map((o) => o.toLowerCase()));
  return (origin) => {
    const o = origin.toLowerCase();
    return fixed.has('*') || fixed.has(o) || ownOrigins().some((own) => own.toLowerCase() === o);
  };
}

/**
 * Add CORS headers to a JSON-route response. Returns true when the request was a preflight and
 * has been answered.
 */
export function handleCors(req: http.IncomingMessage, res: http.ServerResponse, allowed: OriginCheck): boolean {
  const origin = req.headers.origin;
  res.setHeader('Vary', 'Origin');
  const ok = typeof origin === 'string' && allowed(origin);
  if (ok) {
    res.setHeader('Access-Control-Allow-Origin', origin);
    res.setHeader('Access-Control-Expose-Headers', 'Content-Type, Content-Length, Content-Disposition, Idempotent-Replayed, Retry-After');
  }
  if (req.method !== 'OPTIONS') return false;
  if (ok) {
    res.setHeader('Access-Control-Allow-Methods', 'GET, POST, PUT, DELETE, OPTIONS');
    res.setHeader('Access-Control-Allow-Headers', ALLOWED_REQUEST_HEADERS.join(', '));
    res.setHeader('Access-Control-Max-Age', '600');
  }
  res.writeHead(204);
  res.end();
  return true;
}
