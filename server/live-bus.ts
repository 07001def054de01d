// Live-status events between processes (issue 15): "job X changed" reaches every SSE stream and
// long poll of that job, whichever API instance the change happened on. An event carries only
// the job id and a kind; receivers re-read the job from the database, so an event can be small,
// late or merged with another and nothing is lost.
//
// - In-process (the default, one instance): an EventEmitter.
// - PostgreSQL LISTEN/NOTIFY: one listening connection per process; publish is a pg_notify
//   through the pool (delivered at commit, to every listener, this process included, which is
//   then the only way a local subscriber hears it: no double delivery). When the listening
//   connection is lost it is opened again, and every local subscriber is told "changed" once
//   (what happened in between was not heard; they re-read).
import { EventEmitter } from 'node:events';
import type pg from 'pg';

/** What happened to the job; receivers re-read it either way. */
export type LiveEventKind = 'changed' | 'created';

export interface LiveBus {
  publish(jobId: string, kind: LiveEventKind): Promise<void>;
  /** Listen for one job's events; returns the unsubscribe function. */
  subscribe(jobId: string, listener: (kind: LiveEventKind) => void): () => void;
  /** Listen for every job's events (the portal's live list); returns the unsubscribe function. */
  subscribeAll(listener: (jobId: string, kind: LiveEventKind) => void): () => void;
  close(): Promise<void>;
}

/** Event name for "any job": a symbol, so no job id can collide with it. */
const ANY = Symbol('any job');

/** Local fan-out, shared by both buses. */
class Fanout {
  readonly emitter = new EventEmitter();

  constructor() {
    this.emitter.setMaxListeners(0);
  }

  deliver(jobId: string, kind: LiveEventKind): void {
    this.emitter.emit(jobId, kind);
    this.emitter.emit(ANY, jobId, kind);
  }

  subscribe(jobId: string, listener: (kind: LiveEventKind) => void): () => void {
    this.emitter.on(jobId, listener);
    return () => this.emitter.off(jobId, listener);
  }

  subscribeAll(listener: (jobId: string, kind: LiveEventKind) => void): () => void {
    this.emitter.on(ANY, listener);
    return () => this.emitter.off(ANY, listener);
  }

  /** Every job someone here listens to. */
  jobIds(): string[] {
    return this.emitter.eventNames().filter((n): n is string => typeof n === 'string');
  }
}

export function createInProcessBus(): LiveBus {
  const fan = new Fanout();
  return {
    // Synchronous delivery: a listener has run when publish returns.
    async publish(jobId, kind) {
      fan.deliver(jobId, kind);
    },
    subscribe: (jobId, listener) => fan.subscribe(jobId, listener),
    subscribeAll: (listener) => fan.subscribeAll(listener),
    async close() {
      fan.emitter.removeAllListeners();
    },
  };
}

export interface PgLiveBusOptions {
  pool: pg.Pool;
  /** Channel name (one per deployment sharing a database). */
  channel?: string;
  /** Wait before opening a lost listening connection again. */
  reconnectMs?: number;
}

const KINDS = new Set<LiveEventKind>(['changed', 'created']);

export async function createPgLiveBus(options: PgLiveBusOptions): Promise<LiveBus> {
  const { pool } = options;
  const channel = options.channel ?? 'filecheck_live';
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(channel)) throw new Error(`live bus channel must be a lower-case SQL identifier: ${channel}`);
  const fan = new Fanout();
  let closed = false;
  let listener: pg.PoolClient | null = null;

  const onNotification = (msg: pg.Notification) => {
    if (msg.channel !== channel || !msg.payload) return;
    try {
      const { j, k } = JSON.parse(msg.payload) as { j?: unknown; k?: unknown };
      if (typeof j === 'string' && KINDS.has(k as LiveEventKind)) fan.deliver(j, k as LiveEventKind);
    } catch {
      // not ours
    }
  };

  const connect = async (): Promise<void> => {
    const client = await pool.connect();
    client.on('notification', onNotification);
    client.once('error', () => {
      client.release(true);
      if (listener === client) listener = null;
      if (!closed) setTimeout(() => void reconnect(), options.reconnectMs ?? 200).unref();
    });
    await client.query(`LISTEN ${channel}`);
    listener = client;
  };

  const reconnect = async (): Promise<void> => {
    if (closed || listener) return;
    try {
      await connect();
    } catch {
      if (!closed) setTimeout(() => void reconnect(), options.reconnectMs ?? 200).unref();
      return;
    }
    // Events sent while nobody here listened were not heard: everyone re-reads once.
    for (const jobId of fan.jobIds()) fan.deliver(jobId, 'changed');
  };

  await connect();

  return {
    async publish(jobId, kind) {
      // Small payload (NOTIFY allows 8000 bytes): the job id and the kind, never the job.
      await pool.query('SELECT pg_notify($1, $2)', [channel, JSON.stringify({ j: jobId, k: kind })]);
    },
    subscribe: (jobId, l) => fan.subscribe(jobId, l),
    subscribeAll: (l) => fan.subscribeAll(l),
    async close() {
      closed = true;
      fan.emitter.removeAllListeners();
      const client = listener;
      listener = null;
      if (client) {
        await client.query(`UNLISTEN ${channel}`).catch(() => {});
        client.release();
      }
    },
  };
}

/**
 * A bus that is opened later (app.ts opens the PostgreSQL bus in listen(), createServer being
 * synchronous). Nothing subscribes or publishes before the server listens; if something did, it
 * is told so instead of being silently unheard.
 */
export function laterBus(current: () => LiveBus | null): LiveBus {
  const bus = () => {
    const b = current();
    if (!b) throw new Error('the live bus is not open yet (the server is not listening)');
    return b;
  };
  return {
    publish: (jobId, kind) => (current() ? bus().publish(jobId, kind) : Promise.resolve()),
    subscribe: (jobId, listener) => bus().subscribe(jobId, listener),
    subscribeAll: (listener) => bus().subscribeAll(listener),
    async close() {
      await current()?.close();
    },
  };
}
