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
import type { RemediationStage } from './remediate/stage';
import { VerifierClosedError, type FileVerifier } from './verify';

export interface VerificationDeps {
  db: Database;
  verifier: FileVerifier;
  /** Where an upload's bytes are stored. */
  pathOf(uploadId: string): string;
  jobChanged(jobId: string): Promise<void>;
  locale?: string;
  /** Remediation after the verdict (server/remediate/stage.ts); without it files are only judged. */
  remediation?: RemediationStage;
}

export interface Verification {
  /** Queue a stored file (its row must already be in state 'verifying'). */
  start(file: FileRecord): void;
  /** Queue every file left in 'verifying' (server start). Returns how many. */
  resumeInterrupted(): Promise<number>;
  /** Judge the job's stored files again from their stored facts (context change). */
  reevaluate(jobId: string): Promise<void>;
  /** The remediation stage, when the server makes production files (its outputs feed the views). */
  readonly remediation?: RemediationStage;
  /** Verifications not finished yet (tests wait for them). */
  readonly pending: Set<Promise<void>>;
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
  const pending = new Set<Promise<void>>();
  const queued = new Set<string>(); // upload ids, so a file is never inspected twice at once
  let closed = false;

  // The row may have gone (file removed) or been replaced by a new upload meanwhile.
  const stillVerifying = async (file: FileRecord) => {
    const current = await db.files.get(file.jobId, file.id);
    return current && current.uploadId === file.uploadId && current.state === 'verifying' ? current : null;
  };

  const settle = async (file: FileRecord, inspection: Inspection) => {
    if (closed) return;
    const current = await stillVerifying(file);
    const job = await db.jobs.get(file.jobId);
    if (!current || !job) return;
    const judgement = judgeFile({ name: current.name, size: current.size, inspection }, job.workflow.rule, job.context, locale);
    // Remediation keeps the file 'verifying' (job 'processing') until its output is re-checked.
    const fixed = deps.remediation ? await deps.remediation.process(current, job, inspection, judgement) : null;
    if (closed) {
      fixed?.discard();
      return;
    }
    // Written only while the row still holds this upload in 'verifying': a verdict lands once,
    // never on a newer upload of the same file.
    const written = await db.files.update(file.jobId, file.id, { ...patchOf(judgement, inspection), ...(fixed ? { outcome: fixed.outcome } : {}) },
      { onlyUpload: file.uploadId, onlyState: 'verifying' });
    if (!written) {
      fixed?.discard();
      return;
    }
    await fixed?.commit();
    await deps.jobChanged(file.jobId);
  };

  const start = (file: FileRecord) => {
    if (closed || queued.has(file.uploadId)) return;
    queued.add(file.uploadId);
    const run: Promise<void> = verifier
      .inspect(deps.pathOf(file.uploadId), file.jobId)
      .then(
        (inspection) => settle(file, inspection),
        (err: unknown) => {
          if (err instanceof VerifierClosedError || closed) return; // stays 'verifying': resumed at the next start
          console.error('[filecheck-server] verification failed', err);
          return settle(file, { ok: false, sniffed: null, error: { code: 'inspect_failed', message: String((err as Error)?.message ?? err) } });
        },
      )
      .catch((err: unknown) => {
        if (!closed) console.error('[filecheck-server] storing a verdict failed', err);
      })
      .finally(() => {
        queued.delete(file.uploadId);
        pending.delete(run);
      });
    pending.add(run);
  };

  return {
    start,
    pending,
    ...(deps.remediation ? { remediation: deps.remediation } : {}),
    async resumeInterrupted() {
      const files = await db.files.inState('verifying');
      for (const f of files) start(f);
      return files.length;
    },
    async reevaluate(jobId) {
      const job = await db.jobs.get(jobId);
      if (!job) return;
      const again: FileRecord[] = [];
      const cleared: string[] = [];
      await db.transaction(async (tx) => {
        for (const f of await tx.files.list(jobId)) {
          // Only files judged from facts; errors (no facts), refusals and files still in flight keep their state.
          if (f.state !== 'done' || !f.facts || !f.format) continue;
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
        if (current) start(current);
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
