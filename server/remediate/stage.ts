// The remediation stage of verification (design.md data flow: … evaluate → remediate → re-check
// → production file). After the server judged a stored file, the planner says whether autofix
// checks failed that a fix can cure; if so the verification pool makes the production file
// (with its deadline and memory limits), inspects it, and the output is judged again with the
// same rule and context. The file's outcome becomes `fixed` only when that re-check passes; a fix
// that does not cure keeps the original outcome. Originals are never changed.
import fs from 'node:fs';
import { createHash } from 'node:crypto';
import { acceptContent } from '../../src/core/acceptance';
import { evaluateFile, fileOutcome } from '../../src/core/evaluate';
import { needsOutput, planRemediation, type RemediationPlan } from '../../src/core/remediation';
import { measuresFor } from '../../src/core/measures';
import type { AcceptEntry, FileOutcome, Finding, IntakeContext, Rule } from '../../src/core/types';
import type { Database, FileRecord, JobRecord } from '../db';
import { judgeFile, type FileJudgement, type Inspection } from '../../src/core/judge';
import type { FileVerifier } from '../verify';
import type { RemediationLimits } from './apply';
import { mimeOf, outputName, type OutputRecord, type OutputStore } from './outputs';

export interface RemediationStageDeps {
  verifier: FileVerifier;
  outputs: OutputStore;
  locale?: string;
  limits?: Partial<RemediationLimits>;
}

/**
 * What the stage decided for one file. The caller keeps the output's bytes first (`keep`: with S3
 * an upload, never inside a database transaction), then records it with the verdict in one
 * transaction (`commit(tx)`), or drops it (`discard`) when the verdict is not stored after all.
 */
export interface StageResult {
  outcome: FileOutcome | null;
  keep(): Promise<void>;
  commit(tx: Database): Promise<void>;
  discard(): void;
}

export interface RemediationStage {
  /** The plan for a judged file, or null when it was not judged from facts. */
  plan(file: Pick<FileRecord, 'name' | 'size'>, inspection: Inspection, rule: Rule, context: IntakeContext | null, judgement: FileJudgement): { entry: AcceptEntry; plan: RemediationPlan } | null;
  /** Make and re-check the production file when the plan needs one; null when nothing applies. */
  process(file: FileRecord, job: JobRecord, inspection: Inspection, judgement: FileJudgement, stored: string): Promise<StageResult | null>;
  readonly outputs: OutputStore;
}

const sha256Of = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

/**
 * The output judged with the rule's entry for its own type (an image made into a PDF meets the
 * rule's PDF checks); when the rule has none for that type, with the original's entry.
 */
export function recheck(name: string, size: number, inspection: Inspection, entry: AcceptEntry, rule: Rule, context: IntakeContext | null, locale: string): { outcome: FileOutcome | null; findings: Finding[] } {
  const judged = judgeFile({ name, size, inspection }, rule, context, locale);
  if (judged.state !== 'refused') return { outcome: judged.state === 'done' ? judged.outcome : 'fail', findings: judged.findings };
  if (!inspection.ok) return { outcome: 'fail', findings: judged.findings };
  const findings = evaluateFile(inspection.facts, { ...entry, kind: inspection.facts.kind ?? entry.kind }, context ?? {}, { locale });
  return { outcome: fileOutcome(findings), findings };
}

export function createRemediationStage(deps: RemediationStageDeps): RemediationStage {
  const locale = deps.locale ?? 'en';
  const { outputs } = deps;

  const plan: RemediationStage['plan'] = (file, inspection, rule, context, judgement) => {
    // A failing file is blocked by checks no fix touches (autofix failures only warn): making a
    // production file for it would be wasted work.
    if (judgement.state !== 'done' || !inspection.ok || judgement.outcome === 'fail') return null;
    const accepted = acceptContent({ sniffed: inspection.sniffed, name: file.name, size: file.size }, rule, locale);
    if (!accepted.ok) return null;
    return { entry: accepted.entry, plan: planRemediation(inspection.facts, judgement.findings, accepted.entry, context ?? {}) };
  };

  return {
    outputs,
    plan,
    // `stored`: a local file with the original's bytes (storage/ withUploadFile).
    async process(file, job, inspection, judgement, stored) {
      const planned = plan(file, inspection, job.workflow.rule, job.context, judgement);
      const nothing: StageResult = { outcome: judgement.outcome, keep: async () => {}, commit: (tx) => outputs.clear(file.jobId, file.id, tx), discard: () => {} };
      if (!planned || !needsOutput(planned.plan) || !inspection.ok) return nothing;
      if (!deps.verifier.remediate) return nothing;
      const id = outputs.newId();
      const kind = inspection.facts.kind === 'pdf' ? 'pdf' : 'raster';
      const result = await deps.verifier.remediate({
        input: stored, kind, fixes: planned.plan.fixes, outputPath: outputs.pathOf(id, 'pdf'), limits: deps.limits,
        measures: measuresFor(job.workflow.rule),
      }, file.jobId); // the pool takes turns between jobs (fair queue)
      const base = { id, jobId: file.jobId, fileId: file.id, uploadId: file.uploadId, kind: 'production' as const, createdAt: new Date().toISOString() };
      const failedRecord = (fixes: OutputRecord['fixes']): OutputRecord => ({
        ...base, status: 'failed', format: 'none', mime: 'application/octet-stream', name: '', size: 0, sha256: '', fixes, recheck: { outcome: null, findings: [] },
      });
      if (!result.ok) {
        const fixes = planned.plan.fixes.map((f) => ({ fix: f.fix, checkIds: f.checkIds, status: 'failed' as const, params: f.params, reason: `${result.error.code}: ${result.error.message}`, messageKey: f.messageKey, messageParams: f.messageParams }));
        const failed = failedRecord(fixes);
        return { outcome: judgement.outcome, keep: async () => {}, commit: (tx) => outputs.put(failed, tx), discard: () => {} };
      }
      const { run } = result;
      if (!run.outputPath || !run.format || !result.inspection) {
        const failed = failedRecord(run.fixes);
        return { outcome: judgement.outcome, keep: async () => {}, commit: (tx) => outputs.put(failed, tx), discard: () => {} };
      }
      const outPath = run.outputPath;
      const size = fs.statSync(outPath).size;
      const name = outputName(file.name, run.format);
      const checked = recheck(name, size, result.inspection, planned.entry, job.workflow.rule, job.context, locale);
      const pdf = result.inspection.ok ? result.inspection.facts.pdf : undefined;
      const record: OutputRecord = {
        ...base, status: 'ready', format: run.format, mime: mimeOf(run.format), name, size, sha256: sha256Of(outPath), fixes: run.fixes, recheck: checked,
        ...(pdf ? { pageCount: pdf.pageCount, pages: pdf.pages.slice(0, 50).map((p) => ({ page: p.page, boxes: p.boxes, rotate: p.rotate, userUnit: p.userUnit, widthMm: p.widthMm, heightMm: p.heightMm })) } : {}),
      };
      // `fixed` only when the production file passes its re-check; otherwise the original's
      // verdict stands (the output is still listed, with its findings, for the shop to judge).
      const outcome: FileOutcome | null = checked.outcome === 'pass' ? 'fixed' : judgement.outcome;
      return {
        outcome,
        keep: () => outputs.keep(record),
        commit: (tx) => outputs.put(record, tx),
        discard: () => {
          fs.rmSync(outPath, { force: true });
          outputs.removeBytes(record); // kept already (S3), but the verdict went elsewhere
        },
      };
    },
  };
}
