// The rule's limits as the server enforces them before any byte arrives (the type is unknown
// then): the size ceiling and how many files a job holds. Type and per-type size are decided by
// the shared src/core/acceptance code once the first bytes are in (see uploads.ts).
import { effectiveCardinality } from '../src/core/context';
import type { IntakeContext, Rule } from '../src/core/types';

/**
 * The most generous maxSize of the rule's accept entries; Infinity when some entry has none.
 * The entry's own limit applies once the first bytes say which entry the file belongs to.
 */
export function largestMaxSize(rule: Rule): number {
  let max = 0;
  for (const entry of rule.accepts) {
    if (entry.maxSize === undefined) return Infinity;
    max = Math.max(max, entry.maxSize);
  }
  return max;
}

/** Maximum number of files in the job: the context's fileCount narrows the rule (reference "Context"). */
export function maxFiles(rule: Rule, context: IntakeContext | null): number {
  return effectiveCardinality(rule, context).max;
}
