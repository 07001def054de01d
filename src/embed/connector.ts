// The connector: writes facts about the customer's files (page count, size, area, file count)
// into the store's own inputs, so the store's price logic sees them. Shapes follow the
// reference's "Connector binding". Applied on every status update; each binding reports a result.
//
// Values come from IntakeFacts.aggregate (width/height/area: the first file's, as the known
// product does). A value is written only when the control does not already hold it, and then
// real bubbling `input`/`change` events are fired so host frameworks (React, Vue, Alpine, theme
// scripts) notice. Counts are written only when every file's count is known, so a half-inspected
// order is never priced.
import type { IntakeFacts } from '../core/types';
import { convertAndRound, isUnit, type RoundMode, type Unit } from '../core/units';

export type ConnectorSource = 'pageCount' | 'fileCount' | 'colorPageCount' | 'monoPageCount' | 'width' | 'height' | 'area';
export type ConnectorControl = 'quantity' | 'width' | 'height' | 'area';

export interface ConnectorBinding {
  id: string;
  enabled?: boolean;
  source: ConnectorSource;
  control?: ConnectorControl;
  customSelector?: string;
  /** How to write: the control's value (default for form controls), its text, or an attribute. */
  set?: 'value' | 'text' | 'attr';
  attr?: string;
  /** Events fired after a write (default ['input', 'change'] for set: 'value', none otherwise). */
  emit?: string[];
  /** Unit of the fact (default 'mm'; area is in mm²): 'mm' | 'cm' | 'in' | 'pt' or mm per unit. */
  convertFrom?: Unit;
  /** Unit written (default: convertFrom). Area converts with the unit squared. */
  convertTo?: Unit;
  decimals?: number;
  round?: RoundMode;
}

export interface ConnectorConfig {
  bindings: ConnectorBinding[];
}

export type BindingReason =
  | 'disabled' // binding has enabled: false
  | 'no_value' // the fact is not known (yet): no files, still inspecting, no physical size
  | 'no_selector' // neither control nor customSelector
  | 'invalid_selector'
  | 'invalid_binding' // unknown source/control/set, missing attr, bad unit or decimals
  | 'element_not_found'
  | 'no_matching_option' // a <select> has no option with that value
  | 'no_document';

export interface BindingResult {
  bindingId: string;
  selector: string | null;
  /** The value computed for the binding (after conversion and rounding); null when unknown. */
  value: number | null;
  /** True when the control holds the value after this apply (written now, or already there). */
  applied: boolean;
  /** True when this apply wrote to the control (and fired the events). */
  changed: boolean;
  reason?: BindingReason;
}

export interface Connector {
  /** Write the facts into the page's controls; returns (and reports to onApply) one result per binding. */
  apply(facts: IntakeFacts, doc?: Document): BindingResult[];
  /** Replace the configuration (null: no bindings). Does not apply by itself. */
  set(config: ConnectorConfig | null): void;
  readonly config: ConnectorConfig | null;
}

export const CONTROL_SELECTORS: Record<ConnectorControl, string> = {
  quantity: 'input[name="quantity"], input[name="qty"], [name="quantity"]',
  width: '[data-filecheck-control="width"]',
  height: '[data-filecheck-control="height"]',
  area: '[data-filecheck-control="area"]',
};

const SOURCES: readonly ConnectorSource[] = ['pageCount', 'fileCount', 'colorPageCount', 'monoPageCount', 'width', 'height', 'area'];
const LENGTHS: readonly ConnectorSource[] = ['width', 'height'];

/** The selector a binding writes to, or null when it names none. */
export function bindingSelector(binding: ConnectorBinding): string | null {
  if (typeof binding.customSelector === 'string' && binding.customSelector.trim() !== '') return binding.customSelector;
  if (binding.control && Object.prototype.hasOwnProperty.call(CONTROL_SELECTORS, binding.control)) return CONTROL_SELECTORS[binding.control];
  return null;
}

