// Idempotency keys of POST /v1/jobs (server/idempotency.ts seals what is stored).
import { json, now, type Sql } from './sql';

export interface IdempotencyRecord {
  key: string;
  requestHash: string;
  jobId: string;
  response: unknown;
  createdAt: string;
}

export class IdempotencyKeys {
  constructor(private readonly sql: Sql) {}

  async get(key: string): Promise<IdempotencyRecord | null> {
    const r = await this.sql.get('SELECT * FROM idempotency_keys WHERE key = ?', [key]);
    if (!r) return null;
    return { key: String(r.key), requestHash: String(r.request_hash), jobId: String(r.job_id), response: json(r.response_json), createdAt: String(r.created_at) };
  }

  /** Store the record; false when the key is taken already (a concurrent twin won). */
  async put(record: Omit<IdempotencyRecord, 'createdAt'>): Promise<boolean> {
    return (await this.sql.run('INSERT INTO idempotency_keys (key, request_hash, job_id, response_json, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING',
      [record.key, record.requestHash, record.jobId, JSON.stringify(record.response), now()])) > 0;
  }

  /** Forget keys older than `before` (ISO time). */
  async prune(before: string): Promise<void> {
    await this.sql.run('DELETE FROM idempotency_keys WHERE created_at < ?', [before]);
  }
}
