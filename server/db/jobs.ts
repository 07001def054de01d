// Jobs and the workflow versions they point at.
import crypto from 'node:crypto';
import type { ReviewDecision, ReviewDecisionState, ReviewState } from '../../src/core/review';
import type { IntakeContext, JobStatus, Workflow } from '../../src/core/types';
import { json, now, str, type Row, type Sql } from './sql';

export interface JobRecord {
  id: string;
  workflowId: string;
  /** The workflow as it was when the job was created: later edits of the JSON file do not move the goalposts. */
  workflow: Workflow;
  tokenHash: string;
  context: IntakeContext | null;
  /** Last derived status, kept for listing and for webhooks; the status routes derive it afresh. */
  status: JobStatus;
  /** Status of the last job.completed event queued (null: none yet). */
  completedStatus: JobStatus | null;
  /** When the customer proceeded with the job (it is in a cart): files and context are frozen. */
  finalizedAt: string | null;
  createdAt: string;
  updatedAt: string;
  /** The store's order this job belongs to (PUT /v1/jobs/:id/order), issue 16. */
  order: JobOrder | null;
  /** The shop's review decision and the files it was made on (server/review.ts), issue 16. */
  review: (ReviewDecision & { filesKey: string }) | null;
  /** Staff member who started the job in the portal; null for customers' jobs. */
  createdBy: string | null;
  /** Last derived review queue state, kept for listing (like `status`). */
  reviewState: ReviewState;
}

export interface JobOrder {
  orderId: string;
  lineId: string | null;
  attachedAt: string;
}

export type NewJob = Pick<JobRecord, 'id' | 'workflowId' | 'workflow' | 'tokenHash' | 'context' | 'status'> & { createdBy?: string | null };

/** Parsed workflow versions by hash (a version never changes, so it is cached for good). */
export type WorkflowCache = Map<string, Workflow>;

function toJob(r: Row, workflow: Workflow): JobRecord {
  return {
    id: String(r.id), workflowId: String(r.workflow_id), workflow,
    tokenHash: String(r.token_hash), context: json<IntakeContext>(r.context_json), status: r.status as JobStatus,
    completedStatus: str(r.completed_status) as JobStatus | null, finalizedAt: str(r.finalized_at),
    createdAt: String(r.created_at), updatedAt: String(r.updated_at),
    order: r.order_id ? { orderId: String(r.order_id), lineId: str(r.order_line_id), attachedAt: String(r.ordered_at) } : null,
    review: r.review_decision
      ? {
        decision: r.review_decision as ReviewDecisionState, note: str(r.review_note), reviewedAt: String(r.reviewed_at),
        reviewedBy: str(r.reviewed_by), filesKey: String(r.review_files_key),
      }
      : null,
    createdBy: str(r.created_by),
    reviewState: str(r.review_state) as ReviewState,
  };
}

export class Jobs {
  constructor(private readonly sql: Sql, private readonly versions: WorkflowCache) {}

  private async workflowOf(r: Row): Promise<Workflow> {
    if (!r.workflow_hash) return json<Workflow>(r.workflow_json)!;
    const hash = String(r.workflow_hash);
    let wf = this.versions.get(hash);
    if (!wf) {
      const row = await this.sql.get('SELECT json FROM workflow_versions WHERE hash = ?', [hash]);
      if (!row) throw new Error(`workflow version ${hash} is missing from the database`);
      wf = JSON.parse(String(row.json)) as Workflow;
      this.versions.set(hash, wf);
    }
    return wf;
  }

  private async toJob(r: Row): Promise<JobRecord> {
    return toJob(r, await this.workflowOf(r));
  }

  /** Store a workflow version once; returns its hash. */
  private async putWorkflowVersion(workflowId: string, workflow: Workflow): Promise<string> {
    const text = JSON.stringify(workflow);
    const hash = crypto.createHash('sha256').update(`${workflowId}\0${text}`, 'utf8').digest('hex');
    await this.sql.run('INSERT INTO workflow_versions (hash, workflow_id, json, created_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING',
      [hash, workflowId, text, now()]);
    return hash;
  }

  /** Jobs written before workflow versions existed: move their copy into a version (idempotent). */
  async moveInlineWorkflows(): Promise<void> {
    const rows = await this.sql.all("SELECT id, workflow_id, workflow_json FROM jobs WHERE workflow_hash IS NULL AND workflow_json != ''");
    if (rows.length === 0) return;
    await this.sql.transaction(async (tx) => {
      const jobs = new Jobs(tx, this.versions);
      for (const r of rows) {
        const hash = await jobs.putWorkflowVersion(String(r.workflow_id), JSON.parse(String(r.workflow_json)) as Workflow);
        await tx.run("UPDATE jobs SET workflow_hash = ?, workflow_json = '' WHERE id = ?", [hash, String(r.id)]);
      }
    });
  }

