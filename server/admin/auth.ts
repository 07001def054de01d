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
import type { Database } from '../db';
import type { SignInFailures } from '../db/sign-ins';
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
export async function createStaff(db: Database, email: string, password: string, opts: { replace?: boolean; locale?: string | null } = {}): Promise<StaffUser> {
  const e = normaliseEmail(email);
  if (!EMAIL.test(e)) throw new Error(`not an e-mail address: ${email}`);
  if (password.length < MIN_PASSWORD) throw new Error(`the password must have at least ${MIN_PASSWORD} characters`);
  const hash = await hashPassword(password);
  const existing = await db.staff.byEmail(e);
  if (existing) {
    if (!opts.replace) throw new Error(`a staff account for ${e} exists already`);
    // A new password ends every session of the account.
    await db.staff.setPassword(existing.id, hash);
  } else {
    await db.staff.insert(e, hash, opts.locale ?? null);
  }
  return (await staffByEmail(db, e))!;
}

export async function staffByEmail(db: Database, email: string): Promise<StaffUser | null> {
  const r = await db.staff.byEmail(normaliseEmail(email));
  return r ? { id: r.id, email: r.email, locale: r.locale } : null;
}

export function staffCount(db: Database): Promise<number> {
  return db.staff.count();
}

/** The first account from FILECHECK_ADMIN_EMAIL / FILECHECK_ADMIN_PASSWORD, when there is none yet. */
export async function ensureFirstStaff(db: Database, email: string | null, password: string | null): Promise<void> {
  if (!email || !password || (await staffCount(db)) > 0) return;
  try {
    await createStaff(db, email, password);
  } catch (err) {
    // Another instance starting at the same moment created it first.
    if ((await staffCount(db)) === 0) throw err;
  }
}

// A dummy hash so an unknown e-mail costs as much time as a wrong password.
let dummyHash: Promise<string> | null = null;

/** The account when e-mail and password match; null otherwise (same cost either way). */
export async function checkCredentials(db: Database, email: string, password: string): Promise<StaffUser | null> {
  const row = await db.staff.byEmail(normaliseEmail(email));
  dummyHash ??= hashPassword(crypto.randomBytes(16).toString('hex'));
  const ok = await verifyPassword(password, row?.passwordHash ?? (await dummyHash));
  return row && ok ? { id: row.id, email: row.email, locale: row.locale } : null;
}

export interface Session {
  user: StaffUser;
  csrfToken: string;
}

export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;

export async function createSession(db: Database, user: StaffUser): Promise<{ token: string; csrfToken: string }> {
  const token = crypto.randomBytes(32).toString('base64url');
  const csrfToken = crypto.randomBytes(32).toString('base64url');
  await db.staff.createSession(sha256Hex(token), user.id, csrfToken, Date.now() + SESSION_TTL_MS);
  return { token, csrfToken };
}

export async function sessionFor(db: Database, token: string | null): Promise<Session | null> {
  if (!token) return null;
  const r = await db.staff.session(sha256Hex(token));
  if (!r || r.expiresAt < Date.now()) return null;
  return { user: r.user, csrfToken: r.csrfToken };
}

export async function endSession(db: Database, token: string | null): Promise<void> {
  if (token) await db.staff.endSession(sha256Hex(token));
}

/**
 * Failed sign-ins per key (e-mail, client address) in a sliding window: after `max` failures in
 * `windowMs`, the key waits until the oldest of them leaves the window.
 * - In memory (createSignInLimiter): the embedded server is one process. A restart forgets them,
 *   which costs an attacker a restart per few guesses, not a bypass.
 * - In PostgreSQL (createSharedSignInLimiter, db/sign-ins.ts): several API instances behind a load
 *   balancer count one limit, not one each.
 */
export interface SignInLimiter {
  /** Seconds until the key may try again (0: now). */
  retryAfter(key: string, now?: number): Promise<number>;
  fail(key: string, now?: number): Promise<void>;
  reset(key: string): Promise<void>;
}

const SIGN_IN_WINDOW_MS = 15 * 60 * 1000;

const waitFor = (count: number, oldest: number | null, max: number, windowMs: number, now: number) =>
  count < max || oldest === null ? 0 : Math.max(1, Math.ceil((oldest + windowMs - now) / 1000));

export function createSignInLimiter(max = 5, windowMs = SIGN_IN_WINDOW_MS): SignInLimiter {
  const failures = new Map<string, number[]>();
  return {
    async retryAfter(key, now = Date.now()) {
      const recent = (failures.get(key) ?? []).filter((t) => now - t < windowMs);
      if (recent.length > 0) failures.set(key, recent);
      else failures.delete(key);
      return waitFor(recent.length, recent[0] ?? null, max, windowMs, now);
    },
    async fail(key, now = Date.now()) {
      failures.set(key, [...(failures.get(key) ?? []), now]);
    },
    async reset(key) {
      failures.delete(key);
    },
  };
}

export function createSharedSignInLimiter(store: SignInFailures, max = 5, windowMs = SIGN_IN_WINDOW_MS): SignInLimiter {
  return {
    async retryAfter(key, now = Date.now()) {
      const { count, oldest } = await store.since(key, now - windowMs);
      return waitFor(count, oldest, max, windowMs, now);
    },
    fail: (key, now = Date.now()) => store.record(key, now),
    reset: (key) => store.clear(key),
  };
}

/** Failures older than this are outside every sign-in window (the expiry sweep removes them). */
export const SIGN_IN_FAILURES_KEPT_MS = SIGN_IN_WINDOW_MS;
