// The webhook delivery queue (server/webhooks.ts sends it).
import { now, str, type Row, type Sql } from './sql';

export interface WebhookDelivery {
  id: number;
  eventId: string;
  eventType: string;
  url: string;
  /** The exact bytes that are signed and sent. */
  body: string;
  state: 'pending' | 'delivered' | 'failed';
  attempts: number;
  /** Unix milliseconds. */
  nextAttemptAt: number;
  lastError: string | null;
  createdAt: string;
  deliveredAt: string | null;
}

export type DeliveryPatch = Partial<Pick<WebhookDelivery, 'state' | 'attempts' | 'nextAttemptAt' | 'lastError' | 'deliveredAt'>>;

function toDelivery(r: Row): WebhookDelivery {
  return {
    id: Number(r.id), eventId: String(r.event_id), eventType: String(r.event_type), url: String(r.url), body: String(r.body),
    state: r.state as WebhookDelivery['state'], attempts: Number(r.attempts), nextAttemptAt: Number(r.next_attempt_at),
    lastError: str(r.last_error), createdAt: String(r.created_at), deliveredAt: str(r.delivered_at),
  };
}

const COLUMNS: Record<keyof DeliveryPatch, string> = {
  state: 'state', attempts: 'attempts', nextAttemptAt: 'next_attempt_at', lastError: 'last_error', deliveredAt: 'delivered_at',
};

export class Deliveries {
  constructor(private readonly sql: Sql) {}

  /** Queue one event for several endpoints, all or none. */
  async enqueue(list: Pick<WebhookDelivery, 'eventId' | 'eventType' | 'url' | 'body'>[]): Promise<void> {
    await this.sql.transaction(async (tx) => {
      for (const d of list) {
        await tx.run(`INSERT INTO webhook_deliveries (event_id, event_type, url, body, next_attempt_at, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
          [d.eventId, d.eventType, d.url, d.body, Date.now(), now()]);
      }
    });
  }

  /**
   * Take up to `limit` due deliveries of one endpoint and lease them until `leaseUntil` (unix ms):
   * not due again for anyone until the lease runs out. PostgreSQL: FOR UPDATE SKIP LOCKED, so
   * instances sending at once never take the same delivery.
   */
  async claimDue(url: string, at: number, limit: number, leaseUntil: number): Promise<WebhookDelivery[]> {
    return this.sql.transaction(async (tx) => {
      const lock = tx.dialect === 'postgres' ? ' FOR UPDATE SKIP LOCKED' : '';
      const rows = (await tx.all(`SELECT * FROM webhook_deliveries WHERE state = 'pending' AND url = ? AND next_attempt_at <= ?
                                  ORDER BY next_attempt_at, id LIMIT ?${lock}`, [url, at, limit])).map(toDelivery);
      for (const d of rows) await tx.run('UPDATE webhook_deliveries SET next_attempt_at = ? WHERE id = ?', [leaseUntil, d.id]);
      return rows;
    });
  }

  /** Endpoints with at least one delivery due at `at`. */
  async dueUrls(at: number): Promise<string[]> {
    return (await this.sql.all(`SELECT DISTINCT url FROM webhook_deliveries WHERE state = 'pending' AND next_attempt_at <= ?`, [at])).map((r) => String(r.url));
  }

  /** Earliest pending attempt time (unix ms), or null when the queue is empty. */
  async nextAt(): Promise<number | null> {
    const r = await this.sql.get(`SELECT MIN(next_attempt_at) AS t FROM webhook_deliveries WHERE state = 'pending'`);
    return r?.t === null || r?.t === undefined ? null : Number(r.t);
  }

  async all(): Promise<WebhookDelivery[]> {
    return (await this.sql.all('SELECT * FROM webhook_deliveries ORDER BY id')).map(toDelivery);
  }

  async update(id: number, patch: DeliveryPatch): Promise<void> {
    const sets: string[] = [];
    const values: unknown[] = [];
    for (const [k, v] of Object.entries(patch) as [keyof DeliveryPatch, unknown][]) {
      sets.push(`${COLUMNS[k]} = ?`);
      values.push(v ?? null);
    }
    if (sets.length) await this.sql.run(`UPDATE webhook_deliveries SET ${sets.join(', ')} WHERE id = ?`, [...values, id]);
  }
}