  async create(job: NewJob): Promise<JobRecord> {
    const t = now();
    // The workflow as it is now, stored once per version: later edits of the JSON file make a new
    // version and never move the goalposts of existing jobs.
    const hash = await this.putWorkflowVersion(job.workflowId, job.workflow);
    await this.sql.run(
      `INSERT INTO jobs (id, workflow_id, workflow_json, workflow_hash, token_hash, context_json, status, created_by, created_at, updated_at)
       VALUES (?, ?, '', ?, ?, ?, ?, ?, ?, ?)`,
      [job.id, job.workflowId, hash, job.tokenHash, job.context ? JSON.stringify(job.context) : null, job.status, job.createdBy ?? null, t, t],
    );
    return (await this.get(job.id))!;
  }

  async get(id: string): Promise<JobRecord | null> {
    const row = await this.sql.get('SELECT * FROM jobs WHERE id = ?', [id]);
    return row ? this.toJob(row) : null;
  }

  /**
   * The job, its row locked until the transaction ends (PostgreSQL: FOR UPDATE, so two instances
   * re-deriving one job take turns; SQLite: the transaction already holds the write lock).
   */
  async getForUpdate(id: string): Promise<JobRecord | null> {
    const row = await this.sql.get(`SELECT * FROM jobs WHERE id = ?${this.sql.dialect === 'postgres' ? ' FOR UPDATE' : ''}`, [id]);
    return row ? this.toJob(row) : null;
  }

  /** Several jobs by id, in the order given (missing ones left out). */
  async many(ids: string[]): Promise<JobRecord[]> {
    const out: JobRecord[] = [];
    for (const id of ids) {
      const job = await this.get(id);
      if (job) out.push(job);
    }
    return out;
  }

  async setStatus(id: string, status: JobStatus): Promise<void> {
    await this.sql.run('UPDATE jobs SET status = ?, updated_at = ? WHERE id = ?', [status, now(), id]);
  }

  async setReviewState(id: string, state: ReviewState): Promise<void> {
    await this.sql.run('UPDATE jobs SET review_state = ? WHERE id = ?', [state, id]);
  }

  async setContext(id: string, context: IntakeContext | null): Promise<void> {
    await this.sql.run('UPDATE jobs SET context_json = ?, updated_at = ? WHERE id = ?', [context ? JSON.stringify(context) : null, now(), id]);
  }

  /** Freeze the job; false when it already was. */
  async finalize(id: string): Promise<boolean> {
    const t = now();
    return (await this.sql.run('UPDATE jobs SET finalized_at = ?, updated_at = ? WHERE id = ? AND finalized_at IS NULL', [t, t, id])) > 0;
  }

  /**
   * Record the status of the job.completed to send; true only for the one caller that changed it
   * (any instance): the event is queued once per terminal status reached.
   */
  async claimCompletedStatus(id: string, status: JobStatus): Promise<boolean> {
    return (await this.sql.run('UPDATE jobs SET completed_status = ? WHERE id = ? AND (completed_status IS NULL OR completed_status != ?)', [status, id, status])) > 0;
  }

  async clearCompletedStatus(id: string): Promise<void> {
    await this.sql.run('UPDATE jobs SET completed_status = NULL WHERE id = ? AND completed_status IS NOT NULL', [id]);
  }

  async touch(id: string): Promise<void> {
    await this.sql.run('UPDATE jobs SET updated_at = ? WHERE id = ?', [now(), id]);
  }

  async attachOrder(id: string, order: { orderId: string; lineId: string | null }): Promise<void> {
    const t = now();
    await this.sql.run('UPDATE jobs SET order_id = ?, order_line_id = ?, ordered_at = ?, updated_at = ? WHERE id = ?', [order.orderId, order.lineId, t, t, id]);
  }

  async recordReview(id: string, r: { decision: ReviewDecisionState; note: string | null; by: string; filesKey: string }): Promise<void> {
    const t = now();
    await this.sql.run(
      `UPDATE jobs SET review_decision = ?, review_note = ?, reviewed_at = ?, reviewed_by = ?, review_files_key = ?, updated_at = ? WHERE id = ?`,
      [r.decision, r.note, t, r.by, r.filesKey, t, id],
    );
  }

  /**
   * Ids of jobs unchanged since `before` (ISO time). `finalized`: whether to list finalized jobs
   * (true) or unfinalized ones (false).
   */
  async idle(before: string, finalized: boolean): Promise<string[]> {
    const rows = await this.sql.all(`SELECT id FROM jobs WHERE updated_at < ? AND finalized_at IS ${finalized ? 'NOT ' : ''}NULL`, [before]);
    return rows.map((r) => String(r.id));
  }

  /** Remove a job with its files and idempotency records (the caller removes the bytes). */
  async delete(id: string): Promise<void> {
    await this.sql.transaction(async (tx) => {
      await tx.run('DELETE FROM files WHERE job_id = ?', [id]);
      await tx.run('DELETE FROM idempotency_keys WHERE job_id = ?', [id]);
      await tx.run('DELETE FROM jobs WHERE id = ?', [id]);
    });
  }
}
