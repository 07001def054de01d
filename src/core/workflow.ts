// Workflow JSON → a validated, normalised Workflow. Workflows come from shop owners and from
// workflows written for the known product, so parsing is tolerant about omissions (sensible
// defaults) and strict about contradictions; every error names the offending field by its path.
import type {
  AcceptEntry,
  Cardinality,
  CheckRule,
  FileKind,
  Localizable,
  OnFail,
  Profile,
  ProfileSection,
  Rule,
  Severity,
  Slot,
  UiOptions,
  Workflow,
} from './types';
import { readContextVariants } from './context';

export interface WorkflowError {
  code: 'workflow_invalid';
  message: string;
  /** Dotted path of the offending field, e.g. 'rule.accepts[0].kind' ('' for the whole input). */
  path: string;
}

export type ParseWorkflowResult = { ok: true; workflow: Workflow } | { ok: false; error: WorkflowError };

const KINDS: readonly FileKind[] = ['pdf', 'raster'];
const SEVERITIES: readonly Severity[] = ['reject', 'warn', 'autofix', 'info', 'off'];
const ON_FAIL: readonly OnFail[] = ['reject', 'accept_with_warnings', 'manual_review'];

class InvalidField extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(message);
  }
}

/** Parse a workflow (object or JSON text). Never throws. */
export function parseWorkflow(input: unknown): ParseWorkflowResult {
  try {
    if (typeof input === 'string') {
      try {
        input = JSON.parse(input);
      } catch {
        throw new InvalidField('', 'workflow is not valid JSON');
      }
    }
    return { ok: true, workflow: readWorkflow(input) };
  } catch (e) {
    if (e instanceof InvalidField) return { ok: false, error: { code: 'workflow_invalid', message: e.message, path: e.path } };
    throw e;
  }
}

function readWorkflow(input: unknown): Workflow {
  const w = object(input, '');
  const schemaVersion = w.schemaVersion ?? 1;
  if (schemaVersion !== 1) fail('schemaVersion', 'must be 1', schemaVersion);
  const workflow: Workflow = { schemaVersion: 1, rule: readRule(w.rule, 'rule') };
  const id = optionalString(w.id, 'id');
  if (id !== undefined) workflow.id = id;
  const title = optionalLocalizable(w.title, 'title');
  if (title !== undefined) workflow.title = title;
  if (w.trigger !== undefined) workflow.trigger = w.trigger;
  if (w.ui !== undefined) workflow.ui = object(w.ui, 'ui') as UiOptions;
  if (w.proof !== undefined) {
    const p = object(w.proof, 'proof');
    workflow.proof = {};
    const approvalRequired = optionalBoolean(p.approvalRequired, 'proof.approvalRequired');
    if (approvalRequired !== undefined) workflow.proof.approvalRequired = approvalRequired;
    const message = optionalString(p.message, 'proof.message');
    if (message !== undefined) workflow.proof.message = message;
    const affirm = optionalString(p.affirmButtonText, 'proof.affirmButtonText');
    if (affirm !== undefined) workflow.proof.affirmButtonText = affirm;
  }
  if (w.contexts !== undefined && w.contexts !== null) {
    const read = readContextVariants(w.contexts);
    if (!read.ok) throw new InvalidField(read.error.path, read.error.message);
    workflow.contexts = read.variants;
  }
  return workflow;
}

function readRule(input: unknown, path: string): Rule {
  if (input === undefined || input === null) throw new InvalidField(path, `${path} is required`);
  const r = object(input, path);
  // Some workflows state onFail once for the whole rule; an entry's own onFail wins.
  const ruleOnFail = r.onFail === undefined ? 'reject' : oneOf(r.onFail, ON_FAIL, `${path}.onFail`);
  const accepts = array(r.accepts, `${path}.accepts`);
  if (accepts.length === 0) throw new InvalidField(`${path}.accepts`, `${path}.accepts must list at least one file kind`);
  const rule: Rule = {
    cardinality: readCardinality(r.cardinality, `${path}.cardinality`),
    accepts: accepts.map((a, i) => readAcceptEntry(a, `${path}.accepts[${i}]`, ruleOnFail)),
    rejectUnknownTypes: optionalBoolean(r.rejectUnknownTypes, `${path}.rejectUnknownTypes`) ?? true,
  };
  const id = optionalString(r.id, `${path}.id`);
  if (id !== undefined) rule.id = id;
  const description = optionalString(r.description, `${path}.description`);
  if (description !== undefined) rule.description = description;
  if (r.ui !== undefined) {
    const ui = object(r.ui, `${path}.ui`);
    const title = optionalString(ui.title, `${path}.ui.title`);
    rule.ui = title !== undefined ? { title } : {};
  }
  return rule;
}

