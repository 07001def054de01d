// The server renders a PDF for total ink (Ghostscript) and decodes an image for its background
// (sharp) only when the job's rule reads them: a shop whose products never ask about ink does not
// wait for a rendering per file.
import { describe, expect, it } from 'vitest';
import { ALL_MEASURES, lacksMeasures, measuresFor } from './measures';
import { parseWorkflow } from './workflow';
import type { FileFacts, Rule } from './types';

type Rules = Record<string, { enabled: boolean; severity?: string; target?: Record<string, unknown> }>;

function ruleWith(entries: { kind: 'pdf' | 'raster'; preflight?: boolean; section?: boolean; rules: Rules }[]): Rule {
  const r = parseWorkflow({
    rule: {
      accepts: entries.map((e) => ({
        kind: e.kind,
        preflight: { enabled: e.preflight ?? true, profile: { sections: { color: { enabled: e.section ?? true, rules: e.rules } } } },
      })),
    },
  });
  if (!r.ok) throw new Error(r.error.message);
  return r.workflow.rule;
}

const ink = { 'color.max_ink_coverage': { enabled: true, severity: 'warn', target: { percent: 300 } } };
const background = { 'raster.background_removal': { enabled: true, severity: 'autofix' } };

describe('measuresFor: what a rule asks the server to measure', () => {
  it('renders for ink only when an entry turns on color.max_ink_coverage', () => {
    expect(measuresFor(ruleWith([{ kind: 'pdf', rules: ink }]))).toEqual({ inkCoverage: true, rasterBackground: false });
    expect(measuresFor(ruleWith([{ kind: 'pdf', rules: { 'color.mode': { enabled: true, severity: 'reject', target: { allowed: ['cmyk'] } } } }]))).toEqual({ inkCoverage: false, rasterBackground: false });
  });

  it('a check that is switched off in any way asks for nothing: rule disabled, severity off, section off, preflight off', () => {
    const off = (over: Partial<Parameters<typeof ruleWith>[0][0]>) => measuresFor(ruleWith([{ kind: 'pdf', rules: ink, ...over }])).inkCoverage;
    expect(off({ rules: { 'color.max_ink_coverage': { enabled: false, severity: 'reject' } } })).toBe(false);
    expect(off({ rules: { 'color.max_ink_coverage': { enabled: true, severity: 'off' } } })).toBe(false);
    expect(off({ section: false })).toBe(false);
    expect(off({ preflight: false })).toBe(false);
  });

  it('looks at every entry: an image entry that reads ink (converted to PDF) and one that reads the background', () => {
    const m = measuresFor(ruleWith([{ kind: 'pdf', rules: {} }, { kind: 'raster', rules: { ...ink, ...background } }]));
    expect(m).toEqual({ inkCoverage: true, rasterBackground: true });
  });
});

describe('lacksMeasures: stored facts are judged only when they hold what the rule reads', () => {
  const pdf = { kind: 'pdf', pdf: { pageCount: 1 } } as unknown as FileFacts;
  const measured = { kind: 'pdf', pdf: { pageCount: 1, inkCoverage: { dpi: 36, pagesMeasured: 1, pages: [] } } } as unknown as FileFacts;
  it('facts without ink under a rule that reads ink must be inspected again; with ink, or a rule without it, they stand', () => {
    expect(lacksMeasures(pdf, ALL_MEASURES)).toBe(true);
    expect(lacksMeasures(measured, ALL_MEASURES)).toBe(false);
    expect(lacksMeasures(pdf, { inkCoverage: false, rasterBackground: true })).toBe(false);
  });
});
