// The connector against a tiny hand-made DOM: selectors are matched literally, elements record the
// events dispatched on them. The real DOM behaviour is proven in e2e/connector.spec.ts.
import { describe, expect, it } from 'vitest';
import type { IntakeFacts, IntakeFileFacts } from '../core/types';
import { bindingSelector, bindingValue, checkBinding, CONTROL_SELECTORS, createConnector, formatValue, type ConnectorBinding } from './connector';

class FakeElement {
  events: string[] = [];
  attrs = new Map<string, string>();
  textContent = '';
  disabled = false;
  options?: { value: string }[];
  constructor(
    public tagName: string,
    private _value = '',
  ) {}
  get value(): string {
    return this._value;
  }
  set value(v: string) {
    this.writes++;
    this._value = v;
  }
  writes = 0;
  getAttribute(name: string): string | null {
    return this.attrs.has(name) ? this.attrs.get(name)! : null;
  }
  setAttribute(name: string, v: string): void {
    this.attrs.set(name, v);
  }
  dispatchEvent(ev: Event): boolean {
    this.events.push(`${ev.type}${ev.bubbles ? '' : '(no-bubble)'}`);
    return true;
  }
}

function fakeDoc(map: Record<string, FakeElement>): Document {
  return {
    querySelector(sel: string) {
      if (sel === '!!bad') throw new SyntaxError('bad selector');
      return map[sel] ?? null;
    },
  } as unknown as Document;
}

function file(over: Partial<IntakeFileFacts> = {}): IntakeFileFacts {
  return {
    id: 'file_1', name: 'a.pdf', pageCount: 3, width: 210, height: 297, area: 62370,
    orientation: 'portrait', spotColorCount: 0, usesTransparency: false, colorPageCount: 2, monoPageCount: 1, ...over,
  };
}

function facts(files: IntakeFileFacts[]): IntakeFacts {
  const sum = (k: 'pageCount' | 'colorPageCount' | 'monoPageCount') => files.reduce((t, f) => t + (f[k] ?? 0), 0);
  return {
    files,
    aggregate: {
      fileCount: files.length, pageCount: sum('pageCount'), colorPageCount: sum('colorPageCount'), monoPageCount: sum('monoPageCount'),
      width: files[0]?.width ?? null, height: files[0]?.height ?? null, area: files[0]?.area ?? null,
    },
  };
}

const A4 = facts([file()]);

describe('bindingValue', () => {
  it('takes counts from the aggregate and sizes from the first file', () => {
    const two = facts([file(), file({ id: 'file_2', pageCount: 5, width: 100, height: 50, area: 5000, colorPageCount: 0, monoPageCount: 5 })]);
    expect(bindingValue({ id: 'p', source: 'pageCount' }, two)).toBe(8);
    expect(bindingValue({ id: 'f', source: 'fileCount' }, two)).toBe(2);
    expect(bindingValue({ id: 'c', source: 'colorPageCount' }, two)).toBe(2);
    expect(bindingValue({ id: 'm', source: 'monoPageCount' }, two)).toBe(6);
    expect(bindingValue({ id: 'w', source: 'width' }, two)).toBe(210);
    expect(bindingValue({ id: 'h', source: 'height' }, two)).toBe(297);
    expect(bindingValue({ id: 'a', source: 'area' }, two)).toBe(62370);
  });
  it('converts lengths, and areas with the unit squared, then rounds', () => {
    expect(bindingValue({ id: 'w', source: 'width', convertTo: 'cm' }, A4)).toBe(21);
    expect(bindingValue({ id: 'h', source: 'height', convertTo: 'in', decimals: 2 }, A4)).toBe(11.69);
    expect(bindingValue({ id: 'h', source: 'height', convertTo: 'in', round: 'ceil' }, A4)).toBe(12);
    expect(bindingValue({ id: 'a', source: 'area', convertTo: 'cm' }, A4)).toBe(623.7);
    expect(bindingValue({ id: 'a', source: 'area', convertTo: 'cm', round: 'floor' }, A4)).toBe(623);
    expect(bindingValue({ id: 'a', source: 'area', convertTo: 'in', decimals: 1 }, A4)).toBe(96.7); // 62370 / 645.16
    expect(bindingValue({ id: 'w', source: 'width', convertFrom: 'cm', convertTo: 'mm' }, A4)).toBe(2100);
    expect(bindingValue({ id: 'w', source: 'width', convertTo: 2 }, A4)).toBe(105);
  });
  it('counts have no unit', () => {
    expect(bindingValue({ id: 'p', source: 'pageCount', convertTo: 'in' }, A4)).toBe(3);
  });
  it('is null when the fact is unknown', () => {
    expect(bindingValue({ id: 'p', source: 'pageCount' }, facts([]))).toBeNull();
    expect(bindingValue({ id: 'f', source: 'fileCount' }, facts([]))).toBeNull();
    // one file still inspecting: a partial page count would misprice the order
    const partial = facts([file(), file({ id: 'file_2', pageCount: null, width: null, height: null, area: null, colorPageCount: null, monoPageCount: null })]);
    expect(bindingValue({ id: 'p', source: 'pageCount' }, partial)).toBeNull();
    expect(bindingValue({ id: 'c', source: 'colorPageCount' }, partial)).toBeNull();
    expect(bindingValue({ id: 'f', source: 'fileCount' }, partial)).toBe(2);
    expect(bindingValue({ id: 'w', source: 'width' }, partial)).toBe(210);
    // an image without a stated resolution has no size in mm
    const noSize = facts([file({ width: null, height: null, area: null, pageCount: 1 })]);
    expect(bindingValue({ id: 'w', source: 'width' }, noSize)).toBeNull();
    expect(bindingValue({ id: 'a', source: 'area' }, noSize)).toBeNull();
    // zero colour pages is a real value
    expect(bindingValue({ id: 'c', source: 'colorPageCount' }, facts([file({ colorPageCount: 0, monoPageCount: 3 })]))).toBe(0);
  });
});

