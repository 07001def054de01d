// The two views of a job: the status payload for the browser (job token) and the full job for
// the store's server (secret key). Both come from the shared buildJobPayload (deriveJob and the
// one outcome rule), so the widget, the server and the CLI never disagree on what a set of file
// states means.
import { deriveJob } from '../src/core/derive';
import { reportedOutcome } from '../src/core/outcome';
import { buildJobPayload, type JobFileInput } from '../src/core/payload';
import { applyReview, reviewStateOf, type ReviewDecision, type ReviewState } from '../src/core/review';
import type { FileFacts, FileOutcome, FileState, Finding, IntakeContext, JobState, StatusFile, StatusPayload } from '../src/core/types';
import type { FileRecord, JobOrder, JobRecord } from './db';
import type { OutputRecord } from './remediate/outputs';
import { t } from '../src/core/i18n';
import '../src/core/remediation-messages';

/** A file's production files (remediation), by file id; absent or empty when there are none. */
export type OutputsByFile = Map<string, OutputRecord[]>;

/** What the browser learns about a production file: enough to show it and say what was done. */
export interface OutputSummary {
  id: string;
  format: string;
  mime: string;
  name: string;
  size: number;
  /** Job-token (or secret-key) download, for the customer's proof of the production file. */
  url: string;
  /** `message` in English; widgets re-render messageKey in the customer's language. */
  fixes: { fix: string; checkIds: string[]; status: string; messageKey: string; messageParams: Record<string, string | number>; message: string }[];
  recheckOutcome: OutputRecord['recheck']['outcome'];
  /** PDF outputs: page count and the first pages' boxes, for the proof of the production file. */
  pageCount?: number;
  pages?: OutputRecord['pages'];
}

/** The store's view of a production file (GET /v1/jobs/:id, job.completed). */
export interface OutputView {
  id: string;
  kind: OutputRecord['kind'];
  status: OutputRecord['status'];
  format: string;
  mime: string;
  name: string;
  size: number;
  sha256: string | null;
  fixes: OutputRecord['fixes'];
  recheck: OutputRecord['recheck'];
  /** Secret-key download; null when remediation produced no file. */
  downloadUrl: string | null;
  createdAt: string;
}

const outputUrl = (baseUrl: string, o: OutputRecord) =>
  `${baseUrl}/v1/jobs/${o.jobId}/files/${encodeURIComponent(o.fileId)}/outputs/${o.id}`;

const readyOutput = (outputs: OutputsByFile | undefined, fileId: string) => outputs?.get(fileId)?.find((o) => o.status === 'ready') ?? null;

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
  /** The production file made by remediation (outputRef is its id); absent when there is none. */
  output?: OutputSummary;
}

export interface ServerStatusPayload extends Omit<StatusPayload, 'files'> {
  files: ServerStatusFile[];
  /** The customer proceeded with this job: its files and context are frozen. */
  finalized: boolean;
  /** Changes whenever the job changes: pass it as `since` to long-poll GET /status?wait=…. */
  updatedAt: string;
  /**
   * The order the files were judged for (PUT /context): a widget whose page has moved on to
   * another order ignores these verdicts until the server has judged that one.
   */
  context: IntakeContext | null;
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
  /** The customer proceeded with this job (it is in a cart): its files and context are frozen. */
  finalized: boolean;
  finalizedAt: string | null;
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
  /** Id of the production file (remediation); null when there is none. */
  outputRef: string | null;
  /** Production files with the fixes applied and the re-check's findings; the original stays above. */
  outputs: OutputView[];
}

function errorOf(file: FileRecord): { code: string; message: string } | null {
  return file.errorCode ? { code: file.errorCode, message: file.errorMessage ?? file.errorCode } : null;
}

export function toJobFiles(files: FileRecord[]): JobFileInput[] {
  return files.map((f) => ({
    id: f.id, name: f.name, state: f.state, outcome: f.outcome, onFail: f.onFail, slot: f.slot, error: errorOf(f),
    fileRef: f.completedAt !== null ? f.uploadId : null, facts: f.facts,
  }));
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
export function buildServerStatus(job: JobRecord, files: FileRecord[], offsets: Map<string, number>, baseUrl: string, outputs?: OutputsByFile): ServerStatusPayload {
  const jobFiles = toJobFiles(files).map((f, i) => ({ ...f, outputRef: files[i]!.state === 'done' ? (readyOutput(outputs, f.id)?.id ?? null) : null }));
  const { payload } = buildJobPayload({
    files: jobFiles, rule: job.workflow.rule, context: job.context, review: currentDecision(job, files)?.decision ?? null, workflowId: job.workflowId, jobId: job.id,
  });
  return {
    ...payload,
    finalized: job.finalizedAt !== null,
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
        ...withSummary(f, readyOutput(outputs, f.id), baseUrl),
      };
    }),
    updatedAt: job.updatedAt,
    context: job.context,
    ...reviewOf(job, files),
  };
}

function withSummary(f: FileRecord, o: OutputRecord | null, baseUrl: string): { output?: OutputSummary } {
  if (!o || f.state !== 'done') return {};
  return {
    output: {
      id: o.id, format: o.format, mime: o.mime, name: o.name, size: o.size, url: outputUrl(baseUrl, o),
      // `message` says what was done (past tense, English): fix.x → fixed.x
      fixes: o.fixes.map((x) => ({
        fix: x.fix, checkIds: x.checkIds, status: x.status, messageKey: x.messageKey, messageParams: x.messageParams,
        message: t(x.status === 'applied' ? x.messageKey.replace(/^fix\./, 'fixed.') : x.messageKey, x.messageParams),
      })),
      recheckOutcome: o.recheck.outcome,
      ...(o.pageCount ? { pageCount: o.pageCount, pages: o.pages ?? [] } : {}),
    },
  };
}

function reviewOf(job: JobRecord, files: FileRecord[]): Pick<ServerStatusPayload, 'review'> {
  const state = jobReviewState(job, files);
  return state === null ? {} : { review: { state, note: currentDecision(job, files)?.note ?? null } };
}

export function buildJobView(job: JobRecord, files: FileRecord[], baseUrl: string, outputs?: OutputsByFile): JobView {
  const state = deriveJobState(job, files);
  return {
    id: job.id,
    workflowId: job.workflowId,
    status: state.status,
    terminal: state.terminal,
    canProceed: state.canProceed,
    review: state.review,
    finalized: job.finalizedAt !== null,
    finalizedAt: job.finalizedAt,
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
      outcome: reportedOutcome(f.state, f.outcome),
      error: errorOf(f),
      findings: f.findings ?? [],
      facts: f.facts,
      downloadUrl: f.completedAt !== null ? `${baseUrl}/v1/jobs/${job.id}/files/${encodeURIComponent(f.id)}` : null,
      outputRef: f.state === 'done' ? (readyOutput(outputs, f.id)?.id ?? null) : null,
      outputs: f.state === 'done' ? (outputs?.get(f.id) ?? []).map((o) => ({
        id: o.id, kind: o.kind, status: o.status, format: o.format, mime: o.mime, name: o.name, size: o.size,
        sha256: o.status === 'ready' ? o.sha256 : null, fixes: o.fixes, recheck: o.recheck,
        downloadUrl: o.status === 'ready' ? outputUrl(baseUrl, o) : null, createdAt: o.createdAt,
      })) : [],
    })),
    createdAt: job.createdAt,
    updatedAt: job.updatedAt,
  };
}
