// A tus Locker shared by every API instance (issue 15): PostgreSQL advisory locks, so two
// instances never write one upload at once, whichever instance a client's PATCH lands on.
//
// - A lock is `pg_try_advisory_lock(key)` on a connection taken from the pool and kept for as long
//   as the lock is held (advisory locks belong to a session): size the pool for the uploads
//   written at once per instance, plus one (the listening connection). The key is 64 bits of the sha256 of
//   the upload id. Unlock is `pg_advisory_unlock` and the connection goes back to the pool; if that
//   fails the connection is destroyed, which ends the session and so frees the lock. An instance
//   that dies frees its locks the same way (PostgreSQL ends its sessions).
// - Waiting is a poll of pg_try_advisory_lock (never a blocking pg_advisory_lock, which only
//   pg_cancel_backend could interrupt) until the lock is free, the wait times out
//   (ERR_LOCK_TIMEOUT) or the waiting request is cancelled; a waiter holds no connection between
//   attempts.
// - A waiter asks the holder to finish, as @tus/server's in-memory locker does: the holder is
//   often a PATCH whose client has gone (a laptop closed mid-upload) and which would otherwise hold
//   the upload until its socket times out. The request crosses instances as a NOTIFY on one
//   channel (payload: the lock key); each locker LISTENs on one connection of its own and cancels
//   its own holder of that key, which then unlocks.
import crypto from 'node:crypto';
import type pg from 'pg';
import { ERRORS, type Lock, type Locker, type RequestRelease } from '@tus/utils';

export interface PgLockerOptions {
  pool: pg.Pool;
  /** Give up waiting after this long (ERR_LOCK_TIMEOUT). Default 30 s, as @tus/server's MemoryLocker. */
  acquireTimeoutMs?: number;
  /** Poll interval while waiting. */
  pollMs?: number;
}

const CHANNEL = 'filecheck_tus_lock_release';

/** 64 bits of sha256(upload id), as the signed bigint PostgreSQL's advisory locks take. */
export function lockKey(id: string): string {
  return crypto.createHash('sha256').update(`tus-upload:${id}`).digest().readBigInt64BE(0).toString();
}

export class PgLocker implements Locker {
  readonly timeoutMs: number;
  readonly pollMs: number;
  /** Holders on this instance, by key: how to ask them to finish. */
  private readonly holders = new Map<string, RequestRelease>();
  private listener: Promise<pg.PoolClient> | null = null;

  constructor(readonly options: PgLockerOptions) {
    this.timeoutMs = options.acquireTimeoutMs ?? 30_000;
    this.pollMs = options.pollMs ?? 50;
  }

  newLock(id: string): Lock {
    return new PgLock(this, lockKey(id));
  }

  /** @internal */
  held(key: string, release: RequestRelease): void {
    this.holders.set(key, release);
  }

  /** @internal */
  released(key: string): void {
    this.holders.delete(key);
  }

  /** @internal Ask whoever holds `key`, on any instance, to finish. */
  async requestRelease(key: string): Promise<void> {
    await this.listen();
    await this.options.pool.query('SELECT pg_notify($1, $2)', [CHANNEL, key]);
  }

  /** One listening connection per locker, started on first use. */
  listen(): Promise<pg.PoolClient> {
    this.listener ??= (async () => {
      const client = await this.options.pool.connect();
      client.on('notification', (msg) => {
        if (msg.channel !== CHANNEL || !msg.payload) return;
        void Promise.resolve(this.holders.get(msg.payload)?.()).catch(() => {});
      });
      // A lost listening connection is replaced on next use; locks themselves do not depend on it.
      client.on('error', () => {
        client.release(true);
        this.listener = null;
      });
      await client.query(`LISTEN ${CHANNEL}`);
      return client;
    })();
    this.listener.catch(() => (this.listener = null));
    return this.listener;
  }

  /** Stop listening (the pool's owner ends the pool). */
  async close(): Promise<void> {
    const listener = await this.listener?.catch(() => null);
    this.listener = null;
    listener?.release(true);
  }
}

class PgLock implements Lock {
  private client: pg.PoolClient | null = null;
  private onLost: (() => void) | null = null;

  constructor(private readonly locker: PgLocker, private readonly key: string) {}

  async lock(signal: AbortSignal, requestRelease: RequestRelease): Promise<void> {
    if (this.client) throw new Error('lock() called twice');
    // Listen before holding anything, so a waiter's request to finish always reaches us.
    await this.locker.listen();
    const deadline = Date.now() + this.locker.timeoutMs;
    let asked = false;
    for (;;) {
      if (signal.aborted) throw ERRORS.ERR_LOCK_TIMEOUT;
      // A connection per attempt, kept only when the lock is ours: waiters never pin the pool.
      const client = await this.locker.options.pool.connect();
      let ok = false;
      try {
        ok = (await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1::bigint) AS ok', [this.key])).rows[0]?.ok === true;
      } finally {
        if (!ok) client.release();
      }
      if (ok) {
        this.client = client;
        // The session can end under us (a restarted database, a killed backend): the lock is gone
        // with it, so the holder's request is asked to stop writing at once.
        this.onLost = () => void Promise.resolve(requestRelease()).catch(() => {});
        client.on('error', this.onLost);
        this.locker.held(this.key, requestRelease);
        return;
      }
      if (!asked) {
        asked = true;
        await this.locker.requestRelease(this.key).catch(() => {});
      }
      if (Date.now() >= deadline) throw ERRORS.ERR_LOCK_TIMEOUT;
      await wait(Math.min(this.locker.pollMs, Math.max(0, deadline - Date.now())), signal);
    }
  }

  async unlock(): Promise<void> {
    const client = this.client;
    if (!client) throw new Error('Releasing an unlocked lock!');
    this.client = null;
    this.locker.released(this.key);
    if (this.onLost) client.off('error', this.onLost);
    this.onLost = null;
    try {
      await client.query('SELECT pg_advisory_unlock($1::bigint)', [this.key]);
      client.release();
    } catch (err) {
      // Ending the session frees every advisory lock it held.
      client.release(err instanceof Error ? err : true);
    }
  }
}

function wait(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