describe('checkBinding and selectors', () => {
  it('maps controls to default selectors; customSelector wins', () => {
    expect(bindingSelector({ id: 'q', source: 'pageCount', control: 'quantity' })).toBe(CONTROL_SELECTORS.quantity);
    expect(CONTROL_SELECTORS.quantity).toBe('input[name="quantity"], input[name="qty"], [name="quantity"]');
    expect(bindingSelector({ id: 'w', source: 'width', control: 'width' })).toBe('[data-filecheck-control="width"]');
    expect(bindingSelector({ id: 'w', source: 'width', control: 'width', customSelector: '#w' })).toBe('#w');
    expect(bindingSelector({ id: 'w', source: 'width' })).toBeNull();
  });
  it('flags malformed bindings', () => {
    const ok: ConnectorBinding = { id: 'x', source: 'width', control: 'width' };
    expect(checkBinding(ok)).toBeNull();
    expect(checkBinding({ ...ok, source: 'pages' as never })).toBe('invalid_binding');
    expect(checkBinding({ ...ok, control: 'price' as never })).toBe('invalid_binding');
    expect(checkBinding({ ...ok, set: 'attr' })).toBe('invalid_binding');
    expect(checkBinding({ ...ok, set: 'attr', attr: 'data-w' })).toBeNull();
    expect(checkBinding({ ...ok, convertTo: 'ft' as never })).toBe('invalid_binding');
    expect(checkBinding({ ...ok, decimals: -1 })).toBe('invalid_binding');
    expect(checkBinding({ ...ok, round: 'up' as never })).toBe('invalid_binding');
    expect(checkBinding({ id: 'x', source: 'width' })).toBe('no_selector');
  });
  it('formats numbers without exponents', () => {
    expect(formatValue(3)).toBe('3');
    expect(formatValue(11.69)).toBe('11.69');
    expect(formatValue(0.0000001)).toBe('0.0000001');
  });
});

