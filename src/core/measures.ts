// Facts the server measures at a real cost, beyond what the inspectors read: total ink coverage (a
// Ghostscript rendering of up to 50 pages, 77–97 % of a PDF's verification time in bench/report.md)
// and a raster's flat background (a sharp decode). Each is taken only when the job's rule turns on a
// check that reads it; a rule that never asks about ink does not pay for a rendering.
//
// Fail closed: an unknown rule (no job found) measures everything, and stored facts that lack a
// measure the rule asks for are inspected again rather than judged (server/verification.ts).
import type { FileFacts, Rule } from './types';
import { enabledRules } from './evaluate';

export interface Measures {
  /** facts.pdf.inkCoverage, read by color.max_ink_coverage */
  inkCoverage: boolean;
  /** facts.raster.background, read by raster.background_removal */
  rasterBackground: boolean;
}

/** The check that reads each measure: the one home of this pairing. */
const READ_BY: Readonly<Record<keyof Measures, string>> = {
  inkCoverage: 'color.max_ink_coverage',
  rasterBackground: 'raster.background_removal',
};

export const ALL_MEASURES: Readonly<Measures> = { inkCoverage: true, rasterBackground: true };
export const NO_MEASURES: Readonly<Measures> = { inkCoverage: false, rasterBackground: false };

/**
 * What a rule's checks need measured, over every accept entry: a file may be judged against any of
 * them (a raster converted to PDF is re-checked as a PDF under its own entry).
 */
export function measuresFor(rule: Rule): Measures {
  const on = new Set<string>();
  for (const entry of rule.accepts) for (const { checkId } of enabledRules(entry)) on.add(checkId);
  return { inkCoverage: on.has(READ_BY.inkCoverage), rasterBackground: on.has(READ_BY.rasterBackground) };
}

/** True when the facts lack a measure the rule asks for (facts stored under another rule). */
export function lacksMeasures(facts: FileFacts, wanted: Measures): boolean {
  if (wanted.inkCoverage && facts.pdf && !facts.pdf.inkCoverage) return true;
  if (wanted.rasterBackground && facts.raster && !facts.raster.background) return true;
  return false;
}
