// One file's life in the widget, as plain data changed only by named actions (a reducer). The
// widget's controller owns it; the inspector pool, the transport, the server's verdict and rows
// restored after a reload report to it through these actions and never write its state. The
// per-file `state` and `outcome` of design.md are derived here, once, never stored.
import { fileOutcome } from './outcome';
import type { AcceptEntry, FileFacts, FileOutcome, FileState, Finding, IntakeError, SniffResult } from './types';

export type InspectPhase = 'sniffing' | 'inspecting' | 'done';
export type UploadPhase = 'none' | 'running' | 'paused' | 'done' | 'failed';

export interface FileLife {
  inspect: InspectPhase;
  sniffed: SniffResult | null;
  entry: AcceptEntry | null;
  /** A refusal (type, size, count, slot): the file is shown but never inspected or uploaded. */
  refusal: Finding | null;
  /** A note from acceptance that stays with the file's findings (e.g. type could not be verified). */
  note: Finding | null;
  /** The file could not be read or judged (browser inspection, or the server's verdict). */
  error: IntakeError | null;
  upload: UploadPhase;
  /** Kept apart from `error`: a file that passed its check but did not reach the server says so. */
  uploadError: IntakeError | null;
  /** Uploaded; the server's verdict is pending. */
  verifying: boolean;
  /** Whose verdict `findings` holds: the server's replaces the browser's when it arrives. */
  verdictBy: 'browser' | 'server';
  fileRef: string | null;
  facts: FileFacts | null;
  findings: Finding[];
  /** The server's verdict said 'fixed': its production file cured what the upload lacked. */
  fixed: boolean;
  /** The production file the server made (remediation), from its verdict; null when none. */
  output: FileOutput | null;
}

/** One fix as the server reports it on its production file (`message`: its English text). */
export interface OutputFix {
  fix: string;
  checkIds?: string[];
  status: string;
  messageKey: string;
  messageParams: Record<string, string | number>;
  message?: string;
}

/** The server's production file for a stored file (status payload `output`, server/status.ts). */
export interface FileOutput {
  id: string;
  format: string;
  name: string;
  size: number;
  /** Download with the job token (only the transport holds it). */
  url: string;
  fixes: OutputFix[];
  /** PDF outputs: page count and the first pages' boxes, for the proof of the production file. */
  pageCount?: number;
  pages?: NonNullable<FileFacts['pdf']>['pages'];
}

/** What a server says about one stored file (status payload row). */
export interface ServerFileReport {
  status: string | null;
  complete: boolean;
  offset: number;
  size: number;
  fileRef: string | null;
  error: IntakeError | null;
  findings?: Finding[];
  /** 'fixed': the server's production file passed its re-check. */
  outcome?: FileOutcome | null;
  output?: FileOutput | null;
}

export type FileAction =
  | { type: 'sniffFailed'; error: IntakeError }
  | { type: 'refused'; finding: Finding; sniffed?: SniffResult }
  | { type: 'accepted'; sniffed: SniffResult; entry: AcceptEntry; note: Finding | null }
  | { type: 'inspected'; facts: FileFacts }
  | { type: 'inspectFailed'; error: IntakeError }
  /** The browser's findings (first verdict, or again after a context or locale change). */
  | { type: 'evaluated'; findings: Finding[] }
  | { type: 'uploadStarted' }
  | { type: 'uploadPaused' }
  | { type: 'uploadCancelled' }
  | { type: 'uploaded'; fileRef: string }
  | { type: 'uploadFailed'; error: IntakeError }
  | { type: 'verdict'; file: ServerFileReport }
  /** The job's context changed on the server: judged files wait for the new verdict. */
  | { type: 'reverify' };

export function newFileLife(): FileLife {
  return {
    inspect: 'sniffing', sniffed: null, entry: null, refusal: null, note: null, error: null,
    upload: 'none', uploadError: null, verifying: false, verdictBy: 'browser', fileRef: null, facts: null, findings: [],
    output: null, fixed: false,
  };
}

/** True when the row carries a final server verdict for the file. */
export function isJudged(file: Pick<ServerFileReport, 'status' | 'complete'>): boolean {
  if (file.status === 'refused' || file.status === 'error') return true;
  return file.status === 'done' && file.complete !== false;
}

