// The durable verification queue on PostgreSQL (migrations/postgres/002_tasks.sql). Workers claim
// tasks with FOR UPDATE SKIP LOCKED (never the same task twice at once), hold them under a lease
// they renew, and store a verdict only while they still hold the lease they were given.
import { now, type Row, type Sql } from './sql';

export interface TaskRow {
  id: number;
  jobId: string;
  fileId: string;
  uploadId: string;
  /** Leases taken so far, this one included. */
  attempt: number;
  leaseOwner: string | null;
}

/** Channel a worker listens on to hear of new tasks at once (it also polls). */
export const TASKS_CHANNEL = 'filecheck_tasks';

const toTask = (r: Row): TaskRow => ({
  id: Number(r.id), jobId: String(r.job_id), fileId: String(r.file_id), uploadId: String(r.upload_id),
  attempt: Number(r.attempt), leaseOwner: r.lease_owner == null ? null : String(r.lease_owner),
});

export class Tasks {
  constructor(private readonly sql: Sql) {}

  /**
   * Queue the verification of one upload. Queued or running already: nothing changes (a second
   * start of the same upload is the same task). Done before (a context change needs a new
   * production file): queued again.
   */
  async enqueue(file: { jobId: string; id: string; uploadId: string }): Promise<void> {
    const t = now();
    await this.sql.run(
      `INSERT INTO tasks (job_id, file_id, upload_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (upload_id) DO UPDATE SET state = 'queued', lease_owner = NULL, lease_until = NULL, updated_at = EXCLUDED.updated_at
       WHERE tasks.state = 'done'`,
      [file.jobId, file.id, file.uploadId, t, t],
    );
    await this.sql.run(`SELECT pg_notify('${TASKS_CHANNEL}', '')`);
  }

  /**
   * Lease up to `limit` tasks: queued ones, and running ones whose lease ran out. Jobs take
   * turns: the job served least recently comes first, so one job's many files cannot keep
   * another job's file waiting behind all of them (as fair-queue.ts does inside a process).
   */
  async claim(owner: string, leaseMs: number, limit: number): Promise<TaskRow[]> {
    const at = Date.now();
    const rows = await this.sql.all(
      `WITH picked AS (
         SELECT t.id FROM tasks t
         WHERE t.state = 'queued' OR (t.state = 'running' AND t.lease_until < ?)
         ORDER BY (SELECT MAX(r.claimed_at) FROM tasks r WHERE r.job_id = t.job_id) NULLS FIRST, t.id
         LIMIT ? FOR UPDATE SKIP LOCKED
       )
       UPDATE tasks SET state = 'running', lease_owner = ?, lease_until = ?, attempt = tasks.attempt + 1, claimed_at = ?, updated_at = ?
       FROM picked WHERE tasks.id = picked.id
       RETURNING tasks.*`,
      [at, limit, owner, at + leaseMs, at, now()],
    );
    return rows.map(toTask).sort((a, b) => a.id - b.id);
  }

  /** Renew the leases this owner still holds; returns the ids it no longer holds. */
  async heartbeat(tasks: TaskRow[], owner: string, leaseMs: number): Promise<number[]> {
    if (tasks.length === 0) return [];
    const ids = tasks.map((t) => t.id);
    const rows = await this.sql.all(
      `UPDATE tasks SET lease_until = ? WHERE id = ANY(?::bigint[]) AND lease_owner = ? AND state = 'running' RETURNING id, attempt`,
      [Date.now() + leaseMs, ids, owner],
    );
    const held = new Map(rows.map((r) => [Number(r.id), Number(r.attempt)]));
    return tasks.filter((t) => held.get(t.id) !== t.attempt).map((t) => t.id);
  }

  /**
   * In a transaction: lock the task and say whether `task` is still the current lease of this
   * owner (not taken over after an expired lease, not finished by someone else).
   */
  async holds(task: TaskRow, owner: string): Promise<boolean> {
    const r = await this.sql.get('SELECT state, attempt, lease_owner FROM tasks WHERE id = ? FOR UPDATE', [task.id]);
    return !!r && r.state === 'running' && String(r.lease_owner) === owner && Number(r.attempt) === task.attempt;
  }

  async finish(task: TaskRow): Promise<void> {
    await this.sql.run(`UPDATE tasks SET state = 'done', lease_owner = NULL, lease_until = NULL, updated_at = ? WHERE id = ? AND attempt = ?`, [now(), task.id, task.attempt]);
  }

  /** Give a task back (shutting down): another worker may take it at once. */
  async release(task: TaskRow, owner: string): Promise<void> {
    await this.sql.run(`UPDATE tasks SET state = 'queued', lease_owner = NULL, lease_until = NULL, updated_at = ? WHERE id = ? AND lease_owner = ? AND attempt = ? AND state = 'running'`,
      [now(), task.id, owner, task.attempt]);
  }

  /** Tasks per state (tests, bench, readiness of the queue). */
  async counts(): Promise<Record<string, number>> {
    const rows = await this.sql.all('SELECT state, COUNT(*) AS n FROM tasks GROUP BY state');
    return Object.fromEntries(rows.map((r) => [String(r.state), Number(r.n)]));
  }
}
