import { describe, expect, it } from 'vitest';
import { checkContextAllowed, contextKey, effectiveCardinality, narrowPageCount, validateContext } from './context';
import type { Rule } from './types';

const rule = (min: number, max: number): Rule => ({
  cardinality: { min, max, slots: [] },
  accepts: [{ kind: 'pdf', mimeTypes: [], extensions: [], convertToPdf: false, preflight: { enabled: false }, onFail: 'reject' }],
  rejectUnknownTypes: true,
});

describe('validateContext', () => {
  it('accepts the full reference shape unchanged', () => {
    const ctx = {
      artworkSize: { width_mm: 85, height_mm: 55 },
      pageCount: { min: 2, max: 2 },
      fileCount: { min: 1, max: 2 },
      bleed: { required_mm: 3 },
      safety: { min_mm: 3 },
    };
    expect(validateContext(ctx)).toEqual({ ok: true, context: ctx });
  });

  it('treats no context as no narrowing', () => {
    expect(validateContext(undefined)).toEqual({ ok: true, context: {} });
    expect(validateContext(null)).toEqual({ ok: true, context: {} });
    expect(validateContext({})).toEqual({ ok: true, context: {} });
  });

  it('allows zero bleed and open-ended ranges', () => {
    expect(validateContext({ bleed: { required_mm: 0 }, pageCount: { min: 4 } })).toEqual({ ok: true, context: { bleed: { required_mm: 0 }, pageCount: { min: 4 } } });
  });

  const bad: [string, unknown, string, string][] = [
    ['not an object', 'A4', '', 'context must be an object (got "A4")'],
    ['misspelt key', { artwork_size: {} }, 'artwork_size', 'context has no setting "artwork_size" (expected artworkSize, pageCount, fileCount, bleed, safety)'],
    ['zero width', { artworkSize: { width_mm: 0, height_mm: 55 } }, 'artworkSize.width_mm', 'artworkSize.width_mm must be a positive number (got 0)'],
    ['height as text', { artworkSize: { width_mm: 85, height_mm: '55' } }, 'artworkSize.height_mm', 'artworkSize.height_mm must be a positive number (got "55")'],
    ['zero pages', { pageCount: { min: 0 } }, 'pageCount.min', 'pageCount.min must be a whole number of 1 or more (got 0)'],
    ['min above max', { fileCount: { min: 3, max: 2 } }, 'fileCount.min', 'fileCount.min (3) must not be more than fileCount.max (2)'],
    ['fractional file count', { fileCount: { max: 1.5 } }, 'fileCount.max', 'fileCount.max must be a whole number of 1 or more (got 1.5)'],
    ['negative bleed', { bleed: { required_mm: -1 } }, 'bleed.required_mm', 'bleed.required_mm must be a number of 0 or more (got -1)'],
    ['safety missing its value', { safety: {} }, 'safety.min_mm', 'safety.min_mm must be a number of 0 or more (got nothing)'],
  ];
  it.each(bad)('refuses %s, naming the field', (_label, input, path, message) => {
    expect(validateContext(input)).toEqual({ ok: false, error: { code: 'context_invalid', path, message } });
  });
});

describe('contextKey', () => {
  it('is the same for the same order whatever the key order or empty form', () => {
    expect(contextKey({ pageCount: { min: 2 }, artworkSize: { height_mm: 210, width_mm: 148 } })).toBe(
      contextKey({ artworkSize: { width_mm: 148, height_mm: 210 }, pageCount: { min: 2 } }),
    );
    expect(contextKey(null)).toBe(contextKey({}));
    expect(contextKey(undefined)).toBe(contextKey({}));
  });

  it('differs for another order, and an invalid context matches no valid one', () => {
    expect(contextKey({ artworkSize: { width_mm: 148, height_mm: 210 } })).not.toBe(contextKey({ artworkSize: { width_mm: 210, height_mm: 297 } }));
    expect(contextKey({ artworkSize: { width_mm: 148, height_mm: 210 } })).not.toBe(contextKey({}));
    expect(contextKey({ colour: 'cmyk' })).not.toBe(contextKey({}));
  });
});