export function reduceFile(life: FileLife, action: FileAction): FileLife {
  switch (action.type) {
    case 'sniffFailed':
      return { ...life, error: action.error, inspect: 'done' };
    case 'refused':
      return { ...life, refusal: action.finding, sniffed: action.sniffed ?? life.sniffed };
    case 'accepted':
      return { ...life, sniffed: action.sniffed, entry: action.entry, note: action.note, inspect: 'inspecting' };
    case 'inspected':
      return { ...life, facts: action.facts, inspect: 'done' };
    case 'inspectFailed':
      // The server's verdict on the stored bytes came first (a slow device, a fast server): the
      // browser's failure to read them does not overturn it (as for `evaluated` below).
      if (life.verdictBy === 'server') return { ...life, inspect: 'done' };
      return { ...life, error: action.error, inspect: 'done' };
    case 'evaluated':
      // Once the server has judged a file, only the server re-judges it.
      if (life.verdictBy === 'server') return life;
      return { ...life, findings: life.note ? [life.note, ...action.findings] : action.findings };
    case 'uploadStarted':
      return { ...life, upload: 'running', uploadError: null };
    case 'uploadPaused':
      return life.upload === 'running' ? { ...life, upload: 'paused' } : life;
    case 'uploadCancelled':
      return life.upload === 'done' ? life : { ...life, upload: 'none' };
    case 'uploaded':
      // The browser's verdict is provisional: the file waits for the server's.
      if (life.upload === 'done') return life;
      return { ...life, upload: 'done', uploadError: null, verifying: true, fileRef: action.fileRef };
    case 'uploadFailed':
      return { ...life, upload: 'failed', uploadError: action.error };
    case 'verdict': {
      const f = action.file;
      const rejected = f.status === 'refused' || f.status === 'error';
      return {
        ...life,
        inspect: 'done',
        error: rejected ? (f.error ?? { code: 'verify_failed', message: 'The server could not accept this file.' }) : null,
        findings: f.findings ?? [],
        // the production file belongs to a done file only; a new verdict replaces (or clears) it
        output: !rejected && f.status === 'done' && f.output ? f.output : null,
        fixed: !rejected && f.status === 'done' && !!f.output && f.outcome === 'fixed',
        verdictBy: 'server',
        verifying: false,
        upload: f.complete ? 'done' : life.upload === 'running' ? life.upload : 'none',
        fileRef: f.complete ? (f.fileRef ?? life.fileRef) : life.fileRef,
      };
    }
    case 'reverify':
      return life.verdictBy === 'server' && life.upload === 'done' ? { ...life, verifying: true } : life;
  }
}

/**
 * A row restored from the server after a reload (the bytes are there, not here). An upload that
 * was cut short shows `interrupted` until the customer selects the same file again.
 */
export function restoredLife(file: ServerFileReport, interrupted: IntakeError): FileLife {
  const base: FileLife = { ...newFileLife(), inspect: 'done' };
  if (isJudged(file)) return reduceFile(base, { type: 'verdict', file });
  if (file.complete) return { ...base, upload: 'done', verifying: true, fileRef: file.fileRef };
  if (file.error) return { ...base, error: file.error };
  return { ...base, uploadError: interrupted };
}

/** The per-file state of design.md, derived. */
export function fileStateOf(life: FileLife): FileState {
  if (life.refusal) return 'refused';
  if (life.error || life.uploadError) return 'error';
  if (life.upload === 'running' || life.upload === 'paused') return 'uploading';
  if (life.inspect !== 'done') return 'inspecting';
  if (life.verifying) return 'verifying';
  return 'done';
}

/**
 * The judged outcome (set when done), by the one outcome rule; 'fixed' when the server's
 * production file passed its re-check (what warned in the upload is cured, a failure is not).
 */
export function judgedOutcomeOf(life: FileLife): FileOutcome | null {
  if (fileStateOf(life) !== 'done') return null;
  const outcome = fileOutcome(life.findings);
  return life.fixed && outcome !== 'fail' ? 'fixed' : outcome;
}

/** Checks the production file cured (its re-check passed): their warnings are history. */
export function curedChecksOf(life: FileLife): Set<string> {
  if (!life.fixed || !life.output) return new Set();
  return new Set(life.output.fixes.filter((f) => f.status === 'applied').flatMap((f) => f.checkIds ?? []));
}

/** The error a host and the job see: the file's own, else its upload's. */
export function fileErrorOf(life: FileLife): IntakeError | null {
  return life.error ?? life.uploadError;
}