function readCardinality(input: unknown, path: string): Cardinality {
  if (input === undefined || input === null) return { min: 1, max: 1, slots: [] };
  const c = object(input, path);
  const slots = c.slots === undefined || c.slots === null ? [] : array(c.slots, `${path}.slots`).map((s, i) => readSlot(s, `${path}.slots[${i}]`));
  const seen = new Set<string>();
  slots.forEach((s, i) => {
    if (seen.has(s.id)) throw new InvalidField(`${path}.slots[${i}].id`, `${path}.slots[${i}].id "${s.id}" is used by another slot`);
    seen.add(s.id);
  });
  // Without an explicit max, named slots imply room for one file each.
  const max = c.max === undefined ? Math.max(1, slots.length) : integer(c.max, `${path}.max`);
  const min = c.min === undefined ? Math.min(1, max) : integer(c.min, `${path}.min`);
  if (min < 0) fail(`${path}.min`, 'must be 0 or more', c.min);
  if (max < 1) fail(`${path}.max`, 'must be 1 or more', c.max);
  if (min > max) throw new InvalidField(`${path}.min`, `${path}.min (${min}) must not be more than ${path}.max (${max})`);
  if (slots.length > max) {
    throw new InvalidField(`${path}.max`, `${path}.max (${max}) must be at least the number of slots (${slots.length})`);
  }
  return { min, max, slots };
}

function readSlot(input: unknown, path: string): Slot {
  // "Front" is shorthand for { id: "Front", label: "Front", required: true }.
  if (typeof input === 'string') {
    if (!input.trim()) fail(path, 'must not be empty', input);
    return { id: input, label: input, required: true };
  }
  const s = object(input, path, 'a slot name or { id, label, required }');
  const id = s.id ?? s.label;
  if (typeof id !== 'string' || !id.trim()) fail(`${path}.id`, 'must be a non-empty string', s.id);
  const label = optionalString(s.label, `${path}.label`) ?? (id as string);
  const required = optionalBoolean(s.required, `${path}.required`) ?? true;
  if (s.labels === undefined) return { id: id as string, label, required };
  const labels = object(s.labels, `${path}.labels`, 'an object of locale → label');
  for (const [locale, text] of Object.entries(labels)) if (typeof text !== 'string') fail(`${path}.labels.${locale}`, 'must be a string', text);
  return { id: id as string, label, labels: labels as Record<string, string>, required };
}

function readAcceptEntry(input: unknown, path: string, defaultOnFail: OnFail): AcceptEntry {
  const a = object(input, path);
  const kind = oneOf(a.kind, KINDS, `${path}.kind`);
  const entry: AcceptEntry = {
    kind,
    mimeTypes: stringList(a.mimeTypes, `${path}.mimeTypes`).map((m) => m.trim().toLowerCase()),
    extensions: stringList(a.extensions, `${path}.extensions`).map((e) => e.trim().toLowerCase().replace(/^\.+/, '')),
    convertToPdf: optionalBoolean(a.convertToPdf, `${path}.convertToPdf`) ?? false,
    preflight: readPreflight(a.preflight, `${path}.preflight`),
    onFail: a.onFail === undefined ? defaultOnFail : oneOf(a.onFail, ON_FAIL, `${path}.onFail`),
  };
  if (a.maxSize !== undefined && a.maxSize !== null) {
    if (typeof a.maxSize !== 'number' || !Number.isFinite(a.maxSize) || a.maxSize <= 0) {
      fail(`${path}.maxSize`, 'must be a positive number of bytes', a.maxSize);
    }
    entry.maxSize = a.maxSize;
  }
  return entry;
}

function readPreflight(input: unknown, path: string): AcceptEntry['preflight'] {
  // No preflight block: nothing to run. A block without `enabled` means it is meant to run.
  if (input === undefined || input === null) return { enabled: false };
  const p = object(input, path);
  const preflight: AcceptEntry['preflight'] = { enabled: optionalBoolean(p.enabled, `${path}.enabled`) ?? true };
  if (p.profile !== undefined && p.profile !== null) preflight.profile = readProfile(p.profile, `${path}.profile`);
  return preflight;
}

function readProfile(input: unknown, path: string): Profile {
  const p = object(input, path);
  const profile: Profile = { sections: {} };
  const id = optionalString(p.id, `${path}.id`);
  if (id !== undefined) profile.id = id;
  const name = optionalString(p.name, `${path}.name`);
  if (name !== undefined) profile.name = name;
  if (p.schemaVersion !== undefined) profile.schemaVersion = integer(p.schemaVersion, `${path}.schemaVersion`);
  if (p.sections !== undefined && p.sections !== null) {
    const sections = object(p.sections, `${path}.sections`);
    // Unknown section names are kept: checks find their rules by id, not by section.
    for (const [name, section] of Object.entries(sections)) {
      profile.sections[name] = readSection(section, `${path}.sections.${name}`);
    }
  }
  return profile;
}

