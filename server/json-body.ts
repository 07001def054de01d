// Guards for JSON request bodies (the routes outside tus): a deadline for the whole body, so a
// client that opens a request and trickles bytes cannot hold a connection and a parser forever,
// and a nesting limit, so a body like 5,000 nested arrays is a 400 and never a stack overflow in
// code that walks the parsed value.
import type http from 'node:http';

/** Deepest nesting of arrays and objects a JSON body may have (contexts need 3). */
export const MAX_JSON_DEPTH = 32;

/**
 * How deep the arrays/objects of a JSON text nest, stopping early once over `limit`. A linear scan
 * that skips strings, so it never recurses and never parses.
 */
export function jsonDepthOver(text: string, limit = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
      continue;
    }
    if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > limit) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}

/**
 * Arm a deadline for a request's body: when it has not fully arrived within `ms`, answer 408
 * `request_timeout` and close the connection. Requests without a body are left alone (they may
 * legitimately stay open: live status, long polling).
 */
export function bodyDeadline(req: http.IncomingMessage, res: http.ServerResponse, ms: number): void {
  const hasBody = Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
  if (!hasBody || req.complete) return;
  const timer = setTimeout(() => {
    if (req.complete) return;
    if (res.headersSent) {
      req.socket.destroy();
      return;
    }
    const body = JSON.stringify({ error: { code: 'request_timeout', message: `The request body did not arrive within ${ms} ms.` } });
    res.once('finish', () => req.socket.destroy());
    res.writeHead(408, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(body), Connection: 'close', 'Cache-Control': 'no-store' });
    res.end(body);
  }, ms);
  timer.unref();
  const clear = () => clearTimeout(timer);
  req.once('end', clear);
  req.once('close', clear);
  res.once('close', clear);
}
