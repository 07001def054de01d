import { describe, expect, it } from 'vitest';
import { evaluateFile, fileOutcome, outcomeFor } from './evaluate';
import { registerCatalogue } from './i18n';
import type { CheckDef } from './checks/types';
import type { AcceptEntry, FileFacts, Finding, Severity } from './types';

registerCatalogue('en', {
  'test.dpi.low': 'Resolution is {actual.dpi} dpi; {target.min_dpi} dpi is needed.',
  'test.dpi.ok': 'Resolution is fine.',
  'test.pages.wrong': 'The file has {count} pages.',
});
registerCatalogue('xx', { 'test.dpi.low': 'XX {actual.dpi}/{target.min_dpi}' });

const imageFacts: FileFacts = {
  format: 'png',
  kind: 'raster',
  mime: 'image/png',
  size: 1000,
  raster: { widthPx: 1000, heightPx: 500, orientation: 1, displayWidthPx: 1000, displayHeightPx: 500, dpiX: 150, dpiY: 150, colorMode: 'rgb', bitsPerChannel: 8, hasAlpha: false },
};
const pdfFacts: FileFacts = { format: 'pdf', kind: 'pdf', mime: 'application/pdf', size: 1000 };

const dpiCheck: CheckDef = {
  id: 'test.dpi',
  section: 'raster',
  kinds: ['raster'],
  defaultSeverity: 'reject',
  narrow: (target, context) => (context.artworkSize ? { ...target, width_mm: context.artworkSize.width_mm } : target),
  run: (facts, target) => {
    const dpi = facts.raster?.dpiX ?? 0;
    const min = Number(target.min_dpi ?? 300);
    return [dpi >= min ? { outcome: 'pass', messageKey: 'test.dpi.ok', actual: { dpi } } : { outcome: 'fail', messageKey: 'test.dpi.low', actual: { dpi } }];
  },
};
const pdfPagesCheck: CheckDef = {
  id: 'test.pages',
  section: 'geometry',
  kinds: ['pdf'],
  defaultSeverity: 'reject',
  run: () => [{ outcome: 'fail', messageKey: 'test.pages.wrong', params: { count: 3 }, page: 2, boxes: [{ page: 2, rect: [0, 0, 10, 10] }] }],
};
const skippingCheck: CheckDef = {
  id: 'test.skips',
  section: 'raster',
  kinds: ['raster', 'pdf'],
  defaultSeverity: 'warn',
  run: () => [{ outcome: 'skipped', messageKey: 'test.dpi.ok' }],
};
const throwingCheck: CheckDef = {
  id: 'test.throws',
  section: 'raster',
  kinds: ['raster'],
  defaultSeverity: 'warn',
  run: () => {
    throw new Error('boom');
  },
};
const registry = [dpiCheck, pdfPagesCheck, skippingCheck, throwingCheck];

function entry(rules: Record<string, { severity: Severity; enabled?: boolean; target?: Record<string, unknown> }>, opts: { sectionEnabled?: boolean; preflight?: boolean } = {}): AcceptEntry {
  const ruleMap = Object.fromEntries(Object.entries(rules).map(([id, r]) => [id, { enabled: r.enabled ?? true, severity: r.severity, target: r.target ?? {} }]));
  return {
    kind: 'raster',
    mimeTypes: [],
    extensions: [],
    convertToPdf: false,
    onFail: 'reject',
    preflight: { enabled: opts.preflight ?? true, profile: { sections: { raster: { enabled: opts.sectionEnabled ?? true, rules: ruleMap } } } },
  };
}

const run = (e: AcceptEntry, facts = imageFacts, ctx = {}, locale?: string) => evaluateFile(facts, e, ctx, { registry, ...(locale ? { locale } : {}) });

