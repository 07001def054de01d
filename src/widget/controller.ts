// The intake controller: the one-way flow of design.md for one widget.
//   File → sniff (worker) → accept → inspect (worker) → evaluate → per-file signals
//   per-file states → deriveJob → status payload (computed) → emitted by the embed layer.
// No DOM here beyond File/Blob, so it can be driven by tests and by any view.
import { batch, computed, signal, type ReadonlySignal } from '@preact/signals';
import { acceptFile } from '../core/acceptance';
import { effectiveCardinality } from '../core/context';
import { deriveJob } from '../core/derive';
import { applyReview, noticeDecision, type ReviewNotice } from '../core/review';
import { createProofState, type ProofState } from './proof-state';
import { buildIntakeFacts, buildStatusPayload } from '../core/payload';
import type { IntakeContext, IntakeFacts, JobFile, JobState, StatusPayload, Workflow } from '../core/types';
import type { InspectorPool } from './inspector-pool';
import { createFileRecord, type FileRecord } from './file-record';

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
  /** Units lengths are shown in (workflow ui.units). */
  units?: 'mm' | 'in';
  context?: IntakeContext;
  transport?: IntakeTransport | null;
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
  addFiles(files: Iterable<File>, slot?: string | null): FileRecord[];
  /** Rows restored from a server job after a reload. */
  adopt(record: FileRecord): void;
  remove(id: string): void;
  replace(id: string, file: File): FileRecord | null;
  /** Re-render the browser's findings (e.g. after the locale changed); nothing is re-read. */
  refresh(): void;
  /** Upload controls for one file (no-ops without a server). */
  uploadAction(id: string, action: 'pause' | 'resume' | 'retry'): void;
  setContext(context: IntakeContext): void;
  dispose(): void;
}

function toJobFile(r: FileRecord): JobFile {
  return {
    id: r.id,
    state: r.state.value,
    outcome: r.outcome.value,
    onFail: r.entry.value?.onFail ?? null,
    slot: r.slot,
    error: r.error.value,
  };
}

