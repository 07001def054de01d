// Idempotency-Key records for POST /v1/jobs, scoped to the client that made the request: the same
// key from another client is another record (it creates its own job), so guessing or overhearing
// someone's key never replays their response, whose job token opens their job. The token is not
// stored in clear either: it is sealed (AES-256-GCM) with a key derived from the client and the
// Idempotency-Key, neither of which is in the database, so a copy of the database holds no
// usable token.
import crypto from 'node:crypto';

const label = (purpose: string, client: string, key: string) =>
  crypto.createHash('sha256').update(`${purpose}\0${client}\0${key}`, 'utf8').digest();

/** The database key of a (client, Idempotency-Key) pair. */
export function idempotencyRecordKey(client: string, key: string): string {
  return 'idk_' + label('record', client, key).toString('hex');
}

interface WithToken {
  token?: unknown;
  [k: string]: unknown;
}

/** The response as stored: its job token sealed. */
export function sealResponse(client: string, key: string, response: WithToken): Record<string, unknown> {
  const { token, ...rest } = response;
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv('aes-256-gcm', label('seal', client, key), iv);
  const sealed = Buffer.concat([cipher.update(String(token), 'utf8'), cipher.final()]);
  return { ...rest, sealedToken: [iv, cipher.getAuthTag(), sealed].map((b) => b.toString('base64url')).join('.') };
}

/** The stored response with its token again (null when it cannot be unsealed). */
export function unsealResponse(client: string, key: string, stored: unknown): Record<string, unknown> | null {
  if (!stored || typeof stored !== 'object') return null;
  const { sealedToken, ...rest } = stored as Record<string, unknown>;
  if (typeof sealedToken !== 'string') return null;
  try {
    const [iv, tag, data] = sealedToken.split('.').map((p) => Buffer.from(p, 'base64url'));
    const decipher = crypto.createDecipheriv('aes-256-gcm', label('seal', client, key), iv!);
    decipher.setAuthTag(tag!);
    const token = Buffer.concat([decipher.update(data!), decipher.final()]).toString('utf8');
    return { ...rest, token };
  } catch {
    return null;
  }
}
