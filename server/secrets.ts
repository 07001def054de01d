// Ids, tokens and key comparison. Everything a client could guess or time is here.
import crypto from 'node:crypto';

/** `job_` + 26 base32 characters = 130 random bits (design: job ids carry ≥ 128 random bits). */
export function newJobId(): string {
  return 'job_' + base32(crypto.randomBytes(17)).slice(0, 26);
}

/** The browser's credential for one job: `jt_` + 256 random bits, base64url. Stored only as a hash. */
export function newJobToken(): string {
  return 'jt_' + crypto.randomBytes(32).toString('base64url');
}

export function sha256Hex(value: string): string {
  return crypto.createHash('sha256').update(value, 'utf8').digest('hex');
}

/**
 * Constant-time comparison. Both sides are hashed first so the lengths are always equal and the
 * time taken says nothing about how much of a guessed key was right.
 */
export function sameSecret(given: string | null | undefined, expected: string): boolean {
  if (!given) return false;
  const a = crypto.createHash('sha256').update(given, 'utf8').digest();
  const b = crypto.createHash('sha256').update(expected, 'utf8').digest();
  return crypto.timingSafeEqual(a, b);
}

/** Same as sameSecret, against a stored sha256 hex digest (job tokens are never stored in clear). */
export function matchesHash(given: string | null | undefined, expectedHashHex: string): boolean {
  if (!given) return false;
  const a = crypto.createHash('sha256').update(given, 'utf8').digest();
  const b = Buffer.from(expectedHashHex, 'hex');
  return b.length === a.length && crypto.timingSafeEqual(a, b);
}

/** The token from `Authorization: Bearer <token>`, or null. Query strings are never read. */
export function bearer(header: string | string[] | null | undefined): string | null {
  const value = Array.isArray(header) ? header[0] : header;
  const match = value ? /^Bearer\s+(\S+)\s*$/i.exec(value) : null;
  return match?.[1] ?? null;
}

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';

function base32(bytes: Uint8Array): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out;
}