function readSection(input: unknown, path: string): ProfileSection {
  const s = object(input, path);
  const section: ProfileSection = { enabled: optionalBoolean(s.enabled, `${path}.enabled`) ?? true, rules: {} };
  const id = optionalString(s.id, `${path}.id`);
  if (id !== undefined) section.id = id;
  if (s.rules !== undefined && s.rules !== null) {
    // Unknown check ids are kept: the evaluator reports them as unsupported instead of dropping them.
    for (const [checkId, rule] of Object.entries(object(s.rules, `${path}.rules`))) {
      section.rules[checkId] = readCheckRule(rule, `${path}.rules.${checkId}`, checkId);
    }
  }
  return section;
}

function readCheckRule(input: unknown, path: string, checkId: string): CheckRule {
  const r = object(input, path);
  // A rule without a severity takes the check's documented default (reference "Checks and their
  // targets"), resolved by the evaluator so that parsing does not need to know every check.
  void checkId;
  const rule: CheckRule = {
    enabled: optionalBoolean(r.enabled, `${path}.enabled`) ?? true,
    target: r.target === undefined || r.target === null ? {} : object(r.target, `${path}.target`),
  };
  if (r.severity !== undefined) rule.severity = oneOf(r.severity, SEVERITIES, `${path}.severity`);
  const id = optionalString(r.id, `${path}.id`);
  if (id !== undefined) rule.id = id;
  return rule;
}

// ---------------------------------------------------------------------------------------------
// Helpers for the <input accept> attribute and for UIs.

/** The kinds of file a rule accepts, in the rule's order, without repeats. */
export function kindsAccepted(rule: Rule): FileKind[] {
  return [...new Set(rule.accepts.map((a) => a.kind))];
}

/**
 * Value for `<input type="file" accept=…>`: the rule's MIME types and `.extensions`. This only
 * steers the file picker; acceptance is decided from content. Returns '' (any file) when the rule
 * lets unknown types through, so the picker does not hide files the rule would take.
 */
export function acceptAttribute(rule: Rule): string {
  if (!rule.rejectUnknownTypes) return '';
  const tokens: string[] = [];
  for (const a of rule.accepts) {
    if (a.mimeTypes.length === 0 && a.extensions.length === 0) {
      tokens.push(...(a.kind === 'pdf' ? ['application/pdf', '.pdf'] : ['image/*']));
      continue;
    }
    tokens.push(...a.mimeTypes, ...a.extensions.map((e) => `.${e}`));
  }
  return [...new Set(tokens)].join(',');
}

// ---------------------------------------------------------------------------------------------
// Small readers that throw InvalidField with a message naming the path.

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'an object';
  const text = JSON.stringify(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

function fail(path: string, requirement: string, got: unknown): never {
  throw new InvalidField(path, `${path || 'workflow'} ${requirement} (got ${describe(got)})`);
}

function object(value: unknown, path: string, what = 'an object'): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(path, `must be ${what}`, value);
  return value as Record<string, unknown>;
}

function array(value: unknown, path: string): unknown[] {
  if (!Array.isArray(value)) fail(path, 'must be a list', value);
  return value;
}

function stringList(value: unknown, path: string): string[] {
  if (value === undefined || value === null) return [];
  return array(value, path).map((v, i) => {
    if (typeof v !== 'string') fail(`${path}[${i}]`, 'must be a string', v);
    return v;
  });
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], path: string): T {
  if (typeof value !== 'string' || !allowed.includes(value as T)) {
    const list = allowed.map((a) => `"${a}"`);
    const choice = list.length === 2 ? `${list[0]} or ${list[1]}` : `one of ${list.join(', ')}`;
    fail(path, `must be ${choice}`, value);
  }
  return value as T;
}

function integer(value: unknown, path: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) fail(path, 'must be a whole number', value);
  return value;
}

function optionalString(value: unknown, path: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') fail(path, 'must be text', value);
  return value;
}

/** A store text: a string, or one string per locale ({ "en": "Front", "de": "Vorderseite" }). */
function optionalLocalizable(value: unknown, path: string): Localizable | undefined {
  if (value === undefined || typeof value === 'string') return value;
  const byLocale = object(value, path, 'a string or an object of locale → text');
  for (const [locale, text] of Object.entries(byLocale)) if (typeof text !== 'string') fail(`${path}.${locale}`, 'must be a string', text);
  return byLocale as Record<string, string>;
}

function optionalBoolean(value: unknown, path: string): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') fail(path, 'must be true or false', value);
  return value;
}
