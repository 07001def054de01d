// Contract between the evaluator and individual checks. A check is a pure function of facts,
// its target (already narrowed by the context) and the context itself.
import type { FactArea, FileFacts, FileKind, IntakeContext, Rect, SectionName, Severity } from '../types';

/** One raw result of a check, before severity turns a failure into 'fail' or 'warn'. */
export interface CheckResult {
  /** 'fail' means the target is not met; severity decides how much that matters. */
  outcome: 'pass' | 'fail' | 'skipped';
  /** Key in the message catalogue (src/core/messages). */
  messageKey: string;
  params?: Record<string, string | number>;
  actual?: unknown;
  target?: unknown;
  page?: number;
  boxes?: { page: number; rect: Rect }[];
  /**
   * The failure is that something was not found (a profile, a box): when the facts it would be
   * in are incomplete, it is "could not be verified", not a failure (src/core/checks/unverified.ts).
   */
  absent?: boolean;
  /** Stable code, e.g. 'checked_after_upload' for a check only the server can run (the widget shows it). */
  code?: string;
}

export interface CheckDef {
  id: string;
  section: SectionName;
  /** File kinds the check can judge; for other kinds it is not run. */
  kinds: FileKind[];
  defaultSeverity: Severity;
  /**
   * Facts the check depends on: when inspection could not establish one of them in full, the
   * check cannot pass (src/core/checks/unverified.ts). Built-in checks are listed in CHECK_NEEDS.
   */
  needs?: FactArea[];
  /**
   * Apply the context to the profile's target (reference "How checks apply"): e.g. artworkSize
   * replaces the allowed page size. Returns the effective target. Optional: default is identity.
   */
  narrow?(target: Record<string, unknown>, context: IntakeContext): Record<string, unknown>;
  run(facts: FileFacts, target: Record<string, unknown>, context: IntakeContext): CheckResult[];
}