describe('createConnector.apply', () => {
  it('writes values, fires bubbling input and change, and reports each binding', () => {
    const qty = new FakeElement('INPUT', '1');
    const width = new FakeElement('INPUT');
    const label = new FakeElement('SPAN');
    const box = new FakeElement('DIV');
    const doc = fakeDoc({ [CONTROL_SELECTORS.quantity]: qty, '[data-filecheck-control="width"]': width, '#pages': label, '#box': box });
    const reported: unknown[] = [];
    const connector = createConnector(
      {
        bindings: [
          { id: 'qty', source: 'pageCount', control: 'quantity' },
          { id: 'w', source: 'width', control: 'width', convertTo: 'cm', decimals: 1 },
          { id: 'text', source: 'pageCount', customSelector: '#pages' },
          { id: 'attr', source: 'area', customSelector: '#box', set: 'attr', attr: 'data-area', convertTo: 'cm', round: 'ceil' },
          { id: 'gone', source: 'height', customSelector: '#nope' },
          { id: 'off', enabled: false, source: 'height', customSelector: '#pages' },
          { id: 'bad', source: 'height', customSelector: '!!bad' },
        ],
      },
      (r) => reported.push(r),
    );
    const results = connector.apply(A4, doc);
    expect(results).toEqual([
      { bindingId: 'qty', selector: CONTROL_SELECTORS.quantity, value: 3, applied: true, changed: true },
      { bindingId: 'w', selector: '[data-filecheck-control="width"]', value: 21, applied: true, changed: true },
      { bindingId: 'text', selector: '#pages', value: 3, applied: true, changed: true },
      { bindingId: 'attr', selector: '#box', value: 624, applied: true, changed: true },
      { bindingId: 'gone', selector: '#nope', value: 297, applied: false, changed: false, reason: 'element_not_found' },
      { bindingId: 'off', selector: '#pages', value: null, applied: false, changed: false, reason: 'disabled' },
      { bindingId: 'bad', selector: '!!bad', value: 297, applied: false, changed: false, reason: 'invalid_selector' },
    ]);
    expect(reported).toEqual([results]);
    expect(qty.value).toBe('3');
    expect(qty.events).toEqual(['input', 'change']);
    expect(width.value).toBe('21');
    expect(label.textContent).toBe('3');
    expect(label.events).toEqual([]); // text and attr writes fire nothing unless asked
    expect(box.getAttribute('data-area')).toBe('624');
  });

  it('writes only when the value changed', () => {
    const qty = new FakeElement('INPUT', '1');
    const doc = fakeDoc({ [CONTROL_SELECTORS.quantity]: qty });
    const connector = createConnector({ bindings: [{ id: 'qty', source: 'pageCount', control: 'quantity' }] });
    connector.apply(A4, doc);
    const again = connector.apply(A4, doc);
    expect(again[0]).toMatchObject({ applied: true, changed: false });
    expect(qty.writes).toBe(1);
    expect(qty.events).toEqual(['input', 'change']);
    // the customer typed something else: the next apply restores the page count
    qty.value = '7';
    connector.apply(A4, doc);
    expect(qty.value).toBe('3');
    expect(qty.events).toEqual(['input', 'change', 'input', 'change']);
  });

  it('custom emit list, select options, no value', () => {
    const sel = new FakeElement('SELECT', '1');
    sel.options = [{ value: '1' }, { value: '2' }, { value: '3' }];
    const sel2 = new FakeElement('SELECT', '1');
    sel2.options = [{ value: '1' }];
    const doc = fakeDoc({ '#s': sel, '#s2': sel2 });
    const connector = createConnector({
      bindings: [
        { id: 's', source: 'pageCount', customSelector: '#s', emit: ['change'] },
        { id: 's2', source: 'pageCount', customSelector: '#s2' },
      ],
    });
    const r = connector.apply(A4, doc);
    expect(sel.value).toBe('3');
    expect(sel.events).toEqual(['change']);
    expect(r[1]).toMatchObject({ applied: false, reason: 'no_matching_option' });
    expect(sel2.value).toBe('1');
    expect(connector.apply(facts([]), doc).map((x) => x.reason)).toEqual(['no_value', 'no_value']);
  });

  it('set(null) turns it off; set(cfg) replaces the bindings; no callback without bindings', () => {
    const qty = new FakeElement('INPUT', '1');
    const doc = fakeDoc({ [CONTROL_SELECTORS.quantity]: qty });
    let calls = 0;
    const connector = createConnector(null, () => calls++);
    expect(connector.apply(A4, doc)).toEqual([]);
    connector.set({ bindings: [{ id: 'qty', source: 'fileCount', control: 'quantity' }] });
    expect(connector.apply(A4, doc)[0]).toMatchObject({ value: 1, applied: true, changed: false });
    connector.set(null);
    expect(connector.config).toBeNull();
    expect(connector.apply(A4, doc)).toEqual([]);
    expect(calls).toBe(1);
  });

  it('without a document it reports no_document', () => {
    const connector = createConnector({ bindings: [{ id: 'qty', source: 'pageCount', control: 'quantity' }] });
    expect(connector.apply(A4)[0]).toMatchObject({ value: 3, applied: false, reason: 'no_document' });
  });
});
