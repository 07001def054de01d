// The intake controller: the one-way flow of design.md for one widget, and the one owner of
// every file's life (src/core/file-life.ts).
//   File → sniff (worker) → room + content → inspect (worker) → evaluate → per-file life
//   per-file lives + holds → buildJobPayload (deriveJob) → status payload → emitted by the embed layer.
// The inspector pool, the transport and the server's verdicts report to it (FileReports) and
// never write its state. No DOM here beyond File/Blob, so it can be driven by tests and any view.
import { batch, computed, signal } from '@preact/signals';
import { roomFor } from '../core/room';
import { effectiveCardinality } from '../core/context';
import { reduceFile, restoredLife, type FileAction, type FileLife } from '../core/file-life';
import { UNCHECKED_ERROR_CODES, type JobHold } from '../core/derive';
import { buildJobPayload, jobFacts, type JobFileInput } from '../core/payload';
import type { IntakeContext, IntakeError } from '../core/types';
import { noticeDecision } from '../core/review';
import { createProofState } from './proof-state';
import { createFileRecord, dispatch, reportProgress, type FileRecord, type SaidFix } from './file-record';

import type { ControllerOptions, Evaluator, FileReports, IntakeController } from './controller-types';

function toJobFile(r: FileRecord): JobFileInput {
  const life = r.life.value;
  const state = r.state.value;
  return {
    id: r.id,
    name: r.name,
    state,
    outcome: state === 'done' ? r.outcome.value : null,
    onFail: life.entry?.onFail ?? null,
    slot: r.slot,
    error: r.error.value,
    notUploaded: life.uploadError !== null,
    fileRef: life.fileRef,
    outputRef: life.output?.id ?? null,
    facts: life.facts,
  };
}

