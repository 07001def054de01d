// One file the customer added: its life (src/core/file-life.ts) in one signal, read through
// derived views. Only the controller changes it, through `dispatch` with a named action; every
// other part (inspector pool, transport, server verdict, restored rows) reports to the
// controller instead. `state` and `outcome` are derived, never stored.
import { computed, signal, type ReadonlySignal, type Signal } from '@preact/signals';
import { curedChecksOf, fileErrorOf, fileStateOf, judgedOutcomeOf, newFileLife, reduceFile, type FileAction, type FileLife, type FileOutput } from '../core/file-life';
import type { PlannedFix } from '../core/remediation';
import { reportedOutcome } from '../core/outcome';
import type { UploadProgress } from '../core/progress';
import type { AcceptEntry, FileFacts, FileOutcome, FileState, Finding, IntakeError, SniffResult } from '../core/types';

export type { FileAction, FileLife, FileOutput };

/** A planned fix with its sentence in the customer's words (the fix texts travel with the evaluator). */
export type SaidFix = PlannedFix & { message: string };

/** What remediation will fix for a file's life (the pure planner, once loaded); null when nothing. */
export type FixPlanner = (life: FileLife) => SaidFix[] | null;

export interface FileRecord {
  id: string;
  /** Null for a row restored from the server after a reload (the bytes are there, not here). */
  file: File | null;
  name: string;
  size: number;
  slot: string | null;
  life: ReadonlySignal<FileLife>;
  progress: ReadonlySignal<UploadProgress | null>;
  // Views of `life`, so each part of the view re-renders only when its part changes.
  state: ReadonlySignal<FileState>;
  outcome: ReadonlySignal<FileOutcome | null>;
  sniffed: ReadonlySignal<SniffResult | null>;
  entry: ReadonlySignal<AcceptEntry | null>;
  refusal: ReadonlySignal<Finding | null>;
  /** The file's own error, else its upload's. */
  error: ReadonlySignal<IntakeError | null>;
  upload: ReadonlySignal<FileLife['upload']>;
  facts: ReadonlySignal<FileFacts | null>;
  findings: ReadonlySignal<Finding[]>;
  fileRef: ReadonlySignal<string | null>;
  /** What remediation will fix, planned from facts, findings and entry; computed, never stored. */
  fixPlan: ReadonlySignal<SaidFix[] | null>;
  /** The server's production file, once it has made one. */
  output: ReadonlySignal<FileOutput | null>;
  /** Checks the production file cured: their warnings are no longer problems. */
  cured: ReadonlySignal<Set<string>>;
}

const writers = new WeakMap<FileRecord, { life: Signal<FileLife>; progress: Signal<UploadProgress | null> }>();

let counter = 0;
export function newFileId(): string {
  const rnd = Math.random().toString(36).slice(2, 8);
  counter += 1;
  return `file_${Date.now().toString(36)}${counter.toString(36)}${rnd}`;
}

export function createFileRecord(init: { file: File | null; name: string; size: number; slot: string | null; id?: string; life?: FileLife; plan?: FixPlanner }): FileRecord {
  const life = signal<FileLife>(init.life ?? newFileLife());
  const progress = signal<UploadProgress | null>(null);
  const view = <T>(pick: (l: FileLife) => T) => computed(() => pick(life.value));
  const state = view(fileStateOf);
  const record: FileRecord = {
    id: init.id ?? newFileId(),
    file: init.file,
    name: init.name,
    size: init.size,
    slot: init.slot,
    life,
    progress,
    state,
    outcome: computed(() => reportedOutcome(state.value, judgedOutcomeOf(life.value))),
    sniffed: view((l) => l.sniffed),
    entry: view((l) => l.entry),
    refusal: view((l) => l.refusal),
    error: view(fileErrorOf),
    upload: view((l) => l.upload),
    facts: view((l) => l.facts),
    findings: view((l) => l.findings),
    fileRef: view((l) => l.fileRef),
    fixPlan: computed(() => init.plan?.(life.value) ?? null),
    output: view((l) => l.output),
    cured: view(curedChecksOf),
  };
  writers.set(record, { life, progress });
  return record;
}

/** Apply a named action to a file's life (the controller's, see the note at the top). */
export function dispatch(record: FileRecord, action: FileAction): void {
  const w = writers.get(record)!;
  const next = reduceFile(w.life.peek(), action);
  if (next !== w.life.peek()) w.life.value = next;
  if (action.type === 'uploaded') {
    w.progress.value = { bytesSent: record.size, bytesTotal: record.size, percent: 100, rateBps: 0, etaSeconds: 0 };
  }
}

export function reportProgress(record: FileRecord, progress: UploadProgress | null): void {
  writers.get(record)!.progress.value = progress;
}
