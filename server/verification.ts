// Verification of stored files: when an upload finishes the file goes to 'verifying' (job
// 'processing', canProceed false), the verifier inspects the stored bytes, and the verdict is
// judged against the job's rule and its CURRENT context (read again when the inspection is
// done, so a context change during inspection is not lost). Facts, findings, outcome and state
// are stored per file; the job status is re-derived by the caller's jobChanged (shared deriveJob).
//
// Files left 'verifying' by a stop or crash are queued again at the next start. A context change
// re-judges every stored file from its stored facts, without reading the bytes again.
import { describeFormat } from '../workers/sniff';
import type { Database, FilePatch, FileRecord } from './db';
import { judgeFile, type FileJudgement, type Inspection } from '../src/core/judge';
import { needsOutput } from '../src/core/remediation';
import { contextKey } from '../src/core/context';
import { ALL_MEASURES, lacksMeasures, measuresFor } from '../src/core/measures';
import type { RemediationStage } from './remediate/stage';
import { VerifierClosedError, type FileVerifier } from './verify';

export interface VerificationDeps {
  db: Database;
  verifier: FileVerifier;
  /** Run `use` with a local file holding the upload's bytes (storage/: the file itself, or a temporary copy of an S3 object). */
  withUploadFile<T>(uploadId: string, use: (file: string) => Promise<T>): Promise<T>;
  jobChanged(jobId: string): Promise<void>;
  /**
   * Re-derive the job inside the verdict's transaction (app.ts), then announce after the commit:
   * a status that shows the verdict always comes with its job.completed queued. Without them,
   * jobChanged runs after the commit.
   */
  deriveJob?(tx: Database, jobId: string): Promise<boolean>;
  announce?(jobId: string, queued: boolean): void;
  locale?: string;
  /** Remediation after the verdict (server/remediate/stage.ts); without it files are only judged. */
  remediation?: RemediationStage;
  /**
   * The durable queue (PostgreSQL, server/task-worker.ts): `start` queues a task there and worker
   * processes run it. Without it (SQLite) files are verified in this process, as they arrive.
   */
  queue?: { enqueue(file: FileRecord): Promise<void> };
}

/** A worker's hold on a task: the verdict is stored only while it still holds it. */
export interface Lease {
  /** In the verdict's transaction: is this still the current lease (locks the task)? */
  holds(tx: Database): Promise<boolean>;
  /** In the same transaction: the task is done. */
  finish(tx: Database): Promise<void>;
}

/** What became of one verification: stored, nothing to do (file gone, lease lost), or cut by a stop. */
export type VerifyResult = 'stored' | 'skipped' | 'closed';

/** Judgements of one inspection when the order keeps changing under it (settle). */
const MAX_JUDGEMENTS = 20;

/** The job's order changed while a verdict was judged: its transaction is undone. */
class OrderChanged extends Error {}