describe('effectiveCardinality', () => {
  it('is the rule cardinality without a file count', () => {
    expect(effectiveCardinality(rule(1, 2), {})).toEqual({ min: 1, max: 2, slots: [] });
    expect(effectiveCardinality(rule(1, 2))).toEqual({ min: 1, max: 2, slots: [] });
  });

  it('narrows, never widens: a bigger count than the rule stays the rule (issue 12)', () => {
    expect(effectiveCardinality(rule(1, 1), { fileCount: { min: 3, max: 3 } })).toEqual({ min: 3, max: 1, slots: [] });
    expect(effectiveCardinality(rule(1, 1), { fileCount: { max: 1e308 } })).toEqual({ min: 1, max: 1, slots: [] });
    expect(effectiveCardinality(rule(2, 5), { fileCount: { min: 0 } })).toEqual({ min: 2, max: 5, slots: [] });
  });

  it('narrows one bound; a contradiction leaves no satisfiable count (fail closed)', () => {
    expect(effectiveCardinality(rule(1, 5), { fileCount: { max: 2 } })).toEqual({ min: 1, max: 2, slots: [] });
    expect(effectiveCardinality(rule(1, 5), { fileCount: { min: 4 } })).toEqual({ min: 4, max: 5, slots: [] });
    expect(effectiveCardinality(rule(3, 5), { fileCount: { max: 2 } })).toEqual({ min: 3, max: 2, slots: [] });
  });
});

describe('narrowPageCount', () => {
  it('intersects the profile range with the order and keeps an allowed list', () => {
    expect(narrowPageCount({ min: 1, max: 2 }, { pageCount: { max: 10 } })).toEqual({ min: 1, max: 2 });
    expect(narrowPageCount({ min: 1, max: 2 }, { pageCount: { min: 2 } })).toEqual({ min: 2, max: 2 });
    expect(narrowPageCount({ allowed: [4, 8] }, { pageCount: { max: 6 } })).toEqual({ allowed: [4, 8], max: 6 });
    expect(narrowPageCount({ min: 1 }, {})).toEqual({ min: 1 });
  });
});

describe('checkContextAllowed', () => {
  const workflow = {
    rule: rule(1, 2),
    contexts: [{ id: 'a5', artworkSize: { width_mm: 148, height_mm: 210 } }, { id: 'a6', artworkSize: { width_mm: 105, height_mm: 148 }, bleed: { required_mm: 2 } }],
  };
  it('accepts a declared variant exactly, and counts that narrow', () => {
    expect(checkContextAllowed(workflow, { artworkSize: { width_mm: 148, height_mm: 210 } })).toMatchObject({ ok: true, variant: { id: 'a5' } });
    expect(checkContextAllowed(workflow, { artworkSize: { width_mm: 105, height_mm: 148 }, bleed: { required_mm: 2 }, fileCount: { max: 1 } })).toMatchObject({ ok: true, variant: { id: 'a6' } });
    expect(checkContextAllowed(workflow, {})).toEqual({ ok: true, variant: null });
  });
  it.each([
    ['an undeclared size', { artworkSize: { width_mm: 150, height_mm: 210 } }, 'artworkSize'],
    ['a variant with a changed bleed', { artworkSize: { width_mm: 105, height_mm: 148 }, bleed: { required_mm: 0 } }, 'artworkSize'],
    ['a variant missing its bleed', { artworkSize: { width_mm: 105, height_mm: 148 } }, 'artworkSize'],
    ['a bleed alone', { bleed: { required_mm: 0 } }, 'bleed'],
    ['more files than the rule', { fileCount: { max: 1e308 } }, 'fileCount.max'],
    ['fewer files than the rule', { fileCount: { min: 0 } }, 'fileCount.min'],
  ])('refuses %s', (_label, context, path) => {
    expect(checkContextAllowed(workflow, context)).toMatchObject({ ok: false, error: { code: 'context_not_allowed', path } });
  });
  it('refuses every variant setting when the workflow declares none', () => {
    expect(checkContextAllowed({ rule: rule(1, 1) }, { safety: { min_mm: 0 } })).toMatchObject({ ok: false, error: { path: 'safety' } });
  });
});
