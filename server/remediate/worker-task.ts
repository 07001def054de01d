// One remediation as a verification worker runs it: apply the planned fixes to the stored file,
// then inspect the production file with the same inspectors (the re-check's facts). Plain data
// in and out (structured clone), so it runs the same in a worker thread and in-process (CLI).
import type { PlannedFix } from '../../src/core/remediation';
import type { IntakeError } from '../../src/core/types';
import { inspectFile } from '../inspect-file';
import type { Measures } from '../../src/core/measures';
import type { Inspection } from '../../src/core/judge';
import { applyRemediation, DEFAULT_LIMITS, type RemediationLimits, type RemediationRun } from './apply';

export interface RemediationTask {
  /** The stored original. */
  input: string;
  kind: 'pdf' | 'raster';
  fixes: PlannedFix[];
  /** Where to write (the extension is corrected to the output's format). */
  outputPath: string;
  limits?: Partial<RemediationLimits>;
  /** The costly measurements the job's rule reads, for the re-check (src/core/measures.ts); all when omitted. */
  measures?: Measures;
}

export type RemediationTaskResult =
  | { ok: true; run: RemediationRun; inspection: Inspection | null }
  | { ok: false; error: IntakeError };

export async function runRemediationTask(task: RemediationTask): Promise<RemediationTaskResult> {
  const run = await applyRemediation(task.input, task.kind, task.fixes, task.outputPath, { ...DEFAULT_LIMITS, ...task.limits });
  const inspection = run.outputPath ? await inspectFile(run.outputPath, task.measures) : null;
  return { ok: true, run, inspection };
}
