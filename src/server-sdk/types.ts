// The shapes the reference server answers with (server/status.ts JobView), restated here so the
// SDK's published types do not pull in the server's sources.
import type { FileFacts, FileFormat, FileKind, FileOutcome, FileState, Finding, IntakeContext, JobStatus } from '../core/types';

export type { IntakeContext, JobStatus, Finding };

export interface JobFile {
  id: string;
  name: string;
  size: number;
  sha256: string | null;
  kind: FileKind | null;
  format: FileFormat | null;
  mime: string | null;
  slot: string | null;
  state: FileState;
  /** Newer servers may add outcomes (e.g. 'fixed' once remediation exists). */
  outcome: FileOutcome | (string & {}) | null;
  error: { code: string; message: string } | null;
  findings: Finding[];
  facts: FileFacts | null;
  /** GET it with the secret key for the stored bytes. */
  downloadUrl: string | null;
  /** Id of the ready production file (remediation); null when there is none. */
  outputRef: string | null;
  /** Production files made from this file (the original above is never changed). */
  outputs: JobFileOutput[];
}

/** One fix remediation tried: applied, or why not (unavailable engine or profile, failure). */
export interface AppliedFix {
  fix: string;
  checkIds: string[];
  status: 'applied' | 'unavailable' | 'failed';
  params: Record<string, string | number | boolean>;
  engine?: string;
  reason?: string;
  /** Catalogue key (fix.* ; its past tense is fixed.*) and parameters, for any language. */
  messageKey: string;
  messageParams: Record<string, string | number>;
}

export interface JobFileOutput {
  id: string;
  kind: 'production';
  /** 'failed': remediation ran but made no file (`fixes` say why). */
  status: 'ready' | 'failed';
  format: string;
  mime: string;
  name: string;
  size: number;
  sha256: string | null;
  fixes: AppliedFix[];
  /** The production file checked again with the same profile. */
  recheck: { outcome: FileOutcome | null; findings: Finding[] };
  /** GET it with the secret key (or the job token); null when no file was made. */
  downloadUrl: string | null;
  createdAt: string;
}

export interface JobOrder {
  orderId: string;
  lineId: string | null;
  attachedAt: string;
}

export interface ReviewDecision {
  decision: 'approved' | 'rejected';
  note: string | null;
  reviewedAt: string;
  reviewedBy: string | null;
}

export interface Job {
  id: string;
  workflowId: string;
  status: JobStatus;
  terminal: boolean;
  canProceed: boolean;
  /** True when a failure was accepted under onFail 'manual_review'. */
  review: boolean;
  reviewState: 'pending' | 'approved' | 'rejected' | null;
  reviewDecision: ReviewDecision | null;
  order: JobOrder | null;
  context: IntakeContext | null;
  files: JobFile[];
  createdAt: string;
  updatedAt: string;
}

export interface JobListParams {
  status?: JobStatus | JobStatus[];
  workflowId?: string;
  /** ISO date or time: created at or after. */
  createdFrom?: string;
  /** ISO date (whole day included) or time. */
  createdTo?: string;
  reviewState?: 'pending' | 'approved' | 'rejected' | 'none';
  orderId?: string;
  /** Job id, part of a file name or part of an order id. */
  q?: string;
  /** 1–100, default 20. */
  limit?: number;
  /** `nextCursor` of the previous page. */
  cursor?: string;
}

export interface JobList {
  object: 'list';
  data: Job[];
  hasMore: boolean;
  nextCursor: string | null;
  counts: { byStatus: Record<JobStatus, number>; reviewPending: number; total: number };
}

export type VerifyReasonCode =
  | 'job_not_found' | 'wrong_workflow' | 'job_not_finished' | 'job_rejected' | 'review_pending' | 'review_rejected'
  | 'context_mismatch' | 'verification_unavailable';

export interface VerifyReason {
  code: VerifyReasonCode;
  message: string;
}

export interface VerifyResult {
  /** True only when there is no reason not to fulfil. */
  ok: boolean;
  /** Every reason the job must not be fulfilled (empty when ok). */
  reasons: VerifyReason[];
  /** The job as the server sees it (null when it could not be read). */
  job: Job | null;
}

export interface WebhookEvent<T = Job> {
  id: string;
  type: 'job.created' | 'job.completed' | 'job.reviewed' | (string & {});
  createdAt: string;
  data: T;
}
