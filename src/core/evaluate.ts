// Evaluation: facts + the accept entry's profile + context → findings → file outcome.
// The severity in the profile decides what a failed check means: 'reject' fails the file,
// 'warn' and 'autofix' (it will be repaired later, design.md) warn, 'info' only informs.
import type { AcceptEntry, CheckRule, FileFacts, FileOutcome, Finding, FindingOutcome, IntakeContext, Severity } from './types';
import type { CheckDef, CheckResult } from './checks/types';
import { checks as builtInChecks, indexChecks } from './checks/registry';
import { describeGaps, gapsFor, needsOf } from './checks/unverified';
import { t, type Units } from './i18n';
import './judging-messages';

/** How messages are rendered: the customer's locale and the shop's length units. */
interface MessageFormat {
  locale: string;
  units: Units;
}

export interface EvaluateOptions {
  locale?: string;
  /** Units lengths are shown in (the workflow's ui.units); default mm. */
  units?: Units;
  /** Checks to use instead of the built-in registry (tests, custom checks). */
  registry?: readonly CheckDef[];
}

/** Run the entry's enabled checks that apply to the file's kind. Never throws. */
export function evaluateFile(facts: FileFacts, entry: AcceptEntry, context: IntakeContext = {}, opts: EvaluateOptions = {}): Finding[] {
  const fmt: MessageFormat = { locale: opts.locale ?? 'en', units: opts.units ?? 'mm' };
  const findings: Finding[] = [];
  for (const { checkId, rule, severity, check } of enabledRules(entry, opts.registry)) {
    if (!check) {
      // Visible, so a shop notices a check its workflow expects but this SDK cannot run.
      findings.push(makeFinding(checkId, severity, 'skipped', 'check.unsupported', { checkId }, undefined, rule.target, fmt));
      continue;
    }
    if (facts.kind === null || !check.kinds.includes(facts.kind)) continue;
    findings.push(...runCheck(check, facts, { ...rule, severity }, context, fmt));
  }
  return findings;
}

export interface EnabledRule {
  checkId: string;
  rule: CheckRule;
  /** The profile's severity, else the check's default ('warn' for a check this SDK does not know). */
  severity: Exclude<Severity, 'off'>;
  /** Undefined: the profile names a check this SDK cannot run. */
  check: CheckDef | undefined;
}

/** The checks an accept entry's profile turns on: enabled section, enabled rule, severity not 'off'. */
export function* enabledRules(entry: AcceptEntry, registry: readonly CheckDef[] = builtInChecks): Generator<EnabledRule> {
  const profile = entry.preflight.profile;
  if (!entry.preflight.enabled || !profile) return;
  const index = indexChecks(registry);
  for (const section of Object.values(profile.sections)) {
    if (!section || !section.enabled) continue;
    for (const [checkId, rule] of Object.entries(section.rules)) {
      const check = index.get(checkId);
      // Without a severity in the profile the check's own default applies; 'warn' for an unknown
      // check (shown, never blocking on a guess).
      const severity = rule.severity ?? check?.defaultSeverity ?? 'warn';
      if (!rule.enabled || severity === 'off') continue;
      yield { checkId, rule, severity, check };
    }
  }
}

function runCheck(check: CheckDef, facts: FileFacts, rule: CheckRule & { severity: Severity }, context: IntakeContext, fmt: MessageFormat): Finding[] {
  let target = rule.target;
  try {
    target = check.narrow ? check.narrow(rule.target, context) : rule.target;
    const results = check.run(facts, target, context);
    const gaps = gapsFor(needsOf(check), facts);
    // A failure the check found in what was read stands; anything else would be a guess.
    if (gaps.length && !results.some((r) => r.outcome === 'fail' && !r.absent)) return [unverified(check.id, rule.severity, gaps, target, fmt)];
    return results.map((result) => fromResult(check.id, rule.severity, result, target, fmt));
  } catch (e) {
    // A check that breaks must never look like a pass: the file needs a human look.
    const f = makeFinding(check.id, rule.severity, 'fail', 'check.failed', { checkId: check.id }, { error: errorText(e) }, target, fmt);
    f.code = 'check_failed';
    return [f];
  }
}

/**
 * A check that depends on facts inspection could not establish in full: never a pass. Under a
 * blocking severity it fails (and the file's onFail decides: reject, accept with warnings or
 * review); under 'warn'/'autofix'/'info' it warns — a failure of that check could never block, so
 * not knowing cannot either.
 */
function unverified(checkId: string, severity: Severity, gaps: Parameters<typeof describeGaps>[0], target: Record<string, unknown>, fmt: MessageFormat): Finding {
  const d = describeGaps(gaps);
  const f = makeFinding(checkId, severity, severity === 'reject' ? 'fail' : 'warn', d.messageKey, { checkId, ...d.params }, { unverified: d.reasons }, target, fmt);
  f.code = 'check_unverified';
  if (d.pages.length) f.page = d.pages[0]!;
  return f;
}

/** What a raw check result means under the rule's severity. */
export function outcomeFor(result: CheckResult['outcome'], severity: Severity): FindingOutcome {
  if (result === 'skipped') return 'skipped';
  if (result === 'pass') return 'pass';
  if (severity === 'reject') return 'fail';
  if (severity === 'warn' || severity === 'autofix') return 'warn';
  return 'pass'; // 'info' (and 'off', which never runs)
}

function fromResult(checkId: string, severity: Severity, result: CheckResult, target: Record<string, unknown>, fmt: MessageFormat): Finding {
  const f = makeFinding(checkId, severity, outcomeFor(result.outcome, severity), result.messageKey, result.params ?? {}, result.actual, result.target ?? target, fmt);
  if (result.page !== undefined) f.page = result.page;
  if (result.boxes !== undefined) f.boxes = result.boxes;
  if (result.code !== undefined) f.code = result.code;
  return f;
}

function makeFinding(
  checkId: string,
  severity: Severity,
  outcome: FindingOutcome,
  messageKey: string,
  params: Record<string, string | number>,
  actual: unknown,
  target: unknown,
  fmt: MessageFormat,
): Finding {
  // Catalogue templates may say {actual.dpi} or {target.min_dpi} (reference "Messages"); the
  // merged params are kept on the finding so a UI can re-render it in another locale.
  const merged = { ...flatten('actual', actual), ...flatten('target', target), ...params };
  const f: Finding = { checkId, severity, outcome, message: t(messageKey, merged, fmt.locale, { units: fmt.units }), messageKey, params: merged };
  if (actual !== undefined) f.actual = actual;
  if (target !== undefined) f.target = target;
  return f;
}

/** { dpi: 150, size: { w: 2 } } → { 'actual.dpi': 150, 'actual.size.w': 2 } (primitives only, two levels). */
function flatten(prefix: string, value: unknown, depth = 0): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  if (typeof value === 'number' || typeof value === 'string') {
    out[prefix] = value;
  } else if (value && typeof value === 'object' && !Array.isArray(value) && depth < 2) {
    for (const [k, v] of Object.entries(value)) Object.assign(out, flatten(`${prefix}.${k}`, v, depth + 1));
  }
  return out;
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export { fileOutcome } from './outcome';
