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
import { needsOutput } from '../src/core/remediation';
import type { RemediationStage } from './remediate/stage';
import { VerifierClosedError, type FileVerifier } from './verify';

export interface VerificationDeps {
  db: JobDatabase;
  verifier: FileVerifier;
  /** Run `use` with a local file holding the upload's bytes (storage/: the file itself, or a temporary copy of an S3 object). */
  withUploadFile<T>(uploadId: string, use: (file: string) => Promise<T>): Promise<T>;
  jobChanged(jobId: string): void;
  locale?: string;
  /** Remediation after the verdict (server/remediate/stage.ts); without it files are only judged. */
  remediation?: RemediationStage;
}

export interface Verification {
  /** Queue a stored file (its row must already be in state 'verifying'). */
  start(file: FileRecord): void;
  /** Queue every file left in 'verifying' (server start). Returns how many. */
  resumeInterrupted(): number;
  /** Judge the job's stored files again from their stored facts (context change). */
  reevaluate(jobId: string): void;
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
  const stillVerifying = (file: FileRecord) => {
    const current = db.file(file.jobId, file.id);
    return current && current.uploadId === file.uploadId && current.state === 'verifying' ? current : null;
  };

  const settle = async (file: FileRecord, inspection: Inspection, stored: string) => {
    if (closed) return;
    const current = stillVerifying(file);
    const job = db.job(file.jobId);
    if (!current || !job) return;
    const judgement = judgeFile({ name: current.name, size: current.size, inspection }, job.workflow.rule, job.context, locale);
    // Remediation keeps the file 'verifying' (job 'processing') until its output is re-checked.
    const fixed = deps.remediation ? await deps.remediation.process(current, job, inspection, judgement, stored) : null;
    if (closed || !stillVerifying(file)) {
      fixed?.discard();
      return;
    }
    // The production file is kept first (with S3: uploaded), so a 'fixed' verdict never shows without it.
    await fixed?.commit();
    if (closed || !stillVerifying(file)) return;
    db.updateFile(file.jobId, file.id, { ...patchOf(judgement, inspection), ...(fixed ? { outcome: fixed.outcome } : {}) });
    deps.jobChanged(file.jobId);
  };

  const start = (file: FileRecord) => {
    if (closed || queued.has(file.uploadId)) return;
    queued.add(file.uploadId);
    // Bytes that cannot be read (a bucket out of reach) leave the file 'verifying' (cannot proceed);
    // it is queued again at the next start.
    const run: Promise<void> = deps
      .withUploadFile(file.uploadId, (stored) => verifier.inspect(stored, file.jobId).then(
        (inspection) => settle(file, inspection, stored),
        (err: unknown) => {
          if (err instanceof VerifierClosedError || closed) return; // stays 'verifying': resumed at the next start
          console.error('[filecheck-server] verification failed', err);
          return settle(file, { ok: false, sniffed: null, error: { code: 'inspect_failed', message: String((err as Error)?.message ?? err) } }, stored);
        },
      ))
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
    resumeInterrupted() {
      const files = db.filesInState('verifying');
      for (const f of files) start(f);
      return files.length;
    },
    reevaluate(jobId) {
      const job = db.job(jobId);
      if (!job) return;
      const again: FileRecord[] = [];
      db.transaction(() => {
        for (const f of db.files(jobId)) {
          // Only files judged from facts; errors (no facts), refusals and files still in flight keep their state.
          if (f.state !== 'done' || !f.facts || !f.format) continue;
          const inspection: Inspection = { ok: true, sniffed: describeFormat(f.format), facts: f.facts };
          const judgement = judgeFile({ name: f.name, size: f.size, inspection }, job.workflow.rule, job.context, locale);
          // A new context may change what the production file must be (size, bleed): make it again.
          const planned = deps.remediation?.plan(f, inspection, job.workflow.rule, job.context, judgement);
          if (planned && needsOutput(planned.plan)) {
            db.updateFile(jobId, f.id, { ...patchOf(judgement, null), state: 'verifying', outcome: null });
            again.push(f);
            continue;
          }
          deps.remediation?.outputs.clear(jobId, f.id);
          db.updateFile(jobId, f.id, patchOf(judgement, null));
        }
      });
      deps.jobChanged(jobId);
      for (const f of again) start(db.file(jobId, f.id)!);
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
