// The per-file outcome rule, in one place for the widget, the server and the CLI.
import type { FileOutcome, FileState, Finding } from './types';

/** A judged file's outcome from its findings: any fail → fail, any warn → warn, else pass. */
export function fileOutcome(findings: readonly Finding[]): FileOutcome {
  if (findings.some((f) => f.outcome === 'fail')) return 'fail';
  if (findings.some((f) => f.outcome === 'warn')) return 'warn';
  return 'pass';
}

/**
 * The outcome hosts see: the judged outcome once done; 'fail' for refused and errored files
 * (design.md: they count as failures); null while in flight, so a stale outcome from before a
 * re-check is never reported.
 */
export function reportedOutcome(state: FileState, outcome: FileOutcome | null): FileOutcome | null {
  if (state === 'done') return outcome;
  if (state === 'refused' || state === 'error') return 'fail';
  return null;
}