export interface Verification {
  /** Queue a stored file (its row must already be in state 'verifying'). */
  start(file: FileRecord): Promise<void>;
  /** Queue every file left in 'verifying' (server start). Returns how many. */
  resumeInterrupted(): Promise<number>;
  /** Judge the job's stored files again from their stored facts (context change). */
  reevaluate(jobId: string): Promise<void>;
  /**
   * Inspect, judge, remediate and store the verdict of one file now (a worker running a task).
   * `failed`: do not inspect, store this error (a file whose inspections keep dying).
   */
  verifyOne(file: FileRecord, lease?: Lease, failed?: { code: string; message: string }): Promise<VerifyResult>;
  /** The remediation stage, when the server makes production files (its outputs feed the views). */
  readonly remediation?: RemediationStage;
  /** Verifications not finished yet (tests wait for them). */
  readonly pending: Set<Promise<unknown>>;
  /** Resolves when nothing is pending. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

function patchOf(judgement: FileJudgement, inspection: Inspection | null): FilePatch {
  const patch: FilePatch = {
    state: judgement.state,
    outcome: judgement.outcome,
    findings: judgement.findings,
    facts: judgement.facts,
    errorCode: judgement.error?.code ?? null,
    errorMessage: judgement.error?.message ?? null,
  };
  if (judgement.onFail) patch.onFail = judgement.onFail;
  if (inspection?.sniffed) {
    patch.format = inspection.sniffed.format;
    patch.kind = inspection.sniffed.kind;
    patch.mime = inspection.sniffed.mime;
  }
  return patch;
}

export function createVerification(deps: VerificationDeps): Verification {
  const { db, verifier } = deps;
  const locale = deps.locale ?? 'en';
  const pending = new Set<Promise<unknown>>();
  const running = new Set<string>(); // upload ids, so a file is never inspected twice at once here
  const startAgain = new Set<string>(); // upload ids asked to start while running (startHere)
  let closed = false;

  // The row may have gone (file removed) or been replaced by a new upload meanwhile.
  const stillVerifying = async (file: FileRecord) => {
    const current = await db.files.get(file.jobId, file.id);
    return current && current.uploadId === file.uploadId && current.state === 'verifying' ? current : null;
  };

  /**
   * Judge and store one inspection. The job is read again, locked, in the transaction that writes
   * the verdict: PUT /context skips files still verifying, so a verdict judged under the order
   * before a change would otherwise land under the new one (a pass for a size the customer no
   * longer orders). Then it is judged again from the same inspection, nothing re-read.
   */
  const settle = async (file: FileRecord, inspection: Inspection, stored: string | null, lease?: Lease): Promise<VerifyResult> => {
    for (let attempt = 0; attempt < MAX_JUDGEMENTS; attempt++) {
      if (closed) return 'closed';
      const current = await stillVerifying(file);
      const job = await db.jobs.get(file.jobId);
      if (!current || !job) return 'skipped';
      const judgement = judgeFile({ name: current.name, size: current.size, inspection }, job.workflow.rule, job.context, locale);
      // Remediation keeps the file 'verifying' (job 'processing') until its output is re-checked.
      const fixed = deps.remediation && stored ? await deps.remediation.process(current, job, inspection, judgement, stored) : null;
      if (closed) {
        fixed?.discard();
        return 'closed';
      }
      // The production file's bytes are kept first (with S3: uploaded), outside the transaction.
      await fixed?.keep();
      // Written only while the row still holds this upload in 'verifying' and (a worker) while the
      // task's lease is still this one: a verdict lands once, never on a newer upload of the same
      // file, and a worker whose lease ran out (another took over) writes nothing.
      let written: { queued: boolean } | null;
      try {
        written = await db.transaction(async (tx) => {
          if (lease && !(await lease.holds(tx))) return null;
          const row = await tx.files.update(file.jobId, file.id, { ...patchOf(judgement, inspection), ...(fixed ? { outcome: fixed.outcome } : {}) },
            { onlyUpload: file.uploadId, onlyState: 'verifying' });
          if (!row) return null;
          // Locked after the file's row, in the order every job re-derivation takes them: a
          // PUT /context either committed before (seen here: undone, judged again) or waits for
          // this commit (and then re-judges the stored verdict itself).
          const now = await tx.jobs.getForUpdate(file.jobId);
          if (!now || contextKey(now.context) !== contextKey(job.context)) throw new OrderChanged();
          await fixed?.commit(tx);
          if (lease) await lease.finish(tx);
          return { queued: deps.deriveJob ? await deps.deriveJob(tx, file.jobId) : false };
        });
      } catch (err) {
        if (!(err instanceof OrderChanged)) throw err;
        fixed?.discard();
        continue;
      }
      if (!written) {
        fixed?.discard();
        return 'skipped';
      }
      if (deps.deriveJob && deps.announce) deps.announce(file.jobId, written.queued);
      else await deps.jobChanged(file.jobId);
      return 'stored';
    }
    // The order changed under every judgement: the file stays 'verifying' (cannot proceed) and is
    // taken up again (the next start, or another lease), never stored under an order it was not
    // judged for.
    return 'skipped';
  };

  const verifyOne = async (file: FileRecord, lease?: Lease, failed?: { code: string; message: string }): Promise<VerifyResult> => {
    if (closed) return 'closed';
    if (failed) return settle(file, { ok: false, sniffed: null, error: failed }, null, lease);
    // A place in the verifier's pool first, then the bytes: with S3 each admitted file holds a
    // temporary copy, so files waiting their turn must not have one yet.
    let release: (() => void) | null = null;
    try {
      release = (await verifier.admit?.(file.jobId, file.size)) ?? null;
    } catch (err) {
      if (err instanceof VerifierClosedError || closed) return 'closed';
      throw err;
    }
    try {
      // Removed or replaced while it waited: nothing to copy or inspect.
      if (!(await stillVerifying(file))) return 'skipped';
      return await inspectAndSettle(file, lease);
    } finally {
      release?.();
    }
  };

