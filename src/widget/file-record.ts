// One file the customer added, with a few signals for the parts that change independently
// (inspection, upload, verdict). The per-file `state` of design.md is derived, never stored.
import { computed, signal, type ReadonlySignal, type Signal } from '@preact/signals';
import type { AcceptEntry, FileFacts, FileOutcome, FileState, Finding, IntakeError, SniffResult } from '../core/types';
import type { PlannedFix } from '../core/remediation';

/** The server's production file for a row (remediation, issue 14), as the status payload gives it. */
export interface RowOutput {
  id: string;
  format: string;
  name: string;
  size: number;
  /** The server's re-check passed: the file's outcome is 'fixed'. */
  fixed: boolean;
  /** `message`: the server's English text, for a fix the browser's plan did not list. */
  fixes: { fix: string; checkIds?: string[]; status: string; messageKey: string; messageParams: Record<string, string | number>; message?: string }[];
  /** PDF outputs: page boxes for the proof of the production file. */
  pageCount?: number;
  pages?: NonNullable<FileFacts['pdf']>['pages'];
  /** Fetch the bytes (job token, set by the transport). */
  load?: () => Promise<Blob>;
}

export type InspectPhase = 'sniffing' | 'inspecting' | 'done';
export type UploadPhase = 'none' | 'running' | 'paused' | 'done' | 'failed';

export interface UploadProgress {
  bytesSent: number;
  bytesTotal: number;
  percent: number;
  rateBps: number;
  etaSeconds: number | null;
}

export interface FileRecord {
  id: string;
  /** Null for a row restored from the server after a reload (the bytes are there, not here). */
  file: File | null;
  name: string;
  size: number;
  slot: string | null;
  sniffed: Signal<SniffResult | null>;
  entry: Signal<AcceptEntry | null>;
  /** A refusal (type, size, count): the file is shown but never inspected or uploaded. */
  refusal: Signal<Finding | null>;
  /** A note from acceptance that stays with the file's findings (e.g. type could not be verified). */
  acceptNote: Signal<Finding | null>;
  error: Signal<IntakeError | null>;
  inspect: Signal<InspectPhase>;
  upload: Signal<UploadPhase>;
  progress: Signal<UploadProgress | null>;
  /** Server verdict pending (set by the transport after the upload, cleared by the verdict). */
  verifying: Signal<boolean>;
  /** Whose verdict `findings` holds: the server's replaces the browser's when it arrives. */
  verdictBy: Signal<'browser' | 'server'>;
  fileRef: Signal<string | null>;
  facts: Signal<FileFacts | null>;
  findings: Signal<Finding[]>;
  /** What remediation will fix (the planner on the browser's verdict); null when nothing. */
  fixPlan: Signal<(PlannedFix & { message: string })[] | null>;
  /** The server's production file, once it has made one. */
  output: Signal<RowOutput | null>;
  state: ReadonlySignal<FileState>;
  outcome: ReadonlySignal<FileOutcome | null>;
}

let counter = 0;
export function newFileId(): string {
  const rnd = Math.random().toString(36).slice(2, 8);
  counter += 1;
  return `file_${Date.now().toString(36)}${counter.toString(36)}${rnd}`;
}

export function createFileRecord(init: { file: File | null; name: string; size: number; slot: string | null; id?: string }): FileRecord {
  const refusal = signal<Finding | null>(null);
  const error = signal<IntakeError | null>(null);
  const inspect = signal<InspectPhase>('sniffing');
  const upload = signal<UploadPhase>('none');
  const verifying = signal(false);
  const findings = signal<Finding[]>([]);
  const output = signal<RowOutput | null>(null);

  const state = computed<FileState>(() => {
    if (refusal.value) return 'refused';
    if (error.value) return 'error';
    if (upload.value === 'running' || upload.value === 'paused') return 'uploading';
    if (inspect.value !== 'done') return 'inspecting';
    if (verifying.value) return 'verifying';
    return 'done';
  });

  const outcome = computed<FileOutcome | null>(() => {
    if (state.value !== 'done') return refusal.value || error.value ? 'fail' : null;
    const list = findings.value;
    if (list.some((f) => f.outcome === 'fail')) return 'fail';
    // the server cured what warned: its production file passed the re-check
    if (output.value?.fixed) return 'fixed';
    if (list.some((f) => f.outcome === 'warn')) return 'warn';
    return 'pass';
  });

  return {
    id: init.id ?? newFileId(),
    file: init.file,
    name: init.name,
    size: init.size,
    slot: init.slot,
    sniffed: signal<SniffResult | null>(null),
    entry: signal<AcceptEntry | null>(null),
    refusal,
    acceptNote: signal<Finding | null>(null),
    error,
    inspect,
    upload,
    progress: signal<UploadProgress | null>(null),
    verifying,
    verdictBy: signal<'browser' | 'server'>('browser'),
    fileRef: signal<string | null>(null),
    facts: signal<FileFacts | null>(null),
    findings,
    fixPlan: signal<(PlannedFix & { message: string })[] | null>(null),
    output,
    state,
    outcome,
  };
}
