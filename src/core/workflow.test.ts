import { describe, expect, it } from 'vitest';
import { acceptAttribute, kindsAccepted, parseWorkflow } from './workflow';
import type { Workflow } from './types';

const pdfEntry = {
  kind: 'pdf',
  mimeTypes: ['application/pdf'],
  extensions: ['pdf'],
  maxSize: 10_485_760,
  convertToPdf: false,
  preflight: {
    enabled: true,
    profile: {
      id: 'prof_cards',
      schemaVersion: 1,
      sections: {
        geometry: {
          id: 'sec_geo',
          enabled: true,
          rules: {
            'geom.page_size': { id: 'r1', enabled: true, severity: 'reject', target: { allowed: [{ width_mm: 85, height_mm: 55 }], tolerance_mm: 1 } },
            'geom.future_check': { enabled: true, severity: 'warn', target: { x: 1 } },
          },
        },
        watermarks: { enabled: true, rules: {} },
      },
    },
  },
  onFail: 'accept_with_warnings',
};

const businessCards = {
  id: 'wf_cards',
  schemaVersion: 1,
  title: 'Business cards',
  trigger: { type: 'manual' },
  rule: {
    description: 'Front and back',
    cardinality: { min: 1, max: 2, slots: ['Front', { id: 'back', label: 'Back', required: false }] },
    accepts: [pdfEntry, { kind: 'raster', mimeTypes: ['image/JPEG', 'image/png'], extensions: ['.JPG', 'jpeg', '..png'] }],
    rejectUnknownTypes: true,
    ui: { title: 'Upload your card' },
  },
  proof: { approvalRequired: true, message: 'Check your proof' },
};

function parsed(input: unknown): Workflow {
  const r = parseWorkflow(input);
  if (!r.ok) throw new Error(`expected a valid workflow, got: ${r.error.message}`);
  return r.workflow;
}

function errorOf(input: unknown) {
  const r = parseWorkflow(input);
  if (r.ok) throw new Error('expected the workflow to be refused');
  expect(r.error.code).toBe('workflow_invalid');
  return r.error;
}

const withRule = (rule: Record<string, unknown>) => ({ rule: { accepts: [{ kind: 'pdf' }], ...rule } });

describe('parseWorkflow: a full workflow', () => {
  const wf = parsed(businessCards);

  it('keeps ids, title, trigger, proof and the rule ui', () => {
    expect(wf.id).toBe('wf_cards');
    expect(wf.title).toBe('Business cards');
    expect(wf.trigger).toEqual({ type: 'manual' });
    expect(wf.proof).toEqual({ approvalRequired: true, message: 'Check your proof' });
    expect(wf.rule.ui).toEqual({ title: 'Upload your card' });
    expect(wf.rule.description).toBe('Front and back');
  });

  it('normalises slots given as names and as objects', () => {
    expect(wf.rule.cardinality).toEqual({
      min: 1,
      max: 2,
      slots: [
        { id: 'Front', label: 'Front', required: true },
        { id: 'back', label: 'Back', required: false },
      ],
    });
  });

  it('lower-cases MIME types and extensions and strips dots', () => {
    const raster = wf.rule.accepts[1]!;
    expect(raster.mimeTypes).toEqual(['image/jpeg', 'image/png']);
    expect(raster.extensions).toEqual(['jpg', 'jpeg', 'png']);
  });

  it('fills defaults for an entry that states only its kind', () => {
    expect(wf.rule.accepts[1]).toEqual({
      kind: 'raster',
      mimeTypes: ['image/jpeg', 'image/png'],
      extensions: ['jpg', 'jpeg', 'png'],
      convertToPdf: false,
      preflight: { enabled: false },
      onFail: 'reject',
    });
  });

  it('keeps unknown sections and unknown check ids for later checks', () => {
    const sections = wf.rule.accepts[0]!.preflight.profile!.sections;
    expect(Object.keys(sections)).toEqual(['geometry', 'watermarks']);
    expect(sections.geometry!.rules['geom.future_check']).toEqual({ enabled: true, severity: 'warn', target: { x: 1 } });
    expect(sections.geometry!.rules['geom.page_size']!.target).toEqual({ allowed: [{ width_mm: 85, height_mm: 55 }], tolerance_mm: 1 });
    expect(wf.rule.accepts[0]!.onFail).toBe('accept_with_warnings');
    expect(wf.rule.accepts[0]!.maxSize).toBe(10_485_760);
  });

  it('accepts the same workflow as JSON text', () => {
    expect(parsed(JSON.stringify(businessCards))).toEqual(wf);
  });
});

