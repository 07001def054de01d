// The controller's contract: what it takes (options, the transport, the inspector pool), what it
// offers its view and the embed layer (IntakeController), and what others report to it
// (FileReports). The behaviour is in controller.ts.
import type { ReadonlySignal } from '@preact/signals';
import type { JobHold } from '../core/derive';
import type { ServerFileReport } from '../core/file-life';
import type { UploadProgress } from '../core/progress';
import type { IntakeContext, IntakeError, IntakeFacts, JobState, StatusPayload, Workflow } from '../core/types';
import type { ReviewNotice } from '../core/review';
import type { ProofState } from './proof-state';
import type { InspectorPool } from './inspector-pool';
import type { FileRecord } from './file-record';

/** What the transport reports about the files it uploads (by file id); it never writes their state. */
export interface FileReports {
  onUploadStarted(id: string): void;
  onUploadProgress(id: string, progress: UploadProgress): void;
  onUploadPaused(id: string): void;
  onUploadCancelled(id: string): void;
  onUploaded(id: string, fileRef: string): void;
  onUploadFailed(id: string, error: IntakeError): void;
  /** The server's verdict on a stored file: it replaces the browser's. */
  onVerdict(id: string, file: ServerFileReport): void;
  /** The job's context changed on the server: judged files wait for the new verdict. */
  onReverify(): void;
  /**
   * Rows of a job found again after a reload. `reverify`: the page now shows another order than the
   * one they were judged for, so the judged ones wait for the server's verdict for this order.
   */
  onRestored(rows: (ServerFileReport & { id: string; name: string; slot: string | null })[], options?: { reverify?: boolean }): void;
  /** Whether any file waits for the server's verdict now (read, not changed: the controller owns it). */
  awaitsVerdict(): boolean;
}

/** Server side of an intake (uploads, job, server verdict); absent in preview mode. */
export interface IntakeTransport {
  readonly jobId: ReadonlySignal<string | null>;
  /** Called once a file's type and size are accepted; uploads run alongside inspection. */
  start(record: FileRecord): void;
  /** The browser's verdict blocks: stop sending bytes for this file. */
  stop(record: FileRecord): void;
  remove(record: FileRecord): void;
  /** A row restored after a reload waits for its file: the same name and size continue it. */
  reuseId?(name: string, size: number): string | null;
  pause?(record: FileRecord): void;
  resume?(record: FileRecord): void;
  retry?(record: FileRecord): void;
  setContext(context: IntakeContext): void;
  /** The bytes of a file's production file (remediation), fetched with the job token it holds. */
  loadOutput?(record: FileRecord): Promise<Blob>;
  /** Freeze the current job on the server (the customer proceeded); later changes go to a new job. */
  finalize?(): Promise<string | null>;
  /** The shop's review as the server reports it (issue 16); absent or null: none. */
  readonly review?: ReadonlySignal<ReviewNotice | null>;
  dispose(): void;
}

/** The evaluator module, loaded on first use (it carries every check and its messages). */
export type Evaluator = typeof import('../core/evaluator-entry');

export interface ControllerOptions {
  workflow: Workflow;
  evaluator: () => Promise<Evaluator>;
  workflowId: string | null;
  pool: InspectorPool;
  locale: () => string;
  /** The catalogue's words for messages the controller gives rows (e.g. an interrupted upload). */
  t?: (key: string, params?: Record<string, string | number>) => string;
  /** Units lengths are shown in (workflow ui.units). */
  units?: 'mm' | 'in';
  context?: IntakeContext;
  /** Builds the transport with the reports it sends back (null: preview, nothing uploaded). */
  transport?: ((reports: FileReports) => IntakeTransport) | null;
  /** Holds from outside the files (e.g. form-field mode still loading). */
  holds?: ReadonlySignal<readonly JobHold[]>;
}

export interface IntakeController {
  workflow: Workflow;
  files: ReadonlySignal<FileRecord[]>;
  context: ReadonlySignal<IntakeContext>;
  job: ReadonlySignal<JobState>;
  /** The shop's review of this job, when the workflow asks for one and the server reported it. */
  review: ReadonlySignal<ReviewNotice | null>;
  payload: ReadonlySignal<StatusPayload>;
  facts: ReadonlySignal<IntakeFacts>;
  /** Room left for more files (null when unlimited by slots). */
  remaining: ReadonlySignal<number>;
  /** Soft proofs: rendered pages and the customer's approval per file. */
  proof: ProofState;
  transport: IntakeTransport | null;
  /** The checker itself could not run (a part failed to load, workers blocked): not the files' fault. */
  problem: ReadonlySignal<IntakeError | null>;
  /** "Try again": check again every file the checker could not look at. */
  retryUnchecked(): void;
  /**
   * The customer is about to choose a file (the drop zone is pointed at, focused, dragged over or
   * opened): load what the first file needs, the judging code and an inspection worker with the
   * readers of the kinds the rule takes, while they choose. Once per intake; costs nothing after.
   */
  warm(): void;
  addFiles(files: Iterable<File>, slot?: string | null): FileRecord[];
  /**
   * Files of a drop the widget has not handed over yet (drop-queue.ts): while any, the job
   * cannot proceed, whatever the files already here say.
   */
  setArriving(count: number): void;
  remove(id: string): void;
  replace(id: string, file: File): FileRecord | null;
  /** Re-render the browser's findings (e.g. after the locale changed); nothing is re-read. */
  refresh(): void;
  /** Upload controls for one file (no-ops without a server). */
  uploadAction(id: string, action: 'pause' | 'resume' | 'retry'): void;
  setContext(context: IntakeContext): void;
  /**
   * The customer proceeded with this job: freeze it on the server and start afresh, so any
   * further change (a second cart item, another file) works on a new job. Resolves with the
   * finalized job id (null without a server job).
   */
  finalize(): Promise<string | null>;
  dispose(): void;
}
