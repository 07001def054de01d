// Who is asking: the client's network address, used to scope idempotency keys and to count rate
// limits. Behind a trusted proxy (FILECHECK_TRUST_PROXY=1) the proxy's X-Forwarded-For names the
// client (its first entry); otherwise the socket's peer, which a client cannot forge.
import type http from 'node:http';
import net from 'node:net';

export function clientAddress(req: http.IncomingMessage, trustProxy: boolean): string {
  if (trustProxy) {
    const header = req.headers['x-forwarded-for'];
    const first = (Array.isArray(header) ? header[0] : header)?.split(',')[0]?.trim();
    if (first && net.isIP(first)) return first;
  }
  return req.socket.remoteAddress ?? 'unknown';
}