export function createIntakeController(opts: ControllerOptions): IntakeController {
  const { workflow, pool, transport } = opts;
  const rule = workflow.rule;
  const files = signal<FileRecord[]>([]);
  const context = signal<IntakeContext>(opts.context ?? {});
  let disposed = false;

  const proof = createProofState();
  // The gate waits for the customer's approval of the soft proof when the workflow asks for it.
  const approval = computed(() =>
    workflow.proof?.approvalRequired ? proof.gate(true, files.value.map((r) => r.id)) : ('not_required' as const),
  );
  // The shop's review decision (server) settles a job under manual review: approved → ready, rejected → rejected.
  const review = computed(() => transport?.review?.value ?? null);
  const job = computed(() => applyReview(deriveJob(files.value.map(toJobFile), rule, context.value, approval.value), noticeDecision(review.value)));
  const facts = computed(() =>
    buildIntakeFacts(
      files.value.filter((r) => r.state.value !== 'refused').map((r) => ({ id: r.id, name: r.name, facts: r.facts.value })),
    ),
  );
  const payload = computed(() =>
    buildStatusPayload({
      job: job.value,
      workflowId: opts.workflowId,
      jobId: transport?.jobId.value ?? null,
      files: files.value.map((r) => ({
        id: r.id,
        name: r.name,
        state: r.state.value,
        outcome: r.outcome.value,
        fileRef: r.fileRef.value,
        outputRef: null,
      })),
      facts: facts.value,
    }),
  );

  const counted = (list: FileRecord[]) => list.filter((r) => !r.refusal.value).length;
  const remaining = computed(() => Math.max(0, effectiveCardinality(rule, context.value).max - counted(files.value)));

  /** Evaluate one file from its cached facts (also on a context change: no re-read, no re-upload). */
  function evaluate(record: FileRecord, evaluator: Evaluator): void {
    const entry = record.entry.peek();
    const f = record.facts.peek();
    // Once the server has judged a file, only the server re-judges it (see the transport).
    if (!entry || !f || record.verdictBy.peek() === 'server') return;
    const note = record.acceptNote.peek();
    record.findings.value = [...(note ? [note] : []), ...evaluator.evaluateFile(f, entry, context.peek(), { locale: opts.locale(), units: opts.units ?? 'mm' })];
  }

  /** Re-evaluate every inspected file under the current context, all in one batch. */
  async function reevaluateAll(): Promise<void> {
    const evaluator = await opts.evaluator();
    if (disposed) return;
    batch(() => {
      for (const r of files.peek()) evaluate(r, evaluator);
    });
  }

  async function process(record: FileRecord): Promise<void> {
    const file = record.file!;
    const sniffReply = await pool.sniff(file);
    if (disposed || !files.peek().includes(record)) return;
    if (!sniffReply.ok) {
      record.error.value = sniffReply.error;
      return;
    }
    const sniffed = sniffReply.sniffed;
    const accepted = acceptFile(
      { sniffed, name: record.name, size: record.size },
      rule,
      // the count was checked when the file was added (in drop order); here only type and size
      { acceptedCount: 0, maxFiles: Number.POSITIVE_INFINITY, locale: opts.locale() },
    );
    if (!accepted.ok) {
      batch(() => {
        record.sniffed.value = sniffed;
        record.refusal.value = accepted.finding;
      });
      return;
    }
    batch(() => {
      record.sniffed.value = sniffed;
      record.entry.value = accepted.entry;
      record.acceptNote.value = accepted.finding ?? null;
      record.inspect.value = 'inspecting';
    });
    transport?.start(record);

    const [reply, evaluator] = await Promise.all([pool.inspect(file, sniffed), opts.evaluator()]);
    if (disposed || !files.peek().includes(record)) return;
    batch(() => {
      if (reply.ok) {
        record.facts.value = reply.facts;
        // With approval required, a PDF waits for its proof from the moment it is judged (so the
        // gate cannot open in between); a proof that cannot be rendered releases it.
        if (workflow.proof?.approvalRequired && reply.facts.kind === 'pdf') proof.expect(record.id);
        evaluate(record, evaluator);
      } else {
        record.error.value = reply.error;
      }
      record.inspect.value = 'done';
    });
    if (record.outcome.peek() === 'fail' && record.entry.peek()?.onFail === 'reject') transport?.stop(record);
  }

  function refuseForCount(record: FileRecord, max: number): void {
    const res = acceptFile(
      { sniffed: { format: 'unknown', kind: null, mime: 'application/octet-stream', extensions: [] }, name: record.name, size: record.size },
      rule,
      { acceptedCount: max, maxFiles: max, locale: opts.locale() },
    );
    if (!res.ok) record.refusal.value = res.finding;
  }

  function addFiles(list: Iterable<File>, slot: string | null = null): FileRecord[] {
    const incoming = [...list];
    // A file dropped on a filled slot replaces the slot's file (the customer is correcting it).
    const inSlot = slot === null ? undefined : files.peek().find((r) => r.slot === slot);
    if (inSlot && incoming.length > 0) {
      const first = replace(inSlot.id, incoming.shift()!);
      return [first!, ...addMany(incoming, slot)];
    }
    return addMany(incoming, slot);
  }

  function addMany(list: File[], slot: string | null): FileRecord[] {
    const added: FileRecord[] = [];
    const max = effectiveCardinality(rule, context.peek()).max;
    batch(() => {
      let current = [...files.peek()];
      let count = counted(current); // kept up to date below: one pass, not one per file
      for (const file of list) {
        const reused = transport?.reuseId?.(file.name, file.size) ?? undefined;
        if (reused) {
          current = current.filter((r) => r.id !== reused);
          count = counted(current);
        }
        const record = createFileRecord({ file, name: file.name, size: file.size, slot, id: reused });
        // Files beyond the rule's maximum (or beyond one per slot) are refused, in drop order,
        // and still shown so nothing the customer chose disappears silently.
        const slotTaken = slot !== null && current.some((r) => r.slot === slot && !r.refusal.peek());
        if (count >= max || slotTaken) refuseForCount(record, slotTaken ? count : max);
        else count += 1;
        current.push(record);
        added.push(record);
      }
      files.value = current;
    });
    for (const r of added) if (!r.refusal.peek()) void process(r);
    return added;
  }

  function remove(id: string): void {
    const record = files.peek().find((r) => r.id === id);
    if (!record) return;
    files.value = files.peek().filter((r) => r !== record);
    transport?.remove(record);
    proof.forget(record.id);
  }

  function replace(id: string, file: File): FileRecord | null {
    const old = files.peek().find((r) => r.id === id);
    if (!old) return null;
    const record = createFileRecord({ file, name: file.name, size: file.size, slot: old.slot });
    files.value = files.peek().map((r) => (r === old ? record : r));
    transport?.remove(old);
    proof.forget(old.id);
    void process(record);
    return record;
  }

  return {
    review,
    workflow,
    files,
    context,
    job,
    payload,
    facts,
    remaining,
    proof,
    addFiles,
    adopt(record) {
      files.value = [...files.peek(), record];
    },
    remove,
    replace,
    refresh() {
      void reevaluateAll();
    },
    uploadAction(id, action) {
      const record = files.peek().find((r) => r.id === id);
      if (record) transport?.[action]?.(record);
    },
    setContext(next) {
      context.value = next;
      transport?.setContext(next);
      void reevaluateAll();
    },
    dispose() {
      disposed = true;
      transport?.dispose();
    },
  };
}
