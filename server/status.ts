// The two views of a job: the status payload for the browser (job token) and the full job for
// the store's server (secret key). Job status always comes from the shared deriveJob, so the
// widget, the server and the CLI can never disagree on what a set of file states means.
import { deriveJob } from '../src/core/derive';
import { buildIntakeFacts, buildStatusPayload } from '../src/core/payload';
import type { FileFacts, FileOutcome, FileState, Finding, JobFile, JobState, StatusFile, StatusPayload } from '../src/core/types';
import { applyReview, reviewStateOf, type ReviewDecision, type ReviewState } from '../src/core/review';
import type { FileRecord, JobOrder, JobRecord } from './db';

/** Status payload file row, extended so a reloaded widget can restore its rows and resume. */
export interface ServerStatusFile extends StatusFile {
  size: number;
  /** Bytes the server holds; resume from here. */
  offset: number;
  /** tus upload URL to resume with; null once the upload is complete or refused. */
  uploadUrl: string | null;
  complete: boolean;
  slot: string | null;
  error: { code: string; message: string } | null;
  /** The server's findings for the file (its verdict); [] until verified. */
  findings: Finding[];
}

export interface ServerStatusPayload extends Omit<StatusPayload, 'files'> {
  files: ServerStatusFile[];
  /** Changes whenever the job changes: pass it as `since` to long-poll GET /status?wait=…. */
  updatedAt: string;
  /** Issue 16: the shop's review, so an open widget can say what was decided (absent: no review). */
  review?: { state: NonNullable<ReviewState>; note: string | null };
}

export interface JobView {
  id: string;
  workflowId: string;
  status: JobState['status'];
  terminal: boolean;
  canProceed: boolean;
  review: boolean;
  /** Issue 16: where the job stands in the shop's review queue (null: it never needed review). */
  reviewState: ReviewState;
  /** The shop's decision on the current files, if any. */
  reviewDecision: ReviewDecision | null;
  /** The store's order (PUT /v1/jobs/:id/order). */
  order: JobOrder | null;
  context: JobRecord['context'];
  files: JobFileView[];
  createdAt: string;
  updatedAt: string;
}

export interface JobFileView {
  id: string;
  name: string;
  size: number;
  sha256: string | null;
  kind: FileRecord['kind'];
  format: FileRecord['format'];
  mime: string | null;
  slot: string | null;
  state: FileState;
  outcome: FileOutcome | null;
  error: { code: string; message: string } | null;
  findings: Finding[];
  facts: FileFacts | null;
  /** Secret-key download of the stored bytes; null until the upload is complete. */
  downloadUrl: string | null;
}

function errorOf(file: FileRecord): { code: string; message: string } | null {
  return file.errorCode ? { code: file.errorCode, message: file.errorMessage ?? file.errorCode } : null;
}

export function toJobFiles(files: FileRecord[]): JobFile[] {
  return files.map((f) => ({ id: f.id, state: f.state, outcome: f.outcome, onFail: f.onFail, slot: f.slot, error: errorOf(f) }));
}

export function deriveJobState(job: JobRecord, files: FileRecord[]): JobState {
  return applyReview(deriveJob(toJobFiles(files), job.workflow.rule, job.context ?? undefined), currentDecision(job, files)?.decision ?? null);
}

/**
 * What a review decision is bound to: the files as they were judged. Adding, removing or
 * re-judging a file gives another key, so an old decision no longer applies.
 */
export function reviewFilesKey(files: FileRecord[]): string {
  return files.map((f) => `${f.id}:${f.sha256 ?? ''}:${f.state}:${f.outcome ?? ''}`).sort().join('|');
}

/** The shop's decision if it was made on the job's current files. */
export function currentDecision(job: JobRecord, files: FileRecord[]): ReviewDecision | null {
  if (!job.review || job.review.filesKey !== reviewFilesKey(files)) return null;
  const { filesKey: _key, ...decision } = job.review;
  return decision;
}

/** The review queue state of a job (null: it never needed review). */
export function jobReviewState(job: JobRecord, files: FileRecord[]): ReviewState {
  const derived = deriveJob(toJobFiles(files), job.workflow.rule, job.context ?? undefined);
  return reviewStateOf(derived.review, currentDecision(job, files)?.decision ?? null);
}

/**
 * @param offsets bytes stored per upload id, for uploads still in progress
 * @param baseUrl the server's public origin as the client sees it (from the request's Host)
 */
export function buildServerStatus(job: JobRecord, files: FileRecord[], offsets: Map<string, number>, baseUrl: string): ServerStatusPayload {
  const withFacts = files.filter((f) => f.facts !== null && f.state === 'done');
  const payload = buildStatusPayload({
    job: deriveJobState(job, files),
    workflowId: job.workflowId,
    jobId: job.id,
    files: files.map((f) => ({ id: f.id, name: f.name, state: f.state, outcome: f.outcome, fileRef: f.completedAt !== null ? f.uploadId : null })),
    ...(withFacts.length > 0 ? { facts: buildIntakeFacts(withFacts.map((f) => ({ id: f.id, name: f.name, facts: f.facts }))) } : {}),
  });
  return {
    ...payload,
    files: payload.files.map((base, i) => {
      const f = files[i]!;
      const complete = f.completedAt !== null;
      return {
        ...base,
        size: f.size,
        offset: complete ? f.size : (offsets.get(f.uploadId) ?? 0),
        uploadUrl: f.state === 'uploading' ? `${baseUrl}/v1/uploads/${f.uploadId}` : null,
        complete,
        slot: f.slot,
        error: errorOf(f),
        findings: f.findings ?? [],
      };
    }),
    updatedAt: job.updatedAt,
    ...reviewOf(job, files),
  };
}

function reviewOf(job: JobRecord, files: FileRecord[]): Pick<ServerStatusPayload, 'review'> {
  const state = jobReviewState(job, files);
  return state === null ? {} : { review: { state, note: currentDecision(job, files)?.note ?? null } };
}

export function buildJobView(job: JobRecord, files: FileRecord[], baseUrl: string): JobView {
  const state = deriveJobState(job, files);
  return {
    id: job.id,
    workflowId: job.workflowId,
    status: state.status,
    terminal: state.terminal,
    canProceed: state.canProceed,
    review: state.review,
    reviewState: jobReviewState(job, files),
    reviewDecision: currentDecision(job, files),
    order: job.order,
    context: job.context,
    files: files.map((f) => ({
      id: f.id,
      name: f.name,
      size: f.size,
      sha256: f.sha256,
      kind: f.kind,
      format: f.format,
      mime: f.mime,
      slot: f.slot,
      state: f.state,
      // As in the status payload: refused and errored files count as failures; null while in flight.
      outcome: f.state === 'done' ? f.outcome : f.state === 'refused' || f.state === 'error' ? 'fail' : null,
      error: errorOf(f),
      findings: f.findings ?? [],
      facts: f.facts,
      downloadUrl: f.completedAt !== null ? `${baseUrl}/v1/jobs/${job.id}/files/${encodeURIComponent(f.id)}` : null,
    })),
    createdAt: job.createdAt,
    updatedAt: job.updatedAt,
  };
}