describe('evaluateFile', () => {
  it('turns a failed check under severity reject into a failing finding with a rendered message', () => {
    const [f, ...rest] = run(entry({ 'test.dpi': { severity: 'reject', target: { min_dpi: 300 } } }));
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ checkId: 'test.dpi', severity: 'reject', outcome: 'fail', messageKey: 'test.dpi.low', actual: { dpi: 150 }, target: { min_dpi: 300 } });
    expect(f!.message).toBe('Resolution is 150 dpi; 300 dpi is needed.');
    expect(f!.params).toMatchObject({ 'actual.dpi': 150, 'target.min_dpi': 300 });
  });

  it.each([
    ['reject', 'fail'],
    ['warn', 'warn'],
    ['autofix', 'warn'],
    ['info', 'pass'],
  ] as const)('severity %s makes a failed check %s', (severity, outcome) => {
    expect(run(entry({ 'test.dpi': { severity } }))[0]!.outcome).toBe(outcome);
  });

  it('a passed check is a pass whatever the severity', () => {
    expect(run(entry({ 'test.dpi': { severity: 'reject', target: { min_dpi: 100 } } }))[0]).toMatchObject({ outcome: 'pass', message: 'Resolution is fine.' });
  });

  it('keeps skipped results as skipped', () => {
    expect(run(entry({ 'test.skips': { severity: 'reject' } }))[0]!.outcome).toBe('skipped');
  });

  it('does not run checks that are off, disabled, in a disabled section, or when preflight is disabled', () => {
    expect(run(entry({ 'test.dpi': { severity: 'off' } }))).toEqual([]);
    expect(run(entry({ 'test.dpi': { severity: 'reject', enabled: false } }))).toEqual([]);
    expect(run(entry({ 'test.dpi': { severity: 'reject' } }, { sectionEnabled: false }))).toEqual([]);
    expect(run(entry({ 'test.dpi': { severity: 'reject' } }, { preflight: false }))).toEqual([]);
  });

  it('runs only checks for the file kind', () => {
    const e = entry({ 'test.dpi': { severity: 'reject' }, 'test.pages': { severity: 'reject' } });
    expect(run(e, imageFacts).map((f) => f.checkId)).toEqual(['test.dpi']);
    const [pages, ...rest] = run(e, pdfFacts);
    expect(rest).toEqual([]);
    expect(pages).toMatchObject({ checkId: 'test.pages', message: 'The file has 3 pages.', page: 2, boxes: [{ page: 2, rect: [0, 0, 10, 10] }] });
  });

  it('reports an unknown check id as skipped instead of dropping it', () => {
    const [f] = run(entry({ 'geom.not_yet': { severity: 'reject' } }));
    expect(f).toMatchObject({ checkId: 'geom.not_yet', outcome: 'skipped', messageKey: 'check.unsupported' });
    expect(f!.message).toContain('geom.not_yet');
  });

  it('a check that throws fails the file, never a silent pass', () => {
    const [f] = run(entry({ 'test.throws': { severity: 'warn' } }));
    expect(f).toMatchObject({ checkId: 'test.throws', outcome: 'fail', code: 'check_failed', messageKey: 'check.failed', actual: { error: 'boom' } });
    expect(fileOutcome([f!])).toBe('fail');
  });

  it('applies the context through narrow()', () => {
    const captured: Record<string, unknown>[] = [];
    const spy: CheckDef = { ...dpiCheck, id: 'test.spy', run: (_f, target) => (captured.push(target), []) };
    evaluateFile(imageFacts, entry({ 'test.spy': { severity: 'reject', target: { min_dpi: 300 } } }), { artworkSize: { width_mm: 85, height_mm: 55 } }, { registry: [spy] });
    expect(captured).toEqual([{ min_dpi: 300, width_mm: 85 }]);
  });

  it('renders messages in the requested locale, falling back to English', () => {
    const e = entry({ 'test.dpi': { severity: 'reject', target: { min_dpi: 300 } }, 'test.skips': { severity: 'warn' } });
    const [dpi, skipped] = run(e, imageFacts, {}, 'xx');
    expect(dpi!.message).toBe('XX 150/300');
    expect(skipped!.message).toBe('Resolution is fine.');
  });

  it('uses the built-in registry by default (unknown ids are skipped, nothing throws)', () => {
    const findings = evaluateFile(imageFacts, entry({ 'no.such.check': { severity: 'reject' } }));
    expect(findings.map((f) => f.outcome)).toEqual(['skipped']);
  });
});

describe('fileOutcome', () => {
  const f = (outcome: Finding['outcome']): Finding => ({ checkId: 'x', severity: 'warn', outcome, message: '' });
  it.each([
    [[], 'pass'],
    [[f('pass'), f('skipped')], 'pass'],
    [[f('pass'), f('warn')], 'warn'],
    [[f('warn'), f('fail'), f('pass')], 'fail'],
  ] as const)('%j → %s', (findings, outcome) => {
    expect(fileOutcome(findings)).toBe(outcome);
  });
  it('outcomeFor maps skipped and pass unchanged', () => {
    expect(outcomeFor('skipped', 'reject')).toBe('skipped');
    expect(outcomeFor('pass', 'reject')).toBe('pass');
  });
});
