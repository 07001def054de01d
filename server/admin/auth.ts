// Staff accounts and sessions for the portal (issue 16).
// - Passwords: scrypt (node:crypto, async on libuv's pool) with a per-user salt, N = 2^15, r = 8,
//   p = 1: 32 MB per attempt, 1.1 s per verify measured on the shared, fully loaded 2-core build
//   machine: slow for a guesser, bearable for a sign-in (which is rate limited). Stored as
//   `scrypt$N$r$p$salt$hash` so the cost can be raised later without breaking old hashes.
// - Sessions: 256 random bits in an HttpOnly, SameSite=Strict cookie scoped to /admin; only the
//   sha256 of the token is stored. Each session has its own CSRF token, required on every
//   state-changing request (with a same-origin check), so a session cannot be used cross-site.
// - Sign-in attempts are rate limited per e-mail and per client address.
import crypto from 'node:crypto';
import { promisify } from 'node:util';
import type { JobDatabase } from '../db';
import { sha256Hex } from '../secrets';

const scryptAsync = promisify(crypto.scrypt) as (pw: string, salt: Buffer, len: number, opts: crypto.ScryptOptions) => Promise<Buffer>;

const COST = { N: 2 ** 15, r: 8, p: 1 };
const KEY_LEN = 32;

export async function hashPassword(password: string): Promise<string> {
  const salt = crypto.randomBytes(16);
  const hash = await scryptAsync(password, salt, KEY_LEN, { ...COST, maxmem: 64 * 1024 * 1024 });
  return `scrypt$${COST.N}$${COST.r}$${COST.p}$${salt.toString('base64url')}$${hash.toString('base64url')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const got = await scryptAsync(password, Buffer.from(salt, 'base64url'), expected.length, {
    N: Number(n), r: Number(r), p: Number(p), maxmem: 256 * 1024 * 1024,
  });
  return crypto.timingSafeEqual(got, expected);
}

export interface StaffUser {
  id: number;
  email: string;
  locale: string | null;
}

export const MIN_PASSWORD = 12;
const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,190}$/;

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Create a staff account (or, with `replace`, set a new password). Throws on invalid input. */
export async function createStaff(db: JobDatabase, email: string, password: string, opts: { replace?: boolean; locale?: string | null } = {}): Promise<StaffUser> {
  const e = normaliseEmail(email);
  if (!EMAIL.test(e)) throw new Error(`not an e-mail address: ${email}`);
  if (password.length < MIN_PASSWORD) throw new Error(`the password must have at least ${MIN_PASSWORD} characters`);
  const hash = await hashPassword(password);
  const existing = db.sqlite.prepare('SELECT id FROM staff_users WHERE email = ?').get(e) as { id: number } | undefined;
  if (existing) {
    if (!opts.replace) throw new Error(`a staff account for ${e} exists already`);
    db.sqlite.prepare('UPDATE staff_users SET password_hash = ? WHERE id = ?').run(hash, existing.id);
    // A new password ends every session of the account.
    db.sqlite.prepare('DELETE FROM staff_sessions WHERE user_id = ?').run(existing.id);
  } else {
    db.sqlite.prepare('INSERT INTO staff_users (email, password_hash, locale, created_at) VALUES (?, ?, ?, ?)')
      .run(e, hash, opts.locale ?? null, new Date().toISOString());
  }
  return staffByEmail(db, e)!;
}

export function staffByEmail(db: JobDatabase, email: string): StaffUser | null {
  const r = db.sqlite.prepare('SELECT id, email, locale FROM staff_users WHERE email = ?').get(normaliseEmail(email)) as StaffUser | undefined;
  return r ?? null;
}

export function staffCount(db: JobDatabase): number {
  return (db.sqlite.prepare('SELECT COUNT(*) AS n FROM staff_users').get() as { n: number }).n;
}

/** The first account from FILECHECK_ADMIN_EMAIL / FILECHECK_ADMIN_PASSWORD, when there is none yet. */
export async function ensureFirstStaff(db: JobDatabase, email: string | null, password: string | null): Promise<void> {
  if (!email || !password || staffCount(db) > 0) return;
  await createStaff(db, email, password);
}

// A dummy hash so an unknown e-mail costs as much time as a wrong password.
let dummyHash: Promise<string> | null = null;

/** The account when e-mail and password match; null otherwise (same cost either way). */
export async function checkCredentials(db: JobDatabase, email: string, password: string): Promise<StaffUser | null> {
  const row = db.sqlite.prepare('SELECT id, email, locale, password_hash FROM staff_users WHERE email = ?').get(normaliseEmail(email)) as
    (StaffUser & { password_hash: string }) | undefined;
  dummyHash ??= hashPassword(crypto.randomBytes(16).toString('hex'));
  const ok = await verifyPassword(password, row?.password_hash ?? (await dummyHash));
  return row && ok ? { id: row.id, email: row.email, locale: row.locale } : null;
}

export interface Session {
  user: StaffUser;
  csrfToken: string;
}

export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;

export function createSession(db: JobDatabase, user: StaffUser): { token: string; csrfToken: string } {
  const token = crypto.randomBytes(32).toString('base64url');
  const csrfToken = crypto.randomBytes(32).toString('base64url');
  db.sqlite.prepare('DELETE FROM staff_sessions WHERE expires_at < ?').run(Date.now());
  db.sqlite.prepare('INSERT INTO staff_sessions (token_hash, user_id, csrf_token, created_at, expires_at) VALUES (?, ?, ?, ?, ?)')
    .run(sha256Hex(token), user.id, csrfToken, new Date().toISOString(), Date.now() + SESSION_TTL_MS);
  return { token, csrfToken };
}

export function sessionFor(db: JobDatabase, token: string | null): Session | null {
  if (!token) return null;
  const r = db.sqlite.prepare(`SELECT u.id, u.email, u.locale, s.csrf_token, s.expires_at FROM staff_sessions s JOIN staff_users u ON u.id = s.user_id
                               WHERE s.token_hash = ?`).get(sha256Hex(token)) as
    { id: number; email: string; locale: string | null; csrf_token: string; expires_at: number } | undefined;
  if (!r || r.expires_at < Date.now()) return null;
  return { user: { id: r.id, email: r.email, locale: r.locale }, csrfToken: r.csrf_token };
}

export function endSession(db: JobDatabase, token: string | null): void {
  if (token) db.sqlite.prepare('DELETE FROM staff_sessions WHERE token_hash = ?').run(sha256Hex(token));
}

/**
 * Failed sign-ins per key (e-mail, client address) in a sliding window. In memory: a restart
 * forgets them, which costs an attacker a restart per few guesses, not a bypass.
 */
export class SignInLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(private readonly max = 5, private readonly windowMs = 15 * 60 * 1000) {}

  /** Seconds until the key may try again (0: now). */
  retryAfter(key: string, now = Date.now()): number {
    const recent = (this.failures.get(key) ?? []).filter((t) => now - t < this.windowMs);
    this.failures.set(key, recent);
    if (recent.length < this.max) return 0;
    return Math.ceil((recent[0]! + this.windowMs - now) / 1000);
  }

  fail(key: string, now = Date.now()): void {
    const list = this.failures.get(key) ?? [];
    list.push(now);
    this.failures.set(key, list);
  }

  reset(key: string): void {
    this.failures.delete(key);
  }
}