/** Why a binding cannot work at all (independent of facts and page), or null when it is well formed. */
export function checkBinding(binding: ConnectorBinding): BindingReason | null {
  if (!binding || typeof binding !== 'object') return 'invalid_binding';
  if (!SOURCES.includes(binding.source)) return 'invalid_binding';
  if (binding.control !== undefined && !Object.prototype.hasOwnProperty.call(CONTROL_SELECTORS, binding.control)) return 'invalid_binding';
  if (binding.set !== undefined && !['value', 'text', 'attr'].includes(binding.set)) return 'invalid_binding';
  if (binding.set === 'attr' && (typeof binding.attr !== 'string' || binding.attr.trim() === '')) return 'invalid_binding';
  if (binding.convertFrom !== undefined && !isUnit(binding.convertFrom)) return 'invalid_binding';
  if (binding.convertTo !== undefined && !isUnit(binding.convertTo)) return 'invalid_binding';
  if (binding.decimals !== undefined && !(Number.isInteger(binding.decimals) && binding.decimals >= 0 && binding.decimals <= 10)) return 'invalid_binding';
  if (binding.round !== undefined && !['round', 'floor', 'ceil'].includes(binding.round)) return 'invalid_binding';
  if (binding.emit !== undefined && !(Array.isArray(binding.emit) && binding.emit.every((e) => typeof e === 'string' && e !== ''))) return 'invalid_binding';
  if (bindingSelector(binding) === null) return 'no_selector';
  return null;
}

function allKnown(facts: IntakeFacts, key: 'pageCount' | 'colorPageCount' | 'monoPageCount'): boolean {
  return facts.files.length > 0 && facts.files.every((f) => typeof f[key] === 'number' && Number.isFinite(f[key]));
}

/**
 * The value a binding writes for these facts (converted and rounded), or null when unknown.
 * Counts need every file's count; sizes need a positive size; no files means no value at all.
 */
export function bindingValue(binding: ConnectorBinding, facts: IntakeFacts): number | null {
  const agg = facts?.aggregate;
  if (!agg || !(agg.fileCount > 0)) return null;
  const source = binding.source;
  let raw: number | null;
  switch (source) {
    case 'fileCount':
      raw = agg.fileCount;
      break;
    case 'pageCount':
    case 'colorPageCount':
    case 'monoPageCount':
      raw = allKnown(facts, source) ? agg[source] : null;
      if (source === 'pageCount' && raw !== null && raw <= 0) raw = null;
      break;
    case 'width':
    case 'height':
    case 'area':
      raw = agg[source];
      if (raw !== null && !(raw > 0)) raw = null;
      break;
    default:
      raw = null;
  }
  if (raw === null || !Number.isFinite(raw)) return null;
  const isSize = LENGTHS.includes(source) || source === 'area';
  if (!isSize) {
    // Counts have no unit; rounding only when asked.
    return binding.decimals === undefined && binding.round === undefined
      ? raw
      : convertAndRound(raw, { decimals: binding.decimals, round: binding.round });
  }
  return convertAndRound(raw, {
    from: binding.convertFrom ?? 'mm',
    to: binding.convertTo ?? binding.convertFrom ?? 'mm',
    dimension: source === 'area' ? 2 : 1,
    decimals: binding.decimals,
    round: binding.round,
  });
}

/** A number as written into a control: plain decimal notation, no exponent, no float noise. */
export function formatValue(value: number): string {
  if (Number.isInteger(value)) return String(value);
  const s = String(value);
  return /e/i.test(s) ? value.toFixed(10).replace(/\.?0+$/, '') : s;
}

type Writable = Element & { value?: unknown; disabled?: boolean };

function isFormControl(el: Writable): boolean {
  const tag = el.tagName?.toUpperCase();
  return tag === 'INPUT' || tag === 'SELECT' || tag === 'TEXTAREA' || tag === 'OUTPUT';
}

