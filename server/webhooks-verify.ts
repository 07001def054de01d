// Webhook signatures, for the sender (webhooks.ts) and for receivers (a store's server): no server
// state, only node:crypto. Header format:
//
//   Filecheck-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>
//
// Verify against the RAW request body (the exact bytes received, before any JSON parsing), and
// refuse old timestamps so a captured delivery cannot be replayed later.
import crypto from 'node:crypto';

export const SIGNATURE_HEADER = 'Filecheck-Signature';

type Bytes = string | Uint8Array;

const toBuffer = (b: Bytes) => (typeof b === 'string' ? Buffer.from(b, 'utf8') : Buffer.from(b.buffer, b.byteOffset, b.byteLength));

/** hex HMAC-SHA256 of "<t>.<raw body>". */
export function computeWebhookSignature(rawBody: Bytes, timestamp: number, secret: string): string {
  return crypto.createHmac('sha256', secret).update(`${timestamp}.`, 'utf8').update(toBuffer(rawBody)).digest('hex');
}

/** The header value for a body, signed now (or at `timestamp`, unix seconds). */
export function signWebhookPayload(rawBody: Bytes, secret: string, timestamp = Math.floor(Date.now() / 1000)): string {
  return `t=${timestamp},v1=${computeWebhookSignature(rawBody, timestamp, secret)}`;
}

export interface VerifyWebhookOptions {
  /** Largest accepted age (and clock skew) of the signature's timestamp. Default 300 s. */
  toleranceSeconds?: number;
  /** "Now" in unix seconds (tests). */
  now?: number;
}

/**
 * True when `header` holds a v1 signature of `rawBody` by `secret` whose timestamp is within the
 * tolerance. Several v1 entries are allowed (secret rotation); one matching is enough. Never throws.
 */
export function verifyWebhookSignature(
  rawBody: Bytes,
  header: string | null | undefined,
  secret: string,
  { toleranceSeconds = 300, now = Math.floor(Date.now() / 1000) }: VerifyWebhookOptions = {},
): boolean {
  if (typeof header !== 'string' || !secret) return false;
  let timestamp: number | null = null;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key === 't' && /^\d{1,12}$/.test(value)) timestamp = Number(value);
    else if (key === 'v1' && /^[0-9a-f]{64}$/i.test(value)) signatures.push(value.toLowerCase());
  }
  if (timestamp === null || signatures.length === 0) return false;
  if (Math.abs(now - timestamp) > toleranceSeconds) return false;
  const expected = Buffer.from(computeWebhookSignature(rawBody, timestamp, secret), 'hex');
  return signatures.some((s) => crypto.timingSafeEqual(Buffer.from(s, 'hex'), expected));
}
