// Signed webhooks with a persistent delivery queue. Emitting an event is one insert per
// configured URL (in the caller's transaction when it passes one): nothing in the request or
// upload path waits for a receiver. A dispatcher sends due deliveries in the background, signs each attempt with the
// current time (Filecheck-Signature, see webhooks-verify.ts), and retries failures (non-2xx,
// network errors, timeouts) with exponential backoff: base, 2×base, 4×base… capped at 6 h, up to
// maxAttempts, then marks the delivery 'failed'. Pending deliveries survive a restart.
//
// Each endpoint has its own lane (issue 12.5): a lane sends that endpoint's due deliveries, a few
// at a time, and nothing else waits for it. A receiver that hangs until the timeout, or is down
// and backing off, delays only its own deliveries; every other endpoint gets its events at once.
import crypto from 'node:crypto';
import type { Database, WebhookDelivery } from './db';
import { SIGNATURE_HEADER, signWebhookPayload } from './webhooks-verify';

export type WebhookEventType = 'job.created' | 'job.completed' | 'job.reviewed';

export interface WebhookEvent<T = unknown> {
  id: string;
  type: WebhookEventType;
  createdAt: string;
  data: T;
}

export interface WebhookOptions {
  db: Database;
  urls: string[];
  secret: string;
  retryBaseMs: number;
  maxAttempts: number;
  /** Per-attempt timeout. Default 10 s. */
  timeoutMs?: number;
  /** Deliveries in flight per endpoint. Default 4. */
  perEndpoint?: number;
  /**
   * Also look for due deliveries this often (ms): with several instances on one database, events
   * another instance queued are sent by whichever instance claims them first. Default: never.
   */
  pollMs?: number;
}

export interface Webhooks {
  /** Queue an event for every configured URL; returns it (null when no URL is configured). */
  emit<T>(type: WebhookEventType, data: T, tx?: Database): Promise<WebhookEvent<T> | null>;
  /** Look for due deliveries now (after committing a transaction that queued some). */
  kick(): void;
  /** Start sending (due deliveries, including those left from before a restart). */
  start(): void;
  /** Resolves once no delivery is due or in flight (tests). */
  settled(): Promise<void>;
  close(): Promise<void>;
}

const MAX_BACKOFF_MS = 6 * 60 * 60 * 1000;

export function createWebhooks(options: WebhookOptions): Webhooks {
  const { db, urls, secret } = options;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const perEndpoint = Math.max(1, options.perEndpoint ?? 4);
  let timer: NodeJS.Timeout | null = null;
  let poller: NodeJS.Timeout | null = null;
  /** Running lane per endpoint URL; `again` asks a running lane to look for due work once more. */
  const lanes = new Map<string, { running: Promise<void>; again: boolean }>();
  let started = false;
  let closed = false;
  const inFlight = new Set<AbortController>();

  const attempt = async (d: WebhookDelivery): Promise<void> => {
    // Leased by claimDue while in flight: not due again (for this or any lane or instance, or the
    // timer) until it settles, and after a crash it is retried once the lease has run out.
    const controller = new AbortController();
    inFlight.add(controller);
    const timeout = setTimeout(() => controller.abort(), timeoutMs);
    let error: string | null = null;
    try {
      const res = await fetch(d.url, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json; charset=utf-8',
          'User-Agent': 'filecheck-webhooks/1',
          [SIGNATURE_HEADER]: signWebhookPayload(d.body, secret),
          'Filecheck-Event-Id': d.eventId,
          'Filecheck-Event-Type': d.eventType,
        },
        body: d.body,
        redirect: 'manual',
        signal: controller.signal,
      });
      await res.arrayBuffer().catch(() => null);
      if (res.status < 200 || res.status >= 300) error = `HTTP ${res.status}`;
    } catch (err) {
      error = controller.signal.aborted ? (closed ? 'closed' : `timeout after ${timeoutMs} ms`) : String((err as Error)?.cause ?? (err as Error)?.message ?? err);
    } finally {
      clearTimeout(timeout);
      inFlight.delete(controller);
    }
    if (closed && error === 'closed') {
      await db.deliveries.update(d.id, { nextAttemptAt: d.nextAttemptAt }); // shutting down: pending as it was
      return;
    }
    const attempts = d.attempts + 1;
    if (error === null) {
      await db.deliveries.update(d.id, { state: 'delivered', attempts, lastError: null, deliveredAt: new Date().toISOString() });
    } else if (attempts >= options.maxAttempts) {
      await db.deliveries.update(d.id, { state: 'failed', attempts, lastError: error });
    } else {
      const delay = Math.min(MAX_BACKOFF_MS, options.retryBaseMs * 2 ** (attempts - 1));
      await db.deliveries.update(d.id, { attempts, lastError: error, nextAttemptAt: Date.now() + delay });
    }
  };

  const schedule = async () => {
    if (closed || !started) return;
    const next = await db.deliveries.nextAt();
    if (timer) clearTimeout(timer);
    timer = null;
    if (closed || next === null) return;
    timer = setTimeout(kick, Math.max(0, Math.min(next - Date.now(), 60_000)));
    timer.unref();
  };

  /** One endpoint's lane: send its due deliveries, `perEndpoint` at a time, until none is due. */
  const drainLane = async (url: string) => {
    const lane = lanes.get(url)!;
    do {
      lane.again = false;
      for (;;) {
        if (closed) return;
        const due = await db.deliveries.claimDue(url, Date.now(), perEndpoint, Date.now() + timeoutMs + 1000);
        if (due.length === 0) break;
        await Promise.all(due.map(attempt));
      }
    } while (lane.again && !closed);
  };

  const startLane = (url: string) => {
    const existing = lanes.get(url);
    if (existing) {
      existing.again = true;
      return;
    }
    const lane = { running: Promise.resolve(), again: false };
    lanes.set(url, lane);
    lane.running = drainLane(url)
      .catch((err: unknown) => {
        if (!closed) console.error('[filecheck-server] webhook dispatcher', err);
      })
      .finally(() => {
        lanes.delete(url);
        void schedule().catch(logError);
      });
  };

  const logError = (err: unknown) => {
    if (!closed) console.error('[filecheck-server] webhook dispatcher', err);
  };

  function kick(): void {
    if (closed || !started) return;
    void (async () => {
      for (const url of await db.deliveries.dueUrls(Date.now())) startLane(url);
      await schedule();
    })().catch(logError);
  }

  return {
    async emit(type, data, tx) {
      if (urls.length === 0) return null;
      const event = { id: 'evt_' + crypto.randomBytes(16).toString('hex'), type, createdAt: new Date().toISOString(), data };
      const body = JSON.stringify(event);
      await (tx ?? db).deliveries.enqueue(urls.map((url) => ({ eventId: event.id, eventType: type, url, body })));
      // Inside a caller's transaction the rows are not visible to others yet: the caller kicks
      // once it has committed.
      if (!tx) queueMicrotask(kick);
      return event;
    },
    kick() {
      kick();
    },
    start() {
      started = true;
      if (options.pollMs) {
        poller = setInterval(kick, options.pollMs);
        poller.unref();
      }
      kick();
    },
    async settled() {
      for (;;) {
        if (lanes.size > 0) await Promise.all([...lanes.values()].map((l) => l.running));
        const next = await db.deliveries.nextAt();
        if (next === null || closed) return;
        await new Promise((r) => setTimeout(r, Math.max(5, Math.min(next - Date.now(), 1000))));
      }
    },
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      if (poller) clearInterval(poller);
      for (const c of inFlight) c.abort();
      await Promise.all([...lanes.values()].map((l) => l.running));
    },
  };
}
