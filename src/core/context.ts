// Context: the per-order narrowing a page pushes when the customer changes product options
// (reference "Context"). Validated strictly: a misspelt key would otherwise loosen a check silently.
import type { Cardinality, ContextVariant, IntakeContext, Rule, Workflow } from './types';

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

/**
 * One string per context whatever its key order or empty form (null, undefined and {} alike), so
 * the widget can tell whether a verdict was judged under the order the page shows now. Input that
 * is not a valid context gets a key no valid context has (it never matches one).
 */
export function contextKey(input: unknown): string {
  const checked = validateContext(input);
  return checked.ok ? JSON.stringify(checked.context) : `invalid ${JSON.stringify(input ?? null)}`;
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
 * The cardinality that applies under a context. `fileCount` can only narrow the rule (design.md
 * "Context trust"): the minimum can rise, the maximum can fall, never the other way. A context
 * that contradicts the rule (a maximum under the rule's minimum) leaves min > max, which no set of
 * files satisfies: the job stays incomplete (fail closed; the server refuses such a context first).
 */
export function effectiveCardinality(rule: Rule, context?: IntakeContext | null): Cardinality {
  const base = rule.cardinality;
  const fc = context?.fileCount;
  if (!fc) return base;
  const min = Math.max(base.min, fc.min ?? base.min);
  const max = Math.min(base.max, fc.max ?? base.max);
  return { min, max, slots: base.slots };
}

/**
 * A page-count target under a context: `pageCount` can only narrow the profile's range (never
 * widen it); a list of allowed counts stays in force.
 */
export function narrowPageCount(target: Record<string, unknown>, context: IntakeContext): Record<string, unknown> {
  const pc = context.pageCount;
  if (!pc) return target;
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
  const lows = [num(target.min), pc.min].filter((v): v is number => v !== undefined);
  const highs = [num(target.max), pc.max].filter((v): v is number => v !== undefined);
  return {
    ...target,
    ...(lows.length ? { min: Math.max(...lows) } : {}),
    ...(highs.length ? { max: Math.min(...highs) } : {}),
  };
}

// ---------------------------------------------------------------------------------------------
// Context trust: which contexts a workflow allows.

/** The settings a product variant fixes; the page can only pick a declared combination. */
export const VARIANT_KEYS = ['artworkSize', 'bleed', 'safety'] as const;

export interface ContextNotAllowed {
  code: 'context_not_allowed';
  message: string;
  path: string;
}

export type ContextAllowedResult = { ok: true; variant: ContextVariant | null } | { ok: false; error: ContextNotAllowed };

/** The variant fields of a context (or variant), in a fixed order, for comparison. */
function variantKey(c: Partial<Pick<IntakeContext, (typeof VARIANT_KEYS)[number]>>): string {
  return JSON.stringify([
    c.artworkSize ? [c.artworkSize.width_mm, c.artworkSize.height_mm] : null,
    c.bleed ? c.bleed.required_mm : null,
    c.safety ? c.safety.min_mm : null,
  ]);
}

/** The page-count ranges the workflow's PDF profiles set (enabled geom.page_count rules). */
function pageCountTargets(rule: Rule): { min?: number; max?: number }[] {
  const out: { min?: number; max?: number }[] = [];
  for (const entry of rule.accepts) {
    const profile = entry.preflight.enabled ? entry.preflight.profile : undefined;
    for (const section of Object.values(profile?.sections ?? {})) {
      const r = section?.enabled ? section.rules['geom.page_count'] : undefined;
      if (!r || !r.enabled || r.severity === 'off') continue;
      const t = r.target as { min?: unknown; max?: unknown };
      out.push({
        ...(typeof t.min === 'number' ? { min: t.min } : {}),
        ...(typeof t.max === 'number' ? { max: t.max } : {}),
      });
    }
  }
  return out;
}

/**
 * Whether a (validated) context may be used with a workflow. The context comes from the customer's
 * page, so it is untrusted: artworkSize, bleed and safety must together be exactly one of the
 * variants the workflow declares in `contexts` (none declared: none may be set), and fileCount and
 * pageCount may only narrow the rule. Pure; the server refuses a context that fails here
 * (`context_not_allowed`), and the evaluation narrows counts the same way regardless.
 */
export function checkContextAllowed(workflow: Pick<Workflow, 'rule' | 'contexts'>, context: IntakeContext): ContextAllowedResult {
  const refuse = (path: string, message: string): ContextAllowedResult => ({ ok: false, error: { code: 'context_not_allowed', path, message } });
  let variant: ContextVariant | null = null;
  const given = VARIANT_KEYS.filter((k) => context[k] !== undefined);
  if (given.length > 0) {
    const declared = workflow.contexts ?? [];
    if (declared.length === 0) {
      return refuse(given[0]!, `this workflow declares no product variants, so the page cannot set ${given.join(', ')}`);
    }
    const key = variantKey(context);
    variant = declared.find((v) => variantKey(v) === key) ?? null;
    if (!variant) {
      const names = declared.map((v, i) => v.id ?? v.label ?? `#${i + 1}`).join(', ');
      return refuse(given[0]!, `${given.join(', ')} ${given.length === 1 ? 'is' : 'are'} not one of the workflow's variants (${names})`);
    }
  }
  const { min, max } = workflow.rule.cardinality;
  const fc = context.fileCount;
  if (fc?.max !== undefined && fc.max > max) return refuse('fileCount.max', `fileCount.max (${fc.max}) is more than the workflow allows (${max})`);
  if (fc?.min !== undefined && fc.min < min) return refuse('fileCount.min', `fileCount.min (${fc.min}) is less than the workflow requires (${min})`);
  if (fc?.max !== undefined && fc.max < min) return refuse('fileCount.max', `fileCount.max (${fc.max}) is less than the workflow requires (${min})`);
  if (fc?.min !== undefined && fc.min > max) return refuse('fileCount.min', `fileCount.min (${fc.min}) is more than the workflow allows (${max})`);
  const pc = context.pageCount;
  if (pc) {
    for (const t of pageCountTargets(workflow.rule)) {
      if (t.max !== undefined && pc.max !== undefined && pc.max > t.max) {
        return refuse('pageCount.max', `pageCount.max (${pc.max}) is more than the workflow allows (${t.max})`);
      }
      if (t.min !== undefined && pc.min !== undefined && pc.min < t.min) {
        return refuse('pageCount.min', `pageCount.min (${pc.min}) is less than the workflow requires (${t.min})`);
      }
      if (t.min !== undefined && pc.max !== undefined && pc.max < t.min) {
        return refuse('pageCount.max', `pageCount.max (${pc.max}) is less than the workflow requires (${t.min})`);
      }
      if (t.max !== undefined && pc.min !== undefined && pc.min > t.max) {
        return refuse('pageCount.min', `pageCount.min (${pc.min}) is more than the workflow allows (${t.max})`);
      }
    }
  }
  return { ok: true, variant };
}

/**
 * Read a workflow's `contexts` (the product variants it allows). Each variant names at least one
 * of artworkSize, bleed, safety (validated like a context); counts are not variant settings.
 */
export function readContextVariants(input: unknown): { ok: true; variants: ContextVariant[] } | { ok: false; error: ContextError } {
  if (!Array.isArray(input)) return { ok: false, error: { code: 'context_invalid', path: 'contexts', message: 'contexts must be a list of variants' } };
  const variants: ContextVariant[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < input.length; i++) {
    const at = `contexts[${i}]`;
    const raw = input[i] as Record<string, unknown> | null;
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      return { ok: false, error: { code: 'context_invalid', path: at, message: `${at} must be an object` } };
    }
    const { id, label, ...settings } = raw;
    for (const k of Object.keys(settings)) {
      if (!(VARIANT_KEYS as readonly string[]).includes(k)) {
        return { ok: false, error: { code: 'context_invalid', path: `${at}.${k}`, message: `${at} has no setting "${k}" (a variant sets ${VARIANT_KEYS.join(', ')})` } };
      }
    }
    if (id !== undefined && typeof id !== 'string') return { ok: false, error: { code: 'context_invalid', path: `${at}.id`, message: `${at}.id must be a string` } };
    if (label !== undefined && typeof label !== 'string') return { ok: false, error: { code: 'context_invalid', path: `${at}.label`, message: `${at}.label must be a string` } };
    const checked = validateContext(settings);
    if (!checked.ok) return { ok: false, error: { ...checked.error, path: `${at}.${checked.error.path}`, message: `${at}: ${checked.error.message}` } };
    if (Object.keys(checked.context).length === 0) {
      return { ok: false, error: { code: 'context_invalid', path: at, message: `${at} must set at least one of ${VARIANT_KEYS.join(', ')}` } };
    }
    const key = variantKey(checked.context);
    if (seen.has(key)) return { ok: false, error: { code: 'context_invalid', path: at, message: `${at} repeats another variant` } };
    seen.add(key);
    variants.push({ ...(id !== undefined ? { id } : {}), ...(label !== undefined ? { label } : {}), ...checked.context } as ContextVariant);
  }
  return { ok: true, variants };
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
