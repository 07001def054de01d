// Context: the per-order narrowing a page pushes when the customer changes product options
// (reference "Context"). Validated strictly: a misspelt key would otherwise loosen a check silently.
import type { Cardinality, IntakeContext, Rule } from './types';

export interface ContextError {
  code: 'context_invalid';
  message: string;
  /** Dotted path of the offending field, e.g. 'artworkSize.width_mm'. */
  path: string;
}

export type ValidateContextResult = { ok: true; context: IntakeContext } | { ok: false; error: ContextError };

const KEYS = ['artworkSize', 'pageCount', 'fileCount', 'bleed', 'safety'] as const;

class InvalidContext extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(message);
  }
}

/** Validate a context. `null`/`undefined` mean "no narrowing" and give `{}`. Never throws. */
export function validateContext(input: unknown): ValidateContextResult {
  try {
    return { ok: true, context: readContext(input) };
  } catch (e) {
    if (e instanceof InvalidContext) return { ok: false, error: { code: 'context_invalid', message: e.message, path: e.path } };
    throw e;
  }
}

function readContext(input: unknown): IntakeContext {
  if (input === undefined || input === null) return {};
  const c = object(input, '');
  for (const key of Object.keys(c)) {
    if (!(KEYS as readonly string[]).includes(key)) {
      throw new InvalidContext(key, `context has no setting "${key}" (expected ${KEYS.join(', ')})`);
    }
  }
  const context: IntakeContext = {};
  if (present(c.artworkSize)) {
    const a = object(c.artworkSize, 'artworkSize');
    context.artworkSize = { width_mm: positive(a.width_mm, 'artworkSize.width_mm'), height_mm: positive(a.height_mm, 'artworkSize.height_mm') };
  }
  if (present(c.pageCount)) context.pageCount = range(c.pageCount, 'pageCount', 1);
  if (present(c.fileCount)) context.fileCount = range(c.fileCount, 'fileCount', 0);
  if (present(c.bleed)) context.bleed = { required_mm: nonNegative(object(c.bleed, 'bleed').required_mm, 'bleed.required_mm') };
  if (present(c.safety)) context.safety = { min_mm: nonNegative(object(c.safety, 'safety').min_mm, 'safety.min_mm') };
  return context;
}

/**
 * The cardinality that applies under a context: `fileCount` replaces min and/or max. When only
 * one bound is given and it contradicts the rule's other bound, the other bound follows it (an
 * order for 3 files on a rule of max 1 means 3 files), so min <= max always holds.
 */
export function effectiveCardinality(rule: Rule, context?: IntakeContext | null): Cardinality {
  const base = rule.cardinality;
  const fc = context?.fileCount;
  if (!fc) return base;
  let min = fc.min ?? base.min;
  let max = fc.max ?? base.max;
  if (min > max) {
    if (fc.max === undefined) max = min;
    else min = max;
  }
  return { min, max: Math.max(max, 1), slots: base.slots };
}

function range(value: unknown, path: string, lowest: number): { min?: number; max?: number } {
  const r = object(value, path);
  const out: { min?: number; max?: number } = {};
  if (present(r.min)) out.min = wholeAtLeast(r.min, `${path}.min`, lowest);
  if (present(r.max)) out.max = wholeAtLeast(r.max, `${path}.max`, Math.max(lowest, 1));
  if (out.min !== undefined && out.max !== undefined && out.min > out.max) {
    throw new InvalidContext(`${path}.min`, `${path}.min (${out.min}) must not be more than ${path}.max (${out.max})`);
  }
  return out;
}

function present(v: unknown): boolean {
  return v !== undefined && v !== null;
}

function got(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return v === null ? 'null' : 'an object';
  return JSON.stringify(v);
}

function object(v: unknown, path: string): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new InvalidContext(path, `${path || 'context'} must be an object (got ${got(v)})`);
  return v as Record<string, unknown>;
}

function positive(v: unknown, path: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) throw new InvalidContext(path, `${path} must be a positive number (got ${got(v)})`);
  return v;
}

function nonNegative(v: unknown, path: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new InvalidContext(path, `${path} must be a number of 0 or more (got ${got(v)})`);
  return v;
}

function wholeAtLeast(v: unknown, path: string, lowest: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < lowest) {
    throw new InvalidContext(path, `${path} must be a whole number of ${lowest} or more (got ${got(v)})`);
  }
  return v;
}