describe('parseWorkflow: defaults', () => {
  it('needs only a rule with one accepted kind', () => {
    const wf = parsed({ rule: { accepts: [{ kind: 'pdf' }] } });
    expect(wf.schemaVersion).toBe(1);
    expect(wf.rule.cardinality).toEqual({ min: 1, max: 1, slots: [] });
    expect(wf.rule.rejectUnknownTypes).toBe(true);
    expect(wf.rule.accepts[0]!.onFail).toBe('reject');
  });

  it('makes room for every named slot when max is not given', () => {
    expect(parsed(withRule({ cardinality: { slots: ['Front', 'Back'] } })).rule.cardinality.max).toBe(2);
  });

  it('applies a rule-wide onFail to entries that do not set their own', () => {
    const wf = parsed({ rule: { onFail: 'manual_review', accepts: [{ kind: 'pdf' }, { kind: 'raster', onFail: 'reject' }] } });
    expect(wf.rule.accepts.map((a) => a.onFail)).toEqual(['manual_review', 'reject']);
  });

  it('runs a preflight block that does not say enabled, and defaults rule fields', () => {
    const wf = parsed(withRule({ accepts: [{ kind: 'raster', preflight: { profile: { sections: { raster: { rules: { 'raster.some_check': { severity: 'info' } } } } } } }] }));
    const preflight = wf.rule.accepts[0]!.preflight;
    expect(preflight.enabled).toBe(true);
    expect(preflight.profile!.sections.raster).toEqual({ enabled: true, rules: { 'raster.some_check': { enabled: true, severity: 'info', target: {} } } });
  });

  it('leaves a rule without severity to the check default (resolved by the evaluator)', () => {
    const wf = parsed(withRule({ accepts: [{ kind: 'pdf', preflight: { profile: { sections: { x: { rules: { 'x.y': {} } } } } } }] }));
    expect(wf.rule.accepts[0]!.preflight.profile!.sections.x!.rules['x.y']!.severity).toBeUndefined();
  });
});

describe('parseWorkflow: errors name the field', () => {
  const cases: [string, unknown, string, string][] = [
    ['not an object', 42, '', 'workflow must be an object (got 42)'],
    ['bad JSON text', '{ rule: ', '', 'workflow is not valid JSON'],
    ['missing rule', { title: 'x' }, 'rule', 'rule is required'],
    ['schema version 2', { schemaVersion: 2, rule: {} }, 'schemaVersion', 'schemaVersion must be 1 (got 2)'],
    ['accepts missing', { rule: {} }, 'rule.accepts', 'rule.accepts must be a list (got nothing)'],
    ['accepts empty', { rule: { accepts: [] } }, 'rule.accepts', 'rule.accepts must list at least one file kind'],
    ['bad kind', { rule: { accepts: [{ kind: 'doc' }] } }, 'rule.accepts[0].kind', 'rule.accepts[0].kind must be "pdf" or "raster" (got "doc")'],
    ['kind missing', { rule: { accepts: [{ kind: 'pdf' }, {}] } }, 'rule.accepts[1].kind', 'rule.accepts[1].kind must be "pdf" or "raster" (got nothing)'],
    ['zero maxSize', { rule: { accepts: [{ kind: 'pdf', maxSize: 0 }] } }, 'rule.accepts[0].maxSize', 'rule.accepts[0].maxSize must be a positive number of bytes (got 0)'],
    ['text maxSize', { rule: { accepts: [{ kind: 'pdf', maxSize: '10MB' }] } }, 'rule.accepts[0].maxSize', 'rule.accepts[0].maxSize must be a positive number of bytes (got "10MB")'],
    ['extension not text', { rule: { accepts: [{ kind: 'pdf', extensions: ['pdf', 3] }] } }, 'rule.accepts[0].extensions[1]', 'rule.accepts[0].extensions[1] must be a string (got 3)'],
    ['bad onFail', { rule: { accepts: [{ kind: 'pdf', onFail: 'ignore' }] } }, 'rule.accepts[0].onFail', 'rule.accepts[0].onFail must be one of "reject", "accept_with_warnings", "manual_review" (got "ignore")'],
    ['convertToPdf not boolean', { rule: { accepts: [{ kind: 'raster', convertToPdf: 'yes' }] } }, 'rule.accepts[0].convertToPdf', 'rule.accepts[0].convertToPdf must be true or false (got "yes")'],
    ['min above max', withRule({ cardinality: { min: 3, max: 2 } }), 'rule.cardinality.min', 'rule.cardinality.min (3) must not be more than rule.cardinality.max (2)'],
    ['max zero', withRule({ cardinality: { min: 0, max: 0 } }), 'rule.cardinality.max', 'rule.cardinality.max must be 1 or more (got 0)'],
    ['negative min', withRule({ cardinality: { min: -1, max: 2 } }), 'rule.cardinality.min', 'rule.cardinality.min must be 0 or more (got -1)'],
    ['fractional max', withRule({ cardinality: { max: 1.5 } }), 'rule.cardinality.max', 'rule.cardinality.max must be a whole number (got 1.5)'],
    ['fewer max than slots', withRule({ cardinality: { max: 1, slots: ['Front', 'Back'] } }), 'rule.cardinality.max', 'rule.cardinality.max (1) must be at least the number of slots (2)'],
    ['duplicate slot', withRule({ cardinality: { slots: ['Front', 'Front'] } }), 'rule.cardinality.slots[1].id', 'rule.cardinality.slots[1].id "Front" is used by another slot'],
    ['slot as number', withRule({ cardinality: { slots: [7] } }), 'rule.cardinality.slots[0]', 'rule.cardinality.slots[0] must be a slot name or { id, label, required } (got 7)'],
    [
      'bad severity',
      { rule: { accepts: [{ kind: 'pdf', preflight: { profile: { sections: { text: { rules: { 'text.fonts_embedded': { severity: 'fatal' } } } } } } }] } },
      'rule.accepts[0].preflight.profile.sections.text.rules.text.fonts_embedded.severity',
      'rule.accepts[0].preflight.profile.sections.text.rules.text.fonts_embedded.severity must be one of "reject", "warn", "autofix", "info", "off" (got "fatal")',
    ],
    [
      'target not an object',
      { rule: { accepts: [{ kind: 'pdf', preflight: { profile: { sections: { geometry: { rules: { 'geom.page_count': { severity: 'reject', target: [1] } } } } } } }] } },
      'rule.accepts[0].preflight.profile.sections.geometry.rules.geom.page_count.target',
      'rule.accepts[0].preflight.profile.sections.geometry.rules.geom.page_count.target must be an object (got a list)',
    ],
    ['rejectUnknownTypes not boolean', withRule({ rejectUnknownTypes: 'no' }), 'rule.rejectUnknownTypes', 'rule.rejectUnknownTypes must be true or false (got "no")'],
    ['proof not an object', { ...withRule({}), proof: true }, 'proof', 'proof must be an object (got true)'],
  ];
  it.each(cases)('%s', (_label, input, path, message) => {
    const error = errorOf(input);
    expect(error.path).toBe(path);
    expect(error.message).toBe(message);
  });
});