export function createIntakeController(opts: ControllerOptions): IntakeController {
  const { workflow, pool } = opts;
  const rule = workflow.rule;
  /** The kinds of file the rule takes: their readers are warmed, and they are inspected beside the sniff. */
  const ruleKinds = [...new Set(rule.accepts.map((a) => a.kind))];
  const files = signal<FileRecord[]>([]);
  const context = signal<IntakeContext>(opts.context ?? {});
  const tr = opts.t ?? ((key: string) => key);
  let disposed = false;
  let warmed = false;

  // The planner arrives with the evaluator chunk; until then no row promises a fix.
  const planner = signal<Pick<Evaluator, 'planRemediation' | 'needsOutput' | 'describeFix'> | null>(null);
  /**
   * What the server will fix (remediation), said before the upload: the server's own pure
   * planner on the file's facts, findings and entry, computed from its life (never stored).
   */
  const plan = (life: FileLife): SaidFix[] | null => {
    const ev = planner.value;
    if (!ev || !life.facts || !life.entry || life.inspect !== 'done') return null;
    const planned = ev.planRemediation(life.facts, life.findings, life.entry, context.value);
    if (!ev.needsOutput(planned)) return null;
    return planned.fixes.map((f) => ({ ...f, message: ev.describeFix(f, opts.locale(), opts.units ?? 'mm') }));
  };

  const byId = (id: string) => files.peek().find((r) => r.id === id);
  const act = (id: string, action: FileAction) => {
    const r = byId(id);
    if (r) dispatch(r, action);
  };

  const reports: FileReports = {
    onUploadStarted: (id) => act(id, { type: 'uploadStarted' }),
    onUploadProgress: (id, progress) => {
      const r = byId(id);
      if (r) reportProgress(r, progress);
    },
    onUploadPaused: (id) => act(id, { type: 'uploadPaused' }),
    onUploadCancelled: (id) => act(id, { type: 'uploadCancelled' }),
    onUploaded: (id, fileRef) => act(id, { type: 'uploaded', fileRef }),
    onUploadFailed: (id, error) => act(id, { type: 'uploadFailed', error }),
    onVerdict: (id, file) => {
      const r = byId(id);
      // Only files that wait for it (or were judged before) take a verdict: a file the customer
      // is uploading again must not be settled by a stale row.
      if (r && (r.life.peek().verifying || r.life.peek().verdictBy === 'server')) dispatch(r, { type: 'verdict', file });
    },
    onReverify: () => batch(() => files.peek().forEach((r) => dispatch(r, { type: 'reverify' }))),
    onRestored: (rows, options) => {
      const restored = rows.map((row) => {
        const percent = row.size > 0 ? Math.floor((row.offset / row.size) * 100) : 0;
        const interrupted = { code: 'upload_interrupted', message: tr('upload.interrupted', { percent }) };
        const life = restoredLife(row, interrupted);
        // In one step: a verdict for another order is never shown, not even for a moment.
        return createFileRecord({ file: null, name: row.name, size: row.size, slot: row.slot, id: row.id, life: options?.reverify ? reduceFile(life, { type: 'reverify' }) : life, plan });
      });
      files.value = [...files.peek(), ...restored];
    },
    awaitsVerdict: () => files.peek().some((r) => r.life.peek().verifying),
  };
  const transport = opts.transport ? opts.transport(reports) : null;

  const proof = createProofState();
  // The gate waits for the customer's approval of the soft proof when the workflow asks for it.
  const approval = computed(() =>
    workflow.proof?.approvalRequired ? proof.gate(true, files.value.map((r) => r.id)) : ('not_required' as const),
  );
  const arriving = signal(0);
  const holds = computed<JobHold[]>(() => {
    const list = [...(opts.holds?.value ?? [])];
    if (arriving.value > 0) list.push('arriving');
    // With a server, nothing proceeds before the server holds a job for these files.
    if (transport && files.value.length > 0 && !transport.jobId.value) list.push('job');
    return list;
  });
  // The shop's review decision (server) settles a job under manual review: approved → ready, rejected → rejected.
  const review = computed(() => transport?.review?.value ?? null);
  const built = computed(() =>
    buildJobPayload({
      files: files.value.map(toJobFile),
      rule,
      context: context.value,
      approval: approval.value,
      holds: holds.value,
      review: noticeDecision(review.value),
      workflowId: opts.workflowId,
      jobId: transport?.jobId.value ?? null,
    }),
  );
  const job = computed(() => built.value.job);
  const payload = computed(() => built.value.payload);
  const facts = computed(() => jobFacts(files.value.map((r) => ({ id: r.id, name: r.name, state: r.state.value, facts: r.facts.value }))));

  const problem = computed<IntakeError | null>(() => {
    for (const r of files.value) {
      const e = r.error.value;
      if (e && UNCHECKED_ERROR_CODES.includes(e.code)) return e;
    }
    return null;
  });

  const counted = (list: FileRecord[]) => list.filter((r) => !r.refusal.peek()).length;
  const remaining = computed(() => Math.max(0, effectiveCardinality(rule, context.value).max - files.value.filter((r) => !r.refusal.value).length));

  /** The browser's findings for one file from its cached facts (also after a context change: no re-read). */
  function evaluate(record: FileRecord, evaluator: Evaluator): void {
    const { entry, facts: f } = record.life.peek();
    if (!entry || !f) return;
    dispatch(record, { type: 'evaluated', findings: evaluator.evaluateFile(f, entry, context.peek(), { locale: opts.locale(), units: opts.units ?? 'mm' }) });
  }

  /** Re-evaluate every inspected file under the current context, all in one batch. */
  async function reevaluateAll(): Promise<void> {
    const evaluator = await opts.evaluator();
    if (disposed) return;
    batch(() => {
      for (const r of files.peek()) evaluate(r, evaluator);
    });
  }

  const present = (record: FileRecord) => !disposed && files.peek().includes(record);

  /** Check one file; if the checker itself cannot run, the file says so (never "damaged"). */
  function check(record: FileRecord): void {
    process(record).catch((err: unknown) => {
      if (!present(record)) return;
      const code = (err as { code?: string } | null)?.code;
      const error = { code: code && UNCHECKED_ERROR_CODES.includes(code) ? code : 'chunk_load_failed', message: (err as Error)?.message ?? String(err) };
      dispatch(record, { type: 'inspectFailed', error });
      transport?.stop(record);
    });
  }

  async function process(record: FileRecord): Promise<void> {
    const file = record.file!;
    // The judging code (acceptance and checks) loads while the worker reads the file's head.
    const judging = opts.evaluator();
    judging.catch(() => undefined); // handled below, after the sniff
    // The worker is asked for the sniff and, for a kind the rule takes, the inspection at once:
    // the inspection does not wait for the sniff's answer to come here and go back.
    const { sniffed: sniffing, inspected } = pool.check(file, ruleKinds);
    inspected.catch(() => undefined); // awaited below once the content is accepted
    const sniffReply = await sniffing;
    if (!present(record)) return;
    if (!sniffReply.ok) {
      dispatch(record, { type: 'sniffFailed', error: sniffReply.error });
      return;
    }
    const sniffed = sniffReply.sniffed;
    const evaluator = await judging;
    if (!present(record)) return;
    if (!planner.peek()) planner.value = evaluator;
    // Room was decided when the file was added (in drop order); here only the content.
    const accepted = evaluator.acceptContent({ sniffed, name: record.name, size: record.size }, rule, opts.locale());
    if (!accepted.ok) {
      dispatch(record, { type: 'refused', finding: accepted.finding, sniffed });
      return;
    }
    dispatch(record, { type: 'accepted', sniffed, entry: accepted.entry, note: accepted.finding ?? null });
    transport?.start(record);

    // null: not inspected beside the sniff (the worker's own sniff of the file failed, or a kind the
    // rule does not list): asked now, so a file that cannot be read says so here
    const reply = (await inspected) ?? (await pool.inspect(file, sniffed));
    if (!present(record)) return;
    batch(() => {
      if (reply.ok) {
        dispatch(record, { type: 'inspected', facts: reply.facts });
        // With approval required, a PDF waits for its proof from the moment it is judged (so the
        // gate cannot open in between); a proof that cannot be rendered releases it.
        if (workflow.proof?.approvalRequired && reply.facts.kind === 'pdf') proof.expect(record.id);
        evaluate(record, evaluator);
      } else {
        dispatch(record, { type: 'inspectFailed', error: reply.error });
      }
    });
    const unchecked = UNCHECKED_ERROR_CODES.includes(record.error.peek()?.code ?? '');
    if (unchecked || (record.outcome.peek() === 'fail' && record.entry.peek()?.onFail === 'reject')) transport?.stop(record);
  }

  /**
   * Where each dropped file goes. Dropped on a slot: the first file into that slot (replacing
   * what is there), the others into the empty slots in order; unslotted: in drop order. Files
   * beyond the rule's maximum (or the slots) are refused and still shown, so nothing the
   * customer chose disappears silently.
   */
  function addFiles(list: Iterable<File>, slot: string | null = null): FileRecord[] {
    const incoming = [...list];
    if (slot === null) return addMany(incoming.map((file) => ({ file, slot: null })));
    const added: FileRecord[] = [];
    const inSlot = files.peek().find((r) => r.slot === slot && !r.refusal.peek());
    if (inSlot && incoming.length > 0) added.push(replace(inSlot.id, incoming.shift()!)!);
    const slots = effectiveCardinality(rule, context.peek()).slots.map((s) => s.id);
    const filled = new Set(files.peek().filter((r) => !r.refusal.peek() && r.slot).map((r) => r.slot));
    const empty = [slot, ...slots.filter((s) => s !== slot)].filter((s) => !filled.has(s));
    const placed = incoming.map((file) => {
      const next = empty.shift();
      return next ? { file, slot: next } : { file, slot, refuse: true };
    });
    return [...added, ...addMany(placed)];
  }

  function addMany(list: { file: File; slot: string | null; refuse?: boolean }[]): FileRecord[] {
    const added: FileRecord[] = [];
    const max = effectiveCardinality(rule, context.peek()).max;
    batch(() => {
      let current = [...files.peek()];
      let count = counted(current); // kept up to date below: one pass, not one per file
      for (const { file, slot, refuse } of list) {
        const reused = transport?.reuseId?.(file.name, file.size) ?? undefined;
        const placeholder = reused ? current.find((r) => r.id === reused) : undefined;
        if (placeholder) {
          current = current.filter((r) => r !== placeholder);
          count = counted(current);
        }
        // A file that continues an interrupted upload keeps its row's slot (and id, and offset).
        const record = createFileRecord({ file, name: file.name, size: file.size, slot: placeholder?.slot ?? slot, id: reused ?? undefined, plan });
        const refusal = refuse ? roomFor(max, max, opts.locale()) : roomFor(count, max, opts.locale());
        if (refusal) dispatch(record, { type: 'refused', finding: refusal });
        else count += 1;
        current.push(record);
        added.push(record);
      }
      files.value = current;
    });
    for (const r of added) if (!r.refusal.peek()) check(r);
    return added;
  }

  function remove(id: string): void {
    const record = byId(id);
    if (!record) return;
    files.value = files.peek().filter((r) => r !== record);
    transport?.remove(record);
    proof.forget(record.id);
  }

  function replace(id: string, file: File): FileRecord | null {
    const old = byId(id);
    if (!old) return null;
    // The same file chosen again for a row whose upload was cut short continues it.
    const reused = transport?.reuseId?.(file.name, file.size);
    const continues = reused === old.id;
    const record = createFileRecord({ file, name: file.name, size: file.size, slot: old.slot, id: continues ? old.id : undefined, plan });
    files.value = files.peek().map((r) => (r === old ? record : r));
    if (!continues) transport?.remove(old);
    proof.forget(old.id);
    check(record);
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
    transport,
    problem,
    warm() {
      if (warmed || disposed) return;
      warmed = true;
      opts.evaluator().catch(() => undefined); // a failure is met again, and reported, by the first file
      pool.warm?.(ruleKinds);
    },
    retryUnchecked() {
      for (const r of files.peek()) {
        const e = r.error.peek();
        if (r.file && e && UNCHECKED_ERROR_CODES.includes(e.code)) replace(r.id, r.file);
      }
    },
    addFiles,
    setArriving: (count) => void (arriving.value = Math.max(0, count)),
    remove,
    replace,
    refresh() {
      void reevaluateAll();
    },
    uploadAction(id, action) {
      const record = byId(id);
      if (record) transport?.[action]?.(record);
    },
    setContext(next) {
      context.value = next;
      transport?.setContext(next);
      void reevaluateAll();
    },
    finalize() {
      // The request leaves now (before a navigation can cut it). The rows go in the next task
      // (after the submitting form has read the job id): they belong to the cart item, and the
      // next change starts a new job.
      // Without a server there is no job to freeze (preview, or form-field mode's own files).
      if (!transport?.finalize) return Promise.resolve(null);
      const request = transport.finalize();
      const finalized = files.peek();
      setTimeout(() => {
        for (const r of finalized) proof.forget(r.id);
        files.value = files.peek().filter((r) => !finalized.includes(r));
      }, 0);
      return request;
    },
    dispose() {
      disposed = true;
      transport?.dispose();
    },
  };
}
