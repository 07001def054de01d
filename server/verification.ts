// Verification of stored files: when an upload finishes the file goes to 'verifying' (job
// 'processing', canProceed false), the verifier inspects the stored bytes, and the verdict is
// judged against the job's rule and its CURRENT context (read again when the inspection is
// done, so a context change during inspection is not lost). Facts, findings, outcome and state
// are stored per file; the job status is re-derived by the caller's jobChanged (shared deriveJob).
//
// Files left 'verifying' by a stop or crash are queued again at the next start. A context change
// re-judges every stored file from its stored facts, without reading the bytes again.
import { describeFormat } from '../workers/sniff';
import type { FilePatch, FileRecord, JobDatabase } from './db';
import { judgeFile, type FileJudgement, type Inspection } from '../src/core/judge';
import { VerifierClosedError, type FileVerifier } from './verify';

export interface VerificationDeps {
  db: JobDatabase;
  verifier: FileVerifier;
  /** Where an upload's bytes are stored. */
  pathOf(uploadId: string): string;
  jobChanged(jobId: string): void;
  locale?: string;
}

export interface Verification {
  /** Queue a stored file (its row must already be in state 'verifying'). */
  start(file: FileRecord): void;
  /** Queue every file left in 'verifying' (server start). Returns how many. */
  resumeInterrupted(): number;
  /** Judge the job's stored files again from their stored facts (context change). */
  reevaluate(jobId: string): void;
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

  const settle = (file: FileRecord, inspection: Inspection) => {
    if (closed) return;
    // The row may have gone (file removed) or been replaced by a new upload meanwhile.
    const current = db.file(file.jobId, file.id);
    const job = db.job(file.jobId);
    if (!current || !job || current.uploadId !== file.uploadId || current.state !== 'verifying') return;
    const judgement = judgeFile({ name: current.name, size: current.size, inspection }, job.workflow.rule, job.context, locale);
    db.updateFile(file.jobId, file.id, patchOf(judgement, inspection));
    deps.jobChanged(file.jobId);
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
          settle(file, { ok: false, sniffed: null, error: { code: 'inspect_failed', message: String((err as Error)?.message ?? err) } });
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
    resumeInterrupted() {
      const files = db.filesInState('verifying');
      for (const f of files) start(f);
      return files.length;
    },
    reevaluate(jobId) {
      const job = db.job(jobId);
      if (!job) return;
      db.transaction(() => {
        for (const f of db.files(jobId)) {
          // Only files judged from facts; errors (no facts), refusals and files still in flight keep their state.
          if (f.state !== 'done' || !f.facts || !f.format) continue;
          const inspection: Inspection = { ok: true, sniffed: describeFormat(f.format), facts: f.facts };
          const judgement = judgeFile({ name: f.name, size: f.size, inspection }, job.workflow.rule, job.context, locale);
          db.updateFile(jobId, f.id, patchOf(judgement, null));
        }
      });
      deps.jobChanged(jobId);
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