  const inspectAndSettle = (file: FileRecord, lease?: Lease): Promise<VerifyResult> =>
    // Bytes that cannot be read (a bucket out of reach) throw: the file stays 'verifying' (cannot
    // proceed) and is tried again (the next start, or another lease).
    deps.withUploadFile(file.uploadId, async (stored) => {
      // Only what the job's rule reads is measured (a rendering for ink costs more than the rest);
      // a job that cannot be found gets everything (settle() then skips the file anyway). Read
      // outside the try: a database that cannot answer leaves the file 'verifying', tried again,
      // like settle()'s own reads, instead of storing inspect_failed for a good file.
      const job = await db.jobs.get(file.jobId);
      const measures = job ? measuresFor(job.workflow.rule) : ALL_MEASURES;
      let inspection: Inspection;
      try {
        inspection = await verifier.inspect(stored, file.jobId, measures);
      } catch (err) {
        if (err instanceof VerifierClosedError || closed) return 'closed'; // stays 'verifying': resumed at the next start
        console.error('[filecheck-server] verification failed', err);
        inspection = { ok: false, sniffed: null, error: { code: 'inspect_failed', message: String((err as Error)?.message ?? err) } };
      }
      return settle(file, inspection, stored, lease);
    });

  const track = <T>(p: Promise<T>): Promise<T> => {
    pending.add(p);
    void p.catch(() => {}).finally(() => pending.delete(p));
    return p;
  };

  const startHere = (file: FileRecord) => {
    if (closed) return;
    // Asked again while it runs (a context change set the stored verdict back to 'verifying' just
    // as this run stored it): once this run ends, the row is looked at again, so the file is
    // never left 'verifying' with nothing running for it.
    if (running.has(file.uploadId)) {
      startAgain.add(file.uploadId);
      return;
    }
    running.add(file.uploadId);
    void track(verifyOne(file))
      .catch((err: unknown) => {
        if (!closed) console.error('[filecheck-server] storing a verdict failed', err);
      })
      .finally(() => {
        running.delete(file.uploadId);
        if (startAgain.delete(file.uploadId)) void track(stillVerifying(file)).then((row) => row && startHere(row), () => undefined);
      });
  };

  const start = async (file: FileRecord) => {
    if (closed) return;
    if (deps.queue) await track(deps.queue.enqueue(file));
    else startHere(file);
  };

  return {
    start,
    verifyOne: (file, lease, failed) => track(verifyOne(file, lease, failed)),
    pending,
    ...(deps.remediation ? { remediation: deps.remediation } : {}),
    async resumeInterrupted() {
      const files = await db.files.inState('verifying');
      for (const f of files) await start(f);
      return files.length;
    },
    async reevaluate(jobId) {
      const job = await db.jobs.get(jobId);
      if (!job) return;
      const again: FileRecord[] = [];
      const cleared: string[] = [];
      const measures = measuresFor(job.workflow.rule);
      await db.transaction(async (tx) => {
        for (const f of await tx.files.list(jobId)) {
          // Only files judged from facts; errors (no facts), refusals and files still in flight keep their state.
          if (f.state !== 'done' || !f.facts || !f.format) continue;
          // Facts without a measurement the rule reads (stored before measurements followed the
          // rule) are never judged as they are: the file is inspected again.
          if (lacksMeasures(f.facts, measures)) {
            await tx.files.update(jobId, f.id, { state: 'verifying', outcome: null });
            again.push(f);
            continue;
          }
          const inspection: Inspection = { ok: true, sniffed: describeFormat(f.format), facts: f.facts };
          const judgement = judgeFile({ name: f.name, size: f.size, inspection }, job.workflow.rule, job.context, locale);
          // A new context may change what the production file must be (size, bleed): make it again.
          const planned = deps.remediation?.plan(f, inspection, job.workflow.rule, job.context, judgement);
          if (planned && needsOutput(planned.plan)) {
            await tx.files.update(jobId, f.id, { ...patchOf(judgement, null), state: 'verifying', outcome: null });
            again.push(f);
            continue;
          }
          cleared.push(f.id);
          await tx.files.update(jobId, f.id, patchOf(judgement, null));
        }
      });
      for (const id of cleared) await deps.remediation?.outputs.clear(jobId, id);
      await deps.jobChanged(jobId);
      for (const f of again) {
        const current = await db.files.get(jobId, f.id);
        if (current) await start(current);
      }
    },
    async idle() {
      while (pending.size > 0) await Promise.allSettled([...pending]);
    },
    async close() {
      closed = true;
      await verifier.close();
      await Promise.allSettled([...pending]);
    },
  };
}