/**
 * Set a control's value through the native setter of its own prototype, so frameworks that wrap
 * the instance's `value` property (React's controlled inputs) see the change with the event.
 */
function setNativeValue(el: Writable, value: string): void {
  let proto: object | null = Object.getPrototypeOf(el);
  while (proto && proto !== Object.prototype) {
    const desc = Object.getOwnPropertyDescriptor(proto, 'value');
    if (desc?.set) {
      desc.set.call(el, value);
      return;
    }
    proto = Object.getPrototypeOf(proto);
  }
  el.value = value;
}

function fire(el: Element, names: string[]): void {
  const win = el.ownerDocument?.defaultView as (Window & typeof globalThis) | null | undefined;
  const EventCtor: typeof Event = win?.Event ?? Event;
  for (const name of names) el.dispatchEvent(new EventCtor(name, { bubbles: true, cancelable: false }));
}

function applyBinding(binding: ConnectorBinding, facts: IntakeFacts, doc: Document | null): BindingResult {
  const bindingId = typeof binding?.id === 'string' ? binding.id : '';
  const selector = binding && typeof binding === 'object' ? bindingSelector(binding) : null;
  const result = (value: number | null, applied: boolean, changed: boolean, reason?: BindingReason): BindingResult =>
    reason ? { bindingId, selector, value, applied, changed, reason } : { bindingId, selector, value, applied, changed };

  const invalid = checkBinding(binding);
  if (invalid) return result(null, false, false, invalid);
  if (binding.enabled === false) return result(null, false, false, 'disabled');
  const value = bindingValue(binding, facts);
  if (value === null) return result(null, false, false, 'no_value');
  if (!doc) return result(value, false, false, 'no_document');

  let el: Writable | null;
  try {
    el = doc.querySelector(selector!);
  } catch {
    return result(value, false, false, 'invalid_selector');
  }
  if (!el) return result(value, false, false, 'element_not_found');

  const text = formatValue(value);
  const mode = binding.set ?? (isFormControl(el) ? 'value' : 'text');
  let changed = false;
  if (mode === 'value') {
    if (el.tagName?.toUpperCase() === 'SELECT') {
      const options = Array.from((el as unknown as HTMLSelectElement).options ?? []);
      if (!options.some((o) => o.value === text)) return result(value, false, false, 'no_matching_option');
    }
    if (String(el.value ?? '') !== text) {
      setNativeValue(el, text);
      changed = true;
    }
  } else if (mode === 'text') {
    if (el.textContent !== text) {
      el.textContent = text;
      changed = true;
    }
  } else {
    const name = binding.attr!.trim();
    if (el.getAttribute(name) !== text) {
      el.setAttribute(name, text);
      changed = true;
    }
  }
  if (changed) fire(el, binding.emit ?? (mode === 'value' ? ['input', 'change'] : []));
  return result(value, true, changed);
}

function normalize(config: ConnectorConfig | null | undefined): ConnectorConfig | null {
  if (!config || typeof config !== 'object') return null;
  const bindings = Array.isArray(config.bindings) ? config.bindings : [];
  return { bindings: [...bindings] };
}

export function createConnector(config: ConnectorConfig | null | undefined, onApply?: (results: BindingResult[]) => void): Connector {
  let current = normalize(config);
  return {
    get config() {
      return current;
    },
    set(next) {
      current = normalize(next);
    },
    apply(facts, doc) {
      if (!current || current.bindings.length === 0) return [];
      const d = doc ?? (typeof document !== 'undefined' ? document : null);
      const results = current.bindings.map((b) => applyBinding(b, facts, d));
      if (onApply) {
        try {
          onApply(results);
        } catch (err) {
          // A host callback that throws must not break the intake.
          setTimeout(() => {
            throw err;
          });
        }
      }
      return results;
    },
  };
}