describe('kindsAccepted and acceptAttribute', () => {
  const wf = parsed(businessCards);

  it('lists the kinds once each, in order', () => {
    expect(kindsAccepted(wf.rule)).toEqual(['pdf', 'raster']);
    expect(kindsAccepted(parsed({ rule: { accepts: [{ kind: 'raster' }, { kind: 'raster' }] } }).rule)).toEqual(['raster']);
  });

  it('builds the file picker filter from MIME types and extensions', () => {
    expect(acceptAttribute(wf.rule)).toBe('application/pdf,.pdf,image/jpeg,image/png,.jpg,.jpeg,.png');
  });

  it('falls back to the kind when an entry lists nothing', () => {
    expect(acceptAttribute(parsed({ rule: { accepts: [{ kind: 'pdf' }, { kind: 'raster' }] } }).rule)).toBe('application/pdf,.pdf,image/*');
  });

  it('does not filter the picker when unknown types are allowed', () => {
    expect(acceptAttribute(parsed(withRule({ rejectUnknownTypes: false })).rule)).toBe('');
  });
});

describe('parseWorkflow: allowed contexts (product variants)', () => {
  it('keeps declared variants, validated like a context', () => {
    const wf = parsed({ ...withRule({}), contexts: [{ id: 'a5', label: 'A5', artworkSize: { width_mm: 148, height_mm: 210 } }, { bleed: { required_mm: 2 } }] });
    expect(wf.contexts).toEqual([{ id: 'a5', label: 'A5', artworkSize: { width_mm: 148, height_mm: 210 } }, { bleed: { required_mm: 2 } }]);
  });
  it.each([
    ['not a list', { a5: {} }, 'contexts'],
    ['a count in a variant', [{ fileCount: { max: 3 } }], 'contexts[0].fileCount'],
    ['an empty variant', [{ id: 'x' }], 'contexts[0]'],
    ['a bad size', [{ artworkSize: { width_mm: -1, height_mm: 2 } }], 'contexts[0].artworkSize.width_mm'],
    ['a repeated variant', [{ safety: { min_mm: 3 } }, { id: 'b', safety: { min_mm: 3 } }], 'contexts[1]'],
  ])('refuses %s', (_label, contexts, path) => {
    const r = parseWorkflow({ ...withRule({}), contexts });
    expect(r).toMatchObject({ ok: false, error: { code: 'workflow_invalid', path } });
  });
});

describe('store texts per locale', () => {
  it('title and slot labels may be given per locale; anything else in them is refused', () => {
    const ok = parseWorkflow({ title: { en: 'Cards', de: 'Karten' }, rule: { cardinality: { min: 1, max: 1, slots: [{ id: 'front', label: 'Front', labels: { de: 'Vorderseite' } }] }, accepts: [{ kind: 'pdf' }] } });
    expect(ok.ok && ok.workflow.title).toEqual({ en: 'Cards', de: 'Karten' });
    expect(ok.ok && ok.workflow.rule.cardinality.slots[0]!.labels).toEqual({ de: 'Vorderseite' });
    expect(parseWorkflow({ title: { de: 3 }, rule: { accepts: [{ kind: 'pdf' }] } })).toMatchObject({ ok: false, error: { path: 'title.de' } });
  });
});
