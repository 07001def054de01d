// The two views of a job: the status payload for the browser (job token) and the full job for
// the store's server (secret key). Both come from the shared buildJobPayload (deriveJob and the
// one outcome rule), so the widget, the server and the CLI never disagree on what a set of file
// states means.
import { deriveJob } from '../src/core/derive';
import { reportedOutcome } from '../src/core/outcome';
import { buildJobPayload, type JobFileInput } from '../src/core/payload';
import type { FileFacts, FileOutcome, FileState, Finding, JobState, StatusFile, StatusPayload } from '../src/core/types';
import type { FileRecord, JobRecord } from './db';

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
  /** The customer proceeded with this job: its files and context are frozen. */
  finalized: boolean;
  /** Changes whenever the job changes: pass it as `since` to long-poll GET /status?wait=…. */
  updatedAt: string;
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

export function toJobFiles(files: FileRecord[]): JobFileInput[] {
  return files.map((f) => ({
    id: f.id, name: f.name, state: f.state, outcome: f.outcome, onFail: f.onFail, slot: f.slot, error: errorOf(f),
    fileRef: f.completedAt !== null ? f.uploadId : null, facts: f.facts,
  }));
}

export function deriveJobState(job: JobRecord, files: FileRecord[]): JobState {
  return deriveJob(toJobFiles(files), job.workflow.rule, job.context ?? undefined);
}

/**
 * @param offsets bytes stored per upload id, for uploads still in progress
 * @param baseUrl the server's public origin as the client sees it (from the request's Host)
 */
export function buildServerStatus(job: JobRecord, files: FileRecord[], offsets: Map<string, number>, baseUrl: string): ServerStatusPayload {
  const { payload } = buildJobPayload({ files: toJobFiles(files), rule: job.workflow.rule, context: job.context, workflowId: job.workflowId, jobId: job.id });
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
      };
    }),
    updatedAt: job.updatedAt,
  };
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
    finalized: job.finalizedAt !== null,
    finalizedAt: job.finalizedAt,
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
    })),
    createdAt: job.createdAt,
    updatedAt: job.updatedAt,
  };
}
